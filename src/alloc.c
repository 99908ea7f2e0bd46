/*
 * alloc.c: segregated free lists over a Store's data area (see alloc.h for the model).
 *
 * Invariants kept with the writer lock held: every block on a free list lies inside
 * [data_off, data_end), is grain-aligned and at least SHMX_ALLOC_MIN bytes; a block is in at
 * most one of {allocated, limbo, a free list, above top}. Anything read back from a free list
 * is checked before use, because the memory is shared with processes that may misbehave: a
 * broken list is dropped (its space comes back at the next rebuild), never followed.
 */
#include "alloc.h"

#include <stdlib.h>

#define LIST_WALK_MAX 4096 /* first-fit scans of a large-size list stop here */

static inline unsigned bin_of(uint64_t size)
{
	if (size <= SHMX_ALLOC_SMALL_MAX) {
		return (unsigned)((size - SHMX_ALLOC_MIN) / SHMX_ALLOC_GRAIN);
	}
	unsigned lg = 63u - (unsigned)__builtin_clzll(size); /* >= 11 */
	unsigned b = SHMX_ALLOC_SMALL_BINS + (lg - 11u);
	return b < SHMX_ALLOC_BINS ? b : SHMX_ALLOC_BINS - 1;
}

static inline void set_nonempty(shmx_alloc_header *a, unsigned b)
{
	a->nonempty[b / 64] |= (uint64_t)1 << (b % 64);
}

static inline void clear_nonempty(shmx_alloc_header *a, unsigned b)
{
	a->nonempty[b / 64] &= ~((uint64_t)1 << (b % 64));
}

static inline int block_ok(const shmx_arena *r, uint64_t off, uint64_t size)
{
	return off >= r->data_off && off % SHMX_ALLOC_GRAIN == 0 && size >= SHMX_ALLOC_MIN
		&& size % SHMX_ALLOC_GRAIN == 0 && off <= r->data_end && size <= r->data_end - off;
}

static void push(const shmx_arena *r, uint64_t off, uint64_t size)
{
	shmx_alloc_header *a = r->a;
	char *base = r->base;
	unsigned b = bin_of(size);
	shmx_free_block *fb = (shmx_free_block *)(base + off);
	fb->next = a->bins[b];
	fb->size8 = (uint32_t)(size / SHMX_OFF_UNIT);
	a->bins[b] = (uint32_t)(off / SHMX_OFF_UNIT);
	set_nonempty(a, b);
}

static void drop_list(shmx_alloc_header *a, unsigned b)
{
	a->bins[b] = 0;
	clear_nonempty(a, b);
	a->damaged = 1;
}

void shmx_alloc_init(shmx_alloc_header *a, uint64_t data_off, uint64_t data_end)
{
	memset(a, 0, sizeof(*a));
	a->data_off = data_off;
	a->data_end = data_end;
	a->top = data_off;
}

void shmx_alloc_reset(const shmx_arena *r)
{
	shmx_alloc_header *a = r->a;
	SHMX_FETCH_ADD(&a->free_epoch, 1);
	memset(a->bins, 0, sizeof(a->bins));
	memset(a->nonempty, 0, sizeof(a->nonempty));
	a->limbo_count = 0;
	a->top = r->data_off;
	SHMX_STORE_RELAXED(&a->used, 0);
	a->frees = 0;
	a->damaged = 0;
}

/* Takes `size` bytes from the front of free block `off` of `have` bytes; the rest goes back. */
static uint64_t carve(const shmx_arena *r, uint64_t off, uint64_t have, uint64_t size)
{
	shmx_alloc_header *a = r->a;
	uint64_t rest = have - size;
	if (rest >= SHMX_ALLOC_MIN) {
		push(r, off + size, rest);
	}
	/* A remainder under the minimum stays unusable until the next rebuild merges it. */
	SHMX_STORE_RELAXED(&a->used, a->used + size);
	return off;
}

/* Pops the head of small bin b, or 0 if it is empty or broken. */
static uint64_t pop(const shmx_arena *r, unsigned b, uint64_t *have)
{
	shmx_alloc_header *a = r->a;
	char *base = r->base;
	uint64_t off = (uint64_t)a->bins[b] * SHMX_OFF_UNIT;
	if (!off) {
		clear_nonempty(a, b);
		return 0;
	}
	if (!block_ok(r, off, SHMX_ALLOC_MIN)) {
		drop_list(a, b);
		return 0;
	}
	shmx_free_block *fb = (shmx_free_block *)(base + off);
	uint64_t size = (uint64_t)fb->size8 * SHMX_OFF_UNIT;
	if (!block_ok(r, off, size) || bin_of(size) != b) {
		drop_list(a, b);
		return 0;
	}
	a->bins[b] = fb->next;
	if (!fb->next) {
		clear_nonempty(a, b);
	}
	*have = size;
	return off;
}

/* First fit in a large-size bin. */
static uint64_t first_fit(const shmx_arena *r, unsigned b, uint64_t size, uint64_t *have)
{
	shmx_alloc_header *a = r->a;
	char *base = r->base;
	uint32_t *link = &a->bins[b];
	for (int n = 0; *link && n < LIST_WALK_MAX; n++) {
		uint64_t off = (uint64_t)*link * SHMX_OFF_UNIT;
		if (!block_ok(r, off, SHMX_ALLOC_MIN)) {
			drop_list(a, b);
			return 0;
		}
		shmx_free_block *fb = (shmx_free_block *)(base + off);
		uint64_t bs = (uint64_t)fb->size8 * SHMX_OFF_UNIT;
		if (!block_ok(r, off, bs) || bin_of(bs) != b) {
			drop_list(a, b);
			return 0;
		}
		if (bs >= size) {
			*link = fb->next;
			if (!a->bins[b]) {
				clear_nonempty(a, b);
			}
			*have = bs;
			return off;
		}
		link = &fb->next;
	}
	if (!a->bins[b]) {
		clear_nonempty(a, b);
	}
	return 0;
}

/* The first bin at or after `from` whose nonempty bit is set, or SHMX_ALLOC_BINS. */
static unsigned next_nonempty(const shmx_alloc_header *a, unsigned from)
{
	while (from < SHMX_ALLOC_BINS) {
		uint64_t w = a->nonempty[from / 64] >> (from % 64);
		if (w) {
			return from + (unsigned)__builtin_ctzll(w);
		}
		from = (from / 64 + 1) * 64;
	}
	return SHMX_ALLOC_BINS;
}

uint64_t shmx_alloc(const shmx_arena *r, uint64_t size)
{
	shmx_alloc_header *a = r->a;
	uint64_t off, have;
	unsigned b = bin_of(size);

	if (size <= SHMX_ALLOC_SMALL_MAX && a->bins[b] && (off = pop(r, b, &have))) {
		return carve(r, off, have, size);
	}
	if (a->top >= r->data_off && a->top <= r->data_end && r->data_end - a->top >= size) {
		off = a->top;
		a->top += size;
		SHMX_STORE_RELAXED(&a->used, a->used + size);
		return off;
	}
	for (unsigned c = next_nonempty(a, size <= SHMX_ALLOC_SMALL_MAX ? b + 1 : b); c < SHMX_ALLOC_BINS;
		c = next_nonempty(a, c + 1)) {
		off = c < SHMX_ALLOC_SMALL_BINS ? pop(r, c, &have) : first_fit(r, c, size, &have);
		if (off) {
			return carve(r, off, have, size);
		}
	}
	return 0;
}

static void drain_limbo(const shmx_arena *r)
{
	shmx_alloc_header *a = r->a;
	/* Readers that may still be looking at these blocks read the epoch before this bump:
	 * they will retry, so the blocks can now be written to. */
	SHMX_FETCH_ADD(&a->free_epoch, 1);
	uint32_t n = a->limbo_count <= SHMX_ALLOC_LIMBO ? a->limbo_count : 0;
	for (uint32_t i = 0; i < n; i++) {
		uint64_t off = (a->limbo[i] >> 32) * SHMX_OFF_UNIT;
		uint64_t size = (a->limbo[i] & 0xffffffffu) * SHMX_OFF_UNIT;
		if (block_ok(r, off, size)) {
			push(r, off, size);
		}
	}
	a->limbo_count = 0;
}

void shmx_alloc_free(const shmx_arena *r, uint64_t off, uint64_t size)
{
	shmx_alloc_header *a = r->a;
	if (!block_ok(r, off, size)) {
		return;
	}
	if (a->limbo_count >= SHMX_ALLOC_LIMBO) {
		drain_limbo(r);
	}
	a->limbo[a->limbo_count++] = (off / SHMX_OFF_UNIT) << 32 | (size / SHMX_OFF_UNIT);
	SHMX_STORE_RELAXED(&a->used, a->used >= size ? a->used - size : 0);
	a->frees++;
}

shmx_status shmx_alloc_marks_init(shmx_alloc_marks *m, const shmx_arena *r, shmx_error *err)
{
	m->base_off = r->data_off;
	m->grains = (r->data_end - r->data_off) / SHMX_ALLOC_GRAIN;
	m->live_bytes = 0;
	m->bits = calloc((size_t)(m->grains / 64 + 1), sizeof(uint64_t));
	if (!m->bits) {
		return shmx_fail_os(err, ENOMEM, "cannot allocate %llu bytes to repair the store",
			(unsigned long long)(m->grains / 8));
	}
	return SHMX_OK;
}

int shmx_alloc_mark(shmx_alloc_marks *m, uint64_t off, uint64_t size)
{
	if (off < m->base_off || off % SHMX_ALLOC_GRAIN || size % SHMX_ALLOC_GRAIN || !size) {
		return 0;
	}
	uint64_t g = (off - m->base_off) / SHMX_ALLOC_GRAIN, n = size / SHMX_ALLOC_GRAIN;
	if (g > m->grains || n > m->grains - g) {
		return 0;
	}
	for (uint64_t i = g; i < g + n; i++) {
		if (m->bits[i / 64] & ((uint64_t)1 << (i % 64))) {
			/* Overlap: undo what this block marked so far. */
			for (uint64_t j = g; j < i; j++) {
				m->bits[j / 64] &= ~((uint64_t)1 << (j % 64));
			}
			return 0;
		}
		m->bits[i / 64] |= (uint64_t)1 << (i % 64);
	}
	m->live_bytes += size;
	return 1;
}

void shmx_alloc_marks_free(shmx_alloc_marks *m)
{
	free(m->bits);
	m->bits = NULL;
}

static inline int marked(const shmx_alloc_marks *m, uint64_t g)
{
	return (m->bits[g / 64] >> (g % 64)) & 1;
}

void shmx_alloc_rebuild(const shmx_arena *r, shmx_alloc_marks *m)
{
	shmx_alloc_header *a = r->a;
	/* Fence readers off every block about to be rewritten as free-list nodes. */
	SHMX_FETCH_ADD(&a->free_epoch, 1);
	memset(a->bins, 0, sizeof(a->bins));
	memset(a->nonempty, 0, sizeof(a->nonempty));
	a->limbo_count = 0;
	a->top = r->data_end;
	uint64_t g = 0;
	while (g < m->grains) {
		/* Skip live grains a word at a time. */
		if (g % 64 == 0 && m->bits[g / 64] == ~(uint64_t)0) {
			g += 64;
			continue;
		}
		if (marked(m, g)) {
			g++;
			continue;
		}
		uint64_t start = g;
		while (g < m->grains) {
			if (g % 64 == 0 && m->bits[g / 64] == 0 && g + 64 <= m->grains) {
				g += 64;
				continue;
			}
			if (marked(m, g)) {
				break;
			}
			g++;
		}
		uint64_t off = m->base_off + start * SHMX_ALLOC_GRAIN;
		uint64_t size = (g - start) * SHMX_ALLOC_GRAIN;
		if (g >= m->grains) {
			a->top = off;
		} else if (size >= SHMX_ALLOC_MIN) {
			push(r, off, size);
		}
	}
	SHMX_STORE_RELAXED(&a->used, m->live_bytes);
	a->frees = 0;
	a->damaged = 0;
	shmx_alloc_marks_free(m);
}

void shmx_alloc_abandon(const shmx_arena *r)
{
	shmx_alloc_header *a = r->a;
	memset(a->bins, 0, sizeof(a->bins));
	memset(a->nonempty, 0, sizeof(a->nonempty));
	a->limbo_count = 0;
	a->top = r->data_end;
	SHMX_STORE_RELAXED(&a->used, r->data_end - r->data_off);
	a->damaged = 1;
}
