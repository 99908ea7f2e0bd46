/*
 * store_read.c: the Store's reads (get): lock-free, through the handle's hints or the chains,
 * and under the writer lock once the free epoch has moved too often (see store_int.h).
 */
#include "store_int.h"

/* ---- reads ---------------------------------------------------------------------------- */

/* Copies the value of live entry e out (the caller checked key and expiry). */
static int read_value(shmx_entry *e, size_t klen, shmx_value *out, shmx_sink sink, void *ctx, uint8_t type, uint32_t vlen)
{
	out->type = type;
	out->serializer = e->serializer;
	if (type == SHMX_T_INT) {
		out->l = SHMX_LOAD_RELAXED(&e->inline_value);
	} else if (type == SHMX_T_FLOAT) {
		int64_t bits = SHMX_LOAD_RELAXED(&e->inline_value);
		memcpy(&out->d, &bits, sizeof(double));
	} else if (type >= SHMX_T_STRING) {
		out->len = vlen;
		if (sink) {
			char *buf = sink(ctx, vlen);
			if (!buf) {
				return READ_BAD;
			}
			memcpy(buf, entry_key(e) + klen, vlen);
		}
	}
	return READ_FOUND;
}

/* A hint is only a guess: the entry it names must still carry the key, its hash word without
 * the retired bit (so it is published and still linked: a new entry is retired until it is
 * published, and writers retire an entry before they unlink it), and fit the data area, all
 * read under the same epoch check as a chain walk. READ_STALE: walk the chain. */
static int read_hinted(shmx_store *s, const char *key, size_t klen, uint64_t h, shmx_value *out,
	shmx_sink sink, void *ctx, uint32_t now)
{
	struct shmx_hint *hint = &s->hints[h & (SHMX_HINTS - 1)];
	if (hint->h != h || !hint->off8) {
		return READ_STALE;
	}
	shmx_entry *e = head_at(s, hint->off8);
	if (!e || (SHMX_LOAD(&e->hash) & ~SHMX_ENTRY_KIND) != key_h32(h) || e->key_len != klen) {
		return READ_STALE;
	}
	uint8_t type = e->type;
	uint32_t vlen = e->value_len;
	if (!entry_fits(s, e, (uint32_t)klen, type, vlen) || memcmp(entry_key(e), key, klen) != 0) {
		return READ_STALE;
	}
	if (expired(e, now)) {
		return READ_STALE;
	}
	return out ? read_value(e, klen, out, sink, ctx, type, vlen) : READ_FOUND;
}

static int read_once(shmx_store *s, const char *key, size_t klen, uint64_t h, shmx_value *out,
	shmx_sink sink, void *ctx, uint32_t now)
{
	uint32_t h32 = key_h32(h);
	uint32_t off8 = SHMX_LOAD(&s->buckets[h & s->mask]);
	for (uint64_t hops = 0; off8; hops++) {
		shmx_entry *e = head_at(s, off8);
		if (!e || hops > s->chain_max) {
			return READ_BAD;
		}
		if ((e->hash & SHMX_ENTRY_HASH_BITS) == h32 && e->key_len == klen) {
			uint8_t type = e->type;
			uint32_t vlen = e->value_len;
			if (!entry_fits(s, e, (uint32_t)klen, type, vlen)) {
				return READ_BAD;
			}
			if (memcmp(entry_key(e), key, klen) == 0) {
				if (expired(e, now)) {
					return READ_MISSING;
				}
				if (!s->hints && ++s->finds > 1) {
					/* A handle that reads more than once gets hints (64 KiB: not worth clearing
					 * for a handle opened for one read, as a PHP-FPM request's often is). */
					s->hints = calloc(SHMX_HINTS, sizeof(struct shmx_hint));
				}
				if (s->hints) {
					s->hints[h & (SHMX_HINTS - 1)].h = h;
					s->hints[h & (SHMX_HINTS - 1)].off8 = off8;
				}
				return out ? read_value(e, klen, out, sink, ctx, type, vlen) : READ_FOUND;
			}
		}
		off8 = SHMX_LOAD(&e->next);
	}
	return READ_MISSING;
}

/* Where a get's string bytes went last: the locked read below copies into that buffer when the
 * length still matches, and otherwise asks for a new one only after letting the lock go, so
 * that the sink (which may allocate, and fail) never runs under the writer lock. */
typedef struct get_sink {
	shmx_sink sink;
	void *ctx;
	char *buf;
	size_t len;
	size_t want;              /* the length the locked read needed a buffer for; SIZE_MAX none */
} get_sink;

static char *get_sink_unlocked(void *c, size_t len)
{
	get_sink *g = c;
	g->buf = g->sink(g->ctx, len);
	g->len = len;
	return g->buf;
}

static char *get_sink_locked(void *c, size_t len)
{
	get_sink *g = c;
	if (g->buf && g->len == len) {
		return g->buf;
	}
	g->want = len;
	return NULL;
}

/* Lock-free reads retry when the free epoch moves; with writers freeing steadily, a long copy
 * could retry without end. After GET_LOCKFREE_TRIES such retries the read takes the writer
 * lock, under which no block is freed, so it completes in one pass. */
#define GET_LOCKFREE_TRIES 4

/* This process's stats slot (see shmx_stat_slot): one it has, a free one, one of a process
 * that is gone, or, with all taken, one shared by pid (its counts are as right, its line not
 * private). Looked up once per handle and process. */
static shmx_stat_slot *stat_slot_claim(shmx_store *s)
{
	shmx_stat_slot *slots = s->hdr->stats;
	shmx_pid me = shmx_getpid();
	shmx_stat_slot *got = NULL;
	for (unsigned i = 0; i < SHMX_STAT_SLOTS && !got; i++) {
		if (SHMX_LOAD_RELAXED(&slots[i].pid) == (int32_t)me) {
			got = &slots[i];
		}
	}
	for (unsigned i = 0; i < SHMX_STAT_SLOTS && !got; i++) {
		int32_t zero = 0;
		if (SHMX_LOAD_RELAXED(&slots[i].pid) == 0 && SHMX_CAS(&slots[i].pid, &zero, (int32_t)me)) {
			got = &slots[i];
		}
	}
	for (unsigned i = 0; i < SHMX_STAT_SLOTS && !got; i++) {
		int32_t pid = SHMX_LOAD_RELAXED(&slots[i].pid);
		if (pid > 0 && !shmx_pid_alive((shmx_pid)pid) && SHMX_CAS(&slots[i].pid, &pid, (int32_t)me)) {
			got = &slots[i];
		}
	}
	if (!got) {
		got = &slots[(uint32_t)me % SHMX_STAT_SLOTS];
	}
	s->stat = got;
	s->stat_pid = me;
	return got;
}

static inline void count_get(shmx_store *s, int found)
{
	shmx_stat_slot *slot = SHMX_LIKELY(s->stat && s->stat_pid == shmx_getpid()) ? s->stat : stat_slot_claim(s);
	__atomic_fetch_add(found ? &slot->hits : &slot->misses, 1, __ATOMIC_RELAXED);
}

static shmx_status get_locked(shmx_store *s, const char *key, size_t klen, uint64_t h,
	shmx_value *out, get_sink *g, shmx_error *err)
{
	for (;;) {
		int nested;
		shmx_status st = shmx_st_wlock(s, -1, &nested, err);
		if (st != SHMX_OK) {
			return st;
		}
		g->want = SIZE_MAX;
		int r = read_once(s, key, klen, h, out, g->sink ? get_sink_locked : NULL, g, 0);
		shmx_st_wunlock(s, nested);
		if (r == READ_BAD && g->want != SIZE_MAX) {
			if (!get_sink_unlocked(g, g->want)) {
				return shmx_st_corrupt(s, err, "no buffer for the value");
			}
			continue;
		}
		if (r == READ_BAD) {
			return shmx_st_corrupt(s, err, "an index chain leads outside the data area");
		}
		if (out) {
			count_get(s, r == READ_FOUND);
		}
		return r == READ_FOUND ? SHMX_OK : SHMX_ERR_NOT_FOUND;
	}
}

shmx_status shmx_store_get(shmx_store *s, const char *key, size_t klen,
	shmx_value *out, shmx_sink sink, void *ctx, shmx_error *err)
{
	shmx_status kst = key_check(s, klen, err);
	if (kst != SHMX_OK) {
		return kst;
	}
	uint64_t h = shmx_store_hash(s, key, klen);
	uint64_t *epoch = &s->hdr->alloc.free_epoch;
	uint32_t now = 0;
	get_sink g = { sink, ctx, NULL, 0, SIZE_MAX };
	shmx_sink rs = sink ? get_sink_unlocked : NULL;
	for (int tries = 0;; tries++) {
		uint64_t e1 = SHMX_LOAD(epoch);
		int r = s->hints ? read_hinted(s, key, klen, h, out, rs, &g, now) : READ_STALE;
		if (r == READ_STALE) {
			r = read_once(s, key, klen, h, out, rs, &g, now);
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		if (SHMX_LIKELY(SHMX_LOAD_RELAXED(epoch) == e1)) {
			if (SHMX_LIKELY(r != READ_BAD)) {
				if (!s->readonly && out) {
					count_get(s, r == READ_FOUND);
				}
				return r == READ_FOUND ? SHMX_OK : SHMX_ERR_NOT_FOUND;
			}
			if (tries >= 3) {
				return shmx_st_corrupt(s, err, "an index chain leads outside the data area");
			}
		} else if (tries + 1 >= GET_LOCKFREE_TRIES && !s->readonly) {
			/* A read-only handle cannot take the lock: it keeps retrying. */
			return get_locked(s, key, klen, h, out, &g, err);
		}
		backoff(tries);
	}
}
