/*
 * php_store.c: Shmx\Store, typed variables in shared memory (API.md section 5), on top of
 * the C core in store.c (and store_read.c, store_write.c, store_fast.c).
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
#include "php_value.h"
#include "php_redis.h"
#include "store.h"
#include "region.h"

#include "zend_interfaces.h"

#include <time.h>

#define SHMX_STORE_DEFAULT_SIZE (16 * 1024 * 1024)

typedef struct php_shmx_store {
	shmx_store store;         /* store.map.addr NULL until constructed */
	php_shmx_allowed allowed; /* the classes get() may instantiate */
	php_shmx_redis *redis;    /* non-NULL: a redis:// store, and store stays unused (php_redis.c) */
	zend_object std;
} php_shmx_store;

PHP_SHMX_HANDLE_CLASS(php_shmx_store, store, store.map)

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

static void store_free(zend_object *obj)
{
	php_shmx_store *so = store_from_obj(obj);
	shmx_store_close(&so->store);
	php_shmx_redis_free(so->redis);
	php_shmx_allowed_free(&so->allowed);
	zend_object_std_dtor(obj);
}

static php_shmx_store *store_constructed(zval *zobj)
{
	php_shmx_store *so = Z_STORE_P(zobj);
	if (UNEXPECTED(!so->store.map.addr && !so->redis)) {
		zend_throw_error(NULL, "Shmx\\Store object is not initialized");
		return NULL;
	}
	return so;
}

/* A constructed store whose mapping is intact, or NULL with the exception thrown. */
static php_shmx_store *store_open(zval *zobj)
{
	php_shmx_store *so = store_constructed(zobj);
	return EXPECTED(so && (so->redis || php_shmx_map_intact(&so->store.map))) ? so : NULL;
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

static char *zstr_sink(void *ctx, size_t len)
{
	zend_string **s = ctx;
	if (*s) {
		zend_string_efree(*s);
	}
	*s = php_shmx_string_alloc(len);
	return ZSTR_VAL(*s);
}

/* Reads the key into rv: SUCCESS with *found true (rv set), SUCCESS with *found false (missing
 * or expired; rv untouched), or FAILURE with an exception thrown. */
static zend_result fetch(php_shmx_store *so, zend_string *key, zval *rv, bool *found)
{
	shmx_value v;
	shmx_error err;
	zend_string *buf = NULL;

	*found = false;
	shmx_status st = shmx_store_get(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), &v, zstr_sink, &buf, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
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
			zend_result r = php_shmx_unserialize(buf, v.serializer, key, php_shmx_allowed_get(&so->allowed, &so->store.map), rv);
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

	if (php_shmx_value_from_zval(value, &v, &owned, value_arg) == FAILURE) {
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
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
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

	if (so->store.map.addr || so->redis) {
		zend_throw_error(NULL, "Cannot call Shmx\\Store::__construct() twice");
		RETURN_THROWS();
	}
	if (php_shmx_zval_is_redis(zid)) {
		/* $size and $permissions are the server's business there. */
		if (php_shmx_check_permissions(perms, 4) == FAILURE || php_shmx_allowed_from_zval(&so->allowed, zallowed, 5) == FAILURE) {
			RETURN_THROWS();
		}
		so->redis = php_shmx_redis_open(zid, mode, 's', 1, 3);
		return;
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
	} else if (size < SHMX_STORE_MIN_SIZE && (flags & SHMX_OPEN_CREATE)) {
		/* Only creating needs room; opening an existing store maps all of it, as a Segment. */
		zend_argument_value_error(2, "must be at least %u bytes (0 or less opens an existing store)", SHMX_STORE_MIN_SIZE);
		RETURN_THROWS();
	}
	if (php_shmx_check_permissions(perms, 4) == FAILURE || php_shmx_allowed_from_zval(&so->allowed, zallowed, 5) == FAILURE) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_store_open(&so->store, &id, flags, (size_t)size, (uint32_t)perms, &err);
	if (st == SHMX_ERR_RANGE) {
		zend_argument_value_error(2, "must be greater than 0 to create a store");
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
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
	if (so->redis) {
		php_shmx_rstore_get(so->redis, &so->allowed, key, def, return_value);
		return;
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
	if (so->redis) {
		php_shmx_rstore_put(so->redis, key, value, ttl, false, 2);
		return;
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
	bool ok = so->redis ? php_shmx_rstore_put(so->redis, key, value, ttl, true, 2) : put(so, key, value, ttl, 1, 2);
	if (EG(exception)) {
		RETURN_THROWS();
	}
	RETURN_BOOL(ok);
}

static void has_impl(php_shmx_store *so, zend_string *key, zval *return_value)
{
	shmx_error err;
	if (so->redis) {
		php_shmx_rstore_has(so->redis, key, return_value);
		return;
	}
	shmx_status st = shmx_store_get(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), NULL, NULL, NULL, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
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
	if (so->redis) {
		php_shmx_rstore_delete(so->redis, key, return_value);
		return;
	}
	shmx_status st = shmx_store_delete(&so->store, ZSTR_VAL(key), ZSTR_LEN(key), &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
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
	if (so->redis) {
		php_shmx_rstore_increment(so->redis, key, zby, negate, return_value);
		return;
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
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
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
	if (so->redis) {
		php_shmx_rstore_cas(so->redis, key, expected, desired, return_value);
		return;
	}
	if (php_shmx_value_from_zval(expected, &ev, &eo, 2) == FAILURE) {
		RETURN_THROWS();
	}
	if (php_shmx_value_from_zval(desired, &dv, &dox, 3) == FAILURE) {
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
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
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
	bool bailed;

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
	if (so->redis) {
		php_shmx_rstore_lock(so->redis, &fci, &fcc, ns, ZEND_THIS, return_value);
		return;
	}
	if (shmx_store_lock(&so->store, ns, &nested, &err) != SHMX_OK) {
		if (php_shmx_map_intact(&so->store.map)) {
			php_shmx_throw(&err);
		}
		RETURN_THROWS();
	}
	/* A lock taken on a zero page excludes nobody: the callback must not run believing it. */
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
		shmx_store_unlock(&so->store, nested, &err);
		RETURN_THROWS();
	}
	ZVAL_OBJ(&arg, Z_OBJ_P(ZEND_THIS));
	fci.retval = return_value;
	fci.params = &arg;
	fci.param_count = 1;
	fci.named_params = NULL;
	bailed = php_shmx_call_catching_bailout(&fci, &fcc);
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
	if (so->redis) {
		php_shmx_rstore_keys(so->redis, prefix, return_value);
		return;
	}
	array_init(return_value);
	shmx_status st = shmx_store_keys(&so->store, prefix ? ZSTR_VAL(prefix) : "", prefix ? ZSTR_LEN(prefix) : 0,
		collect_key, return_value, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map)) || st != SHMX_OK) {
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
	if (so->redis) {
		php_shmx_rstore_count(so->redis, return_value);
		return;
	}
	shmx_status st = shmx_store_count(&so->store, &n, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
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
	if (so->redis) {
		object_init_ex(return_value, shmx_ce_StoreIterator);
		php_shmx_store_iter *rit = store_iter_from_obj(Z_OBJ_P(return_value));
		array_init(&rit->keys);
		array_init(&rit->values);
		if (php_shmx_rstore_entries(so->redis, &so->allowed, &rit->keys, &rit->values) == FAILURE) {
			zval_ptr_dtor(return_value);
			ZVAL_NULL(return_value);
			RETURN_THROWS();
		}
		return;
	}
	array_init(&keys);
	shmx_status st = shmx_store_keys(&so->store, "", 0, collect_key, &keys, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map)) || st != SHMX_OK) {
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
	if (so->redis) {
		php_shmx_rstore_clear(so->redis, false);
		return;
	}
	shmx_status st = shmx_store_clear(&so->store, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
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
	if (so->redis) {
		php_shmx_rstore_info(so->redis, return_value);
		return;
	}
	shmx_status st = shmx_store_info(&so->store, &info, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&so->store.map))) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
	array_init(return_value);
	php_shmx_id_to_zval(&so->store.map.id, &id);
	add_assoc_zval(return_value, "id", &id);
	add_assoc_string(return_value, "backend", (char *)shmx_map_backend_name(&so->store.map));
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
	if (so->redis) {
		php_shmx_rstore_clear(so->redis, true);
		return;
	}
	if (shmx_region_remove(&so->store.map, &err) != SHMX_OK) {
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
	if (so->redis) {
		php_shmx_rstore_get(so->redis, &so->allowed, key, NULL, return_value);
	} else {
		fetch(so, key, return_value, &found);
	}
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
	if (so->redis) {
		php_shmx_rstore_put(so->redis, key, value, 0, false, 2);
	} else {
		put(so, key, value, 0, 0, 2);
	}
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
