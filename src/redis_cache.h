/*
 * redis_cache.h: a Store handle's client-side cache on a Redis id with cache=S (issue #12).
 * Plain C: it keeps encoded values (tag byte + payload, as on the server) by their Redis key,
 * and the PHP layer decodes them on every hit, so no two callers share a zval.
 *
 * Invalidation is the server's (Redis 6+ "client-side caching", RESP2 redirect mode): a second
 * connection per handle, the tracker, subscribes to __redis__:invalidate, and the handle's own
 * connection runs CLIENT TRACKING ON REDIRECT <tracker> BCAST PREFIX {P}:h NOLOOP, so the
 * server tells the tracker of every change of a key of this Store made by any other
 * connection; this handle's own writes drop their entries themselves (shmx_rcache_forget).
 * Before the cache answers, the tracker is read without waiting and its messages applied.
 *
 * An entry lives at most S seconds (and never past the key's own expiry), so that a value is
 * at most S old even when invalidations stop arriving unnoticed. Anything that may have lost
 * messages (the tracker's or the main connection's failure, a reconnect, a fork) empties the
 * cache; until tracking is back, reads go to the server.
 */
#ifndef SHMX_REDIS_CACHE_H
#define SHMX_REDIS_CACHE_H

#include "redis.h"

#include <stdint.h>

/* Bounds of one handle's cache; a fill past either empties it, and it fills again. */
#define SHMX_RCACHE_MAX_ENTRIES 4096
#define SHMX_RCACHE_MAX_BYTES (8u << 20)
/* A value larger than this is not cached. */
#define SHMX_RCACHE_MAX_VALUE (1u << 20)

typedef struct shmx_rcache shmx_rcache;

typedef struct shmx_rcache_stats {
	uint64_t hits, misses;
	uint64_t entries, bytes;
	uint64_t invalidations;  /* keys the server announced (a flush counts once) */
	uint64_t resets;         /* times the whole cache was dropped (reconnect, fork, tracker
	                          * lost, flush, full) */
	int tracking;            /* whether tracking is on right now */
} shmx_rcache_stats;

/* NULL when out of memory. prefix: the Redis key prefix of the Store's keys ("{P}:h"). */
shmx_rcache *shmx_rcache_new(const shmx_redis_addr *a, const char *prefix, size_t plen);
void shmx_rcache_free(shmx_rcache *c);

/* Syncs the cache with the server's announcements (see the top), then looks the key up.
 * 1: cached, *v and *n its encoded value, or *v NULL for a key known to be absent (valid until the
 * next call into this cache); 0: ask the server with shmx_rcache_fetch(). Never fails: what
 * goes wrong here only costs the cache. */
int shmx_rcache_lookup(shmx_rcache *c, shmx_redis *r, const char *key, size_t klen, const char **v, size_t *n);

/* HGET of the key in the Store's hash; *value is its reply (free it). The answer is cached
 * when the lookup just before found tracking working and the connection did not change since
 * (a value with an expiry: only when the server's clock is estimated, redis.h). */
shmx_status shmx_rcache_fetch(shmx_rcache *c, shmx_redis *r, const char *hash, size_t hlen, const char *key,
	size_t klen, shmx_redis_reply **value, shmx_error *err);

/* This handle wrote the key (or may have: call it whatever the write's outcome). */
void shmx_rcache_forget(shmx_rcache *c, const char *key, size_t klen);
/* This handle wrote many keys (clear). */
void shmx_rcache_forget_all(shmx_rcache *c);

void shmx_rcache_stats_get(const shmx_rcache *c, shmx_rcache_stats *out);

#endif
