/*
 * fuzz_region.c: shmx_region_attach (src/region.c) on a mapping whose first bytes come from
 * the fuzzer. The input is the start of the mapping (the rest is zero); its last byte picks the
 * kind asked for, whether formatting is allowed and whether the map is read-only. Invariants:
 * an attach that succeeds describes a payload inside the mapping of the kind asked for; memory
 * whose header is neither all zeros nor valid is never written.
 *
 * A header left "being formatted" (INIT) by a live or unknown process is waited for, up to 2
 * seconds, and so is a header of zeros by a handle that may not format (read-only, or told not
 * to): correct, but it would make the fuzzer slow, so such inputs run only when the
 * formatter's pid is one that is dead and this handle may format (a fast take-over).
 */
#include "fuzz_common.h"
#include "../../../src/region.h"

#define MAP_SIZE 8192

static shmx_map map;
static char before[MAP_SIZE];

static int init_payload(void *payload, size_t payload_size, void *arg)
{
	const unsigned char *p = payload;
	FUZZ_ASSERT((char *)payload == (char *)map.addr + SHMX_REGION_HEADER_SIZE);
	FUZZ_ASSERT(payload_size + SHMX_REGION_HEADER_SIZE <= map.size);
	for (size_t i = 0; i < payload_size; i++) {
		FUZZ_ASSERT(p[i] == 0);
	}
	memset(payload, 0x5a, payload_size);
	return arg != NULL; /* non-zero: the kind's init refuses */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shmx_error err;
	void *payload = NULL;
	size_t payload_size = 0;
	if (!map.addr) {
		fuzz_map(&map, MAP_SIZE);
	}
	if (size == 0) {
		return 0;
	}
	uint8_t sel = data[size - 1];
	size--;
	memset(map.addr, 0, MAP_SIZE);
	memcpy(map.addr, data, size < MAP_SIZE ? size : MAP_SIZE);
	shmx_region_header *h = map.addr;
	/* The PID field names the dead thread, this process, or stays as it is. */
	if ((sel & 0x60) == 0x20) {
		h->init_pid = (int32_t)fuzz_dead_tid();
	}
	int may_format = (sel & 0x08) != 0;
	int formats = may_format && !(sel & 0x10);
	if (h->magic == SHMX_REGION_INITIALISING && (h->init_pid != (int32_t)fuzz_dead_tid() || !formats)) {
		return 0;
	}
	if (h->magic == 0 && !formats) {
		return 0; /* waits 2 s for a formatter that will never come */
	}
	shmx_region_kind kind = (shmx_region_kind)(sel & 7);
	size_t min_payload = (sel & 0x80) ? 64 : 0;
	map.readonly = (sel & 0x10) != 0;
	map.size = MAP_SIZE - ((sel & 0x40) ? 4096 : 0);
	memcpy(before, map.addr, MAP_SIZE);
	int zero_header = 1;
	for (size_t i = 0; i < SHMX_REGION_HEADER_SIZE; i++) {
		zero_header &= ((char *)map.addr)[i] == 0;
	}

	shmx_status st = shmx_region_attach(&map, kind, min_payload, may_format, init_payload,
		(sel & 0x20) && (sel & 0x40) ? (void *)1 : NULL, &payload, &payload_size, &err);
	if (st == SHMX_OK) {
		FUZZ_ASSERT(h->magic == SHMX_REGION_MAGIC);
		FUZZ_ASSERT(h->kind == (uint32_t)kind);
		FUZZ_ASSERT(payload == (char *)map.addr + SHMX_REGION_HEADER_SIZE);
		FUZZ_ASSERT(payload_size >= min_payload);
		FUZZ_ASSERT(payload_size + SHMX_REGION_HEADER_SIZE <= map.size);
	} else {
		FUZZ_ASSERT(st == SHMX_ERR_CORRUPT || st == SHMX_ERR_OS);
		FUZZ_ASSERT(err.msg[0] != 0);
	}
	if (!zero_header && ((shmx_region_header *)before)->magic != SHMX_REGION_INITIALISING) {
		/* Foreign or already formatted: attaching never writes a byte. */
		FUZZ_ASSERT(memcmp(before, map.addr, MAP_SIZE) == 0);
	}
	map.readonly = 0;
	map.size = MAP_SIZE;
	return 0;
}
