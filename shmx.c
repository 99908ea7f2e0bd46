/*
 * shmx.c: the module entry: INI, MINIT (class registration, one php_shmx_*_minit per class),
 * MSHUTDOWN and MINFO. Everything else lives in src/.
 */
#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "php_ini.h"
#include "ext/standard/info.h"
#include "ext/spl/spl_exceptions.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "php_shmx.h"
#include "src/redis_lease.h"
#include "src/php_common.h"
#include "src/region.h"
#include "src/store.h"
#include "src/fault.h"
#include "shmx_arginfo.h"

ZEND_DECLARE_MODULE_GLOBALS(shmx)

zend_class_entry *shmx_ce_Exception;
zend_class_entry *shmx_ce_FullException;
zend_class_entry *shmx_ce_TimeoutException;
zend_class_entry *shmx_ce_CorruptException;
zend_class_entry *shmx_ce_Segment;
zend_class_entry *shmx_ce_SysvSharedMemory;
zend_class_entry *shmx_ce_SysvSemaphore;
zend_class_entry *shmx_ce_Shmop;

/* sync: Counter, Mutex, Semaphore */
zend_class_entry *shmx_ce_Counter;
zend_class_entry *shmx_ce_Mutex;
zend_class_entry *shmx_ce_Semaphore;

/* store */
zend_class_entry *shmx_ce_Store;

/* queue */
zend_class_entry *shmx_ce_Queue;

zend_bool shmx_compat_enabled;

static ZEND_INI_MH(OnUpdateSerializer)
{
	const char *v = ZSTR_VAL(new_value);
	if (strcmp(v, "php") && strcmp(v, "igbinary") && strcmp(v, "msgpack")) {
		php_error_docref(NULL, E_WARNING, "shmx.serializer must be \"php\", \"igbinary\" or \"msgpack\", not \"%s\"", v);
		return FAILURE;
	}
	return OnUpdateStr(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

/* Seconds a Store write waits for the writer lock; the core keeps it process-wide. */
static ZEND_INI_MH(OnUpdateLockTimeout)
{
	char *end;
	double v = zend_strtod(ZSTR_VAL(new_value), (const char **)&end);
	if (end == ZSTR_VAL(new_value) || *end != '\0' || !(v > 0) || v > 31536000.0) {
		php_error_docref(NULL, E_WARNING, "shmx.lock_timeout must be a number of seconds greater than 0 and at most a year, not \"%s\"",
			ZSTR_VAL(new_value));
		return FAILURE;
	}
	shmx_store_write_timeout_ns = (int64_t)(v * 1e9);
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateRedisSpin)
{
	char *end;
	double v = zend_strtod(ZSTR_VAL(new_value), (const char **)&end);
	if (end == ZSTR_VAL(new_value) || *end != '\0' || !(v >= 0) || v > 0.001) {
		php_error_docref(NULL, E_WARNING, "shmx.redis_spin must be a number of seconds from 0 to 0.001, not \"%s\"",
			ZSTR_VAL(new_value));
		return FAILURE;
	}
	shmx_redis_spin_ns = (int64_t)(v * 1e9);
	return SUCCESS;
}

static ZEND_INI_MH(OnUpdateAllowedClasses)
{
	const char *bad;
	if (!php_shmx_allowed_classes_valid(ZSTR_VAL(new_value), &bad)) {
		php_error_docref(NULL, E_WARNING,
			"shmx.allowed_classes must be \"auto\", \"*\", \"none\" or class names separated by commas, and \"%.*s\" is not a class name",
			(int)strcspn(bad, ","), bad);
		return FAILURE;
	}
	return SUCCESS;
}

PHP_INI_BEGIN()
	PHP_INI_ENTRY("shmx.allowed_classes", "auto", PHP_INI_ALL, OnUpdateAllowedClasses)
	PHP_INI_ENTRY("shmx.lock_timeout", "10", PHP_INI_ALL, OnUpdateLockTimeout)
	PHP_INI_ENTRY("shmx.redis_spin", "0.00005", PHP_INI_ALL, OnUpdateRedisSpin)
	STD_PHP_INI_ENTRY("shmx.serializer", "php", PHP_INI_ALL, OnUpdateSerializer, serializer, zend_shmx_globals, shmx_globals)
	STD_PHP_INI_BOOLEAN("shmx.compat", "0", PHP_INI_SYSTEM, OnUpdateBool, compat_ini, zend_shmx_globals, shmx_globals)
PHP_INI_END()

static PHP_GINIT_FUNCTION(shmx)
{
#if defined(COMPILE_DL_SHMX) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(shmx_globals, 0, sizeof(*shmx_globals));
}

static PHP_MINIT_FUNCTION(shmx)
{
	REGISTER_INI_ENTRIES();
	/* A file or POSIX object truncated under a mapping is an exception, not a SIGBUS death. */
	shmx_fault_install();
	shmx_compat_enabled = SHMX_G(compat_ini);

	shmx_ce_Exception = register_class_Shmx_Exception(spl_ce_RuntimeException);
	shmx_ce_FullException = register_class_Shmx_FullException(shmx_ce_Exception);
	shmx_ce_TimeoutException = register_class_Shmx_TimeoutException(shmx_ce_Exception);
	shmx_ce_CorruptException = register_class_Shmx_CorruptException(shmx_ce_Exception);

	shmx_ce_Segment = register_class_Shmx_Segment();
	php_shmx_segment_minit(shmx_ce_Segment);

	shmx_ce_Shmop = register_class_Shmx_Shmop();
	php_shmx_shmop_minit(shmx_ce_Shmop);

	shmx_ce_Counter = register_class_Shmx_Counter();
	php_shmx_counter_minit(shmx_ce_Counter);
	shmx_ce_Mutex = register_class_Shmx_Mutex();
	php_shmx_mutex_minit(shmx_ce_Mutex);
	shmx_ce_Semaphore = register_class_Shmx_Semaphore();
	php_shmx_semaphore_minit(shmx_ce_Semaphore);
	shmx_ce_SysvSharedMemory = register_class_Shmx_SysvSharedMemory();
	php_shmx_sysvshm_minit(shmx_ce_SysvSharedMemory);
	shmx_ce_SysvSemaphore = register_class_Shmx_SysvSemaphore();
	php_shmx_sysvsem_minit(shmx_ce_SysvSemaphore);
	if (shmx_compat_enabled && type == MODULE_PERSISTENT) {
		php_shmx_compat_minit();
	} else if (shmx_compat_enabled) {
		/* A dl()'d module is unloaded at request end, but the modules, functions and classes
		 * compat mode registers are persistent: they would outlive the code behind them. */
		php_error_docref(NULL, E_CORE_WARNING, "shmx.compat needs shmx loaded with extension=, not dl(); compat mode is off");
		shmx_compat_enabled = 0;
	}

	shmx_ce_Store = register_class_Shmx_Store(zend_ce_arrayaccess, zend_ce_countable, zend_ce_aggregate);
	php_shmx_store_minit(shmx_ce_Store, register_class_Shmx_StoreIterator(zend_ce_iterator));

	shmx_ce_Queue = register_class_Shmx_Queue(zend_ce_countable);
	php_shmx_queue_minit(shmx_ce_Queue);

	return SUCCESS;
}

static PHP_MSHUTDOWN_FUNCTION(shmx)
{
	UNREGISTER_INI_ENTRIES();
	shmx_fault_uninstall();
	/* The Redis lease keeper thread, if this process started one (src/redis_lease.c). */
	shmx_lease_shutdown();
	return SUCCESS;
}

/* "php, igbinary (loaded), msgpack (not loaded)": shmx reaches igbinary and msgpack through
 * their PHP functions (src/php_store.c), so what counts is whether they are loaded now. */
static void minfo_serializers(char *buf, size_t len)
{
	bool igbinary = zend_hash_str_exists(CG(function_table), "igbinary_serialize", sizeof("igbinary_serialize") - 1);
	bool msgpack = zend_hash_str_exists(CG(function_table), "msgpack_serialize", sizeof("msgpack_serialize") - 1);
	snprintf(buf, len, "php, igbinary (%s), msgpack (%s)",
		igbinary ? "loaded" : "not loaded", msgpack ? "loaded" : "not loaded");
}

static const char *minfo_fault_guard(void)
{
	switch (shmx_fault_guard_state()) {
		case SHMX_FAULT_GUARD_ACTIVE:
			return "active (a POSIX or file: object truncated under a mapping is Shmx\\CorruptException, not SIGBUS)";
		case SHMX_FAULT_GUARD_REPLACED:
			return "replaced by another SIGBUS handler (pcntl_signal?): a truncated mapping kills the process";
		case SHMX_FAULT_GUARD_FAILED:
			return "not installed (sigaction() refused it): a truncated mapping kills the process";
		default:
			return "not built (no POSIX or file: backend on this platform)";
	}
}

static PHP_MINFO_FUNCTION(shmx)
{
	char buf[160];

	php_info_print_table_start();
	php_info_print_table_row(2, "shmx support", "enabled");
	php_info_print_table_row(2, "Version", PHP_SHMX_VERSION);
	php_info_print_table_row(2, "Backends", shmx_backends_compiled());
	php_info_print_table_row(2, "Locks that recover from a killed holder", SHMX_HAVE_ROBUST
		? (SHMX_HAVE_FUTEX ? "yes (futex word naming the holder's thread)" : "yes (lock word naming the holder, polled)")
		: "no");
	php_info_print_table_row(2, "Store, Mutex, Semaphore", SHMX_HAVE_ROBUST
		? "available"
		: "not available on this platform (no cross-process lock): their constructors throw Shmx\\Exception");
	php_info_print_table_row(2, "shmx_sem_* (sysvsem compatible)", SHMX_HAVE_SYSVSEM
		? "available"
		: "not available on this platform (no System V semaphores)");
	php_info_print_table_row(2, "Redis backend (several hosts)", shmx_redis_available()
		? "yes (hiredis): Store, Counter, Mutex, Semaphore and Queue on redis:// ids"
		: "no (built without hiredis: install libhiredis-dev and rebuild)");
	minfo_serializers(buf, sizeof(buf));
	php_info_print_table_row(2, "Serializers", buf);
	php_info_print_table_row(2, "SIGBUS guard", minfo_fault_guard());
	snprintf(buf, sizeof(buf), "%u", SHMX_LAYOUT_VERSION);
	php_info_print_table_row(2, "Layout version", buf);
#ifdef ZTS
	php_info_print_table_row(2, "Thread safety", "ZTS build: not supported (never tested; a lock belongs to a thread, shmx.lock_timeout to the process)");
#else
	php_info_print_table_row(2, "Thread safety", "NTS build");
#endif
	if (!shmx_compat_enabled) {
		php_info_print_table_row(2, "Compat mode (shmx.compat)", "off");
	} else if (php_shmx_compat_registered()[0]) {
		snprintf(buf, sizeof(buf), "on: the names of %s", php_shmx_compat_registered());
		php_info_print_table_row(2, "Compat mode (shmx.compat)", buf);
	} else {
		php_info_print_table_row(2, "Compat mode (shmx.compat)", "on, but every original is loaded: only the shmx_ names");
	}
	php_info_print_table_end();
	DISPLAY_INI_ENTRIES();
}

zend_module_entry shmx_module_entry = {
	STANDARD_MODULE_HEADER,
	"shmx",
	ext_functions,
	PHP_MINIT(shmx),
	PHP_MSHUTDOWN(shmx),
	NULL,
	NULL,
	PHP_MINFO(shmx),
	PHP_SHMX_VERSION,
	PHP_MODULE_GLOBALS(shmx),
	PHP_GINIT(shmx),
	NULL,
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_SHMX
# ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
# endif
ZEND_GET_MODULE(shmx)
#endif
