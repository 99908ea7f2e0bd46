/*
 * store_int.h: what the Store core's files share, not part of its interface (that is store.h,
 * with the layout and the publication rule): constants, process-local structures, small
 * helpers as static inline, and the functions one file calls in another (prefixed shmx_st_).
 *   store.c        layout, format, attach/detach, whole-store reads (keys, count, info)
 *   store_read.c   reads (get): hints, chain walks, the locked fallback, hit/miss stats
 *   store_write.c  the writer lock and repair, and the writes under it (delete, cas, clear...)
 *   store_fast.c   the lock-free writes: fast slots, in-place set and increment, increments
 *                  from a hint; put() and increment(), which try them before the writer lock
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
 * - Increments from a hint (store_fast.c: "increments from a hint") add to an int cell without
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
#ifndef SHMX_STORE_INT_H
#define SHMX_STORE_INT_H

#include "store.h"

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

/* Without a 16-byte CAS there are no lock-free writes, so no hints and no limit. */
static inline int int_beyond_hints(int64_t v)
{
	return SHMX_HAVE_CAS16 && (v > SHMX_HINT_LIMIT || v < -SHMX_HINT_LIMIT);
}

/* Whether increments from hints may target an entry: an int with no expiry that is not marked
 * SHMX_INT_NO_HINTS. Such an entry stays within SHMX_HINT_LIMIT except by those increments. */
static inline int entry_hintable(const shmx_entry *e)
{
	return SHMX_HAVE_CAS16 && e->type == SHMX_T_INT && e->expires == 0
		&& SHMX_LOAD_RELAXED(&e->serializer) != SHMX_INT_NO_HINTS;
}

static inline const char *describe(const shmx_store *s, char *buf, size_t len)
{
	return s->id ? shmx_id_describe(s->id, buf, len) : "store";
}

/* Every public call with a key checks it first: an empty key would be taken for a chain's end
 * marker and a longer one would not fit the entry's 16-bit length. */
static inline shmx_status key_check(const shmx_store *s, size_t klen, shmx_error *err)
{
	char d[SHMX_NAME_MAX + 16];
	if (SHMX_UNLIKELY(klen == 0 || klen > SHMX_STORE_KEY_MAX)) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "%s: a key must be 1 to %u bytes long, not %zu",
			describe(s, d, sizeof(d)), SHMX_STORE_KEY_MAX, klen);
	}
	return SHMX_OK;
}

/* store.c: the errors of a write through a read-only handle and of memory found corrupt. */
shmx_status shmx_st_read_only(const shmx_store *s, shmx_error *err);
shmx_status shmx_st_corrupt(const shmx_store *s, shmx_error *err, const char *what);

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

/* On failure *lo and *hi receive the current contents. Without a 16-byte CAS this runs only
 * with the writer lock held, the only writer there is, so a compare then two stores will do. */
static inline int cell_cas(shmx_entry *e, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
	if (SHMX_HAVE_CAS16) {
		return shmx_cas16(e, lo, hi, nlo, nhi);
	}
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

/* What a lock-free pass over the index finds (store_read.c; store.c's whole-store reads). */
enum { READ_FOUND, READ_MISSING, READ_BAD, READ_STALE };

/* Between two tries of a lock-free pass or write. */
static inline void backoff(int tries)
{
	if (tries < 16) {
		SHMX_CPU_RELAX();
	} else if (tries < 64) {
		shmx_yield();
	} else {
		shmx_sleep_ns(100000);
	}
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

/* What shmx_st_cell_add() did (see it, in store_write.c). */
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

/* store_write.c: the writer lock, the end of a dead fast slot owner's write, and the writes
 * under the lock that the lock-free paths fall back to. */
shmx_status shmx_st_wlock(shmx_store *s, int64_t timeout_ns, int *nested, shmx_error *err);
void shmx_st_wunlock(shmx_store *s, int nested);
void shmx_st_fast_slot_recover(shmx_store *s, shmx_fast_slot *f);
int shmx_st_cell_add(shmx_entry *e, uint8_t type, uint64_t lo, uint64_t hi, const uint64_t *epoch, uint64_t e1,
	int limit, const shmx_value *by, shmx_value *result);
shmx_status shmx_st_overflow(int64_t cur, const shmx_value *by, shmx_error *err);
shmx_status shmx_st_wlocked_replace(shmx_store *s, const char *key, size_t klen, uint64_t h, const shmx_value *v,
	uint32_t expires, uint32_t now, int only_add, shmx_error *err);
shmx_status shmx_st_wlocked_increment(shmx_store *s, const char *key, size_t klen, uint64_t h,
	const shmx_value *by, shmx_value *result, uint32_t now, shmx_error *err);

#endif
