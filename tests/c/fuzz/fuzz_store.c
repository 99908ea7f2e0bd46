/*
 * fuzz_store.c: the Store (src/store*.c, alloc.c) on memory another process has written into.
 *
 * A real store is formatted once (with a fixed hash seed, so that the same input always
 * reaches the same buckets) and filled with one entry of each type; each input starts from a
 * copy of it and patches bytes anywhere in it: header, lock, fast slots, allocator, buckets,
 * entries. That reaches the deep code (chains, entries, the repair) where random bytes alone
 * would stop at the first magic check. Input: byte 0 picks options, byte 1 the lock word (see
 * fuzz_pick_word: a dead holder makes the first write repair the store); then records of
 * [offset hi, offset lo, length, bytes...] patch the region.
 *
 * Then a read-only handle reads everything (get of each key, keys, count, info), which must
 * not change a byte; and a writable handle writes (put, increment, cas, delete, clear), which
 * must leave the writer lock free. Nothing may crash, hang or touch memory outside the map
 * (a guard page follows it). Writes do not wait for the lock (a live holder is a timeout).
 */
#include "fuzz_common.h"
#include "../../../src/store.h"
#include "../../../src/region.h"

#include <time.h>

#define STORE_SIZE 32768

static shmx_map map;
static char template[STORE_SIZE];
static char before[STORE_SIZE];

static const char *const keys[] = { "int", "float", "str", "ser", "null", "ttl", "n", "gone" };
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static char *sink(void *ctx, size_t len)
{
	char **p = ctx;
	free(*p);
	*p = malloc(len ? len : 1);
	return *p;
}

static int on_key(void *ctx, const char *key, size_t len)
{
	FUZZ_ASSERT(len >= 1 && len <= SHMX_STORE_KEY_MAX);
	(*(size_t *)ctx)++;
	volatile char c = key[0] ^ key[len - 1];
	(void)c;
	return 0;
}

static void build_template(void)
{
	shmx_store s;
	shmx_error err;
	fuzz_map(&map, STORE_SIZE);
	FUZZ_ASSERT(shmx_store_attach(&s, &map, 1, &err) == SHMX_OK);
	s.hdr->seed = 0x0123456789abcdefull;
	shmx_store_detach(&s);
	FUZZ_ASSERT(shmx_store_attach(&s, &map, 0, &err) == SHMX_OK);
	shmx_value v = { .type = SHMX_T_INT, .l = 42 };
	FUZZ_ASSERT(shmx_store_put(&s, "int", 3, &v, 0, 0, &err) == SHMX_OK);
	v = (shmx_value){ .type = SHMX_T_FLOAT, .d = 1.5 };
	FUZZ_ASSERT(shmx_store_put(&s, "float", 5, &v, 0, 0, &err) == SHMX_OK);
	v = (shmx_value){ .type = SHMX_T_STRING, .bytes = "a string value", .len = 14 };
	FUZZ_ASSERT(shmx_store_put(&s, "str", 3, &v, 0, 0, &err) == SHMX_OK);
	v = (shmx_value){ .type = SHMX_T_SERIALIZED, .serializer = SHMX_SER_PHP, .bytes = "a:0:{}", .len = 6 };
	FUZZ_ASSERT(shmx_store_put(&s, "ser", 3, &v, 0, 0, &err) == SHMX_OK);
	v = (shmx_value){ .type = SHMX_T_NULL };
	FUZZ_ASSERT(shmx_store_put(&s, "null", 4, &v, 0, 0, &err) == SHMX_OK);
	v = (shmx_value){ .type = SHMX_T_STRING, .bytes = "expires", .len = 7 };
	FUZZ_ASSERT(shmx_store_put(&s, "ttl", 3, &v, (uint32_t)time(NULL) + 100000000u, 0, &err) == SHMX_OK);
	FUZZ_ASSERT(shmx_store_put(&s, "gone", 4, &v, (uint32_t)time(NULL) - 10, 0, &err) == SHMX_OK);
	v = (shmx_value){ .type = SHMX_T_INT, .l = 1 };
	for (int i = 0; i < 3; i++) {
		shmx_value r;
		FUZZ_ASSERT(shmx_store_increment(&s, "n", 1, &v, &r, &err) == SHMX_OK);
	}
	shmx_store_detach(&s);
	memcpy(template, map.addr, STORE_SIZE);
}

static void reads(shmx_store *s)
{
	shmx_error err;
	shmx_value out;
	char *buf = NULL;
	for (size_t i = 0; i < NKEYS; i++) {
		shmx_status st = shmx_store_get(s, keys[i], strlen(keys[i]), &out, sink, &buf, &err);
		FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_NOT_FOUND || st == SHMX_ERR_CORRUPT || st == SHMX_ERR_TIMEOUT);
		if (st == SHMX_OK && out.type >= SHMX_T_STRING) {
			FUZZ_ASSERT(out.len < STORE_SIZE);
		}
	}
	size_t n = 0;
	shmx_status st = shmx_store_keys(s, "", 0, on_key, &n, &err);
	FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_CORRUPT);
	st = shmx_store_keys(s, "s", 1, on_key, &n, &err);
	FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_CORRUPT);
	uint64_t count;
	st = shmx_store_count(s, &count, &err);
	FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_CORRUPT);
	shmx_store_stats info;
	st = shmx_store_info(s, &info, &err);
	FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_CORRUPT);
	if (st == SHMX_OK) {
		FUZZ_ASSERT(info.used + info.free == info.size);
	}
	free(buf);
}

static int lock_free_or_nested(const shmx_store *s, int nested_expected)
{
	uint32_t w = s->hdr->lock.word & ~SHMX_LOCK_WAITERS;
	return w != fuzz_word(shmx_tid()) || nested_expected;
}

static void writes(shmx_store *s, uint8_t opts, int nested)
{
	shmx_error err;
	shmx_value v, r;
	int swapped;
	v = (shmx_value){ .type = SHMX_T_STRING, .bytes = "new value", .len = 9 };
	(void)shmx_store_put(s, "str", 3, &v, 0, 0, &err);
	FUZZ_ASSERT(lock_free_or_nested(s, nested));
	(void)shmx_store_put(s, "added", 5, &v, 0, 1, &err);
	v = (shmx_value){ .type = SHMX_T_INT, .l = 7 };
	(void)shmx_store_put(s, "int", 3, &v, 0, 0, &err);
	(void)shmx_store_increment(s, "n", 1, &v, &r, &err);
	(void)shmx_store_increment(s, "n", 1, &v, &r, &err);
	v = (shmx_value){ .type = SHMX_T_FLOAT, .d = 0.5 };
	(void)shmx_store_increment(s, "float", 5, &v, &r, &err);
	FUZZ_ASSERT(lock_free_or_nested(s, nested));
	shmx_value e = { .type = SHMX_T_INT, .l = 7 }, d = { .type = SHMX_T_STRING, .bytes = "swapped", .len = 7 };
	(void)shmx_store_cas(s, "int", 3, &e, &d, &swapped, &err);
	(void)shmx_store_delete(s, "ser", 3, &err);
	(void)shmx_store_delete(s, "gone", 4, &err);
	FUZZ_ASSERT(lock_free_or_nested(s, nested));
	if (opts & 2) {
		/* Fill it up: allocation failures and the rebuild. */
		char key[8];
		static char big[700];
		v = (shmx_value){ .type = SHMX_T_STRING, .bytes = big, .len = sizeof(big) };
		for (int i = 0; i < 40; i++) {
			snprintf(key, sizeof(key), "f%d", i);
			if (shmx_store_put(s, key, strlen(key), &v, (opts & 8) ? (uint32_t)time(NULL) - 1 : 0, 0, &err) != SHMX_OK) {
				break;
			}
		}
	}
	if (opts & 4) {
		(void)shmx_store_clear(s, &err);
		FUZZ_ASSERT(lock_free_or_nested(s, nested));
	}
	if (opts & 16) {
		int n2;
		if (shmx_store_lock(s, 0, &n2, &err) == SHMX_OK) {
			v = (shmx_value){ .type = SHMX_T_INT, .l = 1 };
			(void)shmx_store_put(s, "in-lock", 7, &v, 0, 0, &err);
			FUZZ_ASSERT(shmx_store_unlock(s, n2, &err) == SHMX_OK || n2);
		}
		FUZZ_ASSERT(lock_free_or_nested(s, nested));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shmx_error err;
	shmx_store ro, rw;
	if (!map.addr) {
		build_template();
		shmx_store_write_timeout_ns = 0; /* a write tries the lock once: no waits */
	}
	memcpy(map.addr, template, STORE_SIZE);
	uint8_t opts = size > 0 ? data[0] : 0, sel = size > 1 ? data[1] : 0;
	for (size_t p = 2; p + 3 <= size; ) {
		size_t off = (((size_t)data[p] << 8) | data[p + 1]) % STORE_SIZE;
		size_t len = data[p + 2];
		p += 3;
		if (len > size - p) {
			len = size - p;
		}
		if (len > STORE_SIZE - off) {
			len = STORE_SIZE - off;
		}
		memcpy((char *)map.addr + off, data + p, len);
		p += len;
	}
	shmx_region_header *h = map.addr;
	if (h->magic == SHMX_REGION_INITIALISING || (h->magic == 0 && !(opts & 1))) {
		return 0; /* waits up to 2 s for a formatter: see fuzz_region.c */
	}
	shmx_store_header *sh = (shmx_store_header *)((char *)map.addr + SHMX_REGION_HEADER_SIZE);
	fuzz_pick_word(&sh->lock, sel);
	int nested = (sh->lock.word & ~SHMX_LOCK_WAITERS) == fuzz_word(shmx_tid());

	shmx_map ro_map = map;
	ro_map.readonly = 1;
	memcpy(before, map.addr, STORE_SIZE);
	/* (A read-only handle waits 2 s for a header of zeros to be formatted: skipped.) */
	if (h->magic != 0 && shmx_store_attach(&ro, &ro_map, 0, &err) == SHMX_OK) {
		reads(&ro);
		shmx_value v = { .type = SHMX_T_INT, .l = 1 };
		FUZZ_ASSERT(shmx_store_put(&ro, "int", 3, &v, 0, 0, &err) == SHMX_ERR_STATE);
		FUZZ_ASSERT(memcmp(before, map.addr, STORE_SIZE) == 0);
		shmx_store_detach(&ro);
	}

	if (shmx_store_attach(&rw, &map, (opts & 1) != 0, &err) == SHMX_OK) {
		reads(&rw);
		writes(&rw, opts, nested);
		reads(&rw);
		shmx_store_detach(&rw);
		FUZZ_ASSERT(lock_free_or_nested(&rw, nested));
	}
	return 0;
}
