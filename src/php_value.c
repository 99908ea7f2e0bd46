/*
 * php_value.c: turning PHP values into shmx_values and back for the Store and the Queue (see
 * php_value.h), and the allowed-classes rule both apply when they unserialize.
 *
 * igbinary and msgpack are reached through their PHP functions, so shmx neither links against
 * them nor needs them loaded. Neither can be told which classes to create, so their values are
 * read only where any class is allowed.
 */
#include "php_value.h"

#include "ext/standard/php_var.h"
#include "zend_smart_str.h"

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

HashTable *php_shmx_allowed_get(php_shmx_allowed *a, const shmx_map *m)
{
	if (UNEXPECTED(a->pending_auto)) {
		a->pending_auto = false;
		if (writable_by_others(m)) {
			a->classes = allowed_new();
		}
	}
	return a->classes;
}

void php_shmx_allowed_free(php_shmx_allowed *a)
{
	if (a->classes) {
		zend_hash_destroy(a->classes);
		FREE_HASHTABLE(a->classes);
		a->classes = NULL;
	}
}

/* $allowedClasses (null: the INI setting; true: any; false: none; a list of names) -> so. */
zend_result php_shmx_allowed_from_zval(php_shmx_allowed *a, zval *z, uint32_t arg_num)
{
	if (!z || Z_TYPE_P(z) == IS_NULL) {
		const char *v = INI_STR("shmx.allowed_classes");
		if (!v || !strcmp(v, "auto")) {
			a->pending_auto = true;
		} else if (strcmp(v, "*")) {
			a->classes = allowed_new();
			if (strcmp(v, "none")) {
				ini_names(v, name_add, a->classes);
			}
		}
		return SUCCESS;
	}
	if (Z_TYPE_P(z) == IS_TRUE) {
		return SUCCESS;
	}
	if (Z_TYPE_P(z) == IS_FALSE) {
		a->classes = allowed_new();
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
	a->classes = ht;
	return SUCCESS;
}

/* ---- shmx's own form for arrays of scalars ---------------------------------------------
 *
 * An array whose values are null, bool, int, float, string or such arrays (no objects, no
 * references; at most NATIVE_DEPTH deep) is stored in a binary form of shmx's own, whatever
 * shmx.serializer says: about as compact as igbinary, decoded straight into PHP arrays without
 * parsing text, and with no class in it to limit. Numbers are in this machine's byte order
 * (shared memory never leaves it; Redis values are read by the same build on other hosts of one
 * architecture). Everything else goes to the serializer. Decoding checks every length against
 * what is left: hostile bytes are an error, never a read past the buffer. */

#define NATIVE_DEPTH 64

enum {
	N_NULL = 0, N_FALSE = 1, N_TRUE = 2, N_INT = 3, N_DOUBLE = 4, N_STRING = 5,
	N_MAP = 6,   /* u32 count, then count x (key, value) */
	N_LIST = 7,  /* u32 count, then count values, keys 0..count-1 */
	N_KEY_INT = 8, N_KEY_STRING = 9
};

static size_t native_array_size(HashTable *ht, int depth);

/* A value's encoded size, or 0 if it has no native form (objects, references, resources). */
static inline size_t native_size(zval *v, int depth)
{
	switch (Z_TYPE_P(v)) {
		case IS_NULL: case IS_FALSE: case IS_TRUE: return 1;
		case IS_LONG: case IS_DOUBLE: return 9;
		case IS_STRING: return Z_STRLEN_P(v) > UINT32_MAX ? 0 : 5 + Z_STRLEN_P(v);
		case IS_ARRAY: return native_array_size(Z_ARRVAL_P(v), depth);
		default: return 0;
	}
}

static size_t native_array_size(HashTable *ht, int depth)
{
	if (depth >= NATIVE_DEPTH || zend_hash_num_elements(ht) > UINT32_MAX) {
		return 0;
	}
	bool list = zend_array_is_list(ht);
	size_t n = 5;
	zend_ulong h;
	zend_string *k;
	zval *v;
	ZEND_HASH_FOREACH_KEY_VAL(ht, h, k, v) {
		(void)h;
		size_t vs = native_size(v, depth + 1);
		if (!vs) {
			return 0;
		}
		n += vs;
		if (!list) {
			if (k && ZSTR_LEN(k) > UINT32_MAX) {
				return 0;
			}
			n += k ? 5 + ZSTR_LEN(k) : 9;
		}
	} ZEND_HASH_FOREACH_END();
	return n;
}

static char *native_u32(char *p, uint32_t n)
{
	memcpy(p, &n, 4);
	return p + 4;
}

static char *native_put(char *p, zval *zv);

/* Writes an element: ints in line, everything else through native_put(). */
static zend_always_inline char *native_elem_put(char *p, zval *v)
{
	if (EXPECTED(Z_TYPE_P(v) == IS_LONG)) {
		int64_t l = (int64_t)Z_LVAL_P(v);
		*p++ = N_INT;
		memcpy(p, &l, 8);
		return p + 8;
	}
	return native_put(p, v);
}

static char *native_put(char *p, zval *zv)
{
	switch (Z_TYPE_P(zv)) {
		case IS_NULL: *p++ = N_NULL; return p;
		case IS_FALSE: *p++ = N_FALSE; return p;
		case IS_TRUE: *p++ = N_TRUE; return p;
		case IS_LONG: { int64_t l = (int64_t)Z_LVAL_P(zv); *p++ = N_INT; memcpy(p, &l, 8); return p + 8; }
		case IS_DOUBLE: { double d = Z_DVAL_P(zv); *p++ = N_DOUBLE; memcpy(p, &d, 8); return p + 8; }
		case IS_STRING:
			*p++ = N_STRING;
			p = native_u32(p, (uint32_t)Z_STRLEN_P(zv));
			memcpy(p, Z_STRVAL_P(zv), Z_STRLEN_P(zv));
			return p + Z_STRLEN_P(zv);
		default: { /* IS_ARRAY: native_size() let nothing else through */
			HashTable *ht = Z_ARRVAL_P(zv);
			bool list = zend_array_is_list(ht);
			*p++ = list ? N_LIST : N_MAP;
			p = native_u32(p, zend_hash_num_elements(ht));
			zend_ulong h;
			zend_string *k;
			zval *v;
			ZEND_HASH_FOREACH_KEY_VAL(ht, h, k, v) {
				if (!list) {
					if (k) {
						*p++ = N_KEY_STRING;
						p = native_u32(p, (uint32_t)ZSTR_LEN(k));
						memcpy(p, ZSTR_VAL(k), ZSTR_LEN(k));
						p += ZSTR_LEN(k);
					} else {
						int64_t l = (int64_t)h;
						*p++ = N_KEY_INT;
						memcpy(p, &l, 8);
						p += 8;
					}
				}
				p = native_elem_put(p, v);
			} ZEND_HASH_FOREACH_END();
			return p;
		}
	}
}

/* The native form of the array zv, or NULL when it has none. */
static zend_string *native_encode(zval *zv)
{
	size_t n = native_size(zv, 0);
	if (!n || n > (size_t)UINT32_MAX * 4) {
		return NULL;
	}
	zend_string *s = zend_string_alloc(n, 0);
	char *end = native_put(ZSTR_VAL(s), zv);
	ZEND_ASSERT((size_t)(end - ZSTR_VAL(s)) == n);
	(void)end;
	ZSTR_VAL(s)[n] = '\0';
	return s;
}

typedef struct native_in {
	const char *p, *end;
} native_in;

static bool native_u32_get(native_in *in, uint32_t *n)
{
	if (in->end - in->p < 4) {
		return false;
	}
	memcpy(n, in->p, 4);
	in->p += 4;
	return true;
}

static bool native_array(native_in *in, zval *out, bool list, int depth);

/* One value; on false, `out` holds nothing to free. */
static bool native_get(native_in *in, zval *out, int depth)
{
	if (in->p >= in->end) {
		return false;
	}
	uint8_t tag = (uint8_t)*in->p++;
	uint32_t n;
	switch (tag) {
		case N_NULL: ZVAL_NULL(out); return true;
		case N_FALSE: ZVAL_FALSE(out); return true;
		case N_TRUE: ZVAL_TRUE(out); return true;
		case N_INT: case N_DOUBLE: {
			if (in->end - in->p < 8) {
				return false;
			}
			if (tag == N_INT) {
				int64_t l;
				memcpy(&l, in->p, 8);
				ZVAL_LONG(out, (zend_long)l);
			} else {
				double d;
				memcpy(&d, in->p, 8);
				ZVAL_DOUBLE(out, d);
			}
			in->p += 8;
			return true;
		}
		case N_STRING:
			if (!native_u32_get(in, &n) || (size_t)(in->end - in->p) < n) {
				return false;
			}
			if (n <= 1) {
				ZVAL_INTERNED_STR(out, n ? ZSTR_CHAR((unsigned char)in->p[0]) : ZSTR_EMPTY_ALLOC());
			} else {
				ZVAL_STRINGL(out, in->p, n);
			}
			in->p += n;
			return true;
		case N_LIST: case N_MAP:
			ZVAL_UNDEF(out);
			if (native_array(in, out, tag == N_LIST, depth)) {
				return true;
			}
			/* Half built: freed here, so that a failed get holds nothing, at any depth. */
			zval_ptr_dtor(out);
			ZVAL_UNDEF(out);
			return false;
		default:
			return false;
	}
}

/* The elements of a list or map whose tag was read; on false, `out` may hold part of it. */
static bool native_array(native_in *in, zval *out, bool list, int depth)
{
	uint32_t n;
	/* Every element takes at least a byte: a count beyond what is left is a lie. */
	if (depth >= NATIVE_DEPTH || !native_u32_get(in, &n) || (size_t)(in->end - in->p) < n) {
		return false;
	}
	array_init_size(out, n);
	HashTable *ht = Z_ARRVAL_P(out);
	if (list) {
		/* Written in place: the array was sized for n. */
		bool ok = true;
		zend_hash_real_init_packed(ht);
		ZEND_HASH_FILL_PACKED(ht) {
			for (uint32_t i = 0; i < n; i++) {
				zval v;
				if (!native_get(in, &v, depth + 1)) {
					ok = false;
					break;
				}
				ZEND_HASH_FILL_ADD(&v);
			}
		} ZEND_HASH_FILL_END();
		return ok;
	}
	for (uint32_t i = 0; i < n; i++) {
		zval v;
		if (in->p >= in->end) {
			return false;
		}
		uint8_t kt = (uint8_t)*in->p++;
		if (kt == N_KEY_INT) {
			int64_t l;
			if (in->end - in->p < 8) {
				return false;
			}
			memcpy(&l, in->p, 8);
			in->p += 8;
			if (!native_get(in, &v, depth + 1)) {
				return false;
			}
			zend_hash_index_update(ht, (zend_ulong)l, &v);
		} else if (kt == N_KEY_STRING) {
			uint32_t kl;
			if (!native_u32_get(in, &kl) || (size_t)(in->end - in->p) < kl) {
				return false;
			}
			const char *kp = in->p;
			in->p += kl;
			if (!native_get(in, &v, depth + 1)) {
				return false;
			}
			/* As PHP would store it: a numeric string key is an int key. */
			zend_symtable_str_update(ht, kp, kl, &v);
		} else {
			return false;
		}
	}
	return true;
}

static zend_result native_decode(zend_string *bytes, zval *rv)
{
	native_in in = { ZSTR_VAL(bytes), ZSTR_VAL(bytes) + ZSTR_LEN(bytes) };
	ZVAL_UNDEF(rv);
	if (native_get(&in, rv, 0) && in.p == in.end && Z_TYPE_P(rv) == IS_ARRAY) {
		return SUCCESS;
	}
	/* A partial array holds only what was decoded: values, no objects. */
	zval_ptr_dtor(rv);
	ZVAL_NULL(rv);
	return FAILURE;
}

/* ---- serializers ---------------------------------------------------------------------- */

static const char *serializer_name(uint8_t id)
{
	switch (id) {
		case SHMX_SER_PHP: return "php";
		case SHMX_SER_IGBINARY: return "igbinary";
		case SHMX_SER_MSGPACK: return "msgpack";
		case SHMX_SER_NATIVE: return "shmx";
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

bool php_shmx_can_unserialize(uint8_t id, HashTable *allowed)
{
	if (id == SHMX_SER_PHP || id == SHMX_SER_NATIVE) {
		return true;
	}
	return (id == SHMX_SER_IGBINARY || id == SHMX_SER_MSGPACK) && !allowed && serializer_fn(id, 1) != NULL;
}

/* How a message names the value: a Store key, or a Queue's message. */
static const char *subject(const zend_string *key, char *buf, size_t len)
{
	if (!key) {
		return "The value at the head of the queue";
	}
	snprintf(buf, len, "The value of key \"%s\"", ZSTR_VAL(key));
	return buf;
}

zend_result php_shmx_unserialize(zend_string *bytes, uint8_t id, const zend_string *key, HashTable *allowed, zval *rv)
{
	char buf[256];
	if (id == SHMX_SER_NATIVE) {
		if (native_decode(bytes, rv) == SUCCESS) {
			return SUCCESS;
		}
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s cannot be unserialized (its shmx encoding is damaged)",
			subject(key, buf, sizeof(buf)));
		return FAILURE;
	}
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
				zend_throw_exception_ex(shmx_ce_Exception, 0, "%s cannot be unserialized",
					subject(key, buf, sizeof(buf)));
			}
			return FAILURE;
		}
		return SUCCESS;
	}
	zend_function *fn = (id == SHMX_SER_IGBINARY || id == SHMX_SER_MSGPACK) ? serializer_fn(id, 1) : NULL;
	if (!fn) {
		zend_throw_exception_ex(shmx_ce_Exception, 0,
			"%s was serialized with %s, which is not loaded in this process",
			subject(key, buf, sizeof(buf)), serializer_name(id));
		return FAILURE;
	}
	if (allowed) {
		/* Neither can be told which classes to create: their values are read only where any
		 * class is allowed. */
		zend_throw_exception_ex(shmx_ce_Exception, 0,
			"%s was serialized with %s, which cannot limit the classes it creates, and this "
			"%s allows %s (shmx.allowed_classes, or the constructor's $allowedClasses)",
			subject(key, buf, sizeof(buf)), serializer_name(id), key ? "store" : "queue", zend_hash_num_elements(allowed) ? "only some classes" : "no classes");
		return FAILURE;
	}
	zval arg;
	ZVAL_STR(&arg, bytes);
	zend_call_known_function(fn, NULL, NULL, rv, 1, &arg, NULL);
	return EG(exception) ? FAILURE : SUCCESS;
}

/* zval -> shmx_value. *owned receives a serialized string to release after the write. */
zend_result php_shmx_value_from_zval(zval *zv, shmx_value *v, zend_string **owned, uint32_t arg_num)
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
			uint8_t id = SHMX_SER_NATIVE;
			zend_string *s = Z_TYPE_P(zv) == IS_ARRAY ? native_encode(zv) : NULL;
			if (!s) {
				id = current_serializer();
				s = serialize_value(zv, id);
			}
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

