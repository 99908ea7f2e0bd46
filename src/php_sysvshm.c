/*
 * php_sysvshm.c: shmx_attach() and friends, PHP 8.2 ext/sysvshm's functions over the same
 * segment layout (src/compat_sysvshm.c), and the Shmx\SysvSharedMemory class.
 *
 * The same handlers serve the shm_* names that shmx.compat=1 registers (src/php_compat.c):
 * called as shm_attach() they return a \SysvSharedMemory and accept only that class, called as
 * shmx_attach() they deal in Shmx\SysvSharedMemory, so each API keeps the original's type errors.
 * Messages follow the original (warnings and false), prefixed by the name the function was
 * called by. Where 8.2 would crash on a hostile segment, the warnings are the later releases'.
 * Variables are serialized with php_var_serialize, exactly as ext/sysvshm does, and copied
 * out of the segment before unserializing, because unserialize can run user code (autoload,
 * Serializable::unserialize) that may detach or rewrite the segment.
 */
#include "php_common.h"
#include "compat_sysvshm.h"

#include "php_ini.h"
#include "ext/standard/php_var.h"
#include "zend_smart_str.h"

typedef struct php_shmx_sysvshm {
	shmx_sysvshm shm;      /* addr NULL once detached */
	zend_object std;
} php_shmx_sysvshm;

static zend_object_handlers sysvshm_handlers;
zend_class_entry *php_shmx_ce_compat_SysvSharedMemory;

/* sysvshm.init_mem as the original reads it: from the configuration, default 10000. */
static zend_long sysvshm_init_mem = 10000;

static inline php_shmx_sysvshm *sysvshm_from_obj(zend_object *obj)
{
	return (php_shmx_sysvshm *)((char *)obj - XtOffsetOf(php_shmx_sysvshm, std));
}

/* Whether the running function was called by its original name (shm_*), not shmx_*. */
static inline bool called_as_original(zend_execute_data *execute_data)
{
	zend_string *name = EX(func)->common.function_name;
	return !(ZSTR_LEN(name) > 5 && memcmp(ZSTR_VAL(name), "shmx_", 5) == 0);
}

static zend_class_entry *sysvshm_ce_for_call(zend_execute_data *execute_data)
{
	if (called_as_original(execute_data) && php_shmx_ce_compat_SysvSharedMemory) {
		return php_shmx_ce_compat_SysvSharedMemory;
	}
	return shmx_ce_SysvSharedMemory;
}

static zend_object *sysvshm_create(zend_class_entry *ce)
{
	php_shmx_sysvshm *o = zend_object_alloc(sizeof(php_shmx_sysvshm), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &sysvshm_handlers;
	o->shm.shmid = -1;
	return &o->std;
}

static zend_function *sysvshm_get_constructor(zend_object *obj)
{
	zend_throw_error(NULL, "Cannot directly construct %s, use %s() instead", ZSTR_VAL(obj->ce->name),
		obj->ce == shmx_ce_SysvSharedMemory ? "shmx_attach" : "shm_attach");
	return NULL;
}

static void sysvshm_free(zend_object *obj)
{
	php_shmx_sysvshm *o = sysvshm_from_obj(obj);
	shmx_sysvshm_detach(&o->shm);
	zend_object_std_dtor(obj);
}

/* Parses the SysvSharedMemory argument and checks it is still attached. NULL: thrown. */
static php_shmx_sysvshm *attached(zval *zshm)
{
	php_shmx_sysvshm *o = sysvshm_from_obj(Z_OBJ_P(zshm));
	if (!o->shm.addr) {
		zend_throw_error(NULL, "Shared memory block has already been destroyed");
		return NULL;
	}
	return o;
}

PHP_FUNCTION(shmx_attach)
{
	zend_long key, size = 0, perms = 0666;
	bool size_is_null = true;
	shmx_error err;
	php_shmx_sysvshm *o;
	zend_class_entry *ce = sysvshm_ce_for_call(execute_data);

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_LONG(key)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG_OR_NULL(size, size_is_null)
		Z_PARAM_LONG(perms)
	ZEND_PARSE_PARAMETERS_END();

	if (key < INT32_MIN || key > (zend_long)UINT32_MAX) {
		zend_argument_value_error(1, "is out of range");
		RETURN_THROWS();
	}
	if (size_is_null) {
		size = sysvshm_init_mem;
	}
	if (size < 1) {
		zend_argument_value_error(2, "must be greater than 0");
		RETURN_THROWS();
	}
	object_init_ex(return_value, ce);
	o = sysvshm_from_obj(Z_OBJ_P(return_value));
	if (shmx_sysvshm_attach(&o->shm, (int32_t)(uint32_t)key, (int64_t)size, (int)perms, &err) != SHMX_OK) {
		zval_ptr_dtor(return_value);
		php_error_docref(NULL, E_WARNING, "Failed for key 0x" ZEND_XLONG_FMT ": %s", key, err.msg);
		RETURN_FALSE;
	}
}

PHP_FUNCTION(shmx_detach)
{
	zval *zshm;
	php_shmx_sysvshm *o;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_OBJECT_OF_CLASS(zshm, sysvshm_ce_for_call(execute_data))
	ZEND_PARSE_PARAMETERS_END();

	if (!(o = attached(zshm))) {
		RETURN_THROWS();
	}
	shmx_sysvshm_detach(&o->shm);
	RETURN_TRUE;
}

PHP_FUNCTION(shmx_remove)
{
	zval *zshm;
	php_shmx_sysvshm *o;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_OBJECT_OF_CLASS(zshm, sysvshm_ce_for_call(execute_data))
	ZEND_PARSE_PARAMETERS_END();

	if (!(o = attached(zshm))) {
		RETURN_THROWS();
	}
	if (shmx_sysvshm_remove(&o->shm, &err) != SHMX_OK) {
		php_error_docref(NULL, E_WARNING, "Failed for key 0x%x, id %d: %s",
			(unsigned)o->shm.key, o->shm.shmid, err.msg);
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

static void warn_corrupt_segment(const php_shmx_sysvshm *o)
{
	php_error_docref(NULL, E_WARNING, "Failed for key 0x%x: segment header is corrupted", (unsigned)o->shm.key);
}

PHP_FUNCTION(shmx_put_var)
{
	zval *zshm, *value;
	zend_long key;
	php_shmx_sysvshm *o;
	smart_str buf = {0};
	php_serialize_data_t var_hash;
	shmx_status st;

	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_OBJECT_OF_CLASS(zshm, sysvshm_ce_for_call(execute_data))
		Z_PARAM_LONG(key)
		Z_PARAM_ZVAL(value)
	ZEND_PARSE_PARAMETERS_END();

	if (!(o = attached(zshm))) {
		RETURN_THROWS();
	}
	/* Serialize before touching the segment: it runs user code (__serialize, __sleep). */
	PHP_VAR_SERIALIZE_INIT(var_hash);
	php_var_serialize(&buf, value, &var_hash);
	PHP_VAR_SERIALIZE_DESTROY(var_hash);

	if (EG(exception)) {
		smart_str_free(&buf);
		RETURN_THROWS();
	}
	if (!o->shm.addr) {
		smart_str_free(&buf);
		zend_throw_error(NULL, "Shared memory block has been destroyed by the serialization function");
		RETURN_THROWS();
	}
	st = shmx_sysvshm_put(&o->shm, (int64_t)key, buf.s ? ZSTR_VAL(buf.s) : "", buf.s ? ZSTR_LEN(buf.s) : 0);
	smart_str_free(&buf);
	if (st == SHMX_ERR_CORRUPT) {
		warn_corrupt_segment(o);
		RETURN_FALSE;
	}
	if (st != SHMX_OK) {
		php_error_docref(NULL, E_WARNING, "Not enough shared memory left");
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

/* Values up to this long are unserialized from a stack copy; longer ones from the heap. */
#define SYSVSHM_STACK_COPY 1024

PHP_FUNCTION(shmx_get_var)
{
	zval *zshm;
	zend_long key;
	php_shmx_sysvshm *o;
	const char *data;
	size_t len;
	char stack_copy[SYSVSHM_STACK_COPY + 1];
	char *copy;
	const unsigned char *p;
	php_unserialize_data_t var_hash;
	int ok;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_OBJECT_OF_CLASS(zshm, sysvshm_ce_for_call(execute_data))
		Z_PARAM_LONG(key)
	ZEND_PARSE_PARAMETERS_END();

	if (!(o = attached(zshm))) {
		RETURN_THROWS();
	}
	switch (shmx_sysvshm_get(&o->shm, (int64_t)key, &data, &len)) {
		case SHMX_OK:
			break;
		case SHMX_ERR_NOT_FOUND:
			php_error_docref(NULL, E_WARNING, "Variable key " ZEND_LONG_FMT " doesn't exist", key);
			RETURN_FALSE;
		default:
			php_error_docref(NULL, E_WARNING, "Variable data in shared memory is corrupted");
			RETURN_FALSE;
	}
	/* Always from a private, NUL-terminated copy: php_var_unserialize's scanner may look one
	 * byte past `max` while a token still matches, and user code run while parsing (autoload,
	 * Serializable, an error handler) may detach or rewrite the segment. */
	php_shmx_check_memory_limit(len + 1);
	copy = len < sizeof(stack_copy) ? stack_copy : emalloc(len + 1);
	memcpy(copy, data, len);
	copy[len] = '\0';

	p = (const unsigned char *)copy;
	PHP_VAR_UNSERIALIZE_INIT(var_hash);
	ok = php_var_unserialize(return_value, &p, (const unsigned char *)copy + len, &var_hash);
	PHP_VAR_UNSERIALIZE_DESTROY(var_hash);
	if (copy != stack_copy) {
		efree(copy);
	}
	if (ok != 1) {
		zval_ptr_dtor(return_value);
		php_error_docref(NULL, E_WARNING, "Variable data in shared memory is corrupted");
		RETURN_FALSE;
	}
}

PHP_FUNCTION(shmx_has_var)
{
	zval *zshm;
	zend_long key;
	php_shmx_sysvshm *o;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_OBJECT_OF_CLASS(zshm, sysvshm_ce_for_call(execute_data))
		Z_PARAM_LONG(key)
	ZEND_PARSE_PARAMETERS_END();

	if (!(o = attached(zshm))) {
		RETURN_THROWS();
	}
	RETURN_BOOL(shmx_sysvshm_has(&o->shm, (int64_t)key));
}

PHP_FUNCTION(shmx_remove_var)
{
	zval *zshm;
	zend_long key;
	php_shmx_sysvshm *o;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_OBJECT_OF_CLASS(zshm, sysvshm_ce_for_call(execute_data))
		Z_PARAM_LONG(key)
	ZEND_PARSE_PARAMETERS_END();

	if (!(o = attached(zshm))) {
		RETURN_THROWS();
	}
	switch (shmx_sysvshm_remove_var(&o->shm, (int64_t)key)) {
		case SHMX_OK:
			RETURN_TRUE;
		case SHMX_ERR_NOT_FOUND:
			php_error_docref(NULL, E_WARNING, "Variable key " ZEND_LONG_FMT " doesn't exist", key);
			RETURN_FALSE;
		default:
			warn_corrupt_segment(o);
			RETURN_FALSE;
	}
}

static void sysvshm_class_init(zend_class_entry *ce)
{
	ce->create_object = sysvshm_create;
}

void php_shmx_sysvshm_minit(zend_class_entry *ce)
{
	zend_long init_mem;

	sysvshm_class_init(ce);
	php_shmx_handlers_init(&sysvshm_handlers, XtOffsetOf(php_shmx_sysvshm, std), sysvshm_free);
	sysvshm_handlers.get_constructor = sysvshm_get_constructor;

	/* The original reads this from the configuration, not as a registered INI entry. */
	if (cfg_get_long("sysvshm.init_mem", &init_mem) == SUCCESS) {
		sysvshm_init_mem = init_mem;
	}
}

void php_shmx_sysvshm_compat_class(zend_class_entry *ce)
{
	php_shmx_ce_compat_SysvSharedMemory = ce;
	sysvshm_class_init(ce);
}

void php_shmx_sysvshm_set_init_mem(zend_long bytes)
{
	sysvshm_init_mem = bytes;
}
