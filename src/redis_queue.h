/*
 * redis_queue.h: the C core of Shmx\Queue on a Redis server (issue #12): a FIFO list with a
 * byte budget, and a reliable hand-off: a value a consumer took but did not finish taking
 * (it died, or its connection did) goes back to the head of the queue once its lease runs out.
 * Plain C over redis.c; values are opaque byte strings here (php_redis_queue.c encodes them
 * as the Store does: a type tag byte, then the payload).
 *
 * Keys, all in the hash slot of {P}:
 *   {P}:q        the list of waiting values, oldest at the head (left)
 *   {P}:m        a hash: cap (bytes, fixed at creation), used (bytes of the values waiting or
 *                in flight), pushed, popped (values ever pushed, ever acknowledged), closed
 *                (0|1). The queue exists while this hash does.
 *   {P}:c        a set of consumer tokens that may have a value in flight
 *   {P}:c:<tok>  the consumer's lease: a string with PX lease=, refreshed on each pop; its value
 *                "a<seq>" once the pop number seq of that consumer was acknowledged
 *   {P}:w:<tok>  the consumer's in-flight list: the value between its move off {P}:q and the
 *                acknowledgement (at most one: a handle pops one value at a time)
 *
 * A pop is two steps. Take: one script (or BLMOVE when it has to wait) moves the head into the
 * in-flight list and sets the lease. Acknowledge, once the caller holds the value as its own:
 * one script removes it from the in-flight list and subtracts its bytes. A consumer whose
 * lease has run out with a value in flight is dead: any pop (at most every lease/4 per handle)
 * moves such values back to the head of {P}:q and forgets the consumer, bytes unchanged. The
 * acknowledgement finds its value gone when that happened, and the value is then someone
 * else's: the caller takes again and returns nothing of the first. A value's bytes count from
 * its push to its acknowledgement, so `used` is exact through all of that.
 */
#ifndef SHMX_REDIS_QUEUE_H
#define SHMX_REDIS_QUEUE_H

#include "redis.h"

#include <stdbool.h>
#include <stdint.h>

#define SHMX_RQUEUE_KEY_MAX (SHMX_REDIS_PREFIX_MAX + 48)
#define SHMX_RQUEUE_SLICE_S 0.25   /* longest BLMOVE: close(), deadlines and leases are looked at between */

typedef struct shmx_rqueue {
	shmx_redis r;
	char q[SHMX_RQUEUE_KEY_MAX];    /* "{P}:q" */
	char m[SHMX_RQUEUE_KEY_MAX];    /* "{P}:m" */
	char c[SHMX_RQUEUE_KEY_MAX];    /* "{P}:c" */
	char base[SHMX_REDIS_PREFIX_MAX + 8]; /* "{P}:", for the per-consumer keys the recovery builds */
	char w[SHMX_RQUEUE_KEY_MAX];    /* "{P}:w:<token>" */
	char l[SHMX_RQUEUE_KEY_MAX];    /* "{P}:c:<token>" */
	char a[SHMX_RQUEUE_KEY_MAX];    /* "{P}:a:<token>": the last acknowledged take, kept far
	                                 * longer than the lease so that an ack whose answer was lost
	                                 * can still be asked about after a long outage */
	char token[33];                 /* this handle's consumer token; a new one in a fork child */
	pid_t pid;                      /* the process the token is for */
	uint64_t capacity;              /* cap as read at open */
	uint64_t seq;                   /* number of this handle's last take (the ack names it) */
	int64_t next_recover_ns;        /* monotonic: when a pop looks for dead consumers again; 0 now */
} shmx_rqueue;

typedef struct shmx_rqueue_stats {
	uint64_t capacity, used, count, pushed, popped, in_flight;
	int closed;
} shmx_rqueue_stats;

/* Bytes a value takes from the capacity: as a local Queue's record (8-byte header, payload
 * rounded up to 8; an int or float 8 bytes of payload, null and bools none). `item` is the
 * encoded value (tag byte first). */
uint64_t shmx_rqueue_item_size(const char *item, size_t len);

/* mode 'c' creates (with capacity, a multiple of 8) or opens, 'n' only creates, 'w'/'a' only
 * open. SHMX_ERR_EXISTS, SHMX_ERR_NOT_FOUND, SHMX_ERR_CORRUPT (a hash that is not a queue's),
 * connection errors. */
shmx_status shmx_rqueue_open(shmx_rqueue *q, const shmx_redis_addr *a, uint64_t capacity, char mode, shmx_error *err);
void shmx_rqueue_close(shmx_rqueue *q);

/* timeout_ns -1 forever, 0 one try. SHMX_OK; SHMX_ERR_FULL (one try, no room) and SHMX_ERR_TIMEOUT,
 * both with *no_room set (a server at maxmemory is SHMX_ERR_FULL without it); SHMX_ERR_CLOSED;
 * SHMX_ERR_GONE (no queue there any more); SHMX_ERR_RANGE (can never fit). */
shmx_status shmx_rqueue_push(shmx_rqueue *q, const char *item, size_t len, int64_t timeout_ns, bool *no_room,
	shmx_error *err);

/* Moves the head into this handle's in-flight list. *reply owns the bytes (*item, *len); free it
 * with shmx_redis_reply_free. SHMX_OK; SHMX_ERR_NOT_FOUND (one try, empty); SHMX_ERR_TIMEOUT;
 * SHMX_ERR_CLOSED (closed and empty); SHMX_ERR_GONE. */
shmx_status shmx_rqueue_take(shmx_rqueue *q, int64_t timeout_ns, shmx_redis_reply **reply, const char **item,
	size_t *len, shmx_error *err);

/* Acknowledges the last take: SHMX_OK, the value is the caller's for good (also when an earlier
 * ack of the same take reached the server but its answer was lost); SHMX_ERR_NOT_FOUND: its
 * lease ran out and it went back to the queue, it is not the caller's. */
shmx_status shmx_rqueue_ack(shmx_rqueue *q, shmx_error *err);

/* Puts the last take back at the head of the queue (a value this process cannot read). */
shmx_status shmx_rqueue_untake(shmx_rqueue *q, shmx_error *err);

/* For good: pushes fail, pops drain. Idempotent. SHMX_ERR_GONE. */
shmx_status shmx_rqueue_shut(shmx_rqueue *q, shmx_error *err);

/* One consistent snapshot (a read-only script). SHMX_ERR_GONE. */
shmx_status shmx_rqueue_stats_get(shmx_rqueue *q, shmx_rqueue_stats *st, shmx_error *err);

/* Deletes every key of the queue, values in flight included. */
shmx_status shmx_rqueue_destroy(shmx_rqueue *q, shmx_error *err);

#endif
