/*
 * test_store.c: src/store*.c without PHP, on anonymous mappings: formatting and attaching,
 * every operation and its errors, key length limits, read-only handles, a full store that
 * changes nothing, and the repair after a writer died holding the lock.
 */
#include "shmx_test.h"
#include "../../src/store.h"
#include "../../src/region.h"

#include <unistd.h>

/* A sink that keeps one malloc'd buffer (freeing the previous one on a retry). */
typedef struct buf {
	char *p;
	size_t len;
} buf;

static char *buf_sink(void *ctx, size_t len)
{
	buf *b = ctx;
	free(b->p);
	b->p = malloc(len + 1);
	b->len = len;
	return b->p;
}

static shmx_value v_int(int64_t l) { shmx_value v = { .type = SHMX_T_INT, .l = l }; return v; }
static shmx_value v_float(double d) { shmx_value v = { .type = SHMX_T_FLOAT, .d = d }; return v; }
static shmx_value v_str(const char *s) { shmx_value v = { .type = SHMX_T_STRING, .bytes = s, .len = strlen(s) }; return v; }
static shmx_value v_type(uint8_t t) { shmx_value v = { .type = t }; return v; }

#define K(s) (s), strlen(s)

static void open_store(shmx_map *m, shmx_store *s, size_t size)
{
	shmx_error err;
	test_map_anon(m, size);
	if (shmx_store_attach(s, m, 1, &err) != SHMX_OK) {
		fprintf(stderr, "cannot attach a store: %s\n", err.msg);
		exit(2);
	}
}

static void close_store(shmx_map *m, shmx_store *s)
{
	shmx_store_detach(s);
	shmx_map_detach(m);
}

static uint64_t count_of(shmx_store *s)
{
	shmx_error err;
	uint64_t n = UINT64_MAX;
	CHECK_ST(shmx_store_count(s, &n, &err), SHMX_OK);
	return n;
}

/* The int stored for key, or INT64_MIN (with a failed check) when there is none. */
static int64_t get_int(shmx_store *s, const char *key)
{
	shmx_error err;
	shmx_value out;
	memset(&out, 0, sizeof(out));
	shmx_status st = shmx_store_get(s, K(key), &out, NULL, NULL, &err);
	if (st != SHMX_OK || out.type != SHMX_T_INT) {
		fprintf(stderr, "  get(%s): status %d, type %d\n", key, (int)st, (int)out.type);
		shmx_test_failed++;
		return INT64_MIN;
	}
	return out.l;
}

static int get_str_is(shmx_store *s, const char *key, const char *want)
{
	shmx_error err;
	shmx_value out;
	buf b = { NULL, 0 };
	int ok = shmx_store_get(s, K(key), &out, buf_sink, &b, &err) == SHMX_OK && out.type == SHMX_T_STRING
		&& out.len == strlen(want) && b.p && memcmp(b.p, want, out.len) == 0;
	free(b.p);
	return ok;
}

static void test_format_attach(void)
{
	shmx_map m, m2;
	shmx_store s, s2;
	shmx_error err;

	open_store(&m, &s, 65536);
	shmx_region_header *h = m.addr;
	CHECK(h->magic == SHMX_REGION_MAGIC);
	CHECK(h->kind == SHMX_KIND_STORE);
	CHECK(h->layout_version == SHMX_LAYOUT_VERSION);
	CHECK(h->total_size == 65536);
	CHECK(s.hdr->magic == SHMX_STORE_MAGIC);
	CHECK(count_of(&s) == 0);
	CHECK_ST(shmx_store_put(&s, K("a"), &(shmx_value){ .type = SHMX_T_INT, .l = 1 }, 0, 0, &err), SHMX_OK);

	/* A second handle on the same memory sees the same store and the same hash secrets. */
	m2 = m;
	CHECK_ST(shmx_store_attach(&s2, &m2, 0, &err), SHMX_OK);
	CHECK(s2.seed == s.seed && s2.seed2 == s.seed2);
	CHECK(get_int(&s2, "a") == 1);
	shmx_store_detach(&s2);

	/* Not a store: another kind, a bad layout, foreign bytes, never formatted. */
	uint32_t kind = h->kind;
	h->kind = SHMX_KIND_MUTEX;
	CHECK_ST(shmx_store_attach(&s2, &m2, 1, &err), SHMX_ERR_CORRUPT);
	CHECK(strstr(err.msg, "Mutex") != NULL);
	h->kind = kind;
	uint32_t bits = s.hdr->bucket_bits;
	s.hdr->bucket_bits = bits + 1;
	CHECK_ST(shmx_store_attach(&s2, &m2, 1, &err), SHMX_ERR_CORRUPT);
	s.hdr->bucket_bits = bits;
	m2.size = 32768; /* the header says more than is mapped */
	CHECK_ST(shmx_store_attach(&s2, &m2, 1, &err), SHMX_ERR_CORRUPT);
	m2.size = 65536;
	CHECK_ST(shmx_store_attach(&s2, &m2, 0, &err), SHMX_OK);
	shmx_store_detach(&s2);
	close_store(&m, &s);

	test_map_anon(&m, 65536);
	CHECK_ST(shmx_store_attach(&s, &m, 0, &err), SHMX_ERR_CORRUPT); /* zeros, may not format */
	memcpy(m.addr, "garbage!", 8);
	CHECK_ST(shmx_store_attach(&s, &m, 1, &err), SHMX_ERR_CORRUPT);
	CHECK(memcmp(m.addr, "garbage!", 8) == 0);
	shmx_map_detach(&m);
	/* Too small for a store. */
	test_map_anon(&m, 4096);
	CHECK_ST(shmx_store_attach(&s, &m, 1, &err), SHMX_ERR_CORRUPT);
	shmx_map_detach(&m);
}

static void test_put_get_delete(void)
{
	shmx_map m;
	shmx_store s;
	shmx_error err;
	shmx_value out, v;
	open_store(&m, &s, 65536);

	v = v_int(42);
	CHECK_ST(shmx_store_put(&s, K("int"), &v, 0, 0, &err), SHMX_OK);
	v = v_float(2.5);
	CHECK_ST(shmx_store_put(&s, K("float"), &v, 0, 0, &err), SHMX_OK);
	v = v_str("hello world");
	CHECK_ST(shmx_store_put(&s, K("str"), &v, 0, 0, &err), SHMX_OK);
	v = v_type(SHMX_T_NULL);
	CHECK_ST(shmx_store_put(&s, K("null"), &v, 0, 0, &err), SHMX_OK);
	v = v_type(SHMX_T_TRUE);
	CHECK_ST(shmx_store_put(&s, K("true"), &v, 0, 0, &err), SHMX_OK);
	v = (shmx_value){ .type = SHMX_T_SERIALIZED, .serializer = SHMX_SER_PHP, .bytes = "a:0:{}", .len = 6 };
	CHECK_ST(shmx_store_put(&s, K("ser"), &v, 0, 0, &err), SHMX_OK);
	CHECK(count_of(&s) == 6);

	CHECK(get_int(&s, "int") == 42);
	CHECK_ST(shmx_store_get(&s, K("float"), &out, NULL, NULL, &err), SHMX_OK);
	CHECK(out.type == SHMX_T_FLOAT && out.d == 2.5);
	CHECK(get_str_is(&s, "str", "hello world"));
	CHECK_ST(shmx_store_get(&s, K("null"), &out, NULL, NULL, &err), SHMX_OK);
	CHECK(out.type == SHMX_T_NULL);
	CHECK_ST(shmx_store_get(&s, K("true"), &out, NULL, NULL, &err), SHMX_OK);
	CHECK(out.type == SHMX_T_TRUE);
	CHECK_ST(shmx_store_get(&s, K("ser"), &out, NULL, NULL, &err), SHMX_OK);
	CHECK(out.type == SHMX_T_SERIALIZED && out.serializer == SHMX_SER_PHP && out.len == 6);
	CHECK_ST(shmx_store_get(&s, K("missing"), &out, NULL, NULL, &err), SHMX_ERR_NOT_FOUND);
	/* A NULL out only asks whether it is there. */
	CHECK_ST(shmx_store_get(&s, K("str"), NULL, NULL, NULL, &err), SHMX_OK);

	/* Replace, with another type; add refuses a live key. */
	v = v_str("now a string");
	CHECK_ST(shmx_store_put(&s, K("int"), &v, 0, 0, &err), SHMX_OK);
	CHECK(get_str_is(&s, "int", "now a string"));
	v = v_int(1);
	CHECK_ST(shmx_store_put(&s, K("int"), &v, 0, 1, &err), SHMX_ERR_EXISTS);
	CHECK(get_str_is(&s, "int", "now a string"));
	CHECK_ST(shmx_store_put(&s, K("fresh"), &v, 0, 1, &err), SHMX_OK);
	CHECK(count_of(&s) == 7);

	/* Expired entries are invisible; an expired key can be added again. */
	v = v_int(5);
	CHECK_ST(shmx_store_put(&s, K("old"), &v, (uint32_t)time(NULL) - 10, 0, &err), SHMX_OK);
	CHECK_ST(shmx_store_get(&s, K("old"), &out, NULL, NULL, &err), SHMX_ERR_NOT_FOUND);
	CHECK_ST(shmx_store_put(&s, K("old"), &v, 0, 1, &err), SHMX_OK);
	CHECK(get_int(&s, "old") == 5);

	CHECK_ST(shmx_store_delete(&s, K("str"), &err), SHMX_OK);
	CHECK_ST(shmx_store_get(&s, K("str"), &out, NULL, NULL, &err), SHMX_ERR_NOT_FOUND);
	CHECK_ST(shmx_store_delete(&s, K("str"), &err), SHMX_ERR_NOT_FOUND);
	CHECK(count_of(&s) == 7);

	shmx_store_stats info;
	CHECK_ST(shmx_store_info(&s, &info, &err), SHMX_OK);
	CHECK(info.size == 65536 && info.entries == 7 && info.used + info.free == info.size);
	CHECK(info.hits > 0 && info.misses > 0);

	CHECK_ST(shmx_store_clear(&s, &err), SHMX_OK);
	CHECK(count_of(&s) == 0);
	CHECK_ST(shmx_store_get(&s, K("true"), &out, NULL, NULL, &err), SHMX_ERR_NOT_FOUND);
	close_store(&m, &s);
}

static void test_increment_cas(void)
{
	shmx_map m;
	shmx_store s;
	shmx_error err;
	shmx_value by, r, v, e;
	int swapped;
	open_store(&m, &s, 65536);

	/* A missing key starts from 0; then the lock-free paths and the hinted one. */
	by = v_int(5);
	CHECK_ST(shmx_store_increment(&s, K("n"), &by, &r, &err), SHMX_OK);
	CHECK(r.type == SHMX_T_INT && r.l == 5);
	for (int i = 0; i < 100; i++) {
		CHECK_ST(shmx_store_increment(&s, K("n"), &by, &r, &err), SHMX_OK);
	}
	CHECK(r.l == 505 && get_int(&s, "n") == 505);
	by = (shmx_value){ .type = SHMX_T_INT, .l = 600, .subtract = 1 };
	CHECK_ST(shmx_store_increment(&s, K("n"), &by, &r, &err), SHMX_OK);
	CHECK(r.l == -95);
	/* Replacing the entry under the hint: the next increment must see the new value. */
	v = v_int(1000);
	CHECK_ST(shmx_store_put(&s, K("n"), &v, 0, 0, &err), SHMX_OK);
	by = v_int(1);
	CHECK_ST(shmx_store_increment(&s, K("n"), &by, &r, &err), SHMX_OK);
	CHECK(r.l == 1001);
	v = v_str("x");
	CHECK_ST(shmx_store_put(&s, K("n"), &v, 0, 0, &err), SHMX_OK);
	CHECK_ST(shmx_store_increment(&s, K("n"), &by, &r, &err), SHMX_ERR_TYPE);
	CHECK(get_str_is(&s, "n", "x"));

	/* Overflow changes nothing. */
	v = v_int(INT64_MAX - 1);
	CHECK_ST(shmx_store_put(&s, K("big"), &v, 0, 0, &err), SHMX_OK);
	by = v_int(1);
	CHECK_ST(shmx_store_increment(&s, K("big"), &by, &r, &err), SHMX_OK);
	CHECK(r.l == INT64_MAX);
	CHECK_ST(shmx_store_increment(&s, K("big"), &by, &r, &err), SHMX_ERR_OVERFLOW);
	CHECK(get_int(&s, "big") == INT64_MAX);

	/* Floats, and an int plus a float. */
	v = v_float(1.5);
	CHECK_ST(shmx_store_put(&s, K("f"), &v, 0, 0, &err), SHMX_OK);
	by = v_float(0.25);
	CHECK_ST(shmx_store_increment(&s, K("f"), &by, &r, &err), SHMX_OK);
	CHECK(r.type == SHMX_T_FLOAT && r.d == 1.75);
	v = v_int(2);
	CHECK_ST(shmx_store_put(&s, K("i"), &v, 0, 0, &err), SHMX_OK);
	CHECK_ST(shmx_store_increment(&s, K("i"), &by, &r, &err), SHMX_OK);
	CHECK(r.type == SHMX_T_FLOAT && r.d == 2.25);

	/* Compare-and-swap. */
	v = v_int(10);
	CHECK_ST(shmx_store_put(&s, K("c"), &v, 0, 0, &err), SHMX_OK);
	e = v_int(11);
	v = v_int(12);
	CHECK_ST(shmx_store_cas(&s, K("c"), &e, &v, &swapped, &err), SHMX_OK);
	CHECK(swapped == 0 && get_int(&s, "c") == 10);
	e = v_int(10);
	CHECK_ST(shmx_store_cas(&s, K("c"), &e, &v, &swapped, &err), SHMX_OK);
	CHECK(swapped == 1 && get_int(&s, "c") == 12);
	e = v_int(12);
	v = v_str("swapped");
	CHECK_ST(shmx_store_cas(&s, K("c"), &e, &v, &swapped, &err), SHMX_OK);
	CHECK(swapped == 1 && get_str_is(&s, "c", "swapped"));
	e = v_str("nope");
	v = v_int(1);
	CHECK_ST(shmx_store_cas(&s, K("c"), &e, &v, &swapped, &err), SHMX_OK);
	CHECK(swapped == 0 && get_str_is(&s, "c", "swapped"));
	e = v_str("swapped");
	CHECK_ST(shmx_store_cas(&s, K("c"), &e, &v, &swapped, &err), SHMX_OK);
	CHECK(swapped == 1 && get_int(&s, "c") == 1);
	e = v_int(0);
	CHECK_ST(shmx_store_cas(&s, K("nothing"), &e, &v, &swapped, &err), SHMX_OK);
	CHECK(swapped == 0);
	close_store(&m, &s);
}

typedef struct keyset {
	int n;
	char seen[16][16];
	int stop_after;
} keyset;

static int collect(void *ctx, const char *key, size_t len)
{
	keyset *k = ctx;
	if (k->n < 16 && len < 16) {
		memcpy(k->seen[k->n], key, len);
		k->seen[k->n][len] = 0;
	}
	k->n++;
	return k->stop_after && k->n >= k->stop_after;
}

static int has_key(const keyset *k, const char *key)
{
	for (int i = 0; i < k->n && i < 16; i++) {
		if (strcmp(k->seen[i], key) == 0) {
			return 1;
		}
	}
	return 0;
}

static void test_keys_count(void)
{
	shmx_map m;
	shmx_store s;
	shmx_error err;
	shmx_value v = v_int(1);
	open_store(&m, &s, 65536);
	const char *names[] = { "user:1", "user:2", "user:3", "job:1", "job:2" };
	for (int i = 0; i < 5; i++) {
		CHECK_ST(shmx_store_put(&s, K(names[i]), &v, 0, 0, &err), SHMX_OK);
	}
	CHECK_ST(shmx_store_put(&s, K("gone"), &v, (uint32_t)time(NULL) - 5, 0, &err), SHMX_OK);
	CHECK(count_of(&s) == 5); /* the expired one is not counted */

	keyset k = { 0 };
	CHECK_ST(shmx_store_keys(&s, "", 0, collect, &k, &err), SHMX_OK);
	CHECK(k.n == 5);
	for (int i = 0; i < 5; i++) {
		CHECK(has_key(&k, names[i]));
	}
	CHECK(!has_key(&k, "gone"));
	memset(&k, 0, sizeof(k));
	CHECK_ST(shmx_store_keys(&s, K("user:"), collect, &k, &err), SHMX_OK);
	CHECK(k.n == 3 && has_key(&k, "user:2") && !has_key(&k, "job:1"));
	memset(&k, 0, sizeof(k));
	CHECK_ST(shmx_store_keys(&s, K("none:"), collect, &k, &err), SHMX_OK);
	CHECK(k.n == 0);
	memset(&k, 0, sizeof(k));
	k.stop_after = 2;
	CHECK_ST(shmx_store_keys(&s, "", 0, collect, &k, &err), SHMX_OK);
	CHECK(k.n == 2);
	close_store(&m, &s);
}

static void test_key_limits(void)
{
	shmx_map m;
	shmx_store s;
	shmx_error err;
	shmx_value v = v_int(7), out, r;
	int swapped;
	open_store(&m, &s, 262144);
	char *big = malloc(SHMX_STORE_KEY_MAX + 2);
	memset(big, 'k', SHMX_STORE_KEY_MAX + 2);

	CHECK_ST(shmx_store_put(&s, K("keep"), &v, 0, 0, &err), SHMX_OK);
	shmx_store_stats before, after;
	CHECK_ST(shmx_store_info(&s, &before, &err), SHMX_OK);

	const size_t bad[] = { 0, SHMX_STORE_KEY_MAX + 1 };
	for (int i = 0; i < 2; i++) {
		size_t n = bad[i];
		CHECK_ST(shmx_store_put(&s, big, n, &v, 0, 0, &err), SHMX_ERR_RANGE);
		CHECK(strstr(err.msg, "1 to 65535 bytes") != NULL);
		CHECK_ST(shmx_store_put(&s, big, n, &v, 0, 1, &err), SHMX_ERR_RANGE);
		CHECK_ST(shmx_store_get(&s, big, n, &out, NULL, NULL, &err), SHMX_ERR_RANGE);
		CHECK_ST(shmx_store_delete(&s, big, n, &err), SHMX_ERR_RANGE);
		CHECK_ST(shmx_store_increment(&s, big, n, &v, &r, &err), SHMX_ERR_RANGE);
		CHECK_ST(shmx_store_cas(&s, big, n, &v, &v, &swapped, &err), SHMX_ERR_RANGE);
	}
	CHECK_ST(shmx_store_info(&s, &after, &err), SHMX_OK);
	CHECK(after.entries == before.entries && after.used == before.used);
	CHECK(after.misses == before.misses && after.hits == before.hits);

	/* The longest key works, and so does a 1-byte one. */
	CHECK_ST(shmx_store_put(&s, big, SHMX_STORE_KEY_MAX, &v, 0, 0, &err), SHMX_OK);
	CHECK_ST(shmx_store_get(&s, big, SHMX_STORE_KEY_MAX, &out, NULL, NULL, &err), SHMX_OK);
	CHECK(out.type == SHMX_T_INT && out.l == 7);
	CHECK_ST(shmx_store_get(&s, big, SHMX_STORE_KEY_MAX - 1, &out, NULL, NULL, &err), SHMX_ERR_NOT_FOUND);
	CHECK_ST(shmx_store_put(&s, "x", 1, &v, 0, 0, &err), SHMX_OK);
	CHECK(count_of(&s) == 3);
	CHECK_ST(shmx_store_delete(&s, big, SHMX_STORE_KEY_MAX, &err), SHMX_OK);
	CHECK(count_of(&s) == 2);
	free(big);
	close_store(&m, &s);
}

static void test_read_only(void)
{
	shmx_map m, ro_map;
	shmx_store s, ro;
	shmx_error err;
	shmx_value v = v_int(3), out, r;
	int swapped, nested;
	open_store(&m, &s, 65536);
	CHECK_ST(shmx_store_put(&s, K("n"), &v, 0, 0, &err), SHMX_OK);

	ro_map = m;
	ro_map.readonly = 1;
	CHECK_ST(shmx_store_attach(&ro, &ro_map, 0, &err), SHMX_OK);
	CHECK(get_int(&ro, "n") == 3);
	CHECK_ST(shmx_store_put(&ro, K("n"), &v, 0, 0, &err), SHMX_ERR_STATE);
	CHECK(strstr(err.msg, "read-only") != NULL);
	shmx_value f = v_float(1.0);
	CHECK_ST(shmx_store_put(&ro, K("f"), &f, 0, 0, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_store_put(&ro, K("new"), &v, 0, 1, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_store_delete(&ro, K("n"), &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_store_increment(&ro, K("n"), &v, &r, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_store_cas(&ro, K("n"), &v, &v, &swapped, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_store_clear(&ro, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_store_lock(&ro, 0, &nested, &err), SHMX_ERR_STATE);
	CHECK(get_int(&s, "n") == 3);
	CHECK(count_of(&ro) == 1);
	CHECK_ST(shmx_store_get(&ro, K("new"), &out, NULL, NULL, &err), SHMX_ERR_NOT_FOUND);
	CHECK(s.hdr->lock.word == 0);
	shmx_store_detach(&ro);
	close_store(&m, &s);
}

static void test_full(void)
{
	shmx_map m;
	shmx_store s;
	shmx_error err;
	char key[32], val[200];
	open_store(&m, &s, SHMX_STORE_MIN_SIZE * 2);
	memset(val, 'v', sizeof(val) - 1);
	val[sizeof(val) - 1] = 0;
	shmx_value v = v_str(val);

	int n = 0;
	shmx_status st;
	for (;;) {
		snprintf(key, sizeof(key), "key%d", n);
		st = shmx_store_put(&s, K(key), &v, 0, 0, &err);
		if (st != SHMX_OK) {
			break;
		}
		n++;
		if (n > 100000) {
			break;
		}
	}
	CHECK(st == SHMX_ERR_FULL);
	CHECK(n > 10);
	shmx_store_stats before, after;
	CHECK_ST(shmx_store_info(&s, &before, &err), SHMX_OK);
	CHECK(before.entries == (uint64_t)n);
	/* A bigger value over an existing key fails and leaves the old value; so does add. */
	char bigger[1024];
	memset(bigger, 'B', sizeof(bigger) - 1);
	bigger[sizeof(bigger) - 1] = 0;
	shmx_value vb = v_str(bigger);
	CHECK_ST(shmx_store_put(&s, K("key0"), &vb, 0, 0, &err), SHMX_ERR_FULL);
	CHECK(get_str_is(&s, "key0", val));
	CHECK_ST(shmx_store_put(&s, K("another"), &vb, 0, 1, &err), SHMX_ERR_FULL);
	/* A value that can never fit says so. */
	static char huge[SHMX_STORE_MIN_SIZE * 2];
	shmx_value vh = { .type = SHMX_T_STRING, .bytes = huge, .len = sizeof(huge) };
	CHECK_ST(shmx_store_put(&s, K("huge"), &vh, 0, 0, &err), SHMX_ERR_FULL);
	CHECK(strstr(err.msg, "never fit") != NULL);
	CHECK_ST(shmx_store_info(&s, &after, &err), SHMX_OK);
	CHECK(after.entries == before.entries && after.used == before.used);
	/* An int in place over an int needs no memory, even now... */
	shmx_value i1 = v_int(1);
	CHECK_ST(shmx_store_delete(&s, K("key1"), &err), SHMX_OK);
	CHECK_ST(shmx_store_put(&s, K("num"), &i1, 0, 0, &err), SHMX_OK);
	for (int i = 0; i < 40; i++) {
		snprintf(key, sizeof(key), "fill%d", i);
		shmx_store_put(&s, K(key), &i1, 0, 0, &err);
	}
	shmx_value i2 = v_int(2);
	CHECK_ST(shmx_store_put(&s, K("num"), &i2, 0, 0, &err), SHMX_OK);
	CHECK(get_int(&s, "num") == 2);
	/* ...and deleting makes room again (freed space is reused after a rebuild). */
	for (int i = 2; i < n; i++) {
		snprintf(key, sizeof(key), "key%d", i);
		CHECK_ST(shmx_store_delete(&s, K(key), &err), SHMX_OK);
	}
	CHECK_ST(shmx_store_put(&s, K("key0"), &vb, 0, 0, &err), SHMX_OK);
	CHECK(get_str_is(&s, "key0", bigger));
	close_store(&m, &s);
}

/* Forked: take the writer lock, leak a block and spoil the counters as a writer killed in
 * the middle could, then die holding the lock. */
static void crash_in_write(void *arg)
{
	shmx_store *s = arg;
	shmx_error err;
	int rec;
	if (shmx_lock_acquire(&s->hdr->lock, 0, &rec, &err) != SHMX_OK) {
		_exit(3);
	}
	if (!shmx_alloc(&s->arena, 4096)) {
		_exit(4);
	}
	s->hdr->entries += 5;
	_exit(0);
}

/* Forked: what clear() does up to the point of no return (every entry retired, `clearing`
 * set), then die holding the lock. */
static void crash_in_clear(void *arg)
{
	shmx_store *s = arg;
	shmx_error err;
	int rec;
	if (shmx_lock_acquire(&s->hdr->lock, 0, &rec, &err) != SHMX_OK) {
		_exit(3);
	}
	for (uint64_t b = 0; b <= s->mask; b++) {
		for (uint32_t off8 = s->buckets[b]; off8; ) {
			shmx_entry *e = (shmx_entry *)(s->base + (uint64_t)off8 * SHMX_OFF_UNIT);
			__atomic_or_fetch(&e->hash, SHMX_ENTRY_RETIRED, __ATOMIC_SEQ_CST);
			off8 = e->next;
		}
	}
	s->hdr->clearing = 1;
	_exit(0);
}

static void test_repair_after_crash(void)
{
	shmx_map m, ro_map;
	shmx_store s, ro;
	shmx_error err;
	shmx_value v = v_int(1), out;
	char key[16];
	open_store(&m, &s, 65536);
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		v.l = i;
		CHECK_ST(shmx_store_put(&s, K(key), &v, 0, 0, &err), SHMX_OK);
	}
	shmx_store_stats before, mid, after;
	CHECK_ST(shmx_store_info(&s, &before, &err), SHMX_OK);

	CHECK(test_in_child(crash_in_write, &s) == 0);
	CHECK(shmx_lock_abandoned(&s.hdr->lock));
	CHECK(s.hdr->entries == 25);
	/* Before any repair, count() counts the index, in a read-only handle too. */
	CHECK(count_of(&s) == 20);
	ro_map = m;
	ro_map.readonly = 1;
	CHECK_ST(shmx_store_attach(&ro, &ro_map, 0, &err), SHMX_OK);
	CHECK(count_of(&ro) == 20);
	CHECK(get_int(&ro, "k7") == 7);
	CHECK_ST(shmx_store_info(&s, &mid, &err), SHMX_OK);
	CHECK(mid.used == before.used + 4096);

	/* The next write takes the lock over and rebuilds the allocator and counters. */
	v.l = 100;
	CHECK_ST(shmx_store_put(&s, K("after"), &v, 0, 0, &err), SHMX_OK);
	CHECK(!shmx_lock_abandoned(&s.hdr->lock));
	CHECK(s.hdr->lock.word == 0);
	CHECK(s.hdr->entries == 21);
	CHECK_ST(shmx_store_info(&s, &after, &err), SHMX_OK);
	CHECK(after.entries == 21);
	CHECK(after.used == before.used + 48); /* the leaked 4096 are back; "after" took 48 */
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		CHECK(get_int(&s, key) == i);
	}
	CHECK(get_int(&s, "after") == 100);
	CHECK(get_int(&ro, "after") == 100);

	/* A writer killed inside clear() after it had decided: the repair finishes the clear. */
	CHECK_ST(shmx_store_get(&s, K("k3"), &out, NULL, NULL, &err), SHMX_OK);
	CHECK(test_in_child(crash_in_clear, &s) == 0);
	v.l = 1;
	CHECK_ST(shmx_store_put(&s, K("only"), &v, 0, 0, &err), SHMX_OK);
	CHECK(count_of(&s) == 1);
	CHECK_ST(shmx_store_get(&s, K("k3"), &out, NULL, NULL, &err), SHMX_ERR_NOT_FOUND);
	CHECK(get_int(&s, "only") == 1);
	shmx_store_detach(&ro);
	close_store(&m, &s);
}

/* lock() from this process: writes inside it are nested, a second lock() too. */
/* The smallest size PHP lets a Store be created with holds one: the header grows with the
 * layout versions, and SHMX_STORE_MIN_SIZE must grow with it. */
static void test_min_size(void)
{
	shmx_map m;
	shmx_store s;
	shmx_error err;
	test_map_anon(&m, SHMX_STORE_MIN_SIZE);
	CHECK_ST(shmx_store_attach(&s, &m, 1, &err), SHMX_OK);
	shmx_value v = v_str("a value");
	CHECK_ST(shmx_store_put(&s, K("k"), &v, 0, 0, &err), SHMX_OK);
	close_store(&m, &s);
}

static void test_lock_nested(void)
{
	shmx_map m;
	shmx_store s;
	shmx_error err;
	shmx_value v = v_int(9);
	int nested = -1, nested2 = -1;
	open_store(&m, &s, 65536);
	CHECK_ST(shmx_store_lock(&s, 0, &nested, &err), SHMX_OK);
	CHECK(nested == 0);
	CHECK(shmx_lock_held(&s.hdr->lock));
	CHECK(s.hdr->fast_block == 1);
	CHECK_ST(shmx_store_put(&s, K("in"), &v, 0, 0, &err), SHMX_OK);
	CHECK_ST(shmx_store_lock(&s, 0, &nested2, &err), SHMX_OK);
	CHECK(nested2 == 1);
	CHECK_ST(shmx_store_unlock(&s, nested2, &err), SHMX_OK);
	CHECK(shmx_lock_held(&s.hdr->lock));
	CHECK_ST(shmx_store_unlock(&s, nested, &err), SHMX_OK);
	CHECK(!shmx_lock_held(&s.hdr->lock));
	CHECK(s.hdr->fast_block == 0);
	CHECK(get_int(&s, "in") == 9);
	close_store(&m, &s);
}

int main(void)
{
	RUN(test_format_attach);
	RUN(test_put_get_delete);
	RUN(test_increment_cas);
	RUN(test_keys_count);
	RUN(test_key_limits);
	RUN(test_read_only);
	RUN(test_full);
	RUN(test_repair_after_crash);
	RUN(test_min_size);
	RUN(test_lock_nested);
	return TESTS_DONE();
}
