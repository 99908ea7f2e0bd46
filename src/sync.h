/*
 * sync.h: the cross-process Mutex and Semaphore, and what they share with Counter: opening
 * a small formatted region of one kind on any backend, and a fork-aware process id.
 *
 * Ownership is per thread (lock.h's word names a thread), which is per process outside ZTS:
 * any handle of the process that holds a Mutex may unlock it, and locking it again through any handle is
 * SHMX_ERR_STATE, never a deadlock. Each shared object records which handle of which process
 * locked it, so that freeing that handle releases exactly what it took, and nothing else.
 *
 * Dead holders: a Mutex is one shmx lock, so a waiter finds its holder gone at the next slice
 * of its wait (lock.h) and takes it over. A Semaphore of N permits is N locks ("slots");
 * acquiring takes any free or abandoned slot, and a waiter sleeps on a futex word that every
 * release bumps, in slices of at most SHMX_SEM_SLICE_NS so that it also notices a holder that
 * died without releasing.
 */
#ifndef SHMX_SYNC_H
#define SHMX_SYNC_H

#include "region.h"
#include "lock.h"

/* The most permits a Semaphore can have: each one is a 72-byte slot (lock and owner), so 4.5 MiB
 * at most. */
#define SHMX_SEM_MAX_PERMITS 65536u
/* The longest a Semaphore waiter sleeps before it looks for slots abandoned by dead holders. */
#define SHMX_SEM_SLICE_NS (50LL * 1000000LL)

/* Who locked a lock: written by the holder right after it locked, and its pid cleared right
 * before it unlocks; a pid that is not 0 and not alive is a holder that died holding it. */
typedef struct shmx_owner {
	int32_t pid;     /* process that locked it; 0 never locked (or released, for slots) */
	uint32_t handle; /* the handle of that process it was locked through (shmx_sync_handle_id) */
} shmx_owner;

typedef struct shmx_mutex_shared {
	shmx_lock lock;       /* the lock (lock.h) */
	shmx_owner owner;     /* see shmx_owner; written only while holding `lock` */
	uint64_t recoveries;  /* times a lock() found the previous holder dead; only grows */
	uint64_t boot_tag;    /* SHMX_BOOT_READY(boot) once usable in that boot; see shmx_region_boot_check */
	uint64_t fence;       /* fencing token: incremented by every acquisition, written only while
	                       * holding `lock`; 0 in a mutex never locked (and in those formatted
	                       * before it existed, whose reserved bytes were zero) */
	uint8_t reserved[32]; /* zero */
} shmx_mutex_shared;

_Static_assert(sizeof(shmx_mutex_shared) == 128, "Mutex payload is 128 bytes");
_Static_assert(offsetof(shmx_mutex_shared, fence) == 88, "the fencing token sits where reserved bytes were");

typedef struct shmx_sem_header {
	uint32_t permits;     /* number of slots, 1..SHMX_SEM_MAX_PERMITS; fixed at formatting */
	uint32_t generation;  /* futex word: incremented by every release (wraps) */
	uint32_t waiters;     /* processes sleeping on `generation`; may overcount after a waiter died */
	uint32_t reserved0;   /* zero */
	uint64_t recoveries;  /* slots taken over from dead holders; only grows */
	uint64_t boot_tag;    /* SHMX_BOOT_READY(boot) once usable in that boot; see shmx_region_boot_check */
	uint8_t reserved[32]; /* zero */
} shmx_sem_header;

_Static_assert(sizeof(shmx_sem_header) == 64, "Semaphore header is 64 bytes");

/* Semaphore payload: header, then `permits` shmx_lock slots, then `permits` shmx_owner records
 * (slot i is held by owners[i] while its pid holds locks[i]; owners[i].pid is 0 when released). */
#define SHMX_SEM_PAYLOAD(permits) \
	(sizeof(shmx_sem_header) + (size_t)(permits) * (sizeof(shmx_lock) + sizeof(shmx_owner)))

typedef struct shmx_mutex {
	shmx_map map;          /* addr NULL when not open */
	shmx_mutex_shared *s;  /* the payload inside map */
	uint32_t handle;       /* this handle's id within the process */
} shmx_mutex;

typedef struct shmx_sem {
	shmx_map map;            /* addr NULL when not open */
	shmx_sem_header *h;      /* the payload inside map */
	shmx_lock *slots;        /* h + 1 */
	shmx_owner *owners;      /* after the slots */
	uint32_t permits;        /* h->permits as validated at attach; never re-read */
	uint32_t hint;           /* slot to try first: the last one this handle took */
	uint32_t handle;         /* this handle's id within the process */
} shmx_sem;

/* A fresh id for a handle, unique within this process. */
uint32_t shmx_sync_handle_id(void);

/* Open `id` (flags as os.h) and attach a region of `kind`. Creating makes it
 * SHMX_REGION_HEADER_SIZE + create_payload bytes; an existing object of any size is taken as
 * it is and validated by region.c (another kind, or foreign bytes: SHMX_ERR_CORRUPT). */
shmx_status shmx_sync_attach(shmx_map *m, const shmx_id *id, int flags, uint32_t perms, shmx_region_kind kind,
	size_t create_payload, size_t min_payload, shmx_region_init_fn init, void *arg,
	void **payload, size_t *payload_size, shmx_error *err);

/* --- Mutex --- */

shmx_status shmx_mutex_open(shmx_mutex *mx, const shmx_id *id, int flags, uint32_t perms, shmx_error *err);
/* timeout_ns: -1 forever, 0 try once. SHMX_ERR_TIMEOUT when it is held elsewhere (for a try
 * too), SHMX_ERR_STATE when this process holds it already. *recovered: the holder had died.
 * On success *fence is the new fencing token: strictly greater than that of every earlier
 * acquisition of this mutex, by any process. */
shmx_status shmx_mutex_lock(shmx_mutex *mx, int64_t timeout_ns, int *recovered, uint64_t *fence, shmx_error *err);
/* The fencing token of the current acquisition if this process holds the mutex, else 0. */
uint64_t shmx_mutex_token(const shmx_mutex *mx);
/* SHMX_ERR_STATE when this process does not hold it. */
shmx_status shmx_mutex_unlock(shmx_mutex *mx, shmx_error *err);
/* Releases the lock if this handle took it in this process, then unmaps. Idempotent. */
void shmx_mutex_close(shmx_mutex *mx);

/* --- Semaphore --- */

/* permits applies only when this call creates the semaphore. */
shmx_status shmx_sem_open(shmx_sem *sem, const shmx_id *id, uint32_t permits, int flags, uint32_t perms, shmx_error *err);
/* timeout_ns: -1 forever, 0 try once (SHMX_ERR_TIMEOUT when no permit is free). */
shmx_status shmx_sem_acquire(shmx_sem *sem, int64_t timeout_ns, shmx_error *err);
/* Gives back one permit this process holds (preferring one taken through this handle);
 * SHMX_ERR_STATE if it holds none. */
shmx_status shmx_sem_release(shmx_sem *sem, shmx_error *err);
/* Permits not held by a live process: exact when nobody is between locking and recording. */
uint32_t shmx_sem_available(const shmx_sem *sem);
/* Gives back the permits taken through this handle in this process, then unmaps. Idempotent. */
void shmx_sem_close(shmx_sem *sem);

#endif
