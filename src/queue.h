/*
 * queue.h: the C core of Shmx\Queue, a multi-producer multi-consumer FIFO of typed values in
 * one shmx region: a ring buffer of length-prefixed records, its head and tail guarded by one
 * shmx lock (lock.h), so that a process killed at any instant loses nothing that was pushed
 * and delivers nothing twice.
 *
 * Region payload:
 *
 *   shmx_queue_shared (192 bytes) | ring: `capacity` bytes
 *
 * `head` and `tail` are byte positions that only grow (2^64 bytes never wrap in practice); a
 * record at position p starts at ring offset p % capacity. Every record is an 8-byte
 * shmx_queue_record followed by its payload padded to 8 bytes, and may wrap around the ring's
 * end (only its payload can: the header is 8-aligned in a ring whose size is a multiple of 8).
 * The records between head and tail are the queue, oldest first.
 *
 * Commits: a push writes its record into the free bytes after `tail`, which no one reads, and
 * then publishes it with one store of `tail`; a pop copies its record into private memory and
 * then consumes it with one store of `head`. A holder killed before that store did nothing; one
 * killed after it did everything except the `pushed`/`popped` tallies, which the next taker of
 * the lock (told by the lock that its holder died) repairs by walking the ring.
 *
 * Waits: a consumer that finds the queue empty raises `consumers_waiting` (under the lock),
 * notes `data_seq`, lets go and sleeps on `data_seq`; a push that finds the flag raised clears
 * it, bumps `data_seq` (both under the lock) and wakes every sleeper after unlocking. Producers
 * waiting for room do the same with `producers_waiting` and `room_seq`. A sleeper that noted
 * the sequence under the lock cannot miss a bump made under a later hold of it. Sleeps are
 * sliced (SHMX_QUEUE_SLICE_NS), so a waker that died between its commit and its wake-up costs
 * a sleeper at most one slice. Before sleeping, a waiter spins briefly watching head and tail,
 * so that a busy producer and consumer hand messages over without system calls.
 */
#ifndef SHMX_QUEUE_H
#define SHMX_QUEUE_H

#include "region.h"
#include "lock.h"
#include "value.h"

#define SHMX_QUEUE_RECORD_HEAD   8u
#define SHMX_QUEUE_RECORD_MAGIC  0x5152u          /* "RQ": in every record header */
#define SHMX_QUEUE_MIN_CAPACITY  64u              /* smallest ring: one record of 56 bytes */
#define SHMX_QUEUE_MAX_CAPACITY  (1ull << 40)     /* 1 TiB: records' lengths fit 32 bits below 4 GiB */
#define SHMX_QUEUE_MAX_VALUE     0xfffffff0u      /* a record's length is 32 bits */
#define SHMX_QUEUE_SLICE_NS      (50LL * 1000000LL)

typedef struct shmx_queue_shared {
	shmx_lock lock;             /* guards every field below except the sequences' bumps by waiters'
	                               reads; held for a copy, never across a wait */
	/* one cache line: what every push and pop reads and writes */
	uint64_t capacity;          /* ring bytes, a multiple of 8, >= SHMX_QUEUE_MIN_CAPACITY; fixed at
	                               formatting (handles use the value they validated at open) */
	uint64_t head;              /* position of the oldest record; only a pop's commit moves it */
	uint64_t tail;              /* position after the newest record; only a push's commit moves it */
	uint64_t pushed;            /* records ever pushed; pushed - popped = records between head and tail */
	uint64_t popped;            /* records ever popped */
	uint32_t closed;            /* 0 open; anything else: close() was called, for good */
	uint32_t data_seq;          /* futex word consumers sleep on; bumped by a push that finds
	                               consumers_waiting, and by close() (wraps) */
	uint32_t room_seq;          /* futex word producers sleep on; bumped by a pop that finds
	                               producers_waiting, and by close() (wraps) */
	uint32_t consumers_waiting; /* 1: a consumer may sleep on data_seq; set by it, cleared by the
	                               waker, both under the lock */
	uint32_t producers_waiting; /* 1: a producer may sleep on room_seq; likewise */
	uint32_t damaged;           /* 0; 1 once a repair after a dead holder found the ring not
	                             * parsing: every push and pop is refused from then on (was a
	                             * zero reserved word: queues made before read 0) */
	/* cold */
	uint64_t recoveries;        /* times a taker found the previous holder dead; only grows */
	uint64_t boot_tag;          /* SHMX_BOOT_READY(boot) once usable in that boot (sync.h) */
	uint8_t reserved[48];       /* zero */
} shmx_queue_shared;

_Static_assert(sizeof(shmx_queue_shared) == 192, "Queue header is 192 bytes");
_Static_assert(offsetof(shmx_queue_shared, recoveries) == 128, "Queue hot fields share one cache line");

typedef struct shmx_queue_record {
	uint32_t len;               /* payload bytes: 0 null/bool, 8 int/float, else the bytes */
	uint8_t type;               /* shmx_value_type */
	uint8_t serializer;         /* shmx_serializer_id of a SHMX_T_SERIALIZED value, else 0 */
	uint16_t magic;             /* SHMX_QUEUE_RECORD_MAGIC */
} shmx_queue_record;

_Static_assert(sizeof(shmx_queue_record) == SHMX_QUEUE_RECORD_HEAD, "record header is 8 bytes");

/* Gives a private buffer of `len` bytes for the string or serialized value `v` (type and
 * serializer set) being popped, or NULL to leave it in the queue (no memory, or a value the
 * caller could not turn back into one: a serializer it lacks). Called with the queue's lock
 * held: it must neither block nor run PHP code nor longjmp (no emalloc: a memory-limit
 * bailout would leave the lock held). */
typedef char *(*shmx_queue_sink)(void *ctx, const shmx_value *v);

typedef struct shmx_queue {
	shmx_map map;               /* addr NULL when not open */
	shmx_queue_shared *s;       /* the payload inside map */
	unsigned char *ring;        /* s + 1 */
	uint64_t capacity;          /* s->capacity as validated at open; never re-read */
	int64_t lock_timeout_ns;    /* the longest any call waits for the lock itself (a live holder
	                               that never lets go is hostile): set by the caller */
} shmx_queue;

typedef struct shmx_queue_stats {
	uint64_t capacity, used, count, pushed, popped;
	int closed;
} shmx_queue_stats;

/* Bytes a value of `len` payload bytes takes in the ring. */
static inline uint64_t shmx_queue_record_size(uint64_t len)
{
	return SHMX_QUEUE_RECORD_HEAD + ((len + 7) & ~(uint64_t)7);
}

/* capacity (ring bytes, rounded up to 8) applies only when this call creates the queue. */
shmx_status shmx_queue_open(shmx_queue *q, const shmx_id *id, uint64_t capacity, int flags, uint32_t perms, shmx_error *err);
void shmx_queue_detach(shmx_queue *q);

/* timeout_ns: -1 forever, 0 no wait. SHMX_OK; SHMX_ERR_FULL (no wait and no room);
 * SHMX_ERR_TIMEOUT; SHMX_ERR_CLOSED; SHMX_ERR_RANGE (the value can never fit); SHMX_ERR_CORRUPT. */
shmx_status shmx_queue_push(shmx_queue *q, const shmx_value *v, int64_t timeout_ns, shmx_error *err);

/* Takes the oldest value into *out (its bytes, for strings and serialized values, in the
 * sink's buffer). SHMX_OK; SHMX_ERR_NOT_FOUND (no wait and empty); SHMX_ERR_TIMEOUT;
 * SHMX_ERR_CLOSED (closed and empty); SHMX_ERR_TYPE (the sink refused it: nothing popped);
 * SHMX_ERR_CORRUPT. */
shmx_status shmx_queue_pop(shmx_queue *q, int64_t timeout_ns, shmx_value *out, shmx_queue_sink sink, void *ctx,
	shmx_error *err);

/* For good: later pushes fail, pops drain what is left. Wakes every waiter. Idempotent. */
shmx_status shmx_queue_close(shmx_queue *q, shmx_error *err);

/* A snapshot without the lock: exact when no push or pop is in the middle of its commit. */
void shmx_queue_stats_get(const shmx_queue *q, shmx_queue_stats *st);

#endif
