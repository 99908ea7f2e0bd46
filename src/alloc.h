/*
 * alloc.h: the allocator of a Store's data area: blocks addressed by offsets from the payload
 * base, in 16-byte grains, at least SHMX_ALLOC_MIN bytes each.
 *
 * Allocated blocks carry no header: their owner (an index entry) knows its own size, so the
 * allocator's whole state can be rebuilt from the set of live blocks. That is how crash repair
 * works (store_write.c marks every reachable entry, shmx_alloc_rebuild turns the gaps between them
 * into free blocks), and how freed space is coalesced: free lists are never merged while in
 * use; when an allocation fails, the rebuild merges every run of free grains at once.
 *
 * Lock-free readers may still be reading a block after it is unlinked. A freed block therefore
 * waits in `limbo` (nothing is written into it) until limbo is full; then free_epoch is bumped
 * and only after that are the blocks linked into free lists (which writes into them) and so
 * made reusable. A reader that read free_epoch before such a bump sees it changed afterwards
 * and retries. Every function here runs with the Store's writer lock held.
 */
#ifndef SHMX_ALLOC_H
#define SHMX_ALLOC_H

#include "error.h"

#define SHMX_ALLOC_GRAIN       16u /* block alignment: an entry's first 16 bytes take one 16-byte CAS */
#define SHMX_OFF_UNIT          8u  /* offsets and sizes are stored divided by this, in 32 bits */
#define SHMX_ALLOC_MIN         32u
#define SHMX_ALLOC_SMALL_MAX   2048u  /* sizes up to this have one exact free list each */
#define SHMX_ALLOC_SMALL_BINS  ((SHMX_ALLOC_SMALL_MAX - SHMX_ALLOC_MIN) / SHMX_ALLOC_GRAIN + 1)
#define SHMX_ALLOC_BINS        (SHMX_ALLOC_SMALL_BINS + 27) /* + one per power of two up to 2^38 */
#define SHMX_ALLOC_LIMBO       64u
#define SHMX_ALLOC_MAX_OFFSET  ((uint64_t)UINT32_MAX * SHMX_OFF_UNIT)

typedef struct shmx_alloc_header {
	uint64_t data_off;        /* first byte of the data area (payload offset); fixed at format */
	uint64_t data_end;        /* one past its last byte; fixed at format */
	uint64_t top;             /* [top, data_end) has not been handed out since the last rebuild */
	uint64_t free_epoch;      /* bumped before any byte of a freed block is rewritten; readers compare */
	uint64_t used;            /* bytes in blocks that are allocated or waiting in limbo as owned */
	uint64_t frees;           /* blocks freed since the last rebuild: a rebuild can only help if > 0 */
	uint32_t limbo_count;     /* entries of limbo[] in use, 0..SHMX_ALLOC_LIMBO */
	uint32_t damaged;         /* 1: a free list was found broken and dropped; rebuild before failing */
	uint64_t limbo[SHMX_ALLOC_LIMBO]; /* freed, not yet reusable: (offset / 8) << 32 | size / 8 */
	uint64_t nonempty[(SHMX_ALLOC_BINS + 63) / 64]; /* bit b set: bins[b] may be non-empty */
	uint32_t bins[SHMX_ALLOC_BINS]; /* head of each free list: offset / 8, 0 = empty */
} shmx_alloc_header;

/* A free block starts with this (it overwrites what the block held before). */
typedef struct shmx_free_block {
	uint32_t next;            /* next block of the same list: offset / 8, 0 = end */
	uint32_t size8;           /* size / 8 */
} shmx_free_block;

/* What the allocator works on: the shared header, and the data area's bounds as this process
 * validated them when it attached (never re-read from shared memory, which anyone can write). */
typedef struct shmx_arena {
	shmx_alloc_header *a;
	char *base;               /* payload start: offsets count from here */
	uint64_t data_off, data_end;
} shmx_arena;

/* The size an allocation of `n` bytes takes: rounded up to the grain, at least the minimum. */
static inline uint64_t shmx_alloc_round(uint64_t n)
{
	n = (n + SHMX_ALLOC_GRAIN - 1) & ~(uint64_t)(SHMX_ALLOC_GRAIN - 1);
	return n < SHMX_ALLOC_MIN ? SHMX_ALLOC_MIN : n;
}

void shmx_alloc_init(shmx_alloc_header *a, uint64_t data_off, uint64_t data_end);

/* A block of exactly `size` bytes (already rounded) or 0 when nothing fits without a rebuild. */
uint64_t shmx_alloc(const shmx_arena *r, uint64_t size);

/* Give back a block that is no longer reachable by a new reader. */
void shmx_alloc_free(const shmx_arena *r, uint64_t off, uint64_t size);

/* Everything free again (Store::clear): readers are fenced off by an epoch bump first. */
void shmx_alloc_reset(const shmx_arena *r);

/* Rebuild from the live blocks: a process-local bitmap with one bit per grain. */
typedef struct shmx_alloc_marks {
	uint64_t *bits;
	uint64_t grains;
	uint64_t base_off;        /* the data area's first offset */
	uint64_t live_bytes;
} shmx_alloc_marks;

shmx_status shmx_alloc_marks_init(shmx_alloc_marks *m, const shmx_arena *r, shmx_error *err);
/* 1 if the block lies inside the data area and overlaps no block marked before; else 0. */
int shmx_alloc_mark(shmx_alloc_marks *m, uint64_t off, uint64_t size);
/* Free lists, top, used and limbo rebuilt from the marks; frees the bitmap. */
void shmx_alloc_rebuild(const shmx_arena *r, shmx_alloc_marks *m);
void shmx_alloc_marks_free(shmx_alloc_marks *m);
/* When a repair cannot run: nothing is free any more (every free list, limbo and the top are
 * dropped, so no block can be handed out twice) and the arena is marked damaged, so that the
 * next allocation that fails tries the rebuild again and gets the space back. */
void shmx_alloc_abandon(const shmx_arena *r);

#endif
