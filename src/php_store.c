/*
 * php_store.c: Shmx\Store, typed variables in shared memory (API.md section 5), on top of
 * the C core in store.c.
 *
 * This file owns everything that touches zvals: turning a value into a shmx_value (scalars
 * as they are, arrays and objects serialized with shmx.serializer) before the core takes its
 * lock, and turning bytes back into a value after the core has let go. The only PHP code run
 * while the Store's writer lock is held is the user's own lock() callback, which is what
 * lock() is for; a bailout inside it still releases the lock.
 *
 * Every operation checks the mapping before it starts (store_open) and after the core call,
 * before it trusts the result (php_shmx_map_intact): a POSIX or file store cut short by
 * another process then fails with Shmx\CorruptException instead of a SIGBUS (fault.c).
 */
#include "php_common.h"
#include "store.h"
#include "region.h"

#include "ext/standard/php_var.h"
#include "ext/spl/spl_array.h"
#include "zend_smart_str.h"
#include "zend_interfaces.h"

#include <time.h>

#define SHMX_STORE_DEFAULT_SIZE (16 * 1024 * 1024)

typedef struct php_shmx_store {
	shmx_map map;             /* addr NULL until constructed */
	shmx_store store;
	HashTable *allowed;       /* classes get() may instantiate: NULL any, else their lowercased
	                             names (empty: none), as unserialize()'s allowed_classes */
	bool allowed_auto;        /* shmx.allowed_classes=auto, not yet looked at: see allowed_get() */
	zend_object std;
} php_shmx_store;

static zend_object_handlers store_handlers;

static inline php_shmx_store *store_from_obj(zend_object *obj)
{
	return (php_shmx_store *)((char *)obj - XtOffsetOf(php_shmx_store, std));
}

#define Z_STORE_P(zv) store_from_obj(Z_OBJ_P(zv))

/* Shmx\StoreIterator: the snapshot getIterator() hands out, keys and values as two lists. */
typedef struct php_shmx_store_iter {
	zval keys;                /* packed list of the keys (strings) */
	zval values;              /* packed list of their values, same positions */
	uint32_t pos;
	zend_object std;
} php_shmx_store_iter;

static zend_object_handlers store_iter_handlers;
zend_class_entry *shmx_ce_StoreIterator;

static inline php_shmx_store_iter *store_iter_from_obj(zend_object *obj)
{
	return (php_shmx_store_iter *)((char *)obj - XtOffsetOf(php_shmx_store_iter, std));
}

static zend_object *store_create(zend_class_entry *ce)
{
	php_shmx_store *so = php_shmx_object_alloc(sizeof(php_shmx_store), ce, XtOffsetOf(php_shmx_store, map));
	zend_object_std_init(&so->std, ce);
	object_properties_init(&so->std, ce);
	so->std.handlers = &store_handlers;
	shmx_map_init(&so->map);
	return &so->std;
}

static void store_free(zend_object *obj)
{
	php_shmx_store *so = store_from_obj(obj);
	shmx_store_detach(&so->store);
	shmx_map_detach(&so->map);
	if (so->allowed) {
		zend_hash_destroy(so->allowed);
		FREE_HASHTABLE(so->allowed);
	}
	zend_object_std_dtor(obj);
}

static php_shmx_store *store_constructed(zval *zobj)
{
	php_shmx_store *so = Z_STORE_P(zobj);
	if (UNEXPECTED(!so->map.addr)) {
		zend_throw_error(NULL, "Shmx\\Store object is not initialized");
		return NULL;
	}
	return so;
}

/* A constructed store whose mapping is intact, or NULL with the exception thrown. */
static php_shmx_store *store_open(zval *zobj)
{
	php_shmx_store *so = store_constructed(zobj);
	return EXPECTED(so && php_shmx_map_intact(&so->map)) ? so : NULL;
}

static zend_result check_key(const zend_string *key, uint32_t arg_num)
{
	if (UNEXPECTED(ZSTR_LEN(key) == 0)) {
		zend_argument_value_error(arg_num, "must not be empty");
		return FAILURE;
	}
	if (UNEXPECTED(ZSTR_LEN(key) > SHMX_STORE_KEY_MAX)) {
		zend_argument_value_error(arg_num, "must be at most %u bytes long", SHMX_STORE_KEY_MAX);
		return FAILURE;
	}
	return SUCCESS;
}

/* ---- allowed classes ------------------------------------------------------------------ */

/* A class name as PHP spells one: labels ([A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*) joined by
 * backslashes, one leading backslash allowed. */
static bool class_name_valid(const char *p, size_t len)
{
	if (len && *p == '\\') {
		p++;
		len--;
	}
	bool start = true;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '\\' && !start) {
			start = true;
		} else if (c == '_' || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c >= 0x80 || (!start && c >= '0' && c <= '9')) {
			start = false;
		} else {
			return false;
		}
	}
	return !start;
}

static HashTable *allowed_new(void)
{
	HashTable *ht;
	ALLOC_HASHTABLE(ht);
	zend_hash_init(ht, 8, NULL, NULL, 0);
	return ht;
}

static void allowed_add(HashTable *ht, const char *p, size_t len)
{
	if (len && *p == '\\') {
		p++;
		len--;
	}
	zend_string *lc = zend_string_alloc(len, 0);
	zend_str_tolower_copy(ZSTR_VAL(lc), p, len);
	zend_hash_add_empty_element(ht, lc);
	zend_string_release(lc);
}

/* Calls fn(ctx, name, len) for each comma-separated name of an INI value; false at a bad one. */
static bool ini_names(const char *v, bool (*fn)(void *, const char *, size_t), void *ctx)
{
	while (*v) {
		const char *end = strchr(v, ',');
		size_t len = end ? (size_t)(end - v) : strlen(v);
		while (len && (*v == ' ' || *v == '\t')) {
			v++;
			len--;
		}
		while (len && (v[len - 1] == ' ' || v[len - 1] == '\t')) {
			len--;
		}
		if (len && !fn(ctx, v, len)) {
			return false;
		}
		if (!end) {
			break;
		}
		v = end + 1;
	}
	return true;
}

static bool name_check(void *bad, const char *p, size_t len)
{
	if (class_name_valid(p, len)) {
		return true;
	}
	*(const char **)bad = p;
	return false;
}

static bool name_add(void *ht, const char *p, size_t len)
{
	allowed_add(ht, p, len);
	return true;
}

bool php_shmx_allowed_classes_valid(const char *v, const char **bad)
{
	*bad = NULL;
	return !strcmp(v, "auto") || !strcmp(v, "*") || !strcmp(v, "none") || ini_names(v, name_check, bad);
}

/* Whether anyone but this process's user can write the memory: group or other write bits, or
 * another owner. A backend that cannot say counts as shared; an anonymous store is the fork
 * family's own. */
static bool writable_by_others(const shmx_map *m)
{
	if (m->id.backend == SHMX_BACKEND_ANON) {
		return false;
	}
	shmx_stat st;
	shmx_error err;
	if (shmx_map_stat(m, &st, &err) != SHMX_OK || !st.owner_known) {
		return true;
	}
	return (st.permissions & 022) != 0 || st.uid != (int64_t)geteuid();
}

/* The classes this handle's get() may create. shmx.allowed_classes=auto is looked at the first
 * time a serialized value is read (a handle that never reads one never pays the stat). */
static HashTable *allowed_get(php_shmx_store *so)
{
	if (UNEXPECTED(so->allowed_auto)) {
		so->allowed_auto = false;
		if (writable_by_others(&so->map)) {
			so->allowed = allowed_new();
		}
	}
	return so->allowed;
}

/* $allowedClasses (null: the INI setting; true: any; false: none; a list of names) -> so. */
static zend_result allowed_from_zval(php_shmx_store *so, zval *z, uint32_t arg_num)
{
	if (!z || Z_TYPE_P(z) == IS_NULL) {
		const char *v = INI_STR("shmx.allowed_classes");
		if (!v || !strcmp(v, "auto")) {
			so->allowed_auto = true;
		} else if (strcmp(v, "*")) {
			so->allowed = allowed_new();
			if (strcmp(v, "none")) {
				ini_names(v, name_add, so->allowed);
			}
		}
		return SUCCESS;
	}
	if (Z_TYPE_P(z) == IS_TRUE) {
		return SUCCESS;
	}
	if (Z_TYPE_P(z) == IS_FALSE) {
		so->allowed = allowed_new();
		return SUCCESS;
	}
	if (Z_TYPE_P(z) != IS_ARRAY) {
		zend_argument_type_error(arg_num, "must be of type array|bool|null, %s given", zend_zval_type_name(z));
		return FAILURE;
	}
	HashTable *ht = allowed_new();
	zval *name;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(z), name) {
		ZVAL_DEREF(name);
		if (Z_TYPE_P(name) != IS_STRING) {
			zend_argument_type_error(arg_num, "must contain only class names as strings, %s given", zend_zval_type_name(name));
		} else if (!class_name_valid(Z_STRVAL_P(name), Z_STRLEN_P(name))) {
			zend_argument_value_error(arg_num, "must contain only valid class names, \"%s\" given", Z_STRVAL_P(name));
		} else {
			allowed_add(ht, Z_STRVAL_P(name), Z_STRLEN_P(name));
			continue;
		}
		zend_hash_destroy(ht);
		FREE_HASHTABLE(ht);
		return FAILURE;
	} ZEND_HASH_FOREACH_END();
	so->allowed = ht;
	return SUCCESS;
}

/* ---- serializers ---------------------------------------------------------------------- */

static const char *serializer_name(uint8_t id)
{
	switch (id) {
		case SHMX_SER_PHP: return "php";
		case SHMX_SER_IGBINARY: return "igbinary";
		case SHMX_SER_MSGPACK: return "msgpack";
		default: return "unknown";
	}
}

static uint8_t current_serializer(void)
{
	const char *s = SHMX_G(serializer) ? ZSTR_VAL(SHMX_G(serializer)) : NULL;
	if (s && !strcmp(s, "igbinary")) {
		return SHMX_SER_IGBINARY;
	}
	if (s && !strcmp(s, "msgpack")) {
		return SHMX_SER_MSGPACK;
	}
	return SHMX_SER_PHP;
}

/* igbinary and msgpack are reached through their PHP functions, so shmx does not link
 * against them and loads whether they are there or not. */
static zend_function *serializer_fn(uint8_t id, int unserialize)
{
	const char *name;
	if (id == SHMX_SER_IGBINARY) {
		name = unserialize ? "igbinary_unserialize" : "igbinary_serialize";
	} else {
		name = unserialize ? "msgpack_unserialize" : "msgpack_serialize";
	}
	return zend_hash_str_find_ptr(EG(function_table), name, strlen(name));
}

static zend_string *serialize_value(zval *zv, uint8_t id)
{
	if (id == SHMX_SER_PHP) {
		smart_str buf = {0};
		php_serialize_data_t var_hash;
		PHP_VAR_SERIALIZE_INIT(var_hash);
		php_var_serialize(&buf, zv, &var_hash);
		PHP_VAR_SERIALIZE_DESTROY(var_hash);
		if (EG(exception)) {
			smart_str_free(&buf);
			return NULL;
		}
		if (!buf.s) {
			return ZSTR_EMPTY_ALLOC();
		}
		return smart_str_extract(&buf);
	}
	zend_function *fn = serializer_fn(id, 0);
	if (!fn) {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "shmx.serializer is \"%s\", but the %s extension is not loaded",
			serializer_name(id), serializer_name(id));
		return NULL;
	}
	zval rv;
	ZVAL_UNDEF(&rv);
	zend_call_known_function(fn, NULL, NULL, &rv, 1, zv, NULL);
	if (EG(exception)) {
		zval_ptr_dtor(&rv);
		return NULL;
	}
	if (Z_TYPE(rv) != IS_STRING) {
		zval_ptr_dtor(&rv);
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s could not serialize the value", serializer_name(id));
		return NULL;
	}
	return Z_STR(rv);
}

static zend_result unserialize_value(zend_string *bytes, uint8_t id, const zend_string *key, HashTable *allowed, zval *rv)
{
	if (id == SHMX_SER_PHP) {
		php_unserialize_data_t var_hash;
		const unsigned char *p = (const unsigned char *)ZSTR_VAL(bytes);
		PHP_VAR_UNSERIALIZE_INIT(var_hash);
		/* A class not allowed comes back as __PHP_Incomplete_Class: none of its code runs. */
		php_var_unserialize_set_allowed_classes(var_hash, allowed);
		int ok = php_var_unserialize(rv, &p, p + ZSTR_LEN(bytes), &var_hash);
		PHP_VAR_UNSERIALIZE_DESTROY(var_hash);
		if (!ok || EG(exception)) {
			zval_ptr_dtor(rv);
			ZVAL_NULL(rv);
			if (!EG(exception)) {
				zend_throw_exception_ex(shmx_ce_Exception, 0, "The value of key \"%s\" cannot be unserialized",
					ZSTR_VAL(key));
			}
			return FAILURE;
		}
		return SUCCESS;
	}
	zend_function *fn = (id == SHMX_SER_IGBINARY || id == SHMX_SER_MSGPACK) ? serializer_fn(id, 1) : NULL;
	if (!fn) {
		zend_throw_exception_ex(shmx_ce_Exception, 0,
			"The value of key \"%s\" was serialized with %s, which is not loaded in this process",
			ZSTR_VAL(key), serializer_name(id));
		return FAILURE;
	}
	if (allowed) {
		/* Neither can be told which classes to create: their values are read only where any
		 * class is allowed. */
		zend_throw_exception_ex(shmx_ce_Exception, 0,
			"The value of key \"%s\" was serialized with %s, which cannot limit the classes it creates, and this "
			"store allows %s (shmx.allowed_classes, or the constructor's $allowedClasses)",
			ZSTR_VAL(key), serializer_name(id), zend_hash_num_elements(allowed) ? "only some classes" : "no classes");
		return FAILURE;
	}
	zval arg;
	ZVAL_STR(&arg, bytes);
	zend_call_known_function(fn, NULL, NULL, rv, 1, &arg, NULL);
	return EG(exception) ? FAILURE : SUCCESS;
}

/* zval -> shmx_value. *owned receives a serialized string to release after the write. */
static zend_result value_from_zval(zval *zv, shmx_value *v, zend_string **owned, uint32_t arg_num)
{
	*owned = NULL;
	ZVAL_DEREF(zv);
	v->serializer = 0;
	switch (Z_TYPE_P(zv)) {
		case IS_NULL: v->type = SHMX_T_NULL; return SUCCESS;
		case IS_FALSE: v->type = SHMX_T_FALSE; return SUCCESS;
		case IS_TRUE: v->type = SHMX_T_TRUE; return SUCCESS;
		case IS_LONG: v->type = SHMX_T_INT; v->l = Z_LVAL_P(zv); return SUCCESS;
		case IS_DOUBLE: v->type = SHMX_T_FLOAT; v->d = Z_DVAL_P(zv); return SUCCESS;
		case IS_STRING:
			v->type = SHMX_T_STRING;
			v->bytes = Z_STRVAL_P(zv);
			v->len = Z_STRLEN_P(zv);
			return SUCCESS;
		case IS_ARRAY:
		case IS_OBJECT: {
			uint8_t id = current_serializer();
			zend_string *s = serialize_value(zv, id);
			if (!s) {
				return FAILURE;
			}
			*owned = s;
			v->type = SHMX_T_SERIALIZED;
			v->serializer = id;
			v->bytes = ZSTR_VAL(s);
			v->len = ZSTR_LEN(s);
			return SUCCESS;
		}
		default:
			zend_argument_type_error(arg_num, "cannot be of type %s", zend_zval_type_name(zv));
			return FAILURE;
	}
}

static char *zstr_sink(void *ctx, size_t len)
{
	zend_string **s = ctx;
	if (*s) {
		zend_string_efree(*s);
	}
	*s = php_shmx_string_alloc(len);
	return ZSTR_VAL(*s);
}

/* Reads the key into rv. SUCCESS (found), FAILURE with nothing thrown (missing), or FAILURE
 * with an exception. */
static zend_result fetch(php_shmx_store *so, zend_string *key, zval *rv, bool *found)
{
	shmx_value v;
	shmx_error err;
	zend_string *buf = NULL;

	*found = false;
	shmx_status st = shmx_store_get(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), &v, zstr_sink, &buf, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		if (buf) {
			zend_string_efree(buf);
		}
		return FAILURE;
	}
	if (st != SHMX_OK) {
		if (buf) {
			zend_string_efree(buf);
		}
		if (st == SHMX_ERR_NOT_FOUND) {
			return SUCCESS;
		}
		php_shmx_throw(&err);
		return FAILURE;
	}
	*found = true;
	switch (v.type) {
		case SHMX_T_NULL: ZVAL_NULL(rv); break;
		case SHMX_T_FALSE: ZVAL_FALSE(rv); break;
		case SHMX_T_TRUE: ZVAL_TRUE(rv); break;
		case SHMX_T_INT: ZVAL_LONG(rv, (zend_long)v.l); break;
		case SHMX_T_FLOAT: ZVAL_DOUBLE(rv, v.d); break;
		case SHMX_T_STRING:
			ZSTR_VAL(buf)[ZSTR_LEN(buf)] = '\0';
			if (ZSTR_LEN(buf) <= 1) {
				/* Interned one-char and empty strings, as PHP itself hands out. */
				zend_string *s = ZSTR_LEN(buf) ? ZSTR_CHAR((unsigned char)ZSTR_VAL(buf)[0]) : ZSTR_EMPTY_ALLOC();
				zend_string_efree(buf);
				ZVAL_INTERNED_STR(rv, s);
			} else {
				ZVAL_STR(rv, buf);
			}
			return SUCCESS;
		default: {
			ZSTR_VAL(buf)[ZSTR_LEN(buf)] = '\0';
			zend_result r = unserialize_value(buf, v.serializer, key, allowed_get(so), rv);
			zend_string_release(buf);
			return r;
		}
	}
	if (buf) {
		zend_string_efree(buf);
	}
	return SUCCESS;
}

static bool put(php_shmx_store *so, zend_string *key, zval *value, zend_long ttl, int only_add, uint32_t value_arg)
{
	shmx_value v;
	shmx_error err;
	zend_string *owned;
	uint32_t expires = 0;

	if (value_from_zval(value, &v, &owned, value_arg) == FAILURE) {
		return false;
	}
	if (ttl > 0) {
		uint64_t x = (uint64_t)time(NULL) + (uint64_t)ttl;
		expires = x >= UINT32_MAX ? UINT32_MAX : (uint32_t)x;
	}
	shmx_status st = shmx_store_put(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), &v, expires, only_add, &err);
	if (owned) {
		zend_string_release(owned);
	}
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		return false;
	}
	if (st == SHMX_ERR_EXISTS) {
		return false;
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		return false;
	}
	return true;
}

/* ArrayAccess offsets: strings as they are, ints as their decimal string. */
static zend_string *offset_key(zval *offset)
{
	ZVAL_DEREF(offset);
	if (Z_TYPE_P(offset) == IS_STRING) {
		if (check_key(Z_STR_P(offset), 1) == FAILURE) {
			return NULL;
		}
		return zend_string_copy(Z_STR_P(offset));
	}
	if (Z_TYPE_P(offset) == IS_LONG) {
		return zend_long_to_str(Z_LVAL_P(offset));
	}
	if (Z_TYPE_P(offset) == IS_NULL) {
		zend_throw_error(NULL, "Cannot append to a Shmx\\Store: every value needs a key");
		return NULL;
	}
	zend_type_error("Cannot access offset of type %s on Shmx\\Store", zend_zval_type_name(offset));
	return NULL;
}

/* ---- methods -------------------------------------------------------------------------- */

PHP_METHOD(Shmx_Store, __construct)
{
	zval *zid = NULL;
	zend_long size = SHMX_STORE_DEFAULT_SIZE, perms = 0600;
	zend_string *mode = NULL;
	zval *zallowed = NULL;
	int flags = SHMX_OPEN_CREATE;
	shmx_id id;
	shmx_error err;
	php_shmx_store *so = Z_STORE_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_START(0, 5)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(zid)
		Z_PARAM_LONG(size)
		Z_PARAM_STR(mode)
		Z_PARAM_LONG(perms)
		Z_PARAM_ZVAL(zallowed)
	ZEND_PARSE_PARAMETERS_END();

	if (so->map.addr) {
		zend_throw_error(NULL, "Cannot call Shmx\\Store::__construct() twice");
		RETURN_THROWS();
	}
	if (php_shmx_id_from_zval(zid, &id, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (mode && php_shmx_mode_from_string(mode, &flags, 3) == FAILURE) {
		RETURN_THROWS();
	}
	if (size == SHMX_STORE_DEFAULT_SIZE && !(flags & SHMX_OPEN_EXCL)) {
		/* The default size is for creating: a store that exists is opened whatever its size. */
		flags |= SHMX_OPEN_ANY_SIZE;
	}
	if (size <= 0) {
		if (flags & SHMX_OPEN_EXCL || id.backend == SHMX_BACKEND_ANON) {
			zend_argument_value_error(2, "must be greater than 0");
			RETURN_THROWS();
		}
		size = 0;
	} else if (size < SHMX_STORE_MIN_SIZE) {
		zend_argument_value_error(2, "must be at least %u bytes (0 or less opens an existing store)", SHMX_STORE_MIN_SIZE);
		RETURN_THROWS();
	}
	if (php_shmx_check_permissions(perms, 4) == FAILURE || allowed_from_zval(so, zallowed, 5) == FAILURE) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_map_open(&so->map, &id, flags | SHMX_OPEN_REGION, (size_t)size, (uint32_t)perms, &err);
	if (st == SHMX_ERR_RANGE) {
		zend_argument_value_error(2, "must be greater than 0 to create a store");
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
	st = shmx_store_attach(&so->store, &so->map, !so->map.readonly, &err);
	if (st != SHMX_OK) {
		shmx_store_detach(&so->store);
		shmx_map_detach(&so->map);
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Store, get)
{
	zend_string *key;
	zval *def = NULL;
	php_shmx_store *so;
	bool found;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(key)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(def)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || check_key(key, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (fetch(so, key, return_value, &found) == FAILURE) {
		RETURN_THROWS();
	}
	if (!found && def) {
		RETURN_COPY(def);
	}
}

PHP_METHOD(Shmx_Store, set)
{
	zend_string *key;
	zval *value;
	zend_long ttl = 0;
	php_shmx_store *so;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(key)
		Z_PARAM_ZVAL(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(ttl)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || check_key(key, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (ttl < 0) {
		zend_argument_value_error(3, "must be greater than or equal to 0");
		RETURN_THROWS();
	}
	put(so, key, value, ttl, 0, 2);
}

PHP_METHOD(Shmx_Store, add)
{
	zend_string *key;
	zval *value;
	zend_long ttl = 0;
	php_shmx_store *so;

	ZEND_PARSE_PARAMETERS_START(2, 3)
		Z_PARAM_STR(key)
		Z_PARAM_ZVAL(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(ttl)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || check_key(key, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (ttl < 0) {
		zend_argument_value_error(3, "must be greater than or equal to 0");
		RETURN_THROWS();
	}
	bool ok = put(so, key, value, ttl, 1, 2);
	if (EG(exception)) {
		RETURN_THROWS();
	}
	RETURN_BOOL(ok);
}

static void has_impl(php_shmx_store *so, zend_string *key, zval *return_value)
{
	shmx_error err;
	shmx_status st = shmx_store_get(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), NULL, NULL, NULL, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		return;
	}
	if (st == SHMX_OK || st == SHMX_ERR_NOT_FOUND) {
		RETURN_BOOL(st == SHMX_OK);
	}
	php_shmx_throw(&err);
}

PHP_METHOD(Shmx_Store, has)
{
	zend_string *key;
	php_shmx_store *so;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || check_key(key, 1) == FAILURE) {
		RETURN_THROWS();
	}
	has_impl(so, key, return_value);
}

static void delete_impl(php_shmx_store *so, zend_string *key, zval *return_value)
{
	shmx_error err;
	shmx_status st = shmx_store_delete(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		return;
	}
	if (st == SHMX_OK || st == SHMX_ERR_NOT_FOUND) {
		RETURN_BOOL(st == SHMX_OK);
	}
	php_shmx_throw(&err);
}

PHP_METHOD(Shmx_Store, delete)
{
	zend_string *key;
	php_shmx_store *so;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(key)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || check_key(key, 1) == FAILURE) {
		RETURN_THROWS();
	}
	delete_impl(so, key, return_value);
}

static void increment_impl(INTERNAL_FUNCTION_PARAMETERS, int negate)
{
	zend_string *key;
	zval *zby = NULL;
	php_shmx_store *so;
	shmx_value by, result;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(key)
		Z_PARAM_OPTIONAL
		Z_PARAM_NUMBER(zby)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || check_key(key, 1) == FAILURE) {
		RETURN_THROWS();
	}
	by.type = SHMX_T_INT;
	by.l = 1;
	by.subtract = 0;
	if (zby && Z_TYPE_P(zby) == IS_DOUBLE) {
		by.type = SHMX_T_FLOAT;
		by.d = negate ? -Z_DVAL_P(zby) : Z_DVAL_P(zby);
	} else {
		/* An int is subtracted by the core, not negated here: -PHP_INT_MIN does not exist. */
		if (zby) {
			by.l = Z_LVAL_P(zby);
		}
		by.subtract = negate;
	}
	shmx_status st = shmx_store_increment(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), &by, &result, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
	if (result.type == SHMX_T_FLOAT) {
		RETURN_DOUBLE(result.d);
	}
	RETURN_LONG((zend_long)result.l);
}

PHP_METHOD(Shmx_Store, increment)
{
	increment_impl(INTERNAL_FUNCTION_PARAM_PASSTHRU, 0);
}

PHP_METHOD(Shmx_Store, decrement)
{
	increment_impl(INTERNAL_FUNCTION_PARAM_PASSTHRU, 1);
}

PHP_METHOD(Shmx_Store, compareAndSwap)
{
	zend_string *key;
	zval *expected, *desired;
	php_shmx_store *so;
	shmx_value ev, dv;
	zend_string *eo = NULL, *dox = NULL;
	shmx_error err;
	int swapped = 0;

	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_STR(key)
		Z_PARAM_ZVAL(expected)
		Z_PARAM_ZVAL(desired)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || check_key(key, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (value_from_zval(expected, &ev, &eo, 2) == FAILURE) {
		RETURN_THROWS();
	}
	if (value_from_zval(desired, &dv, &dox, 3) == FAILURE) {
		if (eo) {
			zend_string_release(eo);
		}
		RETURN_THROWS();
	}
	shmx_status st = shmx_store_cas(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), &ev, &dv, &swapped, &err);
	if (eo) {
		zend_string_release(eo);
	}
	if (dox) {
		zend_string_release(dox);
	}
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
	RETURN_BOOL(swapped);
}

PHP_METHOD(Shmx_Store, lock)
{
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	double timeout = 0;
	bool timeout_null = true;
	int64_t ns;
	int nested;
	php_shmx_store *so;
	shmx_error err;
	zval arg;
	volatile bool bailed = false;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_FUNC(fci, fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE_OR_NULL(timeout, timeout_null)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (php_shmx_timeout_ns(timeout_null, timeout, &ns, 2) == FAILURE) {
		RETURN_THROWS();
	}
	if (shmx_store_lock(&so->store, ns, &nested, &err) != SHMX_OK) {
		if (php_shmx_map_intact(&so->map)) {
			php_shmx_throw(&err);
		}
		RETURN_THROWS();
	}
	/* A lock taken on a zero page excludes nobody: the callback must not run believing it. */
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		shmx_store_unlock(&so->store, nested, &err);
		RETURN_THROWS();
	}
	ZVAL_OBJ(&arg, Z_OBJ_P(ZEND_THIS));
	fci.retval = return_value;
	fci.params = &arg;
	fci.param_count = 1;
	fci.named_params = NULL;
	zend_try {
		zend_call_function(&fci, &fcc);
	} zend_catch {
		bailed = true;
	} zend_end_try();
	shmx_store_unlock(&so->store, nested, &err);
	if (bailed) {
		zend_bailout();
	}
}

static int collect_key(void *ctx, const char *key, size_t len)
{
	add_next_index_stringl((zval *)ctx, key, len);
	return 0;
}

PHP_METHOD(Shmx_Store, keys)
{
	zend_string *prefix = NULL;
	php_shmx_store *so;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR(prefix)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	array_init(return_value);
	shmx_status st = shmx_store_keys(&so->store, prefix ? ZSTR_VAL(prefix) : "", prefix ? ZSTR_LEN(prefix) : 0,
		collect_key, return_value, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map)) || st != SHMX_OK) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		if (!EG(exception)) {
			php_shmx_throw(&err);
		}
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Store, count)
{
	php_shmx_store *so;
	shmx_error err;
	uint64_t n;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(so = store_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_store_count(&so->store, &n, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)n);
}

PHP_METHOD(Shmx_Store, getIterator)
{
	php_shmx_store *so;
	shmx_error err;
	zval keys, *zk;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(so = store_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	array_init(&keys);
	shmx_status st = shmx_store_keys(&so->store, "", 0, collect_key, &keys, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map)) || st != SHMX_OK) {
		zval_ptr_dtor(&keys);
		if (!EG(exception)) {
			php_shmx_throw(&err);
		}
		RETURN_THROWS();
	}
	/* A snapshot: keys first, then each value; a key deleted in between is left out. Kept as
	 * two lists, not one PHP array, which would turn a key "123" into the int 123. */
	object_init_ex(return_value, shmx_ce_StoreIterator);
	php_shmx_store_iter *it = store_iter_from_obj(Z_OBJ_P(return_value));
	uint32_t n = zend_hash_num_elements(Z_ARRVAL(keys));
	array_init_size(&it->keys, n);
	array_init_size(&it->values, n);
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL(keys), zk) {
		zval v;
		bool found;
		ZVAL_UNDEF(&v);
		if (fetch(so, Z_STR_P(zk), &v, &found) == FAILURE) {
			zval_ptr_dtor(&v);
			zval_ptr_dtor(&keys);
			zval_ptr_dtor(return_value);
			ZVAL_NULL(return_value);
			RETURN_THROWS();
		}
		if (found) {
			Z_TRY_ADDREF_P(zk);
			add_next_index_zval(&it->keys, zk);
			add_next_index_zval(&it->values, &v);
		}
	} ZEND_HASH_FOREACH_END();
	zval_ptr_dtor(&keys);
}

/* ---- Shmx\StoreIterator ----------------------------------------------------------------- */

static zend_object *store_iter_create(zend_class_entry *ce)
{
	php_shmx_store_iter *it = zend_object_alloc(sizeof(php_shmx_store_iter), ce);
	zend_object_std_init(&it->std, ce);
	object_properties_init(&it->std, ce);
	it->std.handlers = &store_iter_handlers;
	ZVAL_EMPTY_ARRAY(&it->keys);
	ZVAL_EMPTY_ARRAY(&it->values);
	return &it->std;
}

static void store_iter_free(zend_object *obj)
{
	php_shmx_store_iter *it = store_iter_from_obj(obj);
	zval_ptr_dtor(&it->keys);
	zval_ptr_dtor(&it->values);
	zend_object_std_dtor(obj);
}

/* The values may hold objects that point back at the iterator: let the GC see them. */
static HashTable *store_iter_get_gc(zend_object *obj, zval **table, int *n)
{
	php_shmx_store_iter *it = store_iter_from_obj(obj);
	*table = &it->values;
	*n = 1;
	return zend_std_get_properties(obj);
}

static zval *store_iter_at(php_shmx_store_iter *it, zval *list)
{
	return zend_hash_index_find(Z_ARRVAL_P(list), it->pos);
}

PHP_METHOD(Shmx_StoreIterator, __construct)
{
	ZEND_PARSE_PARAMETERS_NONE();
}

PHP_METHOD(Shmx_StoreIterator, current)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_shmx_store_iter *it = store_iter_from_obj(Z_OBJ_P(ZEND_THIS));
	zval *v = store_iter_at(it, &it->values);
	if (v) {
		RETURN_COPY(v);
	}
	RETURN_NULL();
}

PHP_METHOD(Shmx_StoreIterator, key)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_shmx_store_iter *it = store_iter_from_obj(Z_OBJ_P(ZEND_THIS));
	zval *k = store_iter_at(it, &it->keys);
	if (k) {
		RETURN_COPY(k);
	}
	RETURN_NULL();
}

PHP_METHOD(Shmx_StoreIterator, next)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_shmx_store_iter *it = store_iter_from_obj(Z_OBJ_P(ZEND_THIS));
	if (it->pos < zend_hash_num_elements(Z_ARRVAL(it->keys))) {
		it->pos++;
	}
}

PHP_METHOD(Shmx_StoreIterator, rewind)
{
	ZEND_PARSE_PARAMETERS_NONE();
	store_iter_from_obj(Z_OBJ_P(ZEND_THIS))->pos = 0;
}

PHP_METHOD(Shmx_StoreIterator, valid)
{
	ZEND_PARSE_PARAMETERS_NONE();
	php_shmx_store_iter *it = store_iter_from_obj(Z_OBJ_P(ZEND_THIS));
	RETURN_BOOL(it->pos < zend_hash_num_elements(Z_ARRVAL(it->keys)));
}

PHP_METHOD(Shmx_Store, clear)
{
	php_shmx_store *so;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(so = store_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_store_clear(&so->store, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Store, info)
{
	php_shmx_store *so;
	shmx_error err;
	shmx_store_stats info;
	zval id;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(so = store_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_store_info(&so->store, &info, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->map))) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
	array_init(return_value);
	php_shmx_id_to_zval(&so->map.id, &id);
	add_assoc_zval(return_value, "id", &id);
	add_assoc_string(return_value, "backend", (char *)shmx_map_backend_name(&so->map));
	add_assoc_long(return_value, "size", (zend_long)info.size);
	add_assoc_long(return_value, "used", (zend_long)info.used);
	add_assoc_long(return_value, "free", (zend_long)info.free);
	add_assoc_long(return_value, "entries", (zend_long)info.entries);
	add_assoc_long(return_value, "hits", (zend_long)info.hits);
	add_assoc_long(return_value, "misses", (zend_long)info.misses);
	add_assoc_long(return_value, "layout_version", (zend_long)SHMX_LAYOUT_VERSION);
}

PHP_METHOD(Shmx_Store, destroy)
{
	php_shmx_store *so;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(so = store_constructed(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (shmx_region_remove(&so->map, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Store, offsetExists)
{
	zval *offset;
	php_shmx_store *so;
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || !(key = offset_key(offset))) {
		RETURN_THROWS();
	}
	has_impl(so, key, return_value);
	zend_string_release(key);
}

PHP_METHOD(Shmx_Store, offsetGet)
{
	zval *offset;
	php_shmx_store *so;
	zend_string *key;
	bool found;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || !(key = offset_key(offset))) {
		RETURN_THROWS();
	}
	fetch(so, key, return_value, &found);
	zend_string_release(key);
}

PHP_METHOD(Shmx_Store, offsetSet)
{
	zval *offset, *value;
	php_shmx_store *so;
	zend_string *key;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_ZVAL(offset)
		Z_PARAM_ZVAL(value)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || !(key = offset_key(offset))) {
		RETURN_THROWS();
	}
	put(so, key, value, 0, 0, 2);
	zend_string_release(key);
}

PHP_METHOD(Shmx_Store, offsetUnset)
{
	zval *offset;
	php_shmx_store *so;
	zend_string *key;
	zval rv;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(offset)
	ZEND_PARSE_PARAMETERS_END();

	if (!(so = store_open(ZEND_THIS)) || !(key = offset_key(offset))) {
		RETURN_THROWS();
	}
	delete_impl(so, key, &rv);
	zend_string_release(key);
}

void php_shmx_store_minit(zend_class_entry *ce, zend_class_entry *iter_ce)
{
	ce->create_object = store_create;
	php_shmx_handlers_init(&store_handlers, XtOffsetOf(php_shmx_store, std), store_free);
	shmx_ce_StoreIterator = iter_ce;
	iter_ce->create_object = store_iter_create;
	php_shmx_handlers_init(&store_iter_handlers, XtOffsetOf(php_shmx_store_iter, std), store_iter_free);
	store_iter_handlers.get_gc = store_iter_get_gc;
}
