/*
 * region.h: a shmx-formatted region: a 64-byte header (magic, layout version, kind, sizes)
 * followed by the payload of one kind of object (Store, Counter, Mutex, Semaphore, Queue).
 *
 * Formatting is race-free without any lock: the first process to move `magic` from 0 to
 * SHMX_REGION_INITIALISING (one CAS) formats the payload and then publishes SHMX_REGION_MAGIC
 * with a release store; everybody else waits for that. If the formatter dies half-way, a
 * waiter that finds its pid dead takes over and formats again. Memory whose header is not
 * all zeros and not a valid header is never touched: attaching reports SHMX_ERR_CORRUPT.
 */
#ifndef SHMX_REGION_H
#define SHMX_REGION_H

#include "os.h"

#define SHMX_REGION_MAGIC        0x584d4853u /* "SHMX" in little-endian memory */
#define SHMX_REGION_INITIALISING 0x54494e49u /* "INIT": being formatted by init_pid */
#define SHMX_LAYOUT_VERSION      6u
#define SHMX_REGION_HEADER_SIZE  64u

typedef enum shmx_region_kind {
	SHMX_KIND_STORE = 1,
	SHMX_KIND_COUNTER = 2,
	SHMX_KIND_MUTEX = 3,
	SHMX_KIND_SEMAPHORE = 4,
	SHMX_KIND_QUEUE = 5
} shmx_region_kind;

typedef struct shmx_region_header {
	uint32_t magic;          /* 0 never formatted; INITIALISING; MAGIC ready. Written by CAS only */
	uint32_t layout_version; /* SHMX_LAYOUT_VERSION of the build that formatted it */
	uint32_t kind;           /* shmx_region_kind; fixed once ready */
	uint32_t header_size;    /* bytes before the payload: SHMX_REGION_HEADER_SIZE */
	uint64_t total_size;     /* bytes formatted (header + payload), <= the mapping's size */
	uint64_t payload_size;   /* bytes of payload formatted: total_size - header_size */
	int32_t init_pid;        /* pid formatting while INITIALISING; informational once ready */
	uint32_t removed;        /* 1 once destroy() removed its name: no process reuses a mapping of it */
	uint8_t reserved[24];    /* zero; room for later versions */
} shmx_region_header;

_Static_assert(sizeof(shmx_region_header) == SHMX_REGION_HEADER_SIZE, "region header is 64 bytes");

/* Formats `payload_size` bytes at `payload` (all zero on entry); returns 0 on success. */
typedef int (*shmx_region_init_fn)(void *payload, size_t payload_size, void *arg);

/* Attach to (formatting if it is new and `may_format`) a region of `kind` in an open mapping.
 * `min_payload` is the least payload the kind can work with. On success *payload and
 * *payload_size describe the kind's part. */
shmx_status shmx_region_attach(shmx_map *m, shmx_region_kind kind, size_t min_payload, int may_format,
	shmx_region_init_fn init, void *arg, void **payload, size_t *payload_size, shmx_error *err);

const char *shmx_region_kind_name(shmx_region_kind kind);

/* destroy() of a region kind: marks the region removed (so that a process holding a cached
 * mapping of it, see shmx_map_open, opens afresh instead of reusing it), then removes the name. */
shmx_status shmx_region_remove(shmx_map *m, shmx_error *err);
/* Only the mark, where m maps a writable, intact shmx region (foreign bytes are not written). */
void shmx_region_mark_removed(shmx_map *m);

/* Whether m maps a formatted region that destroy() has marked removed. */
int shmx_region_removed(const shmx_map *m);

/* ---- reboot recovery of the locks in a region ----------------------------------------------
 *
 * The locks in a file: region outlive the machine's boot, but dead-holder recovery (lock.h)
 * does not: after a reboot a lock word names a thread of the last boot, whose id may now belong
 * to a live process (a try cannot tell them apart; a record with no start time, not even a
 * wait). So every kind with locks (Store, Mutex, Semaphore, Queue) keeps a boot tag in its
 * payload header, and checks it with shmx_region_boot_check() at every writable open: the high
 * 32 bits are a digest of the kernel's boot id (shmx_boot_id(), never 0), the low 32 bits are 0
 * when ready, or the pid of the process re-initialising the locks for this boot. 0 means "no
 * tag" (formatted where the boot was unknown, or by a build before the tag): the first open
 * adopts its boot, with nothing to reset. Where there is no boot id (shmx_boot_id() 0) the
 * check does nothing. */
#define SHMX_BOOT_READY(boot)          ((uint64_t)(boot) << 32)
#define SHMX_BOOT_RESETTING(boot, pid) (((uint64_t)(boot) << 32) | (uint32_t)(pid))

/* The tag a kind's format writes: ready in this boot. */
static inline uint64_t shmx_region_boot_ready(void)
{
	return SHMX_BOOT_READY(shmx_boot_id());
}

/* If *tag says the locks were made usable in an earlier boot, re-initialise them with
 * reset(ctx) (exactly one process per boot does it; the others wait for it, and take over if
 * it dies); reset() runs before any other process of this boot can use them, and must leave
 * every lock free and note anything a holder may have left half-done for the next taker to
 * repair. A read-only mapping checks nothing (it takes no locks). SHMX_ERR_CORRUPT if a live
 * resetter takes more than 2 seconds. */
shmx_status shmx_region_boot_check(const shmx_map *m, uint64_t *tag, void (*reset)(void *ctx), void *ctx, shmx_error *err);

/* Offsets, never pointers, in shared memory: these convert against a region's base. */
#define SHMX_PTR(base, off)  ((void *)((char *)(base) + (off)))
#define SHMX_OFF(base, ptr)  ((uint64_t)((const char *)(ptr) - (const char *)(base)))

#endif
