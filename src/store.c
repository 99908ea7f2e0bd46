/*
 * store.c: the Store's index, reads, writes and repair (see store.h for the layout and the
 * publication rule).
 *
 * Invariants:
 * - Functions named wlocked_* run with the writer lock held; everything else takes it itself
 *   (writes) or not at all (reads).
 * - Every offset read from shared memory goes through head_at() (16-byte aligned, head inside
 *   the data area) and entry_fits() (key and value too); chains are walked at most chain_max hops (as many entries as the data area can hold, so a long chain is never mistaken for a loop). A reader that
 *   meets a bad offset retries (the block may have been reused under it); if the epoch did not
 *   move, the memory is corrupt and the caller gets SHMX_ERR_CORRUPT, never a crash.
 * - An entry is retired (SHMX_ENTRY_RETIRED), then unlinked, then freed; a freed block is
 *   rewritten only after a free_epoch bump (alloc.c), so lock-free readers never act on a
 *   half-rewritten block and lock-free in-place writes never land in a dead one.
 * - In-place changes without the writer lock (increment, set of a number) happen only while
 *   the seq of the handle's fast slot is odd, and only if fast_block was 0 after seq became
 *   odd; lock() raises fast_block and waits until every odd seq has moved on before its
 *   callback runs. Both sides store, then load the other's flag, with seq_cst, so at least one
 *   of them sees the other: the writer backs off to the writer lock, or lock() waits for it.
 * - Increments from a hint (see "increments from a hint" below) add to an int cell without
 *   reading it first; retiring an int entry that may be hinted revokes every hint (hint_epoch
 *   + 1, then a wait for the slots inside such an increment) before the entry's value is read,
 *   replaced or unlinked, and an int is taken past SHMX_HINT_LIMIT other than by those adds
 *   only after wlocked_end_hints() has made sure no hint points at it.
 * - A handle claims a fast slot on its first lock-free write and holds the slot's lock until
 *   detach, so that nothing else ever takes that lock while the owner lives: a failed try
 *   means alive, a recovered one (lock.h: the holder's thread is gone) means the owner died,
 *   and whoever recovers it ends the dead owner's write and frees or takes the slot. A slot is
 *   per handle, not per process, so that each handle's lock-free writes are bracketed by its
 *   own seq. A fork child owns none of its parent's locks; it claims its own slot.
 */
#include "store.h"
#include "region.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define SHMX_HINTS 4096 /* process-local lookup hints per handle (a power of two) */

struct shmx_hint {
	uint64_t h;               /* the key's full hash */
	uint32_t off8;            /* where its entry was found: offset / 8; 0 = none */
};

/* Increments from a hint never let an int go past SHMX_HINT_LIMIT + SHMX_FAST_SLOTS *
 * SHMX_HINT_STEP = 2^62 + 2^61 in magnitude, so they cannot overflow (see hint_increment). */
#define SHMX_HINT_LIMIT ((int64_t)1 << 62)
#define SHMX_HINT_STEP  ((int64_t)1 << 55)
_Static_assert((uint64_t)SHMX_HINT_LIMIT + (uint64_t)SHMX_FAST_SLOTS * (uint64_t)SHMX_HINT_STEP < (uint64_t)INT64_MAX,
	"increments from hints cannot overflow");
#define SHMX_INC_HINTS    16  /* per handle (a power of two) */
#define SHMX_INC_HINT_KEY 48  /* longer keys are not hinted */

/* Where this handle last found the int entry of a key it incremented, and the hint_epoch read
 * before it found the entry live: while hint_epoch still shows that value, the entry has not
 * been retired since, so its block still belongs to the key. */
struct shmx_inc_hint {
	uint64_t epoch;
	uint32_t off8;            /* 0 = empty */
	uint16_t klen;
	char key[SHMX_INC_HINT_KEY];
};

/* How long a writer that must revoke the hints waits for a process inside an increment from
 * a hint (a few instructions) before it gives up: only a stopped process stays that long. */
#define SHMX_REVOKE_WAIT_NS 2000000000LL

/* A slot's seq is a multiple of 4 between writes; during one, seq & 3 says which kind. */
#define SEQ_WRITE 1u              /* a lock-free write (a CAS on a cell it looked up) */
#define SEQ_HINT  3u              /* an increment from a hint (an add to a cell it did not) */

#if SHMX_HAVE_CAS16
static inline int int_beyond_hints(int64_t v)
{
	return v > SHMX_HINT_LIMIT || v < -SHMX_HINT_LIMIT;
}
#else
/* No lock-free writes, so no hints and no limit. */
static inline int int_beyond_hints(int64_t v)
{
	(void)v;
	return 0;
}
#endif

/* Whether increments from hints may target an entry: an int with no expiry that is not marked
 * SHMX_INT_NO_HINTS. Such an entry stays within SHMX_HINT_LIMIT except by those increments. */
static inline int entry_hintable(const shmx_entry *e)
{
	return SHMX_HAVE_CAS16 && e->type == SHMX_T_INT && e->expires == 0
		&& SHMX_LOAD_RELAXED(&e->serializer) != SHMX_INT_NO_HINTS;
}
#define STORE_HEADER_SPACE ((sizeof(shmx_store_header) + 63) & ~(size_t)63)

typedef struct store_layout {
	uint32_t bucket_bits;
	uint64_t buckets_off, data_off, data_end;
} store_layout;

/* The layout is a function of the payload size alone, so attaching can recompute and compare. */
static int layout_for(uint64_t payload, store_layout *l)
{
	uint64_t want = payload / 64;
	uint32_t bits = 6;
	while (bits < 30 && ((uint64_t)1 << (bits + 1)) <= want) {
		bits++;
	}
	l->bucket_bits = bits;
	l->buckets_off = STORE_HEADER_SPACE;
	l->data_off = (l->buckets_off + ((uint64_t)4 << bits) + 63) & ~(uint64_t)63;
	l->data_end = payload & ~(uint64_t)(SHMX_ALLOC_GRAIN - 1);
	if (l->data_end > SHMX_ALLOC_MAX_OFFSET) {
		l->data_end = SHMX_ALLOC_MAX_OFFSET & ~(uint64_t)(SHMX_ALLOC_GRAIN - 1);
	}
	return l->data_end > l->data_off && l->data_end - l->data_off >= 4096;
}

static int format_store(void *payload, size_t payload_size, void *arg)
{
	shmx_store_header *h = payload;
	store_layout l;

	layout_for(payload_size, &l);
	h->bucket_bits = l.bucket_bits;
	h->seed = shmx_hash_mix((uint64_t)shmx_monotonic_ns() ^ 0x9e3779b97f4a7c15ull,
		((uint64_t)shmx_getpid() << 32) ^ (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)payload);
	h->buckets_off = l.buckets_off;
	shmx_alloc_init(&h->alloc, l.data_off, l.data_end);
	shmx_lock_init(&h->lock);
	for (unsigned i = 0; i < SHMX_FAST_SLOTS; i++) {
		shmx_lock_init(&h->fast[i].lock);
	}
	h->magic = SHMX_STORE_MAGIC;
	return 0;
}

static const char *describe(const shmx_store *s, char *buf, size_t len)
{
	return s->id ? shmx_id_describe(s->id, buf, len) : "store";
}

/* Every public call with a key checks it first: an empty key would be taken for a chain's end
 * marker and a longer one would not fit the entry's 16-bit length. */
static shmx_status key_check(const shmx_store *s, size_t klen, shmx_error *err)
{
	char d[SHMX_NAME_MAX + 16];
	if (SHMX_UNLIKELY(klen == 0 || klen > SHMX_STORE_KEY_MAX)) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "%s: a key must be 1 to %u bytes long, not %zu",
			describe(s, d, sizeof(d)), SHMX_STORE_KEY_MAX, klen);
	}
	return SHMX_OK;
}

static shmx_status read_only(const shmx_store *s, shmx_error *err)
{
	char d[SHMX_NAME_MAX + 16];
	return shmx_fail(err, SHMX_ERR_STATE, 0, "%s: cannot write to a store opened read-only (mode \"a\")", describe(s, d, sizeof(d)));
}

static shmx_status corrupt(const shmx_store *s, shmx_error *err, const char *what)
{
	char d[SHMX_NAME_MAX + 16];
	return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: the Store is corrupted (%s)", describe(s, d, sizeof(d)), what);
}

shmx_status shmx_store_attach(shmx_store *s, shmx_map *m, int may_format, shmx_error *err)
{
	void *payload;
	size_t payload_size;
	store_layout l;
	char d[SHMX_NAME_MAX + 16];

	memset(s, 0, sizeof(*s));
	s->id = &m->id;
	/* Every write takes a lock (lock.c), which Windows builds do not have: refuse at open
	 * rather than at the first write. */
	if (!SHMX_HAVE_ROBUST) {
		return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "a shmx Store needs cross-process locks, which shmx does not have on this platform");
	}
	shmx_status st = shmx_region_attach(m, SHMX_KIND_STORE, STORE_HEADER_SPACE + 4096 + 256, may_format,
		format_store, NULL, &payload, &payload_size, err);
	if (st != SHMX_OK) {
		return st;
	}
	shmx_store_header *h = payload;
	if (!layout_for(payload_size, &l) || SHMX_LOAD(&h->magic) != SHMX_STORE_MAGIC || h->bucket_bits != l.bucket_bits
		|| h->buckets_off != l.buckets_off || h->alloc.data_off != l.data_off || h->alloc.data_end != l.data_end) {
		return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: the Store header is corrupted (its layout does not match its %zu-byte payload)",
			describe(s, d, sizeof(d)), payload_size);
	}
	s->base = payload;
	s->hdr = h;
	s->buckets = (uint32_t *)((char *)payload + l.buckets_off);
	s->mask = ((uint64_t)1 << l.bucket_bits) - 1;
	s->seed = h->seed;
	/* A second secret, derived so that it is unrelated to the first to anyone without it. */
	s->seed2 = shmx_hash_mix(h->seed ^ 0xc2b2ae3d27d4eb4full, h->seed + 0x165667b19e3779f9ull) ^ 0x9e3779b97f4a7c15ull;
	s->chain_max = (l.data_end - l.data_off) / shmx_alloc_round(SHMX_ENTRY_HEAD + 1) + 1;
	s->data_off = l.data_off;
	s->data_end = l.data_end;
	s->arena.a = &h->alloc;
	s->arena.base = s->base;
	s->arena.data_off = l.data_off;
	s->arena.data_end = l.data_end;
	s->total_size = payload_size + SHMX_REGION_HEADER_SIZE;
	s->readonly = m->readonly;
	s->fast_slot = -1;
	return SHMX_OK;
}

/* Gives back this handle's fast slot: freed first, so that an owner dying in between leaves a
 * free slot whose lock its next claimer recovers, never a taken slot whose lock
 * nobody holds. Only the process that claimed it may (a fork child does not own its lock). */
static void fast_release(shmx_store *s)
{
	shmx_error err;
	if (s->hdr && s->fast_slot >= 0 && s->fast_slot_pid == shmx_getpid()) {
		SHMX_STORE(&s->hdr->fast_pid[s->fast_slot], 0);
		shmx_lock_release(&s->hdr->fast[s->fast_slot].lock, &err);
	}
	s->fast_slot = -1;
}

void shmx_store_detach(shmx_store *s)
{
	fast_release(s);
	free(s->hints);
	s->hints = NULL;
	free(s->inc_hints);
	s->inc_hints = NULL;
}

static inline uint32_t now_s(void)
{
	return (uint32_t)time(NULL);
}

/* now 0: not read yet; the clock is read only for an entry that has an expiry. */
static inline int expired(const shmx_entry *e, uint32_t now)
{
	uint32_t x = e->expires;
	return x && (now ? now : now_s()) > x;
}

static inline uint64_t entry_size(uint32_t key_len, uint8_t type, uint64_t value_len)
{
	return shmx_alloc_round(SHMX_ENTRY_HEAD + (uint64_t)key_len + (type >= SHMX_T_STRING ? value_len : 0));
}

/* The entry at offset/8 `off8` if its head lies in the data area, else NULL. */
static inline shmx_entry *head_at(const shmx_store *s, uint32_t off8)
{
	uint64_t off = (uint64_t)off8 * SHMX_OFF_UNIT;
	if (SHMX_UNLIKELY(off < s->data_off || off > s->data_end - SHMX_ENTRY_HEAD || off % SHMX_ALLOC_GRAIN)) {
		return NULL;
	}
	return (shmx_entry *)(s->base + off);
}

/* Whether the whole entry (head, key, value) fits in the data area. */
static inline int entry_fits(const shmx_store *s, const shmx_entry *e, uint32_t key_len, uint8_t type, uint32_t value_len)
{
	uint64_t off = (uint64_t)((const char *)e - s->base);
	uint64_t need = SHMX_ENTRY_HEAD + (uint64_t)key_len + (type >= SHMX_T_STRING ? value_len : 0);
	return type >= SHMX_T_NULL && type <= SHMX_T_SERIALIZED && key_len > 0 && need <= s->data_end - off;
}

static inline const char *entry_key(const shmx_entry *e)
{
	return (const char *)e + SHMX_ENTRY_HEAD;
}

static inline uint32_t key_h32(uint64_t h)
{
	return (uint32_t)(h >> 36);
}

static inline uint32_t entry_kind(uint8_t type, uint32_t expires)
{
	return (type == SHMX_T_INT ? 0 : type == SHMX_T_FLOAT ? SHMX_ENTRY_FLOAT : SHMX_ENTRY_OTHER)
		| (expires ? SHMX_ENTRY_EXPIRES : 0);
}

/* The hash word of a live entry of this key, type and expiry (0 or not): the key's hash bits
 * and the kind of entry. A CAS that expects an int's word cannot land in a float, a string, a
 * null, or an int with an expiry that reused the block with the same next link and key. */
static inline uint32_t entry_hword(uint64_t h, uint8_t type, uint32_t expires)
{
	return key_h32(h) | entry_kind(type, expires);
}

/* ---- the entry's first 16 bytes: value, next, hash ------------------------------------
 *
 * increment() changes an int or float in place without the writer lock: one 16-byte CAS
 * that expects the entry's hash without SHMX_ENTRY_RETIRED. A writer sets that bit (also by
 * CAS, so value and bit change in one total order) before it unlinks an entry or reads a
 * value it is about to replace, so after that point no in-place change can land: an update
 * either happened before the retirement, and is part of what the writer saw, or fails and is
 * retried on whatever entry the key has then. A reused block has a fresh hash word, so an
 * incrementer holding a stale pointer cannot write into it either (short of a different key
 * with the same 28 hash bits, the same value and the same next link in the same block); the
 * word's kind bits keep a CAS out of an entry of the same key with another type, or with an
 * expiry where there was none or the other way round, that reuses the block with the same
 * bits. (A set() without the lock is only for values with no expiry: two different expiries
 * look alike to the CAS.)
 * Where there is no 16-byte CAS, every in-place change takes the writer lock instead. */

#if SHMX_HAVE_CAS16
/* On failure *lo and *hi receive the current contents. */
static inline int cell_cas(shmx_entry *e, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
	return shmx_cas16(e, lo, hi, nlo, nhi);
}
#else
/* Without a 16-byte CAS this runs only with the writer lock held, the only writer there is. */
static inline int cell_cas(shmx_entry *e, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
	shmx_u64_alias *w = (shmx_u64_alias *)e;
	uint64_t clo = __atomic_load_n(&w[0], __ATOMIC_ACQUIRE), chi = __atomic_load_n(&w[1], __ATOMIC_ACQUIRE);
	if (clo != *lo || chi != *hi) {
		*lo = clo;
		*hi = chi;
		return 0;
	}
	__atomic_store_n(&w[0], nlo, __ATOMIC_RELEASE);
	__atomic_store_n(&w[1], nhi, __ATOMIC_RELEASE);
	return 1;
}
#endif

#define HI_RETIRED ((uint64_t)SHMX_ENTRY_RETIRED << 32)

/* Sets (retire) or clears the retired bit; returns the frozen value cell. */
static int64_t set_retired(shmx_entry *e, int on)
{
	uint64_t lo = (uint64_t)SHMX_LOAD_RELAXED(&e->inline_value);
	uint64_t hi = SHMX_LOAD_RELAXED((shmx_u64_alias *)&e->next);
	for (;;) {
		uint64_t nhi = on ? hi | HI_RETIRED : hi & ~HI_RETIRED;
		if (cell_cas(e, &lo, &hi, lo, nhi)) {
			return (int64_t)lo;
		}
	}
}

/* ---- reads ---------------------------------------------------------------------------- */

enum { READ_FOUND, READ_MISSING, READ_BAD, READ_STALE };

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

static void backoff(int tries)
{
	if (tries < 16) {
		SHMX_CPU_RELAX();
	} else if (tries < 64) {
		shmx_yield();
	} else {
		shmx_sleep_ns(100000);
	}
}

static shmx_status wlock(shmx_store *s, int64_t timeout_ns, int *nested, shmx_error *err);
static void wunlock(shmx_store *s, int nested);

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
		shmx_status st = wlock(s, -1, &nested, err);
		if (st != SHMX_OK) {
			return st;
		}
		g->want = SIZE_MAX;
		int r = read_once(s, key, klen, h, out, g->sink ? get_sink_locked : NULL, g, 0);
		wunlock(s, nested);
		if (r == READ_BAD && g->want != SIZE_MAX) {
			if (!get_sink_unlocked(g, g->want)) {
				return corrupt(s, err, "no buffer for the value");
			}
			continue;
		}
		if (r == READ_BAD) {
			return corrupt(s, err, "an index chain leads outside the data area");
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
				return corrupt(s, err, "an index chain leads outside the data area");
			}
		} else if (tries + 1 >= GET_LOCKFREE_TRIES && !s->readonly) {
			/* A read-only handle cannot take the lock: it keeps retrying. */
			return get_locked(s, key, klen, h, out, &g, err);
		}
		backoff(tries);
	}
}

/* ---- the writer lock and repair ------------------------------------------------------- */

static shmx_status hints_revoke(shmx_store *s, shmx_error *err);

/* The second half of clear(), once every entry is retired and no hint is left: empties the
 * index and the data area. Also what the repair does when a clear() was killed in it. */
static void wlocked_clear_rest(shmx_store *s)
{
	for (uint64_t b = 0; b <= s->mask; b++) {
		if (s->buckets[b]) {
			SHMX_STORE(&s->buckets[b], 0);
		}
	}
	/* After every bucket is empty: the reset bumps the epoch before any block is reused. */
	shmx_alloc_reset(&s->arena);
	SHMX_STORE_RELAXED(&s->hdr->entries, 0);
	s->hdr->expiring = 0;
}

/* after_crash: the previous writer died, so no entry is legitimately retired while linked
 * (otherwise a writer may have retired one on purpose, to freeze its value). */
static shmx_status rebuild(shmx_store *s, uint32_t now, int after_crash, shmx_error *err)
{
	shmx_store_header *hdr = s->hdr;
	shmx_alloc_marks m;
	uint64_t entries = 0, expiring = 0;
	int cut = 0;

	if (after_crash && SHMX_LOAD(&hdr->clearing)) {
		/* Killed inside clear() after it had decided: finish it. */
		wlocked_clear_rest(s);
		SHMX_STORE(&hdr->clearing, 0);
		hdr->last_sweep = now;
		return SHMX_OK;
	}
	shmx_status st = shmx_alloc_marks_init(&m, &s->arena, err);
	if (st != SHMX_OK) {
		return st;
	}
	for (uint64_t b = 0; b <= s->mask; b++) {
		uint32_t *slot = &s->buckets[b];
		uint64_t hops = 0;
		uint32_t off8;
		while ((off8 = *slot) != 0) {
			shmx_entry *e = head_at(s, off8);
			if (!e || hops++ > s->chain_max || !entry_fits(s, e, e->key_len, e->type, e->value_len)) {
				/* Only foreign writes can do this: cut the chain rather than follow it. */
				SHMX_STORE(slot, 0);
				cut = 1;
				break;
			}
			if (expired(e, now)) {
				set_retired(e, 1);
				SHMX_STORE(slot, e->next);
				continue;
			}
			if (!shmx_alloc_mark(&m, (uint64_t)off8 * SHMX_OFF_UNIT, entry_size(e->key_len, e->type, e->value_len))) {
				SHMX_STORE(slot, 0);
				cut = 1;
				break;
			}
			entries++;
			expiring += e->expires != 0;
			if (after_crash && (e->hash & SHMX_ENTRY_RETIRED)) {
				/* A writer died between publishing this entry and declaring it live. */
				set_retired(e, 0);
			}
			if (after_crash && e->type == SHMX_T_INT && e->serializer == SHMX_INT_HINTS_ENDING) {
				/* A writer died inside wlocked_end_hints(): back to the state that is safe
				 * whatever it had done. */
				SHMX_STORE(&e->serializer, 0);
			}
			slot = &e->next;
		}
	}
	/* Entries are unlinked only after the hints were revoked, and expired ones are never
	 * hinted; but the entries of a chain cut here may be, and their blocks are about to be free. */
	if (cut && (st = hints_revoke(s, err)) != SHMX_OK) {
		shmx_alloc_marks_free(&m);
		return st;
	}
	shmx_alloc_rebuild(&s->arena, &m);
	SHMX_STORE_RELAXED(&hdr->entries, entries);
	hdr->expiring = expiring;
	hdr->last_sweep = now;
	return SHMX_OK;
}

int64_t shmx_store_write_timeout_ns = SHMX_STORE_WRITE_TIMEOUT_NS;


/* timeout_ns -1: the default for writes, shmx_store_write_timeout_ns. */
static shmx_status wlock(shmx_store *s, int64_t timeout_ns, int *nested, shmx_error *err)
{
	int recovered = 0;
	char d[SHMX_NAME_MAX + 16];

	if (timeout_ns < 0) {
		timeout_ns = shmx_store_write_timeout_ns;
	}

	if (s->readonly) {
		return read_only(s, err);
	}
	shmx_status st = shmx_lock_acquire(&s->hdr->lock, timeout_ns, &recovered, err);
	if (st == SHMX_ERR_STATE) {
		/* This process holds it already: we are inside its own lock() callback. */
		*nested = 1;
		return SHMX_OK;
	}
	*nested = 0;
	if (st != SHMX_OK) {
		if (st == SHMX_ERR_TIMEOUT) {
			return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "%s: timed out after %.6g seconds waiting for the Store's lock (held by thread %u)",
				describe(s, d, sizeof(d)), (double)timeout_ns / 1e9, SHMX_LOAD_RELAXED(&s->hdr->lock.word) & SHMX_LOCK_TID_MASK);
		}
		if (err) {
			char why[SHMX_ERROR_MSG_MAX];
			snprintf(why, sizeof(why), "%s", err->msg);
			return shmx_fail(err, st, err->sys_errno, "%s: the Store's writer lock is unusable: %s", describe(s, d, sizeof(d)), why);
		}
		return st;
	}
	if (recovered) {
		/* The previous holder died mid-write: the index is consistent by construction, the
		 * allocator and counters may not be. Rebuild them from the index. */
		shmx_error rerr;
		if (rebuild(s, now_s(), 1, &rerr) != SHMX_OK) {
			/* The free lists may hold blocks the dead writer had taken: use none of them. */
			shmx_alloc_abandon(&s->arena);
		}
		/* If it died inside lock(), nobody is in a callback any more. */
		SHMX_STORE(&s->hdr->fast_block, 0);
	}
	return SHMX_OK;
}

static void wunlock(shmx_store *s, int nested)
{
	shmx_error err;
	if (!nested) {
		shmx_lock_release(&s->hdr->lock, &err);
	}
}

/* Ends the write a dead owner of f was in (we recovered its lock). If that was an
 * increment from a hint, it may have taken the value past SHMX_HINT_LIMIT and died before
 * moving hint_epoch on (see hint_increment): this does it for it, before anyone can reuse the
 * slot. */
static void fast_slot_recover(shmx_store *s, shmx_fast_slot *f)
{
	uint32_t seq = SHMX_LOAD(&f->seq);
	if ((seq & 3) == SEQ_HINT) {
		__atomic_add_fetch(&s->hdr->hint_epoch, 1, __ATOMIC_SEQ_CST);
	}
	if (seq & 3) {
		SHMX_STORE(&f->seq, (seq | 3) + 1);
	}
}

/* Waits until the lock-free write slot i's owner is in (if any; with hints_only, only an
 * increment from a hint) has ended. 0 once its seq has moved on (or the owner died and the slot
 * is freed), -1 at the deadline (-1: none). The slot's lock tells a live owner (a failed
 * try: it holds the lock for as long as it owns the slot) from a dead one (recovered). */
static int fast_drain(shmx_store *s, unsigned i, int64_t deadline, int hints_only)
{
	shmx_fast_slot *f = &s->hdr->fast[i];
	uint32_t seq = __atomic_load_n(&f->seq, __ATOMIC_SEQ_CST);
	if ((seq & 3) == 0 || (hints_only && (seq & 3) != SEQ_HINT)) {
		return 0;
	}
	for (int tries = 0;; tries++) {
		int recovered;
		shmx_error ferr;
		if (SHMX_LOAD(&f->seq) != seq) {
			return 0;
		}
		if (tries >= 16) {
			/* Now and then thoroughly: an owner's id may have been reused (after a reboot, a
			 * file: store's slots name threads of the last boot). */
			shmx_status st = (tries & 15) == 0 ? shmx_lock_try_thorough(&f->lock, &recovered, &ferr)
				: shmx_lock_acquire(&f->lock, 0, &recovered, &ferr);
			if (st == SHMX_OK) {
				if (recovered) {
					/* Killed inside a write, whose CAS or add happened or not; the slot is free. */
					fast_slot_recover(s, f);
					SHMX_STORE(&s->hdr->fast_pid[i], 0);
				}
				/* Not recovered: the owner let the slot go between our loads. */
				shmx_lock_release(&f->lock, &ferr);
				return 0;
			}
			/* EBUSY: the owner is alive and inside a write (or stopped there). */
		}
		if (deadline >= 0 && shmx_monotonic_ns() >= deadline) {
			return -1;
		}
		backoff(tries);
	}
}

/* Makes every increment hint of every handle stale, and waits out the increments from hints
 * that may have passed their check before that, so that once it returns no increment from a
 * hint lands anywhere until a new hint is taken from a live entry. Runs (writer lock held)
 * before the value of an int entry that may be hinted is read to be replaced, before it is
 * unlinked, and before such a block is freed: a writer killed before this leaves the entry
 * linked (retired, which the repair undoes), so no increment that lands on it meanwhile is
 * lost. Free slots (pid 0) have no owner to wait for. A process stopped inside an increment
 * fails the caller with a timeout after SHMX_REVOKE_WAIT_NS; nothing has changed then. */
static shmx_status hints_revoke(shmx_store *s, shmx_error *err)
{
	char d[SHMX_NAME_MAX + 16];
	int64_t deadline = -1;
	__atomic_add_fetch(&s->hdr->hint_epoch, 1, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < SHMX_FAST_SLOTS; i++) {
		int32_t pid = __atomic_load_n(&s->hdr->fast_pid[i], __ATOMIC_SEQ_CST);
		if (pid == 0 || (__atomic_load_n(&s->hdr->fast[i].seq, __ATOMIC_SEQ_CST) & 3) != SEQ_HINT) {
			continue;
		}
		if (deadline < 0) {
			deadline = shmx_monotonic_ns() + SHMX_REVOKE_WAIT_NS;
		}
		if (fast_drain(s, i, deadline, 1) != 0) {
			return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT,
				"%s: process %d is stopped in the middle of an increment of this Store; the write was not applied",
				describe(s, d, sizeof(d)), (int)pid);
		}
	}
	return SHMX_OK;
}

/* Retires e (see set_retired) and gives the value it froze with (if value is not NULL). An
 * entry that may be hinted revokes the hints first, so that no increment lands in e after
 * that. Fails, leaving e live, only when hints_revoke does. */
static shmx_status retire(shmx_store *s, shmx_entry *e, int64_t *value, shmx_error *err)
{
	int64_t v = set_retired(e, 1);
	if (entry_hintable(e)) {
		shmx_status st = hints_revoke(s, err);
		if (st != SHMX_OK) {
			set_retired(e, 0);
			return st;
		}
		v = SHMX_LOAD(&e->inline_value);
	}
	if (value) {
		*value = v;
	}
	return SHMX_OK;
}

/* lock() must also keep out the lock-free writers (increment, set of a number): it raises
 * fast_block, then waits until every fast slot's odd seq has moved on, so that a lock-free write
 * that began before the flag has finished, and every later one sees the flag and queues on
 * the writer lock instead. A writer that died inside its write is found through its slot's
 * lock and its slot freed. Without a timeout, it waits shmx_store_write_timeout_ns. */
shmx_status shmx_store_lock(shmx_store *s, int64_t timeout_ns, int *nested, shmx_error *err)
{
	if (timeout_ns < 0) {
		timeout_ns = shmx_store_write_timeout_ns;
	}
	int64_t deadline = shmx_monotonic_ns() + timeout_ns;
	char d[SHMX_NAME_MAX + 16];
	shmx_status st = wlock(s, timeout_ns, nested, err);
	if (st != SHMX_OK || *nested) {
		return st;
	}
	s->lock_pid = shmx_getpid();
	__atomic_store_n(&s->hdr->fast_block, 1, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < SHMX_FAST_SLOTS; i++) {
		if (fast_drain(s, i, deadline, 0) != 0) {
			/* A process is stopped in the middle of a lock-free write. */
			shmx_error ferr;
			shmx_store_unlock(s, 0, &ferr);
			return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "%s: timed out waiting for the Store's lock",
				describe(s, d, sizeof(d)));
		}
	}
	return SHMX_OK;
}

shmx_status shmx_store_unlock(shmx_store *s, int nested, shmx_error *err)
{
	if (!nested) {
		if (s->lock_pid != shmx_getpid()) {
			/* A child forked inside the callback: the lock and the block are its parent's. */
			return SHMX_OK;
		}
		s->lock_pid = 0;
		SHMX_STORE(&s->hdr->fast_block, 0);
		return shmx_lock_release(&s->hdr->lock, err);
	}
	return SHMX_OK;
}

/* ---- writes (writer lock held) -------------------------------------------------------- */

typedef struct wfound {
	uint32_t *slot;           /* where the entry's offset is stored (bucket or previous next) */
	shmx_entry *e;            /* the entry for the key, live or expired, or NULL */
	uint32_t off8;
} wfound;

static shmx_status unlink_entry(shmx_store *s, uint32_t *slot, shmx_entry *e, uint32_t off8, shmx_error *err)
{
	shmx_store_header *hdr = s->hdr;
	shmx_status st = retire(s, e, NULL, err);
	if (st != SHMX_OK) {
		return st;
	}
	SHMX_STORE(slot, e->next);
	SHMX_STORE_RELAXED(&hdr->entries, hdr->entries ? hdr->entries - 1 : 0);
	if (e->expires && hdr->expiring) {
		hdr->expiring--;
	}
	shmx_alloc_free(&s->arena, (uint64_t)off8 * SHMX_OFF_UNIT, entry_size(e->key_len, e->type, e->value_len));
	return SHMX_OK;
}

/* Finds the key's entry, unlinking expired entries of other keys on the way. */
static shmx_status wlocked_find(shmx_store *s, const char *key, size_t klen, uint64_t h, uint32_t now, wfound *f, shmx_error *err)
{
	uint32_t h32 = key_h32(h);
	uint32_t *slot = &s->buckets[h & s->mask];
	uint32_t off8;
	uint64_t hops = 0;

	while ((off8 = *slot) != 0) {
		shmx_entry *e = head_at(s, off8);
		if (!e || hops++ > s->chain_max || !entry_fits(s, e, e->key_len, e->type, e->value_len)) {
			return corrupt(s, err, "an index chain leads outside the data area");
		}
		if ((e->hash & SHMX_ENTRY_HASH_BITS) == h32 && e->key_len == klen && memcmp(entry_key(e), key, klen) == 0) {
			f->slot = slot;
			f->e = e;
			f->off8 = off8;
			return SHMX_OK;
		}
		if (expired(e, now)) {
			/* Never hinted (it has an expiry), so this cannot fail. */
			shmx_status st = unlink_entry(s, slot, e, off8, err);
			if (st != SHMX_OK) {
				return st;
			}
			continue;
		}
		slot = &e->next;
	}
	f->slot = &s->buckets[h & s->mask];
	f->e = NULL;
	f->off8 = 0;
	return SHMX_OK;
}

/* Whether a rebuild could make room: something was freed, or something may have expired. */
static int worth_rebuilding(shmx_store *s, uint64_t size, uint32_t now)
{
	shmx_alloc_header *a = &s->hdr->alloc;
	uint64_t data = s->data_end - s->data_off;
	uint64_t free_bytes = data - (a->used < data ? a->used : data);
	if (a->damaged) {
		return 1;
	}
	if (a->frees > 0 && free_bytes >= size) {
		return 1;
	}
	return s->hdr->expiring > 0 && s->hdr->last_sweep != now;
}

/* Allocates and fills a new entry (not yet linked). *rebuilt = 1 if the allocator rebuilt the
 * free lists on the way, which invalidates any wfound the caller holds. */
static shmx_status wlocked_new_entry(shmx_store *s, const char *key, size_t klen, uint64_t h, const shmx_value *v,
	uint32_t expires, uint32_t now, int allow_rebuild, int *rebuilt, uint32_t *out_off8, shmx_error *err)
{
	char d[SHMX_NAME_MAX + 16];
	uint64_t vlen = v->type >= SHMX_T_STRING ? v->len : 0;
	*rebuilt = 0;
	if (vlen > UINT32_MAX - SHMX_ENTRY_HEAD - SHMX_STORE_KEY_MAX - 8 || SHMX_ENTRY_HEAD + klen + vlen > s->data_end - s->data_off) {
		return shmx_fail(err, SHMX_ERR_FULL, 0, "%s: a %llu-byte value can never fit in this Store's %llu-byte data area",
			describe(s, d, sizeof(d)), (unsigned long long)vlen, (unsigned long long)(s->data_end - s->data_off));
	}
	uint64_t size = entry_size((uint32_t)klen, v->type, vlen);
	uint64_t off = shmx_alloc(&s->arena, size);
	if (!off && allow_rebuild && worth_rebuilding(s, size, now)) {
		shmx_status st = rebuild(s, now, 0, err);
		if (st != SHMX_OK) {
			return st;
		}
		*rebuilt = 1;
		off = shmx_alloc(&s->arena, size);
	}
	if (!off) {
		return shmx_fail(err, SHMX_ERR_FULL, 0, "%s: the Store is full (%llu bytes needed, %llu of %llu in use)",
			describe(s, d, sizeof(d)), (unsigned long long)size, (unsigned long long)s->hdr->alloc.used,
			(unsigned long long)(s->data_end - s->data_off));
	}
	shmx_entry *e = (shmx_entry *)(s->base + off);
	int64_t inl = 0;
	if (v->type == SHMX_T_INT) {
		inl = v->l;
	} else if (v->type == SHMX_T_FLOAT) {
		memcpy(&inl, &v->d, sizeof(inl));
	}
	e->inline_value = inl;
	e->next = 0;
	/* Retired until published: nothing may take it for a live entry before then. */
	e->hash = entry_hword(h, v->type, expires) | SHMX_ENTRY_RETIRED;
	e->expires = expires;
	e->value_len = (uint32_t)vlen;
	e->key_len = (uint16_t)klen;
	e->type = v->type;
	/* An int past the limit from the start is never hinted, so its lock-free changes need none. */
	e->serializer = v->type == SHMX_T_SERIALIZED ? v->serializer
		: v->type == SHMX_T_INT && int_beyond_hints(v->l) ? SHMX_INT_NO_HINTS : 0;
	memcpy((char *)e + SHMX_ENTRY_HEAD, key, klen);
	if (vlen) {
		memcpy((char *)e + SHMX_ENTRY_HEAD + klen, v->bytes, vlen);
	}
	*out_off8 = (uint32_t)(off / SHMX_OFF_UNIT);
	return SHMX_OK;
}

/* Publishes entry `off8` in place of f->e (or at the chain head), then frees the old one. */
static shmx_status wlocked_publish(shmx_store *s, wfound *f, uint32_t off8, shmx_error *err)
{
	shmx_store_header *hdr = s->hdr;
	shmx_entry *n = (shmx_entry *)(s->base + (uint64_t)off8 * SHMX_OFF_UNIT);
	if (f->e) {
		shmx_status st = retire(s, f->e, NULL, err);
		if (st != SHMX_OK) {
			return st;
		}
		n->next = f->e->next;
		SHMX_STORE(f->slot, off8);
		SHMX_STORE_RELAXED(&hdr->entries, hdr->entries ? hdr->entries - 1 : 0);
		if (f->e->expires && hdr->expiring) {
			hdr->expiring--;
		}
		shmx_alloc_free(&s->arena, (uint64_t)f->off8 * SHMX_OFF_UNIT,
			entry_size(f->e->key_len, f->e->type, f->e->value_len));
	} else {
		n->next = *f->slot;
		SHMX_STORE(f->slot, off8);
	}
	/* Live from now on. A plain store is enough: every CAS on the entry expects the bit clear,
	 * so none can succeed (and change anything) before this store. */
	SHMX_STORE(&n->hash, n->hash & ~SHMX_ENTRY_RETIRED);
	SHMX_STORE_RELAXED(&hdr->entries, hdr->entries + 1);
	if (n->expires) {
		hdr->expiring++;
	}
	return SHMX_OK;
}

/* Lets the writer lock put a value past SHMX_HINT_LIMIT in int entry e in place: from now on no
 * hint may point at it. SHMX_INT_HINTS_ENDING stops hints being taken from it, the revoke ends
 * the ones there are, and only then does SHMX_INT_NO_HINTS say so, which spares later writes
 * of the entry the revoke. A writer killed in between leaves ENDING, which the repair turns
 * back to 0. (Lock-free writes stay within the limit whatever the marks: see fast_increment.) */
static shmx_status wlocked_end_hints(shmx_store *s, shmx_entry *e, shmx_error *err)
{
	if (!entry_hintable(e)) {
		return SHMX_OK;
	}
	SHMX_STORE(&e->serializer, SHMX_INT_HINTS_ENDING);
	shmx_status st = hints_revoke(s, err);
	SHMX_STORE(&e->serializer, st == SHMX_OK ? SHMX_INT_NO_HINTS : 0);
	return st;
}

/* set() of int or float v over the live entry e of the same type and expiry, in place (as
 * the lock-free path does when it may): no memory needed, even in a full store. */
static shmx_status wlocked_set_number(shmx_store *s, shmx_entry *e, uint32_t h32, const shmx_value *v, shmx_error *err)
{
	uint64_t nlo = (uint64_t)v->l;
	if (v->type == SHMX_T_FLOAT) {
		memcpy(&nlo, &v->d, sizeof(nlo));
	} else if (int_beyond_hints(v->l)) {
		shmx_status st = wlocked_end_hints(s, e, err);
		if (st != SHMX_OK) {
			return st;
		}
	}
	uint64_t lo = (uint64_t)SHMX_LOAD_RELAXED(&e->inline_value);
	uint64_t hi = (uint64_t)SHMX_LOAD_RELAXED(&e->next) | (uint64_t)h32 << 32;
	while (!cell_cas(e, &lo, &hi, nlo, hi)) {
		if ((uint32_t)(hi >> 32) != h32) {
			/* Only a process that is not shmx retires an entry under our lock. */
			return corrupt(s, err, "an entry changed under the writer lock");
		}
	}
	return SHMX_OK;
}

/* New entry for the key, then find, then publish: allocation comes first so that a full store
 * changes nothing, and a rebuild during allocation cannot invalidate what find returned. An int
 * or float over a live value of the same type and expiry is written in place instead. */
static shmx_status wlocked_replace(shmx_store *s, const char *key, size_t klen, uint64_t h, const shmx_value *v,
	uint32_t expires, uint32_t now, int only_add, shmx_error *err)
{
	wfound f;
	uint32_t off8;
	int rebuilt;

	int number = v->type == SHMX_T_INT || v->type == SHMX_T_FLOAT;
	if (only_add || number) {
		shmx_status st = wlocked_find(s, key, klen, h, now, &f, err);
		if (st != SHMX_OK) {
			return st;
		}
		int live = f.e && !expired(f.e, now);
		if (only_add && live) {
			return SHMX_ERR_EXISTS;
		}
		if (!only_add && live && f.e->type == v->type && f.e->expires == expires) {
			return wlocked_set_number(s, f.e, entry_hword(h, v->type, expires), v, err);
		}
	}
	shmx_status st = wlocked_new_entry(s, key, klen, h, v, expires, now, 1, &rebuilt, &off8, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = wlocked_find(s, key, klen, h, now, &f, err);
	if (st == SHMX_OK) {
		st = wlocked_publish(s, &f, off8, err);
	}
	if (st != SHMX_OK) {
		shmx_entry *n = (shmx_entry *)(s->base + (uint64_t)off8 * SHMX_OFF_UNIT);
		shmx_alloc_free(&s->arena, (uint64_t)off8 * SHMX_OFF_UNIT, entry_size(n->key_len, n->type, n->value_len));
	}
	return st;
}

shmx_status shmx_store_delete(shmx_store *s, const char *key, size_t klen, shmx_error *err)
{
	shmx_status kst = key_check(s, klen, err);
	if (kst != SHMX_OK) {
		return kst;
	}
	uint64_t h = shmx_store_hash(s, key, klen);
	int nested;
	wfound f;
	uint32_t now = now_s();
	shmx_status st = wlock(s, -1, &nested, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = wlocked_find(s, key, klen, h, now, &f, err);
	if (st == SHMX_OK) {
		if (f.e) {
			int was_live = !expired(f.e, now);
			st = unlink_entry(s, f.slot, f.e, f.off8, err);
			if (st == SHMX_OK && !was_live) {
				st = SHMX_ERR_NOT_FOUND;
			}
		} else {
			st = SHMX_ERR_NOT_FOUND;
		}
	}
	wunlock(s, nested);
	return st;
}

static const char *type_name(uint8_t type)
{
	switch (type) {
		case SHMX_T_NULL: return "null";
		case SHMX_T_FALSE: case SHMX_T_TRUE: return "bool";
		case SHMX_T_INT: return "int";
		case SHMX_T_FLOAT: return "float";
		case SHMX_T_STRING: return "string";
		default: return "array or object";
	}
}

static shmx_status type_error(shmx_store *s, const char *key, size_t klen, uint8_t type, shmx_error *err)
{
	char d[SHMX_NAME_MAX + 16];
	return shmx_fail(err, SHMX_ERR_TYPE, 0, "%s: cannot increment the value of key \"%.*s\": it is %s, not an int or float",
		describe(s, d, sizeof(d)), (int)(klen > 64 ? 64 : klen), key, type_name(type));
}

static inline double bits_to_double(uint64_t bits)
{
	double d;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

static inline uint64_t double_to_bits(double d)
{
	uint64_t bits;
	memcpy(&bits, &d, sizeof(bits));
	return bits;
}

enum { CELL_DONE, CELL_OVERFLOW, CELL_STALE, CELL_BEYOND };

/* Whether the free epoch still shows e1 after the loads before it; always under the lock. */
static inline int cell_same_epoch(const uint64_t *epoch, uint64_t e1)
{
	if (!epoch) {
		return 1;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return SHMX_LOAD_RELAXED(epoch) == e1;
}

/* The first 16 bytes of e as a cell CAS expects them: value; next | hash word h32. */
static inline void cell_read(shmx_entry *e, uint32_t h32, uint64_t *lo, uint64_t *hi)
{
	*lo = (uint64_t)SHMX_LOAD_RELAXED(&e->inline_value);
	*hi = (uint64_t)SHMX_LOAD_RELAXED(&e->next) | (uint64_t)h32 << 32;
}

/* Adds `by` to the int or float cell of e in place, expecting its first 16 bytes to be exactly
 * lo, hi (value; next | hash word, not retired). Without the writer lock (epoch non-NULL), type
 * and lo come from a snapshot validated against free epoch e1: after a failed CAS the cell's
 * new value is taken only while the epoch still shows e1, because only then can the block not
 * have been reused for an entry of another type. CELL_STALE: retired or reused meanwhile;
 * nothing changed. CELL_BEYOND (only with limit, for an entry that may be hinted): the int
 * would go past SHMX_HINT_LIMIT, which needs wlocked_end_hints() first; nothing changed. */
static int cell_add(shmx_entry *e, uint8_t type, uint64_t lo, uint64_t hi, const uint64_t *epoch, uint64_t e1,
	int limit, const shmx_value *by, shmx_value *result)
{
	const uint32_t h32 = (uint32_t)(hi >> 32);
	for (;;) {
		uint64_t nlo;
		if (type == SHMX_T_INT) {
			int64_t next;
			if (by->subtract ? __builtin_sub_overflow((int64_t)lo, by->l, &next)
					: __builtin_add_overflow((int64_t)lo, by->l, &next)) {
				/* Only an overflow of the value really there counts: confirm with a no-op CAS. */
				if (cell_cas(e, &lo, &hi, lo, hi)) {
					result->l = (int64_t)lo;
					return CELL_OVERFLOW;
				}
				if ((uint32_t)(hi >> 32) != h32 || !cell_same_epoch(epoch, e1)) {
					return CELL_STALE;
				}
				continue;
			}
			if (limit && int_beyond_hints(next)) {
				return CELL_BEYOND;
			}
			nlo = (uint64_t)next;
			result->type = SHMX_T_INT;
			result->l = next;
		} else {
			result->type = SHMX_T_FLOAT;
			result->d = by->type == SHMX_T_FLOAT ? bits_to_double(lo) + by->d
				: by->subtract ? bits_to_double(lo) - (double)by->l : bits_to_double(lo) + (double)by->l;
			nlo = double_to_bits(result->d);
		}
		if (cell_cas(e, &lo, &hi, nlo, hi)) {
			return CELL_DONE;
		}
		if ((uint32_t)(hi >> 32) != h32 || !cell_same_epoch(epoch, e1)) {
			return CELL_STALE;
		}
	}
}

static shmx_status overflow(int64_t cur, const shmx_value *by, shmx_error *err)
{
	int minus = (by->l < 0) != (by->subtract != 0);
	return shmx_fail(err, SHMX_ERR_OVERFLOW, 0, "Integer overflow: %lld %c %llu does not fit in an int",
		(long long)cur, minus ? '-' : '+',
		by->l < 0 ? (unsigned long long)0 - (unsigned long long)by->l : (unsigned long long)by->l);
}

static shmx_status wlocked_increment(shmx_store *s, const char *key, size_t klen, uint64_t h,
	const shmx_value *by, shmx_value *result, uint32_t now, shmx_error *err)
{
	wfound f;
	shmx_status st = wlocked_find(s, key, klen, h, now, &f, err);
	if (st != SHMX_OK) {
		return st;
	}
	if (!f.e || expired(f.e, now)) {
		/* Missing counts as 0. */
		*result = *by;
		result->subtract = 0;
		if (by->type == SHMX_T_INT && by->subtract) {
			if (__builtin_sub_overflow((int64_t)0, by->l, &result->l)) {
				return overflow(0, by, err);
			}
		}
		return wlocked_replace(s, key, klen, h, result, 0, now, 0, err);
	}
	shmx_entry *e = f.e;
	uint8_t type = e->type;
	if ((type == SHMX_T_INT && by->type == SHMX_T_INT) || type == SHMX_T_FLOAT) {
		/* Nobody retires entries while we hold the lock, so this cannot come back stale. */
		uint64_t lo, hi;
		cell_read(e, entry_hword(h, type, e->expires), &lo, &hi);
		int r = cell_add(e, type, lo, hi, NULL, 0, entry_hintable(e), by, result);
		if (r == CELL_BEYOND) {
			/* Past SHMX_HINT_LIMIT: first make sure no hint points at it. */
			if ((st = wlocked_end_hints(s, e, err)) != SHMX_OK) {
				return st;
			}
			cell_read(e, entry_hword(h, type, e->expires), &lo, &hi);
			r = cell_add(e, type, lo, hi, NULL, 0, 0, by, result);
		}
		switch (r) {
			case CELL_OVERFLOW:
				return overflow(result->l, by, err);
			case CELL_STALE:
				/* Only memory written by something that is not shmx can get here. */
				return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "the store's entry changed under its writer lock; the increment was not applied");
			default:
				return SHMX_OK;
		}
	}
	if (type == SHMX_T_INT) {
		/* int + float: the type changes, so a new entry with the same expiry replaces it.
		 * Retiring first freezes the value against lock-free increments. */
		int64_t cur;
		if ((st = retire(s, e, &cur, err)) != SHMX_OK) {
			return st;
		}
		result->type = SHMX_T_FLOAT;
		result->d = (double)cur + by->d;
		st = wlocked_replace(s, key, klen, h, result, e->expires, now, 0, err);
		if (st != SHMX_OK) {
			set_retired(e, 0);
		}
		return st;
	}
	return type_error(s, key, klen, type, err);
}

#if SHMX_HAVE_CAS16
enum { FAST_DONE, FAST_OVERFLOW, FAST_RETRY, FAST_LOCK, FAST_CORRUPT };

/* Claims a fast slot for this handle and takes its lock, to hold until detach: a free slot,
 * else one whose owner died. -1 when all are owned by live handles (writes then lock). */
static int fast_claim(shmx_store *s, shmx_pid pid)
{
	for (unsigned pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < SHMX_FAST_SLOTS; i++) {
			shmx_fast_slot *f = &s->hdr->fast[i];
			int32_t owner = SHMX_LOAD(&s->hdr->fast_pid[i]);
			int recovered;
			shmx_error err;
			if ((pass == 0) != (owner == 0)) {
				continue;
			}
			/* seq_cst, like the loads of fast_pid in hints_revoke(). */
			if (pass == 0 && !__atomic_compare_exchange_n(&s->hdr->fast_pid[i], &owner, (int32_t)pid, 0,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
				continue;
			}
			if (shmx_lock_acquire(&f->lock, 0, &recovered, &err) != SHMX_OK) {
				/* Free but its lock still held (lock() freeing a dead owner's slot), or owned by
				 * a live handle. */
				if (pass == 0) {
					int32_t mine = (int32_t)pid;
					SHMX_CAS(&s->hdr->fast_pid[i], &mine, 0);
				}
				continue;
			}
			if (!recovered && pass == 1) {
				/* Its live owner is letting it go right now; leave it to a free-slot claim. */
				shmx_lock_release(&f->lock, &err);
				continue;
			}
			/* Recovered: its owner died, perhaps inside a write, whose CAS happened or not. */
			fast_slot_recover(s, f); /* a dead owner's write, if any, has ended */
			SHMX_STORE(&s->hdr->fast_pid[i], (int32_t)pid);
			return (int)i;
		}
	}
	return -1;
}

/* This handle's fast slot, claimed on first use; a fork child claims its own. */
static shmx_fast_slot *fast_slot(shmx_store *s)
{
	shmx_pid pid = shmx_getpid();
	if (SHMX_LIKELY(s->fast_slot_pid == pid)) {
		return s->fast_slot >= 0 ? &s->hdr->fast[s->fast_slot] : NULL;
	}
	s->fast_slot_pid = pid;
	s->fast_slot = fast_claim(s, pid);
	return s->fast_slot >= 0 ? &s->hdr->fast[s->fast_slot] : NULL;
}

/* Opens one lock-free write of this handle (kind SEQ_WRITE or SEQ_HINT goes into its seq),
 * unless lock() is running. The seq_cst store then load pairs with lock()'s store of
 * fast_block then load of seq, and with hints_revoke()'s add to hint_epoch then load of seq
 * (see the top). Only the owner changes its seq while it lives. */
static shmx_fast_slot *fast_enter(shmx_store *s, uint32_t kind)
{
	shmx_fast_slot *f = fast_slot(s);
	if (!f) {
		return NULL;
	}
	uint32_t seq = SHMX_LOAD_RELAXED(&f->seq);
	__atomic_store_n(&f->seq, seq + kind, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&s->hdr->fast_block, __ATOMIC_SEQ_CST)) {
		SHMX_STORE(&f->seq, seq + 4);
		return NULL;
	}
	return f;
}

static void fast_leave(shmx_fast_slot *f)
{
	SHMX_STORE(&f->seq, (SHMX_LOAD_RELAXED(&f->seq) | 3) + 1);
}

/* What fast_find saw of the key's entry, all read before one epoch check, so that type and
 * expires belong to the same entry as the cell a CAS will expect. */
typedef struct fast_snap {
	shmx_entry *e;
	uint64_t lo, hi;          /* the cell's first 16 bytes as a CAS expects them */
	uint64_t e1;              /* the free epoch the reads are valid under */
	uint64_t hint_epoch;      /* hint_epoch, read before anything else */
	uint8_t type;
	uint8_t marks;            /* the serializer byte: SHMX_INT_NO_HINTS and co. for an int */
	uint8_t retired;          /* the entry was retired when its hash word was read */
	uint32_t expires;
} fast_snap;

/* Finds the key as a reader does, asking for the entry's line in exclusive state on the way,
 * for a 16-byte CAS without the lock. FAST_LOCK: missing or expired. */
static int fast_find(shmx_store *s, const char *key, size_t klen, uint64_t h, uint32_t now, fast_snap *out)
{
	uint64_t *epoch = &s->hdr->alloc.free_epoch;
	uint32_t h32 = key_h32(h);
	out->hint_epoch = SHMX_LOAD(&s->hdr->hint_epoch);
	uint64_t e1 = SHMX_LOAD(epoch);
	shmx_entry *found = NULL;
	uint32_t off8 = SHMX_LOAD(&s->buckets[h & s->mask]);
	for (uint64_t hops = 0; off8; hops++) {
		shmx_entry *e = head_at(s, off8);
		if (!e || hops > s->chain_max) {
			return FAST_RETRY;
		}
		SHMX_PREFETCH_W(e);
		uint32_t hword = SHMX_LOAD(&e->hash);
		if ((hword & SHMX_ENTRY_HASH_BITS) == h32 && e->key_len == klen) {
			uint8_t type = e->type;
			if (!entry_fits(s, e, (uint32_t)klen, type, e->value_len)) {
				return FAST_RETRY;
			}
			if (memcmp(entry_key(e), key, klen) == 0) {
				found = e;
				out->type = type;
				out->marks = SHMX_LOAD_RELAXED(&e->serializer);
				out->expires = e->expires;
				out->retired = (hword & SHMX_ENTRY_RETIRED) != 0;
				cell_read(e, h32 | entry_kind(type, out->expires), &out->lo, &out->hi);
				break;
			}
		}
		off8 = SHMX_LOAD(&e->next);
	}
	int dead = found ? out->expires && (now ? now : now_s()) > out->expires : 1;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (SHMX_LOAD_RELAXED(epoch) != e1) {
		return FAST_RETRY;
	}
	out->e = found;
	out->e1 = e1;
	return dead ? FAST_LOCK : FAST_DONE;
}

/* increment without the lock: an existing int (+ int) or float, in place. */
static int fast_increment(shmx_store *s, const char *key, size_t klen, uint64_t h, const shmx_value *by,
	shmx_value *result, uint32_t now, fast_snap *f)
{
	int r = fast_find(s, key, klen, h, now, f);
	if (r != FAST_DONE) {
		return r;
	}
	if (!((f->type == SHMX_T_INT && by->type == SHMX_T_INT) || f->type == SHMX_T_FLOAT)) {
		/* A type change or a type error: the locked path decides. */
		return FAST_LOCK;
	}
	/* Limited even where the snapshot says the entry has no hints: the CAS does not compare
	 * the marks, so it could land in a newer entry of the same key in the same block. */
	switch (cell_add(f->e, f->type, f->lo, f->hi, &s->hdr->alloc.free_epoch, f->e1, 1, by, result)) {
		case CELL_DONE: return FAST_DONE;
		case CELL_OVERFLOW: return FAST_OVERFLOW;
		case CELL_BEYOND: return FAST_LOCK;
		default: return FAST_RETRY;
	}
}

/* ---- increments from a hint ----------------------------------------------------------
 *
 * A handle that increments a key remembers where the key's int entry is (shmx_inc_hint), and
 * the next increment of that key adds to the cell with one atomic add, reading nothing of the
 * entry first: under contention the cell's line moves between cores once per increment, not
 * twice, and the add never fails and retries as a CAS does.
 *
 * Why the entry is still the key's live entry: the hint records hint_epoch as read before the
 * entry was seen live (its CAS succeeded), and every retirement of an entry that may be
 * hinted adds 1 to hint_epoch and then waits for every slot whose seq shows SEQ_HINT to move
 * on (hints_revoke). The increment sets SEQ_HINT in its seq, then reads hint_epoch, both
 * seq_cst, so either it reads the new epoch and goes the long way, or the retiring writer sees
 * its seq and waits until the add has landed, before it reads the value it is about to
 * replace, unlinks the entry or frees the block.
 *
 * Why it cannot overflow without reading the value: only these adds (|by| <= SHMX_HINT_STEP)
 * and CASes that leave |value| <= SHMX_HINT_LIMIT write the cell of an int entry that may be
 * hinted (the lock-free paths send anything else to the writer lock, and there cell_add,
 * wlocked_cas and wlocked_replace go through wlocked_end_hints() first, after which no hint
 * points at the entry). An
 * add that leaves |value| > SHMX_HINT_LIMIT adds 1 to hint_epoch before its slot's seq moves
 * on (if its process dies first, whoever recovers the slot does it), so while the value stays
 * past the limit, each slot can land at most one add that passed its check before the first
 * such bump: the value stays within SHMX_HINT_LIMIT + SHMX_FAST_SLOTS * SHMX_HINT_STEP <
 * INT64_MAX. From there on the CAS path sends it to the writer lock, which ends the hints and
 * writes the exact result in place.
 *
 * A writer that must revoke waits at most SHMX_REVOKE_WAIT_NS for an increment under way (a
 * few instructions; only a stopped process takes longer), then fails with a timeout, having
 * changed nothing. */

/* Remembers the entry that fast_increment just changed, if it is a hint's kind: an int with
 * no expiry and no mark (see wlocked_end_hints), seen live, within the limit, and a short key. */
static void hint_record(shmx_store *s, const char *key, size_t klen, uint64_t h, const fast_snap *f,
	const shmx_value *result)
{
	/* An entry seen retired may have been unlinked and its block reused by a newer entry of the
	 * key (with an expiry, or marked) that the CAS then landed in, all after hint_epoch was
	 * read. An entry seen live is retired, if ever, after that read, and its revoke makes this
	 * hint stale. */
	if (f->type != SHMX_T_INT || f->expires || f->marks || f->retired || int_beyond_hints(result->l)
			|| klen > SHMX_INC_HINT_KEY) {
		return;
	}
	if (!s->inc_hints && !(s->inc_hints = calloc(SHMX_INC_HINTS, sizeof(struct shmx_inc_hint)))) {
		return;
	}
	struct shmx_inc_hint *ih = &s->inc_hints[h & (SHMX_INC_HINTS - 1)];
	ih->epoch = f->hint_epoch;
	ih->off8 = (uint32_t)(((const char *)f->e - s->base) / SHMX_OFF_UNIT);
	ih->klen = (uint16_t)klen;
	memcpy(ih->key, key, klen);
}

/* increment of an int by a small int through this handle's hint for the key: FAST_DONE,
 * FAST_RETRY when there is no usable hint (the caller goes the long way), or FAST_CORRUPT when
 * the add wrapped around, which only a value written by something that is not shmx allows. */
static int hint_increment(shmx_store *s, const char *key, size_t klen, uint64_t h, const shmx_value *by,
	shmx_value *result)
{
	struct shmx_inc_hint *ih = s->inc_hints ? &s->inc_hints[h & (SHMX_INC_HINTS - 1)] : NULL;
	if (!ih || !ih->off8 || ih->klen != klen || memcmp(ih->key, key, klen) != 0
			|| by->l < -SHMX_HINT_STEP || by->l > SHMX_HINT_STEP) {
		return FAST_RETRY;
	}
	shmx_fast_slot *fl = fast_enter(s, SEQ_HINT);
	if (!fl) {
		return FAST_RETRY;
	}
	if (__atomic_load_n(&s->hdr->hint_epoch, __ATOMIC_SEQ_CST) != ih->epoch) {
		fast_leave(fl);
		ih->off8 = 0;
		return FAST_RETRY;
	}
	int64_t add = by->subtract ? -by->l : by->l;
	shmx_u64_alias *cell = (shmx_u64_alias *)(s->base + (uint64_t)ih->off8 * SHMX_OFF_UNIT);
	int64_t was = (int64_t)__atomic_fetch_add(cell, (uint64_t)add, __ATOMIC_SEQ_CST);
	int64_t now;
	int wrapped = __builtin_add_overflow(was, add, &now);
	if (wrapped || int_beyond_hints(now)) {
		/* Before the slot's seq moves on: if this process dies first, whoever recovers the
		 * slot does it (fast_slot_recover). */
		__atomic_add_fetch(&s->hdr->hint_epoch, 1, __ATOMIC_SEQ_CST);
		ih->off8 = 0;
	}
	if (SHMX_UNLIKELY(wrapped)) {
		/* Impossible unless something that is not shmx wrote the cell: take the add back. */
		__atomic_fetch_sub(cell, (uint64_t)add, __ATOMIC_SEQ_CST);
		fast_leave(fl);
		return FAST_CORRUPT;
	}
	fast_leave(fl);
	result->type = SHMX_T_INT;
	result->l = now;
	return FAST_DONE;
}

/* set() of an int or float with no expiry over a live value of the same type with none: the
 * same atomic change as building a new entry, done in place without the lock. */
static int fast_set(shmx_store *s, const char *key, size_t klen, uint64_t h, const shmx_value *v,
	uint32_t expires, uint32_t now)
{
	fast_snap f;
	int r = fast_find(s, key, klen, h, now, &f);
	if (r != FAST_DONE) {
		return r;
	}
	/* An int past the limit: under the lock (see fast_increment). */
	if (f.type != v->type || f.expires != expires || (v->type == SHMX_T_INT && int_beyond_hints(v->l))) {
		return FAST_LOCK;
	}
	uint32_t h32 = (uint32_t)(f.hi >> 32);
	uint64_t nlo = v->type == SHMX_T_INT ? (uint64_t)v->l : double_to_bits(v->d);
	uint64_t lo = f.lo, hi = f.hi;
	for (;;) {
		if (cell_cas(f.e, &lo, &hi, nlo, hi)) {
			return FAST_DONE;
		}
		if ((uint32_t)(hi >> 32) != h32 || !cell_same_epoch(&s->hdr->alloc.free_epoch, f.e1)) {
			return FAST_RETRY;
		}
	}
}
#endif

shmx_status shmx_store_put(shmx_store *s, const char *key, size_t klen,
	const shmx_value *v, uint32_t expires, int only_add, shmx_error *err)
{
	shmx_status kst = key_check(s, klen, err);
	if (kst != SHMX_OK) {
		return kst;
	}
	uint64_t h = shmx_store_hash(s, key, klen);
	int nested;
#if SHMX_HAVE_CAS16
	/* Only without an expiry: the CAS cannot tell one expiry from another (see cell_cas). */
	if (!only_add && !s->readonly && expires == 0 && (v->type == SHMX_T_INT || v->type == SHMX_T_FLOAT)) {
		uint32_t now = 0;
		for (int tries = 0; tries < 16; tries++) {
			shmx_fast_slot *fl = fast_enter(s, SEQ_WRITE);
			if (!fl) {
				break;
			}
			int r = fast_set(s, key, klen, h, v, expires, now);
			fast_leave(fl);
			if (r == FAST_DONE) {
				return SHMX_OK;
			}
			if (r == FAST_LOCK) {
				break;
			}
			backoff(tries);
		}
	}
#endif
	shmx_status st = wlock(s, -1, &nested, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = wlocked_replace(s, key, klen, h, v, expires, now_s(), only_add, err);
	wunlock(s, nested);
	return st;
}

shmx_status shmx_store_increment(shmx_store *s, const char *key, size_t klen,
	const shmx_value *by, shmx_value *result, shmx_error *err)
{
	shmx_status kst = key_check(s, klen, err);
	if (kst != SHMX_OK) {
		return kst;
	}
	uint64_t h = shmx_store_hash(s, key, klen);
	int nested;
	if (s->readonly) {
		return read_only(s, err);
	}
#if SHMX_HAVE_CAS16
	if (by->type == SHMX_T_INT) {
		int r = hint_increment(s, key, klen, h, by, result);
		if (r == FAST_DONE) {
			return SHMX_OK;
		}
		if (r == FAST_CORRUPT) {
			return corrupt(s, err, "an int value was written past what shmx keeps it within");
		}
	}
	uint32_t now = 0;
	for (int tries = 0; tries < 64; tries++) {
		shmx_fast_slot *fl = fast_enter(s, SEQ_WRITE);
		if (!fl) {
			break;
		}
		fast_snap f;
		int r = fast_increment(s, key, klen, h, by, result, now, &f);
		fast_leave(fl);
		if (r == FAST_DONE) {
			hint_record(s, key, klen, h, &f, result);
			return SHMX_OK;
		}
		if (r == FAST_OVERFLOW) {
			return overflow(result->l, by, err);
		}
		if (r == FAST_LOCK) {
			break;
		}
		backoff(tries);
	}
#endif
	shmx_status st = wlock(s, -1, &nested, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = wlocked_increment(s, key, klen, h, by, result, now_s(), err);
	wunlock(s, nested);
	return st;
}

static int same_scalar(uint8_t type, uint64_t bits, const shmx_value *v)
{
	if (type == SHMX_T_INT) {
		return (int64_t)bits == v->l;
	}
	return bits_to_double(bits) == v->d;
}

/* The compared length is v->len (ours), checked against the data area here rather than trusting
 * a value_len that another process could have changed since the entry was found. */
static int same_bytes(const shmx_store *s, const shmx_entry *e, size_t klen, const shmx_value *v)
{
	uint8_t type = SHMX_LOAD_RELAXED(&e->type);
	return (type == SHMX_T_STRING || SHMX_LOAD_RELAXED(&e->serializer) == v->serializer)
		&& SHMX_LOAD_RELAXED(&e->value_len) == v->len
		&& v->len <= UINT32_MAX && entry_fits(s, e, (uint32_t)klen, SHMX_T_STRING, (uint32_t)v->len)
		&& memcmp(entry_key(e) + klen, v->bytes, v->len) == 0;
}

static shmx_status wlocked_cas(shmx_store *s, const char *key, size_t klen, uint64_t h,
	const shmx_value *expected, const shmx_value *desired, int *swapped, uint32_t now, shmx_error *err)
{
	wfound f;
	shmx_status st = wlocked_find(s, key, klen, h, now, &f, err);
	if (st != SHMX_OK || !f.e || expired(f.e, now) || f.e->type != expected->type) {
		return st;
	}
	shmx_entry *e = f.e;
	uint8_t type = e->type;
	if (type == SHMX_T_INT || type == SHMX_T_FLOAT) {
		if (desired->type == type) {
			/* Same type: swap the cell in place, racing only lock-free increments. An int past
			 * the limit ends the entry's hints first, once it is to be swapped: an increment
			 * from a hint may make it match only now. */
			uint64_t lo = (uint64_t)SHMX_LOAD_RELAXED(&e->inline_value);
			uint64_t hi = (uint64_t)SHMX_LOAD_RELAXED(&e->next) | (uint64_t)entry_hword(h, type, e->expires) << 32;
			uint64_t nlo = type == SHMX_T_INT ? (uint64_t)desired->l : double_to_bits(desired->d);
			for (;;) {
				if (!same_scalar(type, lo, expected)) {
					return SHMX_OK;
				}
				if (type == SHMX_T_INT && int_beyond_hints(desired->l) && entry_hintable(e)) {
					if ((st = wlocked_end_hints(s, e, err)) != SHMX_OK) {
						return st;
					}
					lo = (uint64_t)SHMX_LOAD_RELAXED(&e->inline_value);
					continue;
				}
				if (cell_cas(e, &lo, &hi, nlo, hi)) {
					*swapped = 1;
					return SHMX_OK;
				}
				if ((uint32_t)(hi >> 32) != entry_hword(h, type, e->expires)) {
					/* Retired or reused: only a process that is not shmx writes that under our lock. */
					return SHMX_OK;
				}
			}
		}
		int64_t cur;
		if ((st = retire(s, e, &cur, err)) != SHMX_OK) {
			return st;
		}
		if (!same_scalar(type, (uint64_t)cur, expected)) {
			set_retired(e, 0);
			return SHMX_OK;
		}
	} else if (type >= SHMX_T_STRING && !same_bytes(s, e, klen, expected)) {
		return SHMX_OK;
	}
	st = wlocked_replace(s, key, klen, h, desired, e->expires, now, 0, err);
	if (st != SHMX_OK && (type == SHMX_T_INT || type == SHMX_T_FLOAT)) {
		set_retired(e, 0);
	}
	*swapped = st == SHMX_OK;
	return st;
}

shmx_status shmx_store_cas(shmx_store *s, const char *key, size_t klen,
	const shmx_value *expected, const shmx_value *desired, int *swapped, shmx_error *err)
{
	shmx_status kst = key_check(s, klen, err);
	if (kst != SHMX_OK) {
		return kst;
	}
	uint64_t h = shmx_store_hash(s, key, klen);
	int nested;
	*swapped = 0;
	shmx_status st = wlock(s, -1, &nested, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = wlocked_cas(s, key, klen, h, expected, desired, swapped, now_s(), err);
	wunlock(s, nested);
	return st;
}

/* Sets (on) or clears the retired bit of every linked entry. */
static void wlocked_retire_all(shmx_store *s, int on)
{
	for (uint64_t b = 0; b <= s->mask; b++) {
		uint32_t off8 = s->buckets[b];
		for (uint64_t hops = 0; off8 && hops <= s->chain_max; hops++) {
			shmx_entry *e = head_at(s, off8);
			if (!e) {
				break;
			}
			set_retired(e, on);
			off8 = e->next;
		}
	}
}

shmx_status shmx_store_clear(shmx_store *s, shmx_error *err)
{
	int nested;
	shmx_status st = wlock(s, -1, &nested, err);
	if (st != SHMX_OK) {
		return st;
	}
	/* Retire every entry, and revoke the hints, before unlinking any: an increment that lands
	 * after the clear took a key away, or after a writer killed in the middle did, would be
	 * lost. A kill before `clearing` is set leaves entries that the repair makes live again;
	 * a kill after it leaves the repair to finish the clear: all or nothing either way. */
	wlocked_retire_all(s, 1);
	if ((st = hints_revoke(s, err)) != SHMX_OK) {
		wlocked_retire_all(s, 0);
		wunlock(s, nested);
		return st;
	}
	SHMX_STORE(&s->hdr->clearing, 1);
	wlocked_clear_rest(s);
	SHMX_STORE(&s->hdr->clearing, 0);
	wunlock(s, nested);
	return SHMX_OK;
}

/* ---- whole-store reads (lock-free, bucket by bucket) ---------------------------------- */

typedef struct keybuf {
	char *data;
	size_t len, cap;
} keybuf;

static int keybuf_add(keybuf *kb, const char *key, uint16_t klen)
{
	size_t need = kb->len + sizeof(uint16_t) + klen;
	if (need > kb->cap) {
		size_t cap = kb->cap ? kb->cap * 2 : 4096;
		while (cap < need) {
			cap *= 2;
		}
		char *p = realloc(kb->data, cap);
		if (!p) {
			return 0;
		}
		kb->data = p;
		kb->cap = cap;
	}
	memcpy(kb->data + kb->len, &klen, sizeof(klen));
	memcpy(kb->data + kb->len + sizeof(klen), key, klen);
	kb->len = need;
	return 1;
}

/* Walks bucket b, counting live entries and (if kb) copying keys that start with prefix. */
static int walk_bucket(shmx_store *s, uint64_t b, uint32_t now, const char *prefix, size_t plen, keybuf *kb, uint64_t *live)
{
	uint32_t off8 = SHMX_LOAD(&s->buckets[b]);
	for (uint64_t hops = 0; off8; hops++) {
		shmx_entry *e = head_at(s, off8);
		if (!e || hops > s->chain_max) {
			return READ_BAD;
		}
		uint16_t klen = e->key_len;
		if (!entry_fits(s, e, klen, e->type, e->value_len)) {
			return READ_BAD;
		}
		if (!expired(e, now)) {
			(*live)++;
			if (kb && klen >= plen && memcmp(entry_key(e), prefix, plen) == 0 && !keybuf_add(kb, entry_key(e), klen)) {
				return -1;
			}
		}
		off8 = SHMX_LOAD(&e->next);
	}
	return READ_FOUND;
}

static shmx_status scan(shmx_store *s, const char *prefix, size_t plen, shmx_key_fn fn, void *ctx, uint64_t *count, shmx_error *err)
{
	uint64_t *epoch = &s->hdr->alloc.free_epoch;
	uint32_t now = now_s();
	keybuf kb = { NULL, 0, 0 };
	uint64_t total = 0;
	shmx_status st = SHMX_OK;

	for (uint64_t b = 0; b <= s->mask && st == SHMX_OK; b++) {
		if (!SHMX_LOAD_RELAXED(&s->buckets[b])) {
			continue;
		}
		for (int tries = 0;; tries++) {
			uint64_t live = 0;
			uint64_t e1 = SHMX_LOAD(epoch);
			kb.len = 0;
			int r = walk_bucket(s, b, now, prefix, plen, fn ? &kb : NULL, &live);
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			if (r == -1) {
				st = shmx_fail_os(err, ENOMEM, "cannot allocate memory to list the Store's keys");
				break;
			}
			if (SHMX_LOAD_RELAXED(epoch) == e1) {
				if (r == READ_BAD) {
					if (tries >= 3) {
						st = corrupt(s, err, "an index chain leads outside the data area");
						break;
					}
				} else {
					total += live;
					break;
				}
			}
			backoff(tries);
		}
		if (st == SHMX_OK && fn) {
			for (size_t p = 0; p < kb.len;) {
				uint16_t klen;
				memcpy(&klen, kb.data + p, sizeof(klen));
				if (fn(ctx, kb.data + p + sizeof(klen), klen)) {
					b = s->mask;
					break;
				}
				p += sizeof(klen) + klen;
			}
		}
	}
	free(kb.data);
	if (count) {
		*count = total;
	}
	return st;
}

shmx_status shmx_store_keys(shmx_store *s, const char *prefix, size_t plen, shmx_key_fn fn, void *ctx, shmx_error *err)
{
	return scan(s, prefix, plen, fn, ctx, NULL, err);
}

/* The writers keep `entries` exact under the lock; a writer killed between linking or
 * unlinking an entry and counting it leaves it off by one until the next writer repairs. A
 * count that finds the lock abandoned therefore counts the index itself, as keys() does, so
 * that count() and keys() agree in every process, read-only ones included (which never repair). */
shmx_status shmx_store_count(shmx_store *s, uint64_t *n, shmx_error *err)
{
	if (SHMX_LOAD_RELAXED(&s->hdr->expiring) == 0 && !shmx_lock_abandoned(&s->hdr->lock)) {
		*n = SHMX_LOAD_RELAXED(&s->hdr->entries);
		return SHMX_OK;
	}
	return scan(s, "", 0, NULL, NULL, n, err);
}

shmx_status shmx_store_info(shmx_store *s, shmx_store_stats *info, shmx_error *err)
{
	uint64_t data = s->data_end - s->data_off;
	uint64_t used = SHMX_LOAD_RELAXED(&s->hdr->alloc.used);
	if (used > data) {
		used = data;
	}
	info->size = s->total_size;
	/* Header and index count as used: used + free is the whole region. */
	info->used = s->total_size - data + used;
	info->free = data - used;
	info->hits = info->misses = 0;
	for (unsigned i = 0; i < SHMX_STAT_SLOTS; i++) {
		info->hits += SHMX_LOAD_RELAXED(&s->hdr->stats[i].hits);
		info->misses += SHMX_LOAD_RELAXED(&s->hdr->stats[i].misses);
	}
	return shmx_store_count(s, &info->entries, err);
}
