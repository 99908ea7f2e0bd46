/*
 * fuzz_sysvshm.c: the reader and writer of ext/sysvshm's segment layout
 * (src/compat_sysvshm.c) on a segment that is entirely the fuzzer's: the input's first 16 bytes
 * are a script (two variable keys and a value to store), the rest is the segment, copied into
 * a malloc'd buffer of exactly its size so that AddressSanitizer sees any byte read or written
 * past it. Every call must stay inside the segment, and what get() returns must lie in it.
 */
#include "fuzz_common.h"
#include "../../../src/compat_sysvshm.h"

#define SCRIPT 16

static void check_get(const shmx_sysvshm *s, int64_t key)
{
	const char *data = NULL;
	size_t len = 0;
	shmx_status st = shmx_sysvshm_get(s, key, &data, &len);
	FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_NOT_FOUND || st == SHMX_ERR_CORRUPT);
	if (st == SHMX_OK) {
		FUZZ_ASSERT(data >= s->addr && len <= s->size && (size_t)(data - s->addr) <= s->size - len);
		FUZZ_ASSERT(shmx_sysvshm_has(s, key));
		volatile char sink = 0;
		for (size_t i = 0; i < len; i++) {
			sink ^= data[i];
		}
		(void)sink;
	}
	if (st == SHMX_ERR_NOT_FOUND) {
		FUZZ_ASSERT(!shmx_sysvshm_has(s, key));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < SCRIPT) {
		return 0;
	}
	size_t seg = size - SCRIPT;
	if (seg < sizeof(shmx_sysvshm_head)) {
		return 0; /* attach refuses a segment smaller than the head */
	}
	shmx_sysvshm s = { .addr = malloc(seg), .size = seg, .shmid = -1, .key = 0 };
	memcpy(s.addr, data + SCRIPT, seg);
	int64_t k1 = (int8_t)data[0], k2;
	memcpy(&k2, data + 1, sizeof(k2));
	uint8_t vlen = data[9] % 64, ops = data[10];
	char value[3 * 64];
	memset(value, data[11], sizeof(value));

	check_get(&s, k1);
	check_get(&s, k2);
	if (ops & 1) {
		shmx_status st = shmx_sysvshm_put(&s, k1, value, vlen);
		FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_FULL || st == SHMX_ERR_CORRUPT);
		if (st == SHMX_OK) {
			FUZZ_ASSERT(shmx_sysvshm_has(&s, k1));
		}
		check_get(&s, k1);
	}
	if (ops & 2) {
		shmx_status st = shmx_sysvshm_remove_var(&s, k2);
		FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_NOT_FOUND || st == SHMX_ERR_CORRUPT);
		check_get(&s, k2);
	}
	if (ops & 4) {
		shmx_status st = shmx_sysvshm_put(&s, k2, value, (size_t)vlen * 3);
		FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_FULL || st == SHMX_ERR_CORRUPT);
		check_get(&s, k1);
		check_get(&s, k2);
	}
	free(s.addr);
	return 0;
}
