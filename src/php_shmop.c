/*
 * php_shmop.c: shmx_open/read/write/size/delete/close, which behave as PHP 8.2's
 * shmop_open/read/write/size/delete/close do (API.md section 9), on the very same System V
 * segments and with no header, so that a segment written by ext/shmop reads back byte for byte
 * here and the other way round.
 *
 * Compatibility is the contract, so the conventions are shmop's and not the rest of shmx's:
 * warnings and false where shmop warns, shmop's ValueError and Error texts, a partial write
 * that returns how much fitted. The one difference is deliberate: a key outside key_t is a
 * ValueError instead of being silently truncated into another segment's key.
 *
 * Messages go through zend_argument_value_error() and php_error_docref(), which name the
 * function as it was called: shmx.compat registers these same handlers as shmop_open() etc.
 * Functions called under a "shmop_" name also create and expect the handle class that compat
 * registers with php_shmx_shmop_register_class() ("Shmop"), so existing type declarations hold.
 * free_obj only detaches; removing the segment is always an explicit shmx_delete().
 */
#include "php_common.h"

typedef struct php_shmx_shmop {
	shmx_map map;     /* addr NULL only in an object that shmx_open() failed to fill */
	zend_object std;
} php_shmx_shmop;

static zend_object_handlers shmop_handlers;

/* The class shmx.compat registers under the original name (NULL until it does). */
static zend_class_entry *shmop_compat_ce;

static inline php_shmx_shmop *shmop_from_obj(zend_object *obj)
{
	return (php_shmx_shmop *)((char *)obj - XtOffsetOf(php_shmx_shmop, std));
}

static zend_object *shmop_create(zend_class_entry *ce)
{
	php_shmx_shmop *h = zend_object_alloc(sizeof(php_shmx_shmop), ce);
	zend_object_std_init(&h->std, ce);
	object_properties_init(&h->std, ce);
	h->std.handlers = &shmop_handlers;
	shmx_map_init(&h->map);
	return &h->std;
}

static bool is_compat_class(const zend_class_entry *ce)
{
	return shmop_compat_ce && ce == shmop_compat_ce;
}

static zend_function *shmop_get_constructor(zend_object *obj)
{
	zend_throw_error(NULL, "Cannot directly construct %s, use %s() instead",
		ZSTR_VAL(obj->ce->name), is_compat_class(obj->ce) ? "shmop_open" : "shmx_open");
	return NULL;
}

static void shmop_free(zend_object *obj)
{
	shmx_map_detach(&shmop_from_obj(obj)->map);
	zend_object_std_dtor(obj);
}

/* The handle class that belongs to the running function: Shmop when it was called by its
 * shmop_ name (compat), Shmx\Shmop otherwise. Only needed to create or to name the class. */
static zend_class_entry *called_class(zend_execute_data *execute_data)
{
	if (shmop_compat_ce && execute_data->func->common.function_name
		&& strncmp(ZSTR_VAL(execute_data->func->common.function_name), "shmop_", 6) == 0) {
		return shmop_compat_ce;
	}
	return shmx_ce_Shmop;
}

/* Argument 1 of every function but shmx_open(): a handle of either class. Both classes are
 * final, so comparing class entries is the whole instanceof. */
#define SHMX_PARAM_SHMOP(dest) \
	Z_PARAM_ZVAL(dest) \
	if (UNEXPECTED(Z_TYPE_P(dest) != IS_OBJECT \
		|| (Z_OBJCE_P(dest) != shmx_ce_Shmop && !is_compat_class(Z_OBJCE_P(dest))))) { \
		zend_wrong_parameter_class_error(1, ZSTR_VAL(called_class(execute_data)->name), dest); \
		_error_code = ZPP_ERROR_FAILURE; \
		break; \
	}

#define Z_SHMOP_P(zv) shmop_from_obj(Z_OBJ_P(zv))

PHP_FUNCTION(shmx_open)
{
	zend_long key, perms, size;
	zend_string *mode;
	shmx_id id;
	shmx_error err;
	shmx_sysv_call failed;
	int flags;

	ZEND_PARSE_PARAMETERS_START(4, 4)
		Z_PARAM_LONG(key)
		Z_PARAM_STR(mode)
		Z_PARAM_LONG(perms)
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();

	/* API.md section 1's key range; shmop would truncate a wider key into somebody else's. */
	if (shmx_id_from_key(&id, (int64_t)key, &err) != SHMX_OK) {
		zend_argument_value_error(1, "is out of range");
		RETURN_THROWS();
	}
	if (ZSTR_LEN(mode) != 1) {
		zend_argument_value_error(2, "must be a valid access mode");
		RETURN_THROWS();
	}
	switch (ZSTR_VAL(mode)[0]) {
		case 'a': flags = SHMX_OPEN_READONLY; break;
		case 'c': flags = SHMX_OPEN_CREATE; break;
		case 'n': flags = SHMX_OPEN_CREATE | SHMX_OPEN_EXCL; break;
		case 'w': flags = 0; break;
		default:
			zend_argument_value_error(2, "must be a valid access mode");
			RETURN_THROWS();
	}
	/* Only creating modes pass $size on: shmop opens with size 0 otherwise, which matches any
	 * existing segment. shmop ORs $permissions into shmget()'s flags before it checks the size,
	 * so an IPC_CREAT bit (01000 on every System V system) there fails "a" and "w" too. */
	if ((flags & SHMX_OPEN_CREATE) || (perms & 01000)) {
		if (size < 1 || !(flags & SHMX_OPEN_CREATE)) {
			zend_argument_value_error(4, "must be greater than 0 for the \"c\" and \"n\" access modes");
			RETURN_THROWS();
		}
	} else {
		size = 0;
	}

	object_init_ex(return_value, called_class(execute_data));
	php_shmx_shmop *h = Z_SHMOP_P(return_value);

	/* shmop hands $permissions to shmget() whole, as an int; so does this. */
	if (shmx_sysv_open_once(&h->map, &id, flags, (size_t)size, (int)perms, &failed, &err) != SHMX_OK) {
		h->map.addr = NULL;
		switch (failed) {
			case SHMX_SYSV_CALL_GET:
				php_error_docref(NULL, E_WARNING, "Unable to attach or create shared memory segment \"%s\"", strerror(err.sys_errno));
				break;
			case SHMX_SYSV_CALL_STAT:
				php_error_docref(NULL, E_WARNING, "Unable to get shared memory segment information \"%s\"", strerror(err.sys_errno));
				break;
			default:
				php_error_docref(NULL, E_WARNING, "Unable to attach to shared memory segment \"%s\"", strerror(err.sys_errno));
				break;
		}
		zval_ptr_dtor(return_value);
		RETURN_FALSE;
	}
	if (h->map.size > (size_t)ZEND_LONG_MAX) {
		zval_ptr_dtor(return_value);
		zend_argument_value_error(4, "is too large");
		RETURN_THROWS();
	}
}

PHP_FUNCTION(shmx_read)
{
	zval *zh;
	zend_long start, count;

	ZEND_PARSE_PARAMETERS_START(3, 3)
		SHMX_PARAM_SHMOP(zh)
		Z_PARAM_LONG(start)
		Z_PARAM_LONG(count)
	ZEND_PARSE_PARAMETERS_END();

	const shmx_map *m = &Z_SHMOP_P(zh)->map;
	zend_long size = (zend_long)m->size;

	if (start < 0 || start > size) {
		zend_argument_value_error(2, "must be between 0 and the segment size");
		RETURN_THROWS();
	}
	if (count < 0 || start > ZEND_LONG_MAX - count || start + count > size) {
		zend_argument_value_error(3, "is out of range");
		RETURN_THROWS();
	}
	/* A count of 0 means "to the end", as in shmop. */
	RETURN_STR(php_shmx_string_copy((const char *)m->addr + start, (size_t)(count ? count : size - start)));
}

PHP_FUNCTION(shmx_close)
{
	zval *zh;

	/* A no-op since PHP 8.0 (handles are objects, freed with their last reference); kept,
	 * deprecated like shmop_close(), so that old code still runs. */
	ZEND_PARSE_PARAMETERS_START(1, 1)
		SHMX_PARAM_SHMOP(zh)
	ZEND_PARSE_PARAMETERS_END();
	(void)zh;
}

PHP_FUNCTION(shmx_size)
{
	zval *zh;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		SHMX_PARAM_SHMOP(zh)
	ZEND_PARSE_PARAMETERS_END();

	RETURN_LONG((zend_long)Z_SHMOP_P(zh)->map.size);
}

PHP_FUNCTION(shmx_write)
{
	zval *zh;
	zend_string *data;
	zend_long offset;

	ZEND_PARSE_PARAMETERS_START(3, 3)
		SHMX_PARAM_SHMOP(zh)
		Z_PARAM_STR(data)
		Z_PARAM_LONG(offset)
	ZEND_PARSE_PARAMETERS_END();

	shmx_map *m = &Z_SHMOP_P(zh)->map;
	zend_long size = (zend_long)m->size;

	if (m->readonly) {
		zend_throw_error(NULL, "Read-only segment cannot be written");
		RETURN_THROWS();
	}
	if (offset < 0 || offset > size) {
		zend_argument_value_error(3, "is out of range");
		RETURN_THROWS();
	}
	/* PHP 8.2 writes what fits and says how much; later versions throw instead. */
	size_t n = ZSTR_LEN(data) < (size_t)(size - offset) ? ZSTR_LEN(data) : (size_t)(size - offset);
	memcpy((char *)m->addr + offset, ZSTR_VAL(data), n);
	RETURN_LONG((zend_long)n);
}

PHP_FUNCTION(shmx_delete)
{
	zval *zh;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		SHMX_PARAM_SHMOP(zh)
	ZEND_PARSE_PARAMETERS_END();

	if (shmx_map_remove(&Z_SHMOP_P(zh)->map, &err) != SHMX_OK) {
		php_error_docref(NULL, E_WARNING, "Can't mark segment for deletion (are you the owner?)");
		RETURN_FALSE;
	}
	RETURN_TRUE;
}

static void shmop_class_setup(zend_class_entry *ce)
{
	ce->create_object = shmop_create;
}

void php_shmx_shmop_minit(zend_class_entry *ce)
{
	shmop_class_setup(ce);
	php_shmx_handlers_init(&shmop_handlers, XtOffsetOf(php_shmx_shmop, std), shmop_free);
	shmop_handlers.get_constructor = shmop_get_constructor;
}

zend_class_entry *php_shmx_shmop_register_class(const char *name)
{
	zend_class_entry tmp, *ce;

	INIT_CLASS_ENTRY_EX(tmp, name, strlen(name), NULL);
	ce = zend_register_internal_class_ex(&tmp, NULL);
	ce->ce_flags |= ZEND_ACC_FINAL | ZEND_ACC_NO_DYNAMIC_PROPERTIES | ZEND_ACC_NOT_SERIALIZABLE;
	shmop_class_setup(ce);
	shmop_compat_ce = ce;
	return ce;
}
