/*
 * php_redis.c: the Store and Counter methods of a handle opened on a redis:// id (issue #12),
 * over the connection and scripts of redis.c, whose top comment gives the layout on the
 * server.
 *
 * Values are encoded here, before anything is sent: one tag byte and the payload (redis.c), arrays
 * and objects through shmx.serializer exactly as a local Store does (php_value.c), and read back
 * with the same allowed-classes rule, except that shmx.allowed_classes=auto means no classes on
 * Redis: anyone who can reach the server can write there. No PHP code runs between a script's
 * start and its end (they run on the server); Store::lock() runs the callback between taking a
 * lease and releasing it.
 */
#include "php_redis.h"

#include "store.h" /* shmx_store_write_timeout_ns: a write waits for a lease as for the local lock */
#include "redis_lease.h"

#include <time.h>
#include <unistd.h>

bool php_shmx_zval_is_redis(zval *zid)
{
	zend_string *str;
	if (zid && Z_TYPE_P(zid) == IS_OBJECT) {
		/* A Stringable id: converted in the argument's own slot, as ZPP's weak mode converts
		 * one (the call frame frees it); any other object is left for the id's type error. */
		if (!zend_parse_arg_str_weak(zid, &str, 1)) {
			return false;
		}
	}
	return zid && Z_TYPE_P(zid) == IS_STRING && shmx_redis_id_is(Z_STRVAL_P(zid), Z_STRLEN_P(zid));
}

static void throw_err(const shmx_error *err)
{
	php_shmx_throw(err);
}

/* ---- opening -------------------------------------------------------------------------------- */

static zend_string *key_for(const shmx_redis_addr *a, const char *suffix)
{
	return zend_strpprintf(0, "{%s}:%s", a->prefix, suffix);
}

php_shmx_redis *php_shmx_redis_open(zval *zid, const zend_string *mode, char kind, uint32_t id_arg, uint32_t mode_arg)
{
	shmx_redis_addr a;
	shmx_error err;
	char m = 'c';

	if (mode) {
		if (ZSTR_LEN(mode) != 1 || !strchr("cnwa", ZSTR_VAL(mode)[0]) || !ZSTR_VAL(mode)[0]) {
			zend_argument_value_error(mode_arg, "must be one of \"c\", \"n\", \"w\" or \"a\"");
			return NULL;
		}
		m = ZSTR_VAL(mode)[0];
	}
	if (shmx_redis_parse(&a, Z_STRVAL_P(zid), Z_STRLEN_P(zid), &err) != SHMX_OK) {
		zend_argument_value_error(id_arg, "%s", err.msg);
		return NULL;
	}
	php_shmx_redis *pr = ecalloc(1, sizeof(*pr));
	if (shmx_redis_open(&pr->r, &a, &err) != SHMX_OK) {
		efree(pr);
		throw_err(&err);
		return NULL;
	}
	pr->hash = key_for(&a, "h");
	pr->held = key_for(&a, "hl");
	pr->exp = key_for(&a, "he");
	pr->scratch = key_for(&a, "t");
	pr->ctr = key_for(&a, "n");
	pr->readonly = m == 'a';
	if (kind == 's' && a.cache > 0 && !(pr->cache = shmx_rcache_new(&a, ZSTR_VAL(pr->hash), ZSTR_LEN(pr->hash)))) {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: out of memory for the client-side cache", a.url);
		php_shmx_redis_free(pr);
		return NULL;
	}
	if (kind == 's' && m != 'c') {
		/* A store "exists" on the server while it holds a key (an empty hash is no key). */
		const char *argv[2] = {ZSTR_VAL(pr->hash), ZSTR_VAL(pr->held)};
		size_t lens[2] = {ZSTR_LEN(pr->hash), ZSTR_LEN(pr->held)};
		shmx_redis_reply *rp;
		if (shmx_redis_script_call(&pr->r, SHMX_RS_EXISTS, 2, 2, argv, lens, &rp, &err) != SHMX_OK) {
			php_shmx_redis_free(pr);
			throw_err(&err);
			return NULL;
		}
		long long n = shmx_redis_reply_int(rp);
		shmx_redis_reply_free(rp);
		if (m == 'n' && n) {
			zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: a store with keys exists there (mode \"n\")", a.url);
			php_shmx_redis_free(pr);
			return NULL;
		}
		if (m != 'n' && !n) {
			zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: no store there (mode \"%c\" opens an existing one)", a.url, m);
			php_shmx_redis_free(pr);
			return NULL;
		}
	}
	return pr;
}

void php_shmx_redis_free(php_shmx_redis *pr)
{
	if (!pr) {
		return;
	}
	if (pr->lease_id) {
		shmx_lease_drop(pr->lease_id);
	}
	shmx_rcache_free(pr->cache);
	shmx_redis_close(&pr->r);
	zend_string_release(pr->hash);
	zend_string_release(pr->held);
	zend_string_release(pr->exp);
	zend_string_release(pr->scratch);
	zend_string_release(pr->ctr);
	efree(pr);
}

static bool writable(php_shmx_redis *pr, const char *cls)
{
	if (UNEXPECTED(pr->readonly)) {
		zend_throw_error(NULL, "Cannot modify a Shmx\\%s opened read-only (mode \"a\")", cls);
		return false;
	}
	return true;
}

/* ---- values ------------------------------------------------------------------------------- */

static char serializer_tag(uint8_t id)
{
	switch (id) {
		case SHMX_SER_IGBINARY: return 'g';
		case SHMX_SER_MSGPACK: return 'm';
		case SHMX_SER_NATIVE: return 'n';
		default: return 'p';
	}
}

/* Tag byte + payload; NULL with TypeError or the serializer's exception. An int is 'i' and
 * its decimal, or (bare_int: a Store entry, which HINCRBY must take) the bare decimal. */
static zend_string *encode(zval *value, uint32_t arg, bool bare_int)
{
	shmx_value v;
	zend_string *owned, *s;
	char num[40];
	if (php_shmx_value_from_zval(value, &v, &owned, arg) == FAILURE) {
		return NULL;
	}
	switch (v.type) {
		case SHMX_T_NULL: return zend_string_init("N", 1, 0);
		case SHMX_T_FALSE: return zend_string_init("F", 1, 0);
		case SHMX_T_TRUE: return zend_string_init("T", 1, 0);
		case SHMX_T_INT: return zend_strpprintf(0, bare_int ? "%lld" : "i%lld", (long long)v.l);
		case SHMX_T_FLOAT:
			snprintf(num, sizeof(num), "%.17g", v.d);
			return zend_strpprintf(0, "d%s", num);
		default:
			s = zend_string_alloc(v.len + 1, 0);
			ZSTR_VAL(s)[0] = v.type == SHMX_T_STRING ? 's' : serializer_tag(v.serializer);
			memcpy(ZSTR_VAL(s) + 1, v.bytes, v.len);
			ZSTR_VAL(s)[v.len + 1] = '\0';
			if (owned) {
				zend_string_release(owned);
			}
			return s;
	}
}

static HashTable *allowed_classes(php_shmx_allowed *al)
{
	if (al->pending_auto) {
		/* auto: anyone who reaches the server can write the value, so no classes. */
		al->pending_auto = false;
		ALLOC_HASHTABLE(al->classes);
		zend_hash_init(al->classes, 0, NULL, NULL, 0);
	}
	return al->classes;
}

/* A stored value that is not what encode() writes (another client wrote it, or damaged it). */
static void throw_corrupt_value(const char *url, const zend_string *key)
{
	zend_throw_exception_ex(shmx_ce_CorruptException, 0, "%s: the value of key \"%s\" is not one shmx wrote", url,
		ZSTR_VAL(key));
}

/* s is the decimal INCRBY/HINCRBY take and write (no '+', space or leading zero, not "-0"),
 * of an int in range: what a Counter's and a Store entry's get() read, increment() can add to. */
static bool canonical_int(const char *s, size_t n, zend_long *out)
{
	zend_long l;
	double d;
	char back[24];
	if (n == 0 || n >= sizeof(back) || is_numeric_string(s, n, &l, &d, false) != IS_LONG
		|| (size_t)snprintf(back, sizeof(back), ZEND_LONG_FMT, l) != n || memcmp(back, s, n) != 0) {
		return false;
	}
	*out = l;
	return true;
}

/* entry: a Store entry (bare decimal ints, maybe an expiry head), else a Queue value ('i'). */
static zend_result decode_as(const char *url, php_shmx_allowed *al, const zend_string *key, const char *s, size_t n,
	bool entry, zval *rv)
{
	uint8_t ser = 0;
	if (n == 0) {
		goto corrupt;
	}
	if (!entry && (s[0] == 'e' || s[0] == '-' || (s[0] >= '0' && s[0] <= '9'))) {
		goto corrupt;
	}
	if (entry && s[0] == 'i') {
		goto corrupt;
	}
	if (s[0] == 'e') {
		/* A Store entry with an expiry: 'e', its deadline, ':', the value. */
		int64_t until;
		size_t skip = shmx_redis_entry_head(s, n, &until);
		if (!skip) {
			goto corrupt;
		}
		s += skip;
		n -= skip;
		if (n == 0 || s[0] == 'e') {
			goto corrupt;
		}
	}
	if (s[0] == '-' || (s[0] >= '0' && s[0] <= '9')) {
		/* A Store entry's int: its bare decimal. */
		zend_long l;
		if (!canonical_int(s, n, &l)) {
			goto corrupt;
		}
		ZVAL_LONG(rv, l);
		return SUCCESS;
	}
	switch (s[0]) {
		case 'N': ZVAL_NULL(rv); return SUCCESS;
		case 'F': ZVAL_FALSE(rv); return SUCCESS;
		case 'T': ZVAL_TRUE(rv); return SUCCESS;
		case 'i': {
			zend_long l;
			double d;
			if (n < 2 || n > 21 || is_numeric_string(s + 1, n - 1, &l, &d, false) != IS_LONG) {
				goto corrupt;
			}
			ZVAL_LONG(rv, l);
			return SUCCESS;
		}
		case 'd': {
			char buf[48];
			char *end;
			if (n < 2 || n >= sizeof(buf)) {
				goto corrupt;
			}
			memcpy(buf, s + 1, n - 1);
			buf[n - 1] = '\0';
			double d = zend_strtod(buf, (const char **)&end);
			if (*end) {
				/* zend_strtod takes no "inf"/"nan": the C library's does. */
				d = strtod(buf, &end);
				if (*end) {
					goto corrupt;
				}
			}
			ZVAL_DOUBLE(rv, d);
			return SUCCESS;
		}
		case 's':
			if (n == 1) {
				ZVAL_EMPTY_STRING(rv);
			} else if (n == 2) {
				ZVAL_CHAR(rv, (unsigned char)s[1]);
			} else {
				ZVAL_STR(rv, php_shmx_string_copy(s + 1, n - 1));
			}
			return SUCCESS;
		case 'p': ser = SHMX_SER_PHP; break;
		case 'g': ser = SHMX_SER_IGBINARY; break;
		case 'm': ser = SHMX_SER_MSGPACK; break;
		case 'n': ser = SHMX_SER_NATIVE; break;
		default: goto corrupt;
	}
	{
		zend_string *bytes = php_shmx_string_copy(s + 1, n - 1);
		zend_result r = php_shmx_unserialize(bytes, ser, key, allowed_classes(al), rv);
		zend_string_release(bytes);
		return r;
	}
corrupt:
	if (key) {
		throw_corrupt_value(url, key);
	} else {
		zend_throw_exception_ex(shmx_ce_CorruptException, 0, "%s: a value in the queue is not one shmx wrote", url);
	}
	return FAILURE;
}

zend_result php_shmx_redis_decode(const char *url, php_shmx_allowed *al, const zend_string *key, const char *s,
	size_t n, zval *rv)
{
	return decode_as(url, al, key, s, n, false, rv);
}

static zend_result decode(php_shmx_redis *pr, php_shmx_allowed *al, const zend_string *key, const char *s, size_t n,
	zval *rv)
{
	return decode_as(pr->r.a.url, al, key, s, n, true, rv);
}

zend_string *php_shmx_redis_encode(zval *value, uint32_t arg)
{
	return encode(value, arg, false);
}

HashTable *php_shmx_redis_allowed_classes(php_shmx_allowed *al)
{
	return allowed_classes(al);
}

uint8_t php_shmx_redis_tag_serializer(char tag)
{
	switch (tag) {
		case 'p': return SHMX_SER_PHP;
		case 'g': return SHMX_SER_IGBINARY;
		case 'm': return SHMX_SER_MSGPACK;
		case 'n': return SHMX_SER_NATIVE;
		default: return 0;
	}
}

/* ---- commands ------------------------------------------------------------------------------ */

/* A plain command; NULL with the exception thrown. */
static shmx_redis_reply *command(php_shmx_redis *pr, int argc, const char **argv, const size_t *lens)
{
	shmx_redis_reply *rp;
	shmx_error err;
	if (shmx_redis_command(&pr->r, argc, argv, lens, &rp, &err) != SHMX_OK) {
		throw_err(&err);
		return NULL;
	}
	return rp;
}

static shmx_redis_reply *script(php_shmx_redis *pr, shmx_redis_script s, int nkeys, int argc, const char **argv,
	const size_t *lens)
{
	shmx_redis_reply *rp;
	shmx_error err;
	if (shmx_redis_script_call(&pr->r, s, nkeys, argc, argv, lens, &rp, &err) != SHMX_OK) {
		throw_err(&err);
		return NULL;
	}
	return rp;
}

static long long first_int(const shmx_redis_reply *rp)
{
	if (shmx_redis_reply_type(rp) == SHMX_RR_INTEGER) {
		return shmx_redis_reply_int(rp);
	}
	return shmx_redis_reply_len(rp) ? shmx_redis_reply_int(shmx_redis_reply_at(rp, 0)) : 0;
}

/* Runs one of the Store's maintenance scripts (PRUNE with `arg`, END_LEASE): what it returns,
 * or -1 when it could not run (a read-only replica, a failure: the next one tries again).
 * Never throws: it only tidies up after what the caller did. */
static long long tidy(php_shmx_redis *pr, shmx_redis_script s, const char *arg)
{
	shmx_redis_reply *rp;
	shmx_error err;
	const char *argv[4] = {ZSTR_VAL(pr->hash), ZSTR_VAL(pr->held), ZSTR_VAL(pr->exp), arg};
	size_t lens[4] = {ZSTR_LEN(pr->hash), ZSTR_LEN(pr->held), ZSTR_LEN(pr->exp), arg ? strlen(arg) : 0};
	bool with_limit = s == SHMX_RS_PRUNE;
	if (shmx_redis_script_call(&pr->r, s, with_limit ? 3 : 2, with_limit ? 4 : 2, argv, lens, &rp, &err) != SHMX_OK) {
		return -1;
	}
	long long n = shmx_redis_reply_int(rp);
	shmx_redis_reply_free(rp);
	if (n > 0 && pr->cache) {
		shmx_rcache_forget_all(pr->cache);
	}
	return n;
}

/* Deletes up to `limit` expired entries: how many, or -1. */
static long long prune(php_shmx_redis *pr, const char *limit)
{
	return tidy(pr, SHMX_RS_PRUNE, limit);
}

/* A write script that another handle's lock() lease may refuse (-1): waits for the lease to go
 * (released, or run out) and runs it again, as a local Store write waits for its lock: at most
 * shmx.lock_timeout, then Shmx\TimeoutException (NULL) with nothing written. */
static shmx_redis_reply *write_script(php_shmx_redis *pr, shmx_redis_script s, int nkeys, int argc,
	const char **argv, const size_t *lens)
{
	useconds_t pause = 500;
	int64_t deadline = shmx_monotonic_ns() + shmx_store_write_timeout_ns;
	bool pruned = false;
	for (;;) {
		shmx_redis_reply *rp;
		shmx_error err;
		if (shmx_redis_script_call(&pr->r, s, nkeys, argc, argv, lens, &rp, &err) != SHMX_OK) {
			/* Refused before it ran a line (OOM): room from expired entries, then once more. */
			if (err.status == SHMX_ERR_FULL && !pruned && prune(pr, "1000") > 0) {
				pruned = true;
				continue;
			}
			throw_err(&err);
			return NULL;
		}
		long long code = first_int(rp);
		if (code == -5) {
			shmx_redis_reply_free(rp);
			zend_throw_exception_ex(shmx_ce_Exception, 0,
				"%s: Store::lock(): this handle's lease (%g s, lease= in the id) ran out and another handle took "
				"the store meanwhile, so nothing was written", pr->r.a.url, pr->r.a.lease);
			return NULL;
		}
		if (code != -1) {
			return rp;
		}
		shmx_redis_reply_free(rp);
		int64_t left = deadline - shmx_monotonic_ns();
		if (left <= 0) {
			zend_throw_exception_ex(shmx_ce_TimeoutException, 0,
				"%s: timed out after %.6g seconds waiting for the Store's lock (another handle's lock() holds its lease)",
				pr->r.a.url, (double)shmx_store_write_timeout_ns / 1e9);
			return NULL;
		}
		usleep(left / 1000 < pause ? (useconds_t)(left / 1000) + 1 : pause);
		if (pause < 20000) {
			pause *= 2;
		}
	}
}

/* The Store::lock() lease token this process holds through this handle, or "": a fork child
 * that inherited the handle inside the callback holds nothing, so its writes wait for the
 * parent's lease like anyone's, and it never gives the parent's lease back. */
static const char *own_token(const php_shmx_redis *pr)
{
	return pr->r.token[0] && pr->r.token_pid == shmx_getpid() ? pr->r.token : "";
}

/* KEYS {P}:h, {P}:hl, {P}:he, scratch; ARGV token, key, then `extra`. */
#define STORE_ARGS(key) \
	const char *tok_ = own_token(pr); \
	const char *argv[10] = {ZSTR_VAL(pr->hash), ZSTR_VAL(pr->held), ZSTR_VAL(pr->exp), ZSTR_VAL(pr->scratch), \
		tok_, ZSTR_VAL(key)}; \
	size_t lens[10] = {ZSTR_LEN(pr->hash), ZSTR_LEN(pr->held), ZSTR_LEN(pr->exp), ZSTR_LEN(pr->scratch), \
		strlen(tok_), ZSTR_LEN(key)}

/* A failed bare command that the script form must do instead: the server refused it with an
 * error reply (WRONGTYPE under another's lock marker, HINCRBY on a value it cannot add to), so
 * it did not run and the connection is fine. Not OOM: a script would be refused as well. */
static bool for_the_script(const php_shmx_redis *pr, const shmx_error *err)
{
	return pr->r.error_reply && err->status != SHMX_ERR_FULL;
}

/* The fast path: a bare hash command on {P}:h (HGET, HSET, HSETNX, HINCRBY), one round trip
 * as phpredis's GET/SET/INCR. 1: *rp its reply; 0: the slow path (a script) must do it:
 * {P}:h is another handle's lock marker (WRONGTYPE) or HINCRBY refused the value; -1: the
 * exception is thrown (the connection failed: the command may have run, so it is not sent
 * again; or the server is full, even once expired entries were deleted to make room). */
static int fast(php_shmx_redis *pr, const char *cmd, const zend_string *key, const char *arg, size_t alen,
	shmx_redis_reply **rp)
{
	shmx_error err;
	const char *argv[4] = {cmd, ZSTR_VAL(pr->hash), ZSTR_VAL(key), arg};
	size_t lens[4] = {strlen(cmd), ZSTR_LEN(pr->hash), ZSTR_LEN(key), alen};
	shmx_status st = shmx_redis_command(&pr->r, arg ? 4 : 3, argv, lens, rp, &err);
	if (st == SHMX_ERR_FULL && prune(pr, "1000") > 0) {
		/* Refused (OOM: it did not run); expired entries made room: once more. */
		st = shmx_redis_command(&pr->r, arg ? 4 : 3, argv, lens, rp, &err);
	}
	if (st == SHMX_OK) {
		return 1;
	}
	if (for_the_script(pr, &err)) {
		return 0;
	}
	throw_err(&err);
	return -1;
}

/* ---- Store --------------------------------------------------------------------------------- */

static bool use_cache(const php_shmx_redis *pr)
{
	return pr->cache && pr->r.lock_depth == 0;
}

/* This handle wrote (or tried to write) the key: NOLOOP keeps the server from saying so. */
static void forget(php_shmx_redis *pr, const zend_string *key)
{
	if (pr->cache) {
		shmx_rcache_forget(pr->cache, ZSTR_VAL(key), ZSTR_LEN(key));
	}
}

/* Points *v, *n past a stored value's expiry head, if it has one. */
static void strip_head(const char **v, size_t *n)
{
	int64_t until;
	size_t head = shmx_redis_entry_head(*v, *n, &until);
	*v += head;
	*n -= head;
}

/* The live value of `key`, its expiry head stripped: 1 with *v, *n (valid until *hold is freed,
 * which the caller does; *hold may be NULL for a cached value), 0 when there is none, -1 with the
 * exception thrown.
 *
 * Outside lock() it is one HGET (or a cache hit). A value with an expiry is judged by this
 * process's estimate of the server's clock (redis.c: one TIME per connection and 10 s);
 * only one within that estimate's error of its deadline is asked of the server (GET script).
 * Under this handle's lease, and when {P}:h is another's lock marker, the GET script reads it. */
static int read_value(php_shmx_redis *pr, const zend_string *key, const char **v, size_t *n, shmx_redis_reply **hold)
{
	shmx_error err;
	shmx_redis_reply *rp = NULL;
	*hold = NULL;
	if (!own_token(pr)[0]) {
		int got;
		if (use_cache(pr)) {
			if (shmx_rcache_lookup(pr->cache, &pr->r, ZSTR_VAL(key), ZSTR_LEN(key), v, n)) {
				/* The cache keeps what the server holds, an expiry head too. */
				if (!*v) {
					return 0;
				}
				strip_head(v, n);
				return 1;
			}
			got = shmx_rcache_fetch(pr->cache, &pr->r, ZSTR_VAL(pr->hash), ZSTR_LEN(pr->hash), ZSTR_VAL(key),
				ZSTR_LEN(key), &rp, &err) == SHMX_OK;
			if (!got && !for_the_script(pr, &err)) {
				throw_err(&err);
				return -1;
			}
		} else {
			got = fast(pr, "HGET", key, NULL, 0, &rp);
			if (got < 0) {
				return -1;
			}
		}
		if (got) {
			if (shmx_redis_reply_type(rp) != SHMX_RR_STRING) {
				shmx_redis_reply_free(rp);
				return 0;
			}
			const char *s = shmx_redis_reply_str(rp, n);
			int64_t until, now, unc;
			size_t head = shmx_redis_entry_head(s, *n, &until);
			if (!head) {
				*v = s;
				*hold = rp;
				return 1;
			}
			int known = shmx_redis_server_now(&pr->r, 1, &now, &unc, &err);
			if (known < 0) {
				shmx_redis_reply_free(rp);
				throw_err(&err);
				return -1;
			}
			if (known && until - now > unc) {
				*v = s;
				strip_head(v, n);
				*hold = rp;
				return 1;
			}
			shmx_redis_reply_free(rp);
			if (known && now - until > unc) {
				/* Expired, and still in the hash: deleted now (with others), so that a store
				 * nobody writes with a ttl does not keep its dead entries. */
				prune(pr, "100");
				return 0;
			}
			/* Too close to tell: the server decides. */
		}
	}
	const char *argv[3] = {ZSTR_VAL(pr->hash), ZSTR_VAL(pr->held), ZSTR_VAL(key)};
	size_t lens[3] = {ZSTR_LEN(pr->hash), ZSTR_LEN(pr->held), ZSTR_LEN(key)};
	if (!(rp = script(pr, SHMX_RS_GET, 2, 3, argv, lens))) {
		return -1;
	}
	/* {1, value, stale} | {0, dead, stale} */
	bool found = shmx_redis_reply_int(shmx_redis_reply_at(rp, 0)) == 1;
	bool stale = shmx_redis_reply_int(shmx_redis_reply_at(rp, 2)) == 1;
	if (stale && !own_token(pr)[0]) {
		/* A dead holder's lease that no write has ended: ended now, so that the next reads
		 * are bare HGETs again (and cached). */
		tidy(pr, SHMX_RS_END_LEASE, NULL);
	}
	if (!found) {
		if (shmx_redis_reply_int(shmx_redis_reply_at(rp, 1)) == 1) {
			prune(pr, "100");
		}
		shmx_redis_reply_free(rp);
		return 0;
	}
	*v = shmx_redis_reply_str(shmx_redis_reply_at(rp, 1), n);
	strip_head(v, n);
	*hold = rp;
	return 1;
}

void php_shmx_rstore_get(php_shmx_redis *pr, php_shmx_allowed *al, zend_string *key, zval *def, zval *rv)
{
	const char *v;
	size_t n;
	shmx_redis_reply *hold;
	int got = read_value(pr, key, &v, &n, &hold);
	if (got > 0) {
		decode(pr, al, key, v, n, rv);
	} else if (got == 0 && def) {
		ZVAL_COPY(rv, def);
	}
	shmx_redis_reply_free(hold);
}

void php_shmx_rstore_has(php_shmx_redis *pr, zend_string *key, zval *rv)
{
	const char *v;
	size_t n;
	shmx_redis_reply *hold;
	int got = read_value(pr, key, &v, &n, &hold);
	if (got >= 0) {
		ZVAL_BOOL(rv, got > 0);
	}
	shmx_redis_reply_free(hold);
}

bool php_shmx_rstore_put(php_shmx_redis *pr, zend_string *key, zval *value, zend_long ttl, bool only_add, uint32_t value_arg)
{
	char ttl_ms[24];
	shmx_redis_reply *rp;
	if (!writable(pr, "Store")) {
		return false;
	}
	zend_string *enc = encode(value, value_arg, true);
	if (!enc) {
		return false;
	}
	if (ttl <= 0 && !own_token(pr)[0]) {
		int got = fast(pr, only_add ? "HSETNX" : "HSET", key, ZSTR_VAL(enc), ZSTR_LEN(enc), &rp);
		if (got != 0) {
			forget(pr, key);
		}
		if (got < 0) {
			zend_string_release(enc);
			return false;
		}
		if (got > 0) {
			long long added = shmx_redis_reply_int(rp);
			shmx_redis_reply_free(rp);
			if (!only_add || added == 1) {
				zend_string_release(enc);
				return true;
			}
			/* HSETNX found the key there; it may have expired, which the script tells. */
		}
	}
	if (ttl > 0) {
		/* As a local store: an expiry past 2106 (uint32 seconds) is that far and no further. */
		uint64_t now = (uint64_t)time(NULL);
		uint64_t max = UINT32_MAX > now ? UINT32_MAX - now : 1;
		uint64_t s = (uint64_t)ttl > max ? max : (uint64_t)ttl;
		snprintf(ttl_ms, sizeof(ttl_ms), "%llu", (unsigned long long)s * 1000ULL);
	} else {
		strcpy(ttl_ms, "0");
	}
	STORE_ARGS(key);
	argv[6] = only_add ? "a" : "s";
	lens[6] = 1;
	argv[7] = ZSTR_VAL(enc);
	lens[7] = ZSTR_LEN(enc);
	argv[8] = ttl_ms;
	lens[8] = strlen(ttl_ms);
	rp = write_script(pr, SHMX_RS_SET, 4, 9, argv, lens);
	forget(pr, key);
	zend_string_release(enc);
	if (!rp) {
		return false;
	}
	bool ok = first_int(rp) == 1;
	shmx_redis_reply_free(rp);
	return ok;
}

void php_shmx_rstore_delete(php_shmx_redis *pr, zend_string *key, zval *rv)
{
	if (!writable(pr, "Store")) {
		return;
	}
	STORE_ARGS(key);
	shmx_redis_reply *rp = write_script(pr, SHMX_RS_DELETE, 4, 6, argv, lens);
	forget(pr, key);
	if (rp) {
		ZVAL_BOOL(rv, first_int(rp) == 1);
		shmx_redis_reply_free(rp);
	}
}

static const char *type_name(char tag)
{
	switch (tag) {
		case 'N': return "null";
		case 'F': case 'T': return "bool";
		case 's': return "string";
		default: return "array or object";
	}
}

void php_shmx_rstore_increment(php_shmx_redis *pr, zend_string *key, zval *zby, bool negate, zval *rv)
{
	char by[40], second[24] = "";
	int64_t l = 1;
	bool is_float = zby && Z_TYPE_P(zby) == IS_DOUBLE;
	shmx_redis_reply *rp;

	if (!writable(pr, "Store")) {
		return;
	}
	if (is_float) {
		snprintf(by, sizeof(by), "d%.17g", negate ? -Z_DVAL_P(zby) : Z_DVAL_P(zby));
	} else {
		if (zby) {
			l = (int64_t)Z_LVAL_P(zby);
		}
		if (!negate) {
			snprintf(by, sizeof(by), "i%lld", (long long)l);
		} else if (l == INT64_MIN) {
			/* -PHP_INT_MIN does not exist: subtract it as + PHP_INT_MAX + 1. */
			snprintf(by, sizeof(by), "i%lld", (long long)INT64_MAX);
			strcpy(second, "1");
		} else {
			snprintf(by, sizeof(by), "i%lld", (long long)-l);
		}
	}
	if (!is_float && !second[0] && !own_token(pr)[0]) {
		/* HINCRBY: exact 64-bit, creates a missing key; it refuses (then the script decides) a
		 * float, an expiring value, another type, an overflow, and another's lock marker. */
		int got = fast(pr, "HINCRBY", key, by + 1, strlen(by + 1), &rp);
		if (got != 0) {
			forget(pr, key);
		}
		if (got < 0) {
			return;
		}
		if (got > 0) {
			ZVAL_LONG(rv, (zend_long)shmx_redis_reply_int(rp));
			shmx_redis_reply_free(rp);
			return;
		}
	}
	STORE_ARGS(key);
	argv[6] = by;
	lens[6] = strlen(by);
	argv[7] = second;
	lens[7] = strlen(second);
	rp = write_script(pr, SHMX_RS_INCR, 4, 8, argv, lens);
	forget(pr, key);
	if (!rp) {
		return;
	}
	long long code = first_int(rp);
	size_t n = 0;
	const char *s = shmx_redis_reply_len(rp) > 1 ? shmx_redis_reply_str(shmx_redis_reply_at(rp, 1), &n) : "";
	if (code == 1) {
		php_shmx_allowed none = {0};
		decode(pr, &none, key, s, n, rv);
	} else if (code == -2) {
		/* The same words as a local store's overflow. */
		bool minus = (l < 0) != negate;
		unsigned long long mag = l < 0 ? 0ULL - (unsigned long long)l : (unsigned long long)l;
		zend_throw_exception_ex(zend_ce_arithmetic_error, 0, "Integer overflow: %.*s %c %llu does not fit in an int",
			(int)n, s, minus ? '-' : '+', mag);
	} else if (code == -4) {
		/* A number and not one: as get() reports it. */
		throw_corrupt_value(pr->r.a.url, key);
	} else if (code == -3) {
		zend_throw_exception_ex(shmx_ce_Exception, 0,
			"%s: cannot increment the value of key \"%.*s\": it is %s, not an int or float",
			pr->r.a.url, (int)(ZSTR_LEN(key) > 64 ? 64 : ZSTR_LEN(key)), ZSTR_VAL(key), type_name(n ? s[0] : '?'));
	} else {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: unexpected reply to an increment", pr->r.a.url);
	}
	shmx_redis_reply_free(rp);
}

void php_shmx_rstore_cas(php_shmx_redis *pr, zend_string *key, zval *expected, zval *desired, zval *rv)
{
	if (!writable(pr, "Store")) {
		return;
	}
	zend_string *ee = encode(expected, 2, true);
	if (!ee) {
		return;
	}
	zend_string *de = encode(desired, 3, true);
	if (!de) {
		zend_string_release(ee);
		return;
	}
	STORE_ARGS(key);
	argv[6] = ZSTR_VAL(ee);
	lens[6] = ZSTR_LEN(ee);
	argv[7] = ZSTR_VAL(de);
	lens[7] = ZSTR_LEN(de);
	shmx_redis_reply *rp = write_script(pr, SHMX_RS_CAS, 4, 8, argv, lens);
	forget(pr, key);
	zend_string_release(ee);
	zend_string_release(de);
	if (rp) {
		ZVAL_BOOL(rv, first_int(rp) == 1);
		shmx_redis_reply_free(rp);
	}
}

static bool lease_release(php_shmx_redis *pr)
{
	if (!own_token(pr)[0]) {
		/* A fork child leaving the callback it inherited: the lease is its parent's. */
		pr->r.token[0] = '\0';
		pr->lease_id = 0;
		return true;
	}
	/* Stop renewing it first: the keeper may push it back once more, never after the release. */
	if (pr->lease_id) {
		shmx_lease_drop(pr->lease_id);
		pr->lease_id = 0;
	}
	const char *argv[3] = {ZSTR_VAL(pr->hash), ZSTR_VAL(pr->held), pr->r.token};
	size_t lens[3] = {ZSTR_LEN(pr->hash), ZSTR_LEN(pr->held), strlen(pr->r.token)};
	shmx_redis_reply *rp = script(pr, SHMX_RS_STORE_UNLOCK, 2, 3, argv, lens);
	pr->r.token[0] = '\0';
	/* The cache keeps its entries: this handle's own writes under the lease dropped theirs, and
	 * nobody else wrote meanwhile (a write before the lease is announced to the tracker). */
	if (!rp) {
		return false;
	}
	/* A marker still ours was not taken over, even if the keeper lost it for a while: nobody
	 * else wrote. */
	bool ours = shmx_redis_reply_int(rp) == 1;
	shmx_redis_reply_free(rp);
	return ours;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Takes the lease (STORE_LOCK: the marker at {P}:h), waiting at most ns (-1 forever). */
static bool lease_take(php_shmx_redis *pr, int64_t ns)
{
	char token[33], px[24];
	shmx_redis_random_token(token);
	snprintf(px, sizeof(px), "%lld", (long long)(pr->r.a.lease * 1000.0));
	const char *argv[4] = {ZSTR_VAL(pr->hash), ZSTR_VAL(pr->held), token, px};
	size_t lens[4] = {ZSTR_LEN(pr->hash), ZSTR_LEN(pr->held), 32, strlen(px)};
	double deadline = ns < 0 ? 0 : now_s() + (double)ns / 1e9;
	useconds_t pause = 500;
	for (;;) {
		shmx_redis_reply *rp = script(pr, SHMX_RS_STORE_LOCK, 2, 4, argv, lens);
		if (!rp) {
			return false;
		}
		bool got = shmx_redis_reply_int(rp) == 1;
		shmx_redis_reply_free(rp);
		if (got) {
			memcpy(pr->r.token, token, sizeof(token));
			pr->r.token_pid = shmx_getpid();
			/* Renewed while the callback runs (redis_lease.c); out of memory: not renewed,
			 * and a callback that outlives the lease is told so as before. */
			pr->lease_id = shmx_lease_hold(&pr->r.a, SHMX_LEASE_MARKER, ZSTR_VAL(pr->hash), token, 0, 0);
			return true;
		}
		double left = deadline - now_s();
		if (ns >= 0 && left <= 0) {
			zend_throw_exception_ex(shmx_ce_TimeoutException, 0,
				"%s: Store::lock() timed out after %g s: another handle holds the lock", pr->r.a.url, (double)ns / 1e9);
			return false;
		}
		usleep(ns >= 0 && left * 1e6 < pause ? (useconds_t)(left * 1e6) + 1 : pause);
		if (pause < 20000) {
			pause *= 2;
		}
	}
}

void php_shmx_rstore_lock(php_shmx_redis *pr, zend_fcall_info *fci, zend_fcall_info_cache *fcc, int64_t ns, zval *self, zval *rv)
{
	zval arg;
	bool bailed;
	bool outer = pr->r.lock_depth == 0;

	if (outer && !lease_take(pr, ns)) {
		return;
	}
	pr->r.lock_depth++;
	ZVAL_OBJ(&arg, Z_OBJ_P(self));
	fci->retval = rv;
	fci->params = &arg;
	fci->param_count = 1;
	fci->named_params = NULL;
	bailed = php_shmx_call_catching_bailout(fci, fcc);
	pr->r.lock_depth--;
	if (outer) {
		zend_object *pending = EG(exception);
		if (pending) {
			EG(exception) = NULL;
		}
		bool ours = lease_release(pr);
		if (pending) {
			php_shmx_restore_pending(pending);
		} else if (bailed) {
			/* The fatal error goes on: a failed release must not stay pending through it. */
			zend_clear_exception();
		} else if (EG(exception) || !ours) {
			/* The release threw, or found the lease gone: the call fails, its value goes. */
			zval_ptr_dtor(rv);
			ZVAL_UNDEF(rv);
			if (!EG(exception)) {
				zend_throw_exception_ex(shmx_ce_Exception, 0,
					"%s: Store::lock(): the lease (%g s, lease= in the id) ran out while the callback ran, "
					"so other handles may have written meanwhile", pr->r.a.url, pr->r.a.lease);
			}
		}
	}
	if (bailed) {
		zend_bailout();
	}
}

/* LIST: its reply, whose first element counts the expired entries it left out; those are
 * deleted after it (PRUNE), so that reading a store frees what has expired in it. */
static shmx_redis_reply *list(php_shmx_redis *pr, const char *what)
{
	const char *argv[4] = {ZSTR_VAL(pr->hash), ZSTR_VAL(pr->held), ZSTR_VAL(pr->exp), what};
	size_t lens[4] = {ZSTR_LEN(pr->hash), ZSTR_LEN(pr->held), ZSTR_LEN(pr->exp), 1};
	shmx_redis_reply *rp = script(pr, SHMX_RS_LIST, 3, 4, argv, lens);
	if (rp && first_int(rp) > 0) {
		prune(pr, "1000");
	}
	return rp;
}

void php_shmx_rstore_keys(php_shmx_redis *pr, zend_string *prefix, zval *rv)
{
	shmx_redis_reply *rp = list(pr, "k");
	if (!rp) {
		return;
	}
	size_t n = shmx_redis_reply_len(rp);
	array_init_size(rv, (uint32_t)n);
	for (size_t i = 1; i < n; i++) {
		size_t len;
		const char *k = shmx_redis_reply_str(shmx_redis_reply_at(rp, i), &len);
		if (!prefix || (len >= ZSTR_LEN(prefix) && !memcmp(k, ZSTR_VAL(prefix), ZSTR_LEN(prefix)))) {
			add_next_index_stringl(rv, k, len);
		}
	}
	shmx_redis_reply_free(rp);
}

void php_shmx_rstore_count(php_shmx_redis *pr, zval *rv)
{
	shmx_redis_reply *rp = list(pr, "c");
	if (rp) {
		ZVAL_LONG(rv, (zend_long)shmx_redis_reply_int(shmx_redis_reply_at(rp, 1)));
		shmx_redis_reply_free(rp);
	}
}

zend_result php_shmx_rstore_entries(php_shmx_redis *pr, php_shmx_allowed *al, zval *keys, zval *values)
{
	shmx_redis_reply *rp = list(pr, "v");
	if (!rp) {
		return FAILURE;
	}
	size_t n = shmx_redis_reply_len(rp);
	for (size_t i = 1; i + 1 < n; i += 2) {
		size_t klen, vlen;
		const char *k = shmx_redis_reply_str(shmx_redis_reply_at(rp, i), &klen);
		const char *v = shmx_redis_reply_str(shmx_redis_reply_at(rp, i + 1), &vlen);
		zend_string *key = zend_string_init(k, klen, 0);
		zval zv;
		ZVAL_UNDEF(&zv);
		if (decode(pr, al, key, v, vlen, &zv) == FAILURE) {
			zend_string_release(key);
			shmx_redis_reply_free(rp);
			return FAILURE;
		}
		add_next_index_str(keys, key);
		add_next_index_zval(values, &zv);
	}
	shmx_redis_reply_free(rp);
	return SUCCESS;
}

void php_shmx_rstore_clear(php_shmx_redis *pr, bool destroy)
{
	/* destroy() works on a read-only handle, as a local store's (it removes the name, not a
	 * write through the handle) and a Redis Counter's, Mutex's and Semaphore's. */
	if (!destroy && !writable(pr, "Store")) {
		return;
	}
	const char *tok = own_token(pr);
	const char *argv[6] = {ZSTR_VAL(pr->hash), ZSTR_VAL(pr->held), ZSTR_VAL(pr->exp), ZSTR_VAL(pr->scratch), tok,
		destroy ? "1" : "0"};
	size_t lens[6] = {ZSTR_LEN(pr->hash), ZSTR_LEN(pr->held), ZSTR_LEN(pr->exp), ZSTR_LEN(pr->scratch), strlen(tok), 1};
	shmx_redis_reply *rp = destroy ? script(pr, SHMX_RS_CLEAR, 4, 6, argv, lens)
		: write_script(pr, SHMX_RS_CLEAR, 4, 6, argv, lens);
	if (pr->cache) {
		shmx_rcache_forget_all(pr->cache);
	}
	shmx_redis_reply_free(rp);
}

/* A number from INFO's "name:value" lines, or -1. */
static long long info_field(const char *s, size_t n, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = s, *end = s + n; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = eol ? (size_t)(eol - p) : (size_t)(end - p);
		if (len > nl && p[nl] == ':' && !memcmp(p, name, nl)) {
			return strtoll(p + nl + 1, NULL, 10);
		}
		p += len + 1;
	}
	return -1;
}

void php_shmx_rstore_info(php_shmx_redis *pr, zval *rv)
{
	zval count;
	ZVAL_UNDEF(&count);
	php_shmx_rstore_count(pr, &count);
	if (EG(exception)) {
		return;
	}
	const char *argv[1] = {"INFO"};
	size_t lens[1] = {4};
	shmx_redis_reply *rp = command(pr, 1, argv, lens);
	if (!rp) {
		return;
	}
	size_t n;
	const char *s = shmx_redis_reply_str(rp, &n);
	long long used = info_field(s, n, "used_memory"), max = info_field(s, n, "maxmemory");
	array_init(rv);
	add_assoc_stringl(rv, "id", pr->r.a.url, strlen(pr->r.a.url));
	add_assoc_string(rv, "backend", "redis");
	/* The server's memory: maxmemory (0: no limit, then null) and used_memory. */
	if (max > 0) {
		add_assoc_long(rv, "size", (zend_long)max);
		add_assoc_long(rv, "used", (zend_long)used);
		add_assoc_long(rv, "free", (zend_long)(max > used ? max - used : 0));
	} else {
		add_assoc_null(rv, "size");
		add_assoc_long(rv, "used", (zend_long)used);
		add_assoc_null(rv, "free");
	}
	add_assoc_long(rv, "entries", Z_LVAL(count));
	/* Server-wide: Redis counts hits and misses for all its clients. */
	add_assoc_long(rv, "hits", (zend_long)info_field(s, n, "keyspace_hits"));
	add_assoc_long(rv, "misses", (zend_long)info_field(s, n, "keyspace_misses"));
	add_assoc_null(rv, "layout_version");
	const char *ver = strstr(s, "redis_version:");
	if (ver) {
		ver += 14;
		add_assoc_stringl(rv, "server", ver, strcspn(ver, "\r\n"));
	}
	/* This handle's client-side cache (cache= in the id), null without one. */
	if (pr->cache) {
		shmx_rcache_stats cs;
		zval z;
		shmx_rcache_stats_get(pr->cache, &cs);
		array_init(&z);
		add_assoc_double(&z, "max_age", pr->r.a.cache);
		add_assoc_bool(&z, "tracking", cs.tracking);
		add_assoc_long(&z, "entries", (zend_long)cs.entries);
		add_assoc_long(&z, "bytes", (zend_long)cs.bytes);
		add_assoc_long(&z, "hits", (zend_long)cs.hits);
		add_assoc_long(&z, "misses", (zend_long)cs.misses);
		add_assoc_long(&z, "invalidations", (zend_long)cs.invalidations);
		add_assoc_long(&z, "resets", (zend_long)cs.resets);
		add_assoc_zval(rv, "client_cache", &z);
	} else {
		add_assoc_null(rv, "client_cache");
	}
	shmx_redis_reply_free(rp);
}

/* ---- Counter ------------------------------------------------------------------------------- */

zend_result php_shmx_rcounter_init(php_shmx_redis *pr, zend_long initial, const zend_string *mode)
{
	char m = mode ? ZSTR_VAL(mode)[0] : 'c';
	char num[24];
	shmx_redis_reply *rp;
	const char *eargv[2] = {"EXISTS", ZSTR_VAL(pr->ctr)};
	size_t elens[2] = {6, ZSTR_LEN(pr->ctr)};
	/* EXISTS first in every mode: it needs no memory, so a counter that is there opens at
	 * maxmemory, where the SET NX that creates one would be refused even as a no-op. */
	if (!(rp = command(pr, 2, eargv, elens))) {
		return FAILURE;
	}
	long long n = shmx_redis_reply_int(rp);
	shmx_redis_reply_free(rp);
	if (n && m == 'n') {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: the counter exists (mode \"n\")", pr->r.a.url);
		return FAILURE;
	}
	if (!n && (m == 'c' || m == 'n')) {
		/* NX: another process may have made it since. */
		snprintf(num, sizeof(num), ZEND_LONG_FMT, initial);
		const char *argv[4] = {"SET", ZSTR_VAL(pr->ctr), num, "NX"};
		size_t lens[4] = {3, ZSTR_LEN(pr->ctr), strlen(num), 2};
		if (!(rp = command(pr, 4, argv, lens))) {
			return FAILURE;
		}
		bool created = shmx_redis_reply_type(rp) == SHMX_RR_STATUS;
		shmx_redis_reply_free(rp);
		if (m == 'n' && !created) {
			zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: the counter exists (mode \"n\")", pr->r.a.url);
			return FAILURE;
		}
		return SUCCESS;
	}
	if (!n) {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: no counter there (mode \"%c\" opens an existing one)", pr->r.a.url, m);
		return FAILURE;
	}
	return SUCCESS;
}

/* The counter holds s, which is not an int (damaged, or not written by shmx); why: the
 * server's words, or NULL. */
static void counter_corrupt(php_shmx_redis *pr, const char *s, size_t n, const char *why)
{
	zend_throw_exception_ex(shmx_ce_CorruptException, 0, "%s: the counter holds \"%.*s\", not an integer%s%s%s",
		pr->r.a.url, (int)(n > 40 ? 40 : n), s, why ? " (" : "", why ? why : "", why ? ")" : "");
}

/* A decimal int reply (string or integer) -> rv; a counter that is gone reads 0. */
static void counter_value(php_shmx_redis *pr, const shmx_redis_reply *rp, zval *rv)
{
	zend_long l;
	size_t n;
	if (shmx_redis_reply_type(rp) == SHMX_RR_INTEGER) {
		ZVAL_LONG(rv, (zend_long)shmx_redis_reply_int(rp));
		return;
	}
	if (shmx_redis_reply_type(rp) == SHMX_RR_NIL) {
		ZVAL_LONG(rv, 0);
		return;
	}
	const char *s = shmx_redis_reply_str(rp, &n);
	/* Only the decimal INCRBY itself takes (" 5", "007", "+5" and "-0" are not). */
	if (!canonical_int(s, n, &l)) {
		counter_corrupt(pr, s, n, NULL);
		return;
	}
	ZVAL_LONG(rv, l);
}

void php_shmx_rcounter_get(php_shmx_redis *pr, zval *rv)
{
	const char *argv[2] = {"GET", ZSTR_VAL(pr->ctr)};
	size_t lens[2] = {3, ZSTR_LEN(pr->ctr)};
	shmx_redis_reply *rp = command(pr, 2, argv, lens);
	if (rp) {
		counter_value(pr, rp, rv);
		shmx_redis_reply_free(rp);
	}
}

void php_shmx_rcounter_set(php_shmx_redis *pr, zend_long value)
{
	char num[24];
	if (!writable(pr, "Counter")) {
		return;
	}
	snprintf(num, sizeof(num), ZEND_LONG_FMT, value);
	const char *argv[3] = {"SET", ZSTR_VAL(pr->ctr), num};
	size_t lens[3] = {3, ZSTR_LEN(pr->ctr), strlen(num)};
	shmx_redis_reply_free(command(pr, 3, argv, lens));
}

static void counter_overflow(const char *method, zend_long seen, char op, zend_long by)
{
	zend_throw_exception_ex(zend_ce_arithmetic_error, 0,
		"Shmx\\Counter::%s(): " ZEND_LONG_FMT " %c " ZEND_LONG_FMT " is out of the integer range; the counter was not changed",
		method, seen, op, by);
}

void php_shmx_rcounter_add(php_shmx_redis *pr, zend_long by, bool negate, zval *rv)
{
	char num[24];
	shmx_redis_reply *rp;
	shmx_error err;
	shmx_status st;
	const char *method = negate ? "decrement" : "increment";

	if (!writable(pr, "Counter")) {
		return;
	}
	if (negate && by == ZEND_LONG_MIN) {
		const char *argv[1] = {ZSTR_VAL(pr->ctr)};
		size_t lens[1] = {ZSTR_LEN(pr->ctr)};
		if (!(rp = script(pr, SHMX_RS_CTR_SUBMIN, 1, 1, argv, lens))) {
			return;
		}
		zval seen;
		ZVAL_LONG(&seen, 0);
		long long code = first_int(rp);
		if (code == -3) {
			size_t n;
			const char *s = shmx_redis_reply_str(shmx_redis_reply_at(rp, 1), &n);
			counter_corrupt(pr, s, n, NULL);
		} else {
			counter_value(pr, shmx_redis_reply_at(rp, 1), code == 1 ? rv : &seen);
			if (code != 1 && !EG(exception)) {
				counter_overflow(method, Z_LVAL(seen), '-', by);
			}
		}
		shmx_redis_reply_free(rp);
		return;
	}
	/* INCRBY/DECRBY check the range exactly and leave the value as it was. */
	snprintf(num, sizeof(num), ZEND_LONG_FMT, by);
	const char *argv[3] = {negate ? "DECRBY" : "INCRBY", ZSTR_VAL(pr->ctr), num};
	size_t lens[3] = {6, ZSTR_LEN(pr->ctr), strlen(num)};
	st = shmx_redis_command(&pr->r, 3, argv, lens, &rp, &err);
	if (st == SHMX_OK) {
		counter_value(pr, rp, rv);
		shmx_redis_reply_free(rp);
		return;
	}
	if (st == SHMX_ERR_OS && strstr(err.msg, "would overflow")) {
		zval seen;
		ZVAL_LONG(&seen, 0);
		php_shmx_rcounter_get(pr, &seen);
		if (!EG(exception)) {
			counter_overflow(method, Z_LVAL(seen), negate ? '-' : '+', by);
		}
		return;
	}
	if (st == SHMX_ERR_OS && strstr(err.msg, "not an integer")) {
		/* "ERR value is not an integer or out of range": what get() calls corrupt. */
		const char *gargv[2] = {"GET", ZSTR_VAL(pr->ctr)};
		size_t glens[2] = {3, ZSTR_LEN(pr->ctr)};
		const char *why = strstr(err.msg, "the server says: ");
		if (!(rp = command(pr, 2, gargv, glens))) {
			return;
		}
		size_t n = 0;
		const char *s = shmx_redis_reply_type(rp) == SHMX_RR_STRING ? shmx_redis_reply_str(rp, &n) : "";
		counter_corrupt(pr, s, n, why ? why : err.msg);
		shmx_redis_reply_free(rp);
		return;
	}
	throw_err(&err);
}

void php_shmx_rcounter_cas(php_shmx_redis *pr, zend_long expected, zend_long desired, zval *rv)
{
	char e[24], d[24];
	if (!writable(pr, "Counter")) {
		return;
	}
	snprintf(e, sizeof(e), ZEND_LONG_FMT, expected);
	snprintf(d, sizeof(d), ZEND_LONG_FMT, desired);
	const char *argv[3] = {ZSTR_VAL(pr->ctr), e, d};
	size_t lens[3] = {ZSTR_LEN(pr->ctr), strlen(e), strlen(d)};
	shmx_redis_reply *rp = script(pr, SHMX_RS_CTR_CAS, 1, 3, argv, lens);
	if (rp) {
		long long code = first_int(rp);
		if (code == -1) {
			size_t n = 0;
			const char *s = shmx_redis_reply_len(rp) > 1 ? shmx_redis_reply_str(shmx_redis_reply_at(rp, 1), &n) : "";
			counter_corrupt(pr, s, n, NULL);
		} else {
			ZVAL_BOOL(rv, code == 1);
		}
		shmx_redis_reply_free(rp);
	}
}

void php_shmx_rcounter_destroy(php_shmx_redis *pr)
{
	const char *argv[2] = {"DEL", ZSTR_VAL(pr->ctr)};
	size_t lens[2] = {3, ZSTR_LEN(pr->ctr)};
	shmx_redis_reply_free(command(pr, 2, argv, lens));
}
