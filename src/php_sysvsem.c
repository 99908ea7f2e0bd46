/*
 * php_sysvsem.c: shmx_sem_get() and friends, PHP 8.2 ext/sysvsem's functions over the same
 * three-semaphore sets (src/compat_sysvsem.c), and the Shmx\SysvSemaphore class.
 *
 * As in php_sysvshm.c, the handlers also serve the sem_* names of shmx.compat=1 and then deal
 * in \SysvSemaphore. A handle counts the units it acquired; freeing a handle made with
 * auto_release gives them back and leaves the usage count, as the original does, and SEM_UNDO
 * makes the kernel do the same for a process that dies.
 */
#include "php_common.h"
#include "compat_sysvsem.h"

typedef struct php_shmx_sysvsem {
	int semid;          /* System V id of the three-semaphore set */
	int32_t key;        /* the key as key_t reads it, for messages */
	int count;          /* units this handle holds; -1 once sem_remove()d */
	bool auto_release;  /* give back units and usage when the handle is freed */
	zend_object std;
} php_shmx_sysvsem;

static zend_object_handlers sysvsem_handlers;
zend_class_entry *php_shmx_ce_compat_SysvSemaphore;

static inline php_shmx_sysvsem *sysvsem_from_obj(zend_object *obj)
{
	return (php_shmx_sysvsem *)((char *)obj - XtOffsetOf(php_shmx_sysvsem, std));
}

static zend_class_entry *sysvsem_ce_for_call(zend_execute_data *execute_data)
{
	zend_string *name = EX(func)->common.function_name;
	bool original = !(ZSTR_LEN(name) > 5 && memcmp(ZSTR_VAL(name), "shmx_", 5) == 0);
	if (original && php_shmx_ce_compat_SysvSemaphore) {
		return php_shmx_ce_compat_SysvSemaphore;
	}
	return shmx_ce_SysvSemaphore;
}

static zend_object *sysvsem_create(zend_class_entry *ce)
{
	php_shmx_sysvsem *o = zend_object_alloc(sizeof(php_shmx_sysvsem), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &sysvsem_handlers;
	o->semid = -1;
	o->count = -1;
	return &o->std;
}

static zend_function *sysvsem_get_constructor(zend_object *obj)
{
	zend_throw_error(NULL, "Cannot directly construct %s, use %s() instead", ZSTR_VAL(obj->ce->name),
		obj->ce == shmx_ce_SysvSemaphore ? "shmx_sem_get" : "sem_get");
	return NULL;
}

static void sysvsem_free(zend_object *obj)
{
	php_shmx_sysvsem *o = sysvsem_from_obj(obj);
	if (o->semid >= 0 && o->count != -1 && o->auto_release) {
		shmx_sysvsem_release_handle(o->semid, o->count);
	}
	zend_object_std_dtor(obj);
}

PHP_FUNCTION(shmx_sem_get)
{
	zend_long key, max_acquire = 1, perms = 0666;
	bool auto_release = true;
	int semid, i;
	shmx_error err, warn[3];
	php_shmx_sysvsem *o;

	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_LONG(key)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(max_acquire)
		Z_PARAM_LONG(perms)
		Z_PARAM_BOOL(auto_release)
	ZEND_PARSE_PARAMETERS_END();

	if (key < INT32_MIN || key > (zend_long)UINT32_MAX) {
		zend_argument_value_error(1, "is out of range");
		RETURN_THROWS();
	}
	if (shmx_sysvsem_get((int32_t)(uint32_t)key, (int)max_acquire, (int)perms, &semid, &err, warn) != SHMX_OK) {
		php_error_docref(NULL, E_WARNING, "Failed for key 0x" ZEND_XLONG_FMT ": %s", key, err.msg);
		RETURN_FALSE;
	}
	for (i = 0; i < 3 && warn[i].status != SHMX_OK; i++) {
		php_error_docref(NULL, E_WARNING, "%s for key 0x" ZEND_XLONG_FMT ": %s",
			warn[i].msg, key, strerror(warn[i].sys_errno));
	}
	object_init_ex(return_value, sysvsem_ce_for_call(execute_data));
	o = sysvsem_from_obj(Z_OBJ_P(return_value));
	o->semid = semid;
	o->key = (int32_t)(uint32_t)key;
	o->count = 0;
	o->auto_release = auto_release;
}

static void sysvsem_semop(INTERNAL_FUNCTION_PARAMETERS, bool acquire)
{
	zval *zsem;
	bool nowait = false;
	php_shmx_sysvsem *o;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_START(1, acquire ? 2 : 1)
		Z_PARAM_OBJECT_OF_CLASS(zsem, sysvsem_ce_for_call(execute_data))
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(nowait)
	ZEND_PARSE_PARAMETERS_END();

	o = sysvsem_from_obj(Z_OBJ_P(zsem));
	if (!acquire && o->count == 0) {
		php_error_docref(NULL, E_WARNING, "SysV semaphore for key 0x%x is not currently acquired", (unsigned)o->key);
		RETURN_FALSE;
	}
	switch (shmx_sysvsem_op(o->semid, acquire ? -1 : 1, nowait, &err)) {
		case SHMX_OK:
			break;
		case SHMX_ERR_TIMEOUT:
			RETURN_FALSE;
		default:
			php_error_docref(NULL, E_WARNING, "Failed to %s key 0x%x: %s",
				acquire ? "acquire" : "release", (unsigned)o->key, err.msg);
			RETURN_FALSE;
	}
	o->count += acquire ? 1 : -1;
	RETURN_TRUE;
}

PHP_FUNCTION(shmx_sem_acquire)
{
	sysvsem_semop(INTERNAL_FUNCTION_PARAM_PASSTHRU, true);
}

PHP_FUNCTION(shmx_sem_release)
{
	sysvsem_semop(INTERNAL_FUNCTION_PARAM_PASSTHRU, false);
}

PHP_FUNCTION(shmx_sem_remove)
{
	zval *zsem;
	php_shmx_sysvsem *o;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_OBJECT_OF_CLASS(zsem, sysvsem_ce_for_call(execute_data))
	ZEND_PARSE_PARAMETERS_END();

	o = sysvsem_from_obj(Z_OBJ_P(zsem));
	switch (shmx_sysvsem_remove(o->semid, &err)) {
		case SHMX_OK:
			break;
		case SHMX_ERR_GONE:
			php_error_docref(NULL, E_WARNING, "SysV semaphore for key 0x%x does not (any longer) exist", (unsigned)o->key);
			RETURN_FALSE;
		default:
			php_error_docref(NULL, E_WARNING, "Failed for SysV semaphore for key 0x%x: %s", (unsigned)o->key, err.msg);
			RETURN_FALSE;
	}
	/* The set is gone: the destructor must not touch it (another may reuse the id). */
	o->count = -1;
	RETURN_TRUE;
}

void php_shmx_sysvsem_minit(zend_class_entry *ce)
{
	ce->create_object = sysvsem_create;
	php_shmx_handlers_init(&sysvsem_handlers, XtOffsetOf(php_shmx_sysvsem, std), sysvsem_free);
	sysvsem_handlers.get_constructor = sysvsem_get_constructor;
}

void php_shmx_sysvsem_compat_class(zend_class_entry *ce)
{
	php_shmx_ce_compat_SysvSemaphore = ce;
	ce->create_object = sysvsem_create;
}
