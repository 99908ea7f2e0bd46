/*
 * redis_lease.h: the leases this process holds on Redis servers (a Mutex's lease, a Semaphore's
 * permits, a Store::lock() lease), and the keeper thread that renews them while they are held.
 * Plain C: no zvals.
 *
 * The list is the process's record of what it holds, so it also answers "does this process
 * hold that mutex already" and "which of its permits does it give back" (ownership is per
 * process, as for local memory). The keeper is started by the first lease the process takes;
 * it wakes at a third of each lease, opens a connection of its own (never a handle's), and runs
 * a compare-and-push-back script: a lease whose token is no longer there is marked lost, and its
 * holder is told so when it lets go. A process that dies (kill -9) renews nothing, so its lease
 * runs out after `lease=` seconds: that is how a dead holder is recovered on Redis.
 *
 * A fork child starts with an empty list and no keeper (pthread_atfork): it holds none of its
 * parent's leases. The keeper blocks every signal, so PHP's signals stay on the main thread.
 */
#ifndef SHMX_REDIS_LEASE_H
#define SHMX_REDIS_LEASE_H

#include "redis.h"

#include <stdint.h>

typedef enum shmx_lease_kind {
	SHMX_LEASE_KEY = 1,    /* a string key holding the token (SET NX PX): a Mutex */
	SHMX_LEASE_MEMBER = 2, /* a member of a sorted set scored by its expiry: a Semaphore permit */
	SHMX_LEASE_MARKER = 3  /* a Store::lock() marker: the token and its deadline (redis.c) */
} shmx_lease_kind;

typedef struct shmx_lease_info {
	uint64_t id;        /* never 0 */
	char token[33];
	int64_t fence;      /* what the taker recorded (a Mutex's fencing token), else 0 */
	uint32_t handle;    /* the handle it was taken through */
	int lost;           /* the keeper found it gone: it ran out (and may be another's now) */
} shmx_lease_info;

/* Records a lease this process has just taken (a.lease long) and makes sure the keeper runs.
 * Returns its id (never 0), or 0 when out of memory (nothing recorded). A keeper that cannot be
 * started leaves the lease recorded but not renewed: it then lasts `lease` and no longer. */
uint64_t shmx_lease_hold(const shmx_redis_addr *a, shmx_lease_kind kind, const char *key, const char token[33],
	uint32_t handle, int64_t fence);

/* Forgets a lease (its holder is about to let go of it on the server). 1 it was live, 0 the
 * keeper had found it lost, -1 no such lease (not this process's). */
int shmx_lease_drop(uint64_t id);

/* A lease of this process at `key` on the same server and db as `a`: one taken through
 * `handle` first, else (unless handle_only) any. 1 with *out filled, 0 none. */
int shmx_lease_find(const shmx_redis_addr *a, const char *key, uint32_t handle, int handle_only, shmx_lease_info *out);

/* How many leases this process holds at `key` on that server and db. */
uint32_t shmx_lease_count(const shmx_redis_addr *a, const char *key);

/* Whether lease `id` is still recorded and not lost. */
int shmx_lease_live(uint64_t id);

/* Stops and joins the keeper and forgets every lease (MSHUTDOWN). */
void shmx_lease_shutdown(void);

#endif
