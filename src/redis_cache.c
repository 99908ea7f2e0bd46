/*
 * redis_cache.c: a Store handle's client-side cache on Redis (see redis_cache.h).
 *
 * State of one cache, and what each part guards:
 *   tracker        the connection subscribed to __redis__:invalidate; the server sends it the
 *                  keys under {P}:h (the Store's hash, {P}:hl and {P}:he) that any other
 *                  connection changes (BCAST), and a nil for FLUSHDB/FLUSHALL; any of them
 *                  drops every entry, since the Store is one hash
 *   tracked_gen    the main connection's generation (shmx_redis.gen) on which CLIENT TRACKING
 *                  was turned on: a reconnect (server restart, a killed connection, a fork
 *                  child's own connection) makes a connection that tracks nothing, so entries
 *                  are used only while the two agree
 *   the entries    encoded values by Store key, each with a deadline on the monotonic clock:
 *                  min(read + S, the value's own deadline by the estimated server clock, less
 *                  that estimate's error), "read" taken before the request was sent, so an
 *                  entry never outlives the value on the server
 * The ordering that makes it safe: the tracker is drained only before a request, never between
 * a miss's request and the storing of its answer, so an invalidation of a write the server ran
 * after our read is still unread when the answer is stored, and drops it at the next call.
 */
#include "redis_cache.h"

#include "platform.h" /* shmx_monotonic_ns */

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NBUCKETS 4096 /* a power of two */
#define RETRY_NS 1000000000LL /* a lost tracker or refused tracking is retried once a second */
#define DRAIN_MAX 10000 /* messages read per call at most; more empties the cache */

typedef struct entry {
	struct entry *next;
	uint64_t hash;
	int64_t deadline;
	size_t klen, vlen;
	int absent;
	char data[]; /* the key, then the value, then a NUL */
} entry;

struct shmx_rcache {
	shmx_redis_addr a;
	char *prefix;
	size_t plen;
	int64_t max_age_ns;
	shmx_redis tracker;
	int have_tracker;
	long long tracker_id;
	int tracking;
	unsigned long tracked_gen;
	int64_t retry_at;
	int may_store;
	entry **buckets;
	size_t count, bytes;
	uint64_t hits, misses, invalidations, resets;
};

static uint64_t hash_of(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

shmx_rcache *shmx_rcache_new(const shmx_redis_addr *a, const char *prefix, size_t plen)
{
	shmx_rcache *c = calloc(1, sizeof(*c));
	if (!c) {
		return NULL;
	}
	c->buckets = calloc(NBUCKETS, sizeof(*c->buckets));
	c->prefix = malloc(plen + 1);
	if (!c->buckets || !c->prefix) {
		free(c->buckets);
		free(c->prefix);
		free(c);
		return NULL;
	}
	memcpy(c->prefix, prefix, plen);
	c->prefix[plen] = '\0';
	c->plen = plen;
	c->a = *a;
	c->max_age_ns = (int64_t)(a->cache * 1e9);
	return c;
}

/* Drops every entry. */
static void drop_all(shmx_rcache *c)
{
	for (size_t i = 0; i < NBUCKETS; i++) {
		entry *e = c->buckets[i];
		while (e) {
			entry *next = e->next;
			free(e);
			e = next;
		}
		c->buckets[i] = NULL;
	}
	c->count = 0;
	c->bytes = 0;
}

/* Drops every entry because something may have been missed (counted). */
static void reset(shmx_rcache *c)
{
	if (c->count) {
		drop_all(c);
		c->resets++;
	}
}

static entry **find(shmx_rcache *c, const char *key, size_t klen, uint64_t h)
{
	entry **pe = &c->buckets[h & (NBUCKETS - 1)];
	for (; *pe; pe = &(*pe)->next) {
		entry *e = *pe;
		if (e->hash == h && e->klen == klen && !memcmp(e->data, key, klen)) {
			return pe;
		}
	}
	return pe;
}

static void unlink_at(shmx_rcache *c, entry **pe)
{
	entry *e = *pe;
	*pe = e->next;
	c->count--;
	c->bytes -= e->klen + e->vlen;
	free(e);
}

static void forget(shmx_rcache *c, const char *key, size_t klen)
{
	entry **pe = find(c, key, klen, hash_of(key, klen));
	if (*pe) {
		unlink_at(c, pe);
	}
}

static void insert(shmx_rcache *c, const char *key, size_t klen, const char *v, size_t vlen, int absent, int64_t deadline)
{
	if (vlen > SHMX_RCACHE_MAX_VALUE) {
		return;
	}
	uint64_t h = hash_of(key, klen);
	entry **pe = find(c, key, klen, h);
	if (*pe) {
		unlink_at(c, pe);
	}
	if (c->count + 1 > SHMX_RCACHE_MAX_ENTRIES || c->bytes + klen + vlen > SHMX_RCACHE_MAX_BYTES) {
		/* Full: start again (simple, and no entry outlives its use by much). */
		reset(c);
		pe = find(c, key, klen, h);
	}
	/* + 1: a NUL after the value, which the decoding of numbers reads up to (as after a reply's). */
	entry *e = malloc(sizeof(*e) + klen + vlen + 1);
	if (!e) {
		return;
	}
	e->next = NULL;
	e->hash = h;
	e->deadline = deadline;
	e->klen = klen;
	e->vlen = vlen;
	e->absent = absent;
	memcpy(e->data, key, klen);
	if (vlen) {
		memcpy(e->data + klen, v, vlen);
	}
	e->data[klen + vlen] = '\0';
	*pe = e;
	c->count++;
	c->bytes += klen + vlen;
}

/* ---- the tracker ------------------------------------------------------------------------- */

static void tracker_drop(shmx_rcache *c)
{
	if (c->have_tracker) {
		/* redisFree() only closes the descriptor: in a fork child the parent's subscription
		 * goes on untouched. */
		shmx_redis_close(&c->tracker);
		c->have_tracker = 0;
	}
	c->tracking = 0;
}

static int tracker_open(shmx_rcache *c)
{
	shmx_error err;
	shmx_redis_reply *rp;
	if (shmx_redis_open(&c->tracker, &c->a, &err) != SHMX_OK) {
		return 0;
	}
	const char *id_argv[2] = {"CLIENT", "ID"};
	size_t id_lens[2] = {6, 2};
	if (shmx_redis_command(&c->tracker, 2, id_argv, id_lens, &rp, &err) != SHMX_OK) {
		shmx_redis_close(&c->tracker);
		return 0;
	}
	long long id = shmx_redis_reply_int(rp);
	int ok = shmx_redis_reply_type(rp) == SHMX_RR_INTEGER && id > 0;
	shmx_redis_reply_free(rp);
	if (!ok) {
		shmx_redis_close(&c->tracker);
		return 0;
	}
	const char *sub_argv[2] = {"SUBSCRIBE", "__redis__:invalidate"};
	size_t sub_lens[2] = {9, 20};
	if (shmx_redis_command(&c->tracker, 2, sub_argv, sub_lens, &rp, &err) != SHMX_OK) {
		shmx_redis_close(&c->tracker);
		return 0;
	}
	size_t n;
	const char *what = shmx_redis_reply_str(shmx_redis_reply_at(rp, 0), &n);
	ok = n == 9 && !memcmp(what, "subscribe", 9);
	shmx_redis_reply_free(rp);
	if (!ok) {
		shmx_redis_close(&c->tracker);
		return 0;
	}
	c->tracker_id = id;
	c->have_tracker = 1;
	c->tracking = 0;
	return 1;
}

/* One message from the tracker. */
static void apply(shmx_rcache *c, const shmx_redis_reply *rp)
{
	size_t n;
	const char *kind = shmx_redis_reply_str(shmx_redis_reply_at(rp, 0), &n);
	if (shmx_redis_reply_len(rp) != 3 || n != 7 || memcmp(kind, "message", 7)) {
		return; /* not an invalidation (nothing else is expected on this connection) */
	}
	const shmx_redis_reply *keys = shmx_redis_reply_at(rp, 2);
	if (shmx_redis_reply_type(keys) != SHMX_RR_ARRAY) {
		/* nil: FLUSHDB / FLUSHALL. */
		c->invalidations++;
		reset(c);
		return;
	}
	/* The whole Store is one hash ({P}:h, or {P}:hl and {P}:he beside it): a change of any
	 * of its keys may be of any entry. */
	c->invalidations += shmx_redis_reply_len(keys);
	drop_all(c);
}

/* Reads what the tracker has; 0 when it failed (it is closed then) or sent too much. */
static int drain(shmx_rcache *c)
{
	shmx_error err;
	for (int i = 0; i < DRAIN_MAX; i++) {
		shmx_redis_reply *rp;
		if (shmx_redis_read_pending(&c->tracker, &rp, &err) != SHMX_OK) {
			tracker_drop(c);
			return 0;
		}
		if (!rp) {
			return 1;
		}
		apply(c, rp);
		shmx_redis_reply_free(rp);
	}
	/* A flood: messages may still be unread; nothing cached can be trusted. */
	reset(c);
	return 0;
}

static int tracking_on(shmx_rcache *c, shmx_redis *r)
{
	shmx_error err;
	shmx_redis_reply *rp;
	char id[24];
	if (c->tracked_gen == r->gen) {
		/* This connection tracks already, for a tracker that is gone: a prefix may be given
		 * once only, so off first. */
		const char *off[3] = {"CLIENT", "TRACKING", "OFF"};
		size_t off_lens[3] = {6, 8, 3};
		if (shmx_redis_command(r, 3, off, off_lens, &rp, &err) != SHMX_OK) {
			return 0;
		}
		shmx_redis_reply_free(rp);
	}
	int idn = snprintf(id, sizeof(id), "%lld", c->tracker_id);
	const char *on[9] = {"CLIENT", "TRACKING", "ON", "REDIRECT", id, "BCAST", "PREFIX", c->prefix, "NOLOOP"};
	size_t on_lens[9] = {6, 8, 2, 8, (size_t)idn, 5, 6, c->plen, 6};
	if (shmx_redis_command(r, 9, on, on_lens, &rp, &err) != SHMX_OK) {
		return 0;
	}
	shmx_redis_reply_free(rp);
	/* The generation the command went out on (it may have reconnected first). */
	c->tracked_gen = r->gen;
	c->tracking = 1;
	return 1;
}

/* Whether the entries may answer now (see the top comment). */
static int sync_cache(shmx_rcache *c, shmx_redis *r)
{
	pid_t pid = shmx_getpid();
	if (c->have_tracker && c->tracker.pid != pid) {
		/* A fork child: the descriptor is the parent's subscription; not ours to read. */
		tracker_drop(c);
		reset(c);
	}
	int fd = shmx_redis_fd(r);
	if (fd < 0 || r->pid != pid) {
		/* The next command connects anew: nothing of the old tracking holds. */
		c->tracking = 0;
		reset(c);
		return 0;
	}
	if (c->have_tracker) {
		struct pollfd p[2] = {{.fd = shmx_redis_fd(&c->tracker), .events = POLLIN}, {.fd = fd, .events = POLLIN}};
		int n = poll(p, 2, 0);
		if (n < 0) {
			/* EINTR and the like: not now. */
			return 0;
		}
		if (p[1].revents) {
			/* The server closed the main connection (or sent what nobody asked for): the next
			 * command reconnects, and the tracking went with it. */
			c->tracking = 0;
			reset(c);
			return 0;
		}
		if (p[0].revents && !drain(c)) {
			reset(c);
			c->retry_at = shmx_monotonic_ns() + RETRY_NS;
			return 0;
		}
	}
	if (!c->have_tracker || !c->tracking || c->tracked_gen != r->gen) {
		int64_t now = shmx_monotonic_ns();
		reset(c);
		if (now < c->retry_at) {
			return 0;
		}
		if ((!c->have_tracker && !tracker_open(c)) || !tracking_on(c, r)) {
			c->retry_at = now + RETRY_NS;
			return 0;
		}
	}
	return 1;
}

int shmx_rcache_lookup(shmx_rcache *c, shmx_redis *r, const char *key, size_t klen, const char **v, size_t *n)
{
	c->may_store = sync_cache(c, r);
	if (!c->may_store) {
		return 0;
	}
	entry **pe = find(c, key, klen, hash_of(key, klen));
	entry *e = *pe;
	if (!e) {
		return 0;
	}
	if (shmx_monotonic_ns() >= e->deadline) {
		unlink_at(c, pe);
		return 0;
	}
	c->hits++;
	*v = e->absent ? NULL : e->data + e->klen;
	*n = e->vlen;
	return 1;
}

shmx_status shmx_rcache_fetch(shmx_rcache *c, shmx_redis *r, const char *hash, size_t hlen, const char *key,
	size_t klen, shmx_redis_reply **value, shmx_error *err)
{
	int store = c->may_store;
	unsigned long gen = r->gen;
	c->may_store = 0;
	c->misses++;
	int64_t t0 = shmx_monotonic_ns();
	const char *argv[3] = {"HGET", hash, key};
	size_t lens[3] = {4, hlen, klen};
	shmx_status st = shmx_redis_command(r, 3, argv, lens, value, err);
	if (st != SHMX_OK) {
		return st;
	}
	if (store && c->tracking && r->gen == gen && gen == c->tracked_gen) {
		int64_t deadline = t0 + c->max_age_ns;
		int t = shmx_redis_reply_type(*value);
		if (t == SHMX_RR_STRING) {
			size_t n;
			const char *s = shmx_redis_reply_str(*value, &n);
			int64_t until, now, unc;
			if (shmx_redis_entry_head(s, n, &until)) {
				/* An expiring value: kept no longer than its deadline as far as this process can
				 * tell the server's clock, and not at all without an estimate of it. */
				if (shmx_redis_server_now(r, 0, &now, &unc, err) != 1 || until - now - unc <= 0) {
					return SHMX_OK;
				}
				/* Compared in ms first: a deadline years away must not overflow the ns. */
				int64_t left = until - now - unc;
				if (left < (deadline - t0) / 1000000LL) {
					deadline = t0 + left * 1000000LL;
				}
			}
			insert(c, key, klen, s, n, 0, deadline);
		} else if (t == SHMX_RR_NIL) {
			insert(c, key, klen, NULL, 0, 1, deadline);
		}
	}
	return SHMX_OK;
}

void shmx_rcache_forget(shmx_rcache *c, const char *key, size_t klen)
{
	forget(c, key, klen);
}

void shmx_rcache_forget_all(shmx_rcache *c)
{
	reset(c);
}

void shmx_rcache_stats_get(const shmx_rcache *c, shmx_rcache_stats *out)
{
	out->hits = c->hits;
	out->misses = c->misses;
	out->entries = c->count;
	out->bytes = c->bytes;
	out->invalidations = c->invalidations;
	out->resets = c->resets;
	out->tracking = c->tracking && c->have_tracker && c->tracker.pid == getpid();
}

void shmx_rcache_free(shmx_rcache *c)
{
	if (!c) {
		return;
	}
	c->resets = 0;
	reset(c);
	tracker_drop(c);
	free(c->buckets);
	free(c->prefix);
	free(c);
}
