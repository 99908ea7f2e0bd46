/*
 * counter.h: Shmx\Counter's core, one signed 64-bit cell in its own region, changed only by
 * single __atomic operations, so it is exact under any number of processes and needs no lock
 * (a process killed at any instant leaves either the old value or the new one).
 *
 * Overflow is detected inside the compare-and-swap loop, before anything is stored: an add
 * that would pass INT64_MAX or INT64_MIN stores nothing and reports SHMX_ERR_OVERFLOW.
 */
#ifndef SHMX_COUNTER_H
#define SHMX_COUNTER_H

#include "region.h"

typedef struct shmx_counter_shared {
	int64_t value;        /* the counter; 8-byte aligned (the payload starts at offset 64) */
	uint8_t reserved[56]; /* zero; keeps the cell alone on its cache line */
} shmx_counter_shared;

_Static_assert(sizeof(shmx_counter_shared) == 64, "Counter payload is 64 bytes");

typedef struct shmx_counter {
	shmx_map map;     /* addr NULL when not open */
	int64_t *cell;    /* &payload->value */
} shmx_counter;

/* $initial is stored only if this call formats the region (creates the counter). */
shmx_status shmx_counter_open(shmx_counter *c, const shmx_id *id, int64_t initial, int flags, uint32_t perms, shmx_error *err);
void shmx_counter_close(shmx_counter *c);

static inline int64_t shmx_counter_get(const shmx_counter *c)
{
	return __atomic_load_n(c->cell, __ATOMIC_SEQ_CST);
}

static inline void shmx_counter_set(shmx_counter *c, int64_t v)
{
	__atomic_store_n(c->cell, v, __ATOMIC_SEQ_CST);
}

/* *now = value + by, or SHMX_ERR_OVERFLOW with the value untouched (*now is the value seen). */
static inline shmx_status shmx_counter_add(shmx_counter *c, int64_t by, int64_t *now)
{
	int64_t cur = __atomic_load_n(c->cell, __ATOMIC_RELAXED), next;
	do {
		if (__builtin_add_overflow(cur, by, &next)) {
			*now = cur;
			return SHMX_ERR_OVERFLOW;
		}
	} while (!__atomic_compare_exchange_n(c->cell, &cur, next, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	*now = next;
	return SHMX_OK;
}

/* As shmx_counter_add with value - by (by may be INT64_MIN). */
static inline shmx_status shmx_counter_sub(shmx_counter *c, int64_t by, int64_t *now)
{
	int64_t cur = __atomic_load_n(c->cell, __ATOMIC_RELAXED), next;
	do {
		if (__builtin_sub_overflow(cur, by, &next)) {
			*now = cur;
			return SHMX_ERR_OVERFLOW;
		}
	} while (!__atomic_compare_exchange_n(c->cell, &cur, next, 1, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED));
	*now = next;
	return SHMX_OK;
}

static inline int shmx_counter_cas(shmx_counter *c, int64_t expected, int64_t desired)
{
	return __atomic_compare_exchange_n(c->cell, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

#endif
