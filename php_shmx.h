/* php_shmx.h: the module's public header: version, module entry, globals, class entries. */
#ifndef PHP_SHMX_H
#define PHP_SHMX_H

extern zend_module_entry shmx_module_entry;
#define phpext_shmx_ptr &shmx_module_entry

#define PHP_SHMX_VERSION "0.1.0"

#ifdef ZTS
# include "TSRM.h"
#endif

ZEND_BEGIN_MODULE_GLOBALS(shmx)
	zend_string *serializer; /* shmx.serializer: "php", "igbinary" or "msgpack" (OnUpdateStr stores a zend_string in 8.2) */
	zend_bool compat_ini; /* shmx.compat as read at startup; see shmx_compat_enabled */
ZEND_END_MODULE_GLOBALS(shmx)

ZEND_EXTERN_MODULE_GLOBALS(shmx)
#define SHMX_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(shmx, v)

#if defined(ZTS) && defined(COMPILE_DL_SHMX)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

extern zend_class_entry *shmx_ce_Exception;
extern zend_class_entry *shmx_ce_FullException;
extern zend_class_entry *shmx_ce_TimeoutException;
extern zend_class_entry *shmx_ce_CorruptException;
extern zend_class_entry *shmx_ce_Segment;
extern zend_class_entry *shmx_ce_SysvSharedMemory;
extern zend_class_entry *shmx_ce_SysvSemaphore;
extern zend_class_entry *shmx_ce_Shmop;

/* sync */
extern zend_class_entry *shmx_ce_Counter;
extern zend_class_entry *shmx_ce_Mutex;
extern zend_class_entry *shmx_ce_Semaphore;

/* store */
extern zend_class_entry *shmx_ce_Store;
extern zend_class_entry *shmx_ce_Queue;

/* shmx.compat (system INI): register the original shmop/sysvshm/sysvsem names too. */
extern zend_bool shmx_compat_enabled;

#endif
