/*
 * store.h: the C core of Shmx\Store: a hash index of immutable entries in one shmx region,
 * written under one writer lock (lock.h) and read without any lock.
 *
 * Region payload (offsets from the payload start; every offset stored in shared memory is
 * divided by 8 and kept in 32 bits, so a store addresses up to 32 GiB):
 *
 *   shmx_store_header | buckets: uint32[2^bucket_bits] | data area (alloc.h)
 *
 * An entry is one allocated block: a 28-byte head, then the key bytes, then the value bytes
 * of a string or serialized value (null/bool/int/float live in the head's 8-byte inline cell).
 * A published entry never changes except its `next` link, for int and float its inline cell,
 * which change by single atomic stores, and for an int the marks in its serializer byte
 * (SHMX_INT_*, written under the writer lock). A write builds the new entry in fresh
 * memory, publishes it with one atomic store into its chain, and only then frees the old one,
 * so at every instant the index is consistent: a writer killed anywhere leaves at worst blocks
 * that nothing references, which the repair after a dead writer gives back.
 *
 * Readers never lock: they read alloc.free_epoch, walk and copy, and read free_epoch again;
 * if it moved, a block they read may have been reused and they retry (see alloc.h).
 */
#ifndef SHMX_STORE_H
#define SHMX_STORE_H

#include "os.h"
#include "lock.h"
#include "alloc.h"
#include "value.h"

#define SHMX_STORE_MAGIC      0x524f5453u /* "STOR" */
#define SHMX_STORE_KEY_MAX    65535u
#define SHMX_STORE_MIN_SIZE   20480u      /* smallest $size that leaves a usable data area
                                             * (tests/c/test_store.c checks it still does) */
#define SHMX_ENTRY_HEAD       28u
#define SHMX_FAST_SLOTS       64u          /* handles that can write lock-free at once */
#define SHMX_STAT_SLOTS       32u          /* processes that count their gets apart */
#define SHMX_ENTRY_RETIRED    0x80000000u /* in shmx_entry.hash: being unlinked; in-place updates fail */
#define SHMX_ENTRY_FLOAT      0x40000000u /* in shmx_entry.hash: the type is float, */
#define SHMX_ENTRY_OTHER      0x20000000u /* ... neither int nor float, */
#define SHMX_ENTRY_EXPIRES    0x10000000u /* ... it has an expiry: so that a CAS of the first 16
                                             bytes, which expects the word of an int or a float
                                             with or without one, cannot land in another kind */
#define SHMX_ENTRY_KIND       (SHMX_ENTRY_FLOAT | SHMX_ENTRY_OTHER | SHMX_ENTRY_EXPIRES)
#define SHMX_ENTRY_HASH_BITS  0x0fffffffu /* in shmx_entry.hash: bits 36..63 of the key's hash */
/* In the serializer byte of an int entry (see wlocked_end_hints in store.c): */
#define SHMX_INT_NO_HINTS     1u          /* no increment hint points here (writes spare the revoke) */
#define SHMX_INT_HINTS_ENDING 2u          /* becoming SHMX_INT_NO_HINTS: no new hints are taken */

typedef struct shmx_entry {
	int64_t inline_value;     /* int, or float bits; 0 otherwise. Changed in place only by a CAS of the
	                             first 16 bytes (value, next, hash), so a retired entry never changes */
	uint32_t next;            /* next entry of the chain: offset / 8, 0 = end. Atomic stores only */
	uint32_t hash;            /* bits 36..63 of the key's hash; bits 28-30 the kind of entry
	                             (SHMX_ENTRY_KIND); bit 31 SHMX_ENTRY_RETIRED (see store.c) */
	uint32_t expires;         /* unix seconds after which it is invisible; 0 = never */
	uint32_t value_len;       /* bytes of string/serialized value after the key; 0 for others */
	uint16_t key_len;         /* 1..65535 */
	uint8_t type;             /* shmx_value_type */
	uint8_t serializer;       /* shmx_serializer_id for SHMX_T_SERIALIZED; marks for SHMX_T_INT
	                             (SHMX_INT_*, set under the writer lock); else 0 */
} shmx_entry;                 /* followed (at SHMX_ENTRY_HEAD) by key, then value bytes */

_Static_assert(offsetof(shmx_entry, serializer) + 1 == SHMX_ENTRY_HEAD, "entry head is 28 bytes");

/* A handle's lock-free writer slot: its owner holds `lock` for as long as it owns the slot, so
 * that a try of the lock tells a live owner from a dead one; `seq` brackets each write. */
typedef struct shmx_fast_slot {
	shmx_lock lock;           /* held by the owning handle from claim to detach */
	uint32_t seq;             /* odd while the owner is inside a lock-free write, +1 at entry and at
	                             exit, so a waiter sees that write end even if another follows at
	                             once; only the owner changes it, or whoever gets its dead owner's
	                             lock (a dead owner's), who makes it even */
	uint8_t reserved[60];     /* zero; keeps the next slot's lock off this line */
} shmx_fast_slot;

_Static_assert(sizeof(shmx_fast_slot) == 128, "a fast slot is two cache lines");

/* Where one process counts its gets. A process claims a free slot (pid CAS 0 -> its pid) or one
 * whose process is gone, on its first counted get; the counts stay in the slot whoever has it
 * (they are only ever added up), so taking one over loses nothing. */
typedef struct shmx_stat_slot {
	int32_t pid;              /* the process counting here, 0 = nobody yet */
	uint32_t reserved;
	uint64_t hits, misses;    /* relaxed atomics */
	uint8_t pad[40];
} shmx_stat_slot;

_Static_assert(sizeof(shmx_stat_slot) == 64, "a stats slot is one cache line");

typedef struct shmx_store_header {
	uint32_t magic;           /* SHMX_STORE_MAGIC once formatted */
	uint32_t bucket_bits;     /* 2^bucket_bits buckets; fixed at format */
	uint64_t seed;            /* hash seed chosen at format */
	uint64_t buckets_off;     /* payload offset of the bucket array; fixed */
	uint64_t entries;         /* entries linked in the index, expired or not; writer lock */
	uint64_t expiring;        /* linked entries that have an expiry; writer lock */
	uint32_t last_sweep;      /* unix second of the last rebuild looking for expired entries */
	uint32_t clearing;        /* 1 while clear() empties the index: a repair after a kill finishes it */
	uint64_t boot_tag;        /* SHMX_BOOT_READY(boot) once usable in that boot (region.h); 0 in
	                             stores formatted before it, which the first open adopts */
	uint32_t repair;          /* 1: the writer lock was held when the machine went down, and the
	                             reboot reset freed it; the next writer repairs as after a dead
	                             writer (store_write.c), then clears it */
	uint32_t reserved0;       /* zero */
	shmx_lock lock;           /* the writer lock: every write and lock() callbacks */
	uint8_t reserved1[128];   /* zero (hits and misses were here, now in stats) */
	uint32_t fast_block;      /* 1 while a lock() callback runs: lock-free writes take the lock */
	uint32_t reserved3;       /* zero */
	uint64_t hint_epoch;      /* +1 whenever an int entry is retired, and whenever an increment
	                             from a hint leaves |value| > SHMX_HINT_LIMIT (see store.c) */
	int32_t fast_pid[SHMX_FAST_SLOTS]; /* pid of the process whose handle owns fast[i], 0 = free;
	                             CAS 0 -> pid to claim, set by whoever holds fast[i].lock otherwise */
	uint8_t reserved4[48];    /* fast starts a cache line */
	shmx_fast_slot fast[SHMX_FAST_SLOTS]; /* one per handle that writes lock-free (see store.c) */
	shmx_alloc_header alloc;  /* the data area's allocator; writer lock */
	/* gets that found a live value or did not, one cache line per process counting, so that
	 * readers in different processes never write the same line; info() adds them up */
	_Alignas(64) shmx_stat_slot stats[SHMX_STAT_SLOTS];
} shmx_store_header;

_Static_assert(offsetof(shmx_store_header, lock) == 64, "the lock starts a cache line");
_Static_assert(offsetof(shmx_store_header, boot_tag) == 48, "boot_tag is where layout 6 kept zeros");
_Static_assert(offsetof(shmx_store_header, fast) % 64 == 0, "each fast slot starts a cache line");

/* This process's view of an attached store: validated once, then used without re-reading. */
typedef struct shmx_store {
	char *base;               /* payload start */
	shmx_store_header *hdr;
	uint32_t *buckets;
	uint64_t mask;
	uint64_t seed, seed2;     /* the hash's two secrets: hdr->seed and one derived from it */
	uint64_t data_off, data_end;
	uint64_t chain_max;       /* most entries a chain can hold: data bytes / smallest entry */
	shmx_arena arena;         /* the allocator over the same, with these bounds */
	uint64_t total_size;      /* region size including its header */
	int readonly;
	int fast_slot;            /* this handle's index in hdr->fast (its lock held), -1 none */
	struct shmx_hint *hints;  /* process-local: key hash -> where its entry was last found (malloc
	                             at the second lookup that finds a key, NULL before) */
	uint32_t finds;           /* lookups that found a key before hints were allocated */
	shmx_stat_slot *stat;     /* where this handle counts its gets, claimed by stat_pid */
	shmx_pid stat_pid;
	struct shmx_inc_hint *inc_hints; /* process-local: keys this handle increments, and where
	                             their int entries are (malloc on first increment; see store.c) */
	shmx_pid lock_pid;        /* the process whose shmx_store_lock() holds the writer lock, 0 none:
	                             a fork child inherits the handle, not the lock, and must not
	                             end the parent's block on lock-free writers when it unwinds */
	shmx_pid fast_slot_pid;   /* the process that claimed fast_slot (a fork child claims its own
	                             and never touches its parent's) */
	const shmx_id *id;        /* for messages */
	shmx_map map;             /* the mapping, when shmx_store_open() made it (last: attach leaves it) */
} shmx_store;

/* Gives a buffer of `len` bytes for a string value being read; may be called again on a retry
 * (the previous buffer is then the sink's to discard). */
typedef char *(*shmx_sink)(void *ctx, size_t len);
/* Called once per key by shmx_store_keys, with no lock held. Non-zero stops. */
typedef int (*shmx_key_fn)(void *ctx, const char *key, size_t len);

typedef struct shmx_store_info {
	uint64_t size, used, free, entries, hits, misses;
} shmx_store_stats;

shmx_status shmx_store_attach(shmx_store *s, shmx_map *m, int may_format, shmx_error *err);
/* Frees what attach allocated in this process (not the shared memory) and gives back this
 * handle's fast slot; must run before the mapping is unmapped. */
void shmx_store_detach(shmx_store *s);

/* Maps the object `id` names (creating it as `flags` say, sized `size`) into s->map and attaches
 * the store in it, formatting it when this open created it or found it unformatted and may
 * write: what the Counter, Mutex, Semaphore and Queue cores' opens do for theirs. On failure
 * nothing stays mapped. shmx_store_close() detaches and unmaps; idempotent. */
shmx_status shmx_store_open(shmx_store *s, const shmx_id *id, int flags, size_t size, uint32_t perms, shmx_error *err);
void shmx_store_close(shmx_store *s);

static inline uint64_t shmx_hash_mix(uint64_t a, uint64_t b)
{
	__uint128_t r = (__uint128_t)a * b;
	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

/* The key's 64-bit hash under this store's two secrets. Every key word meets a secret on both
 * sides of a multiply (word ^ secret), never a public constant, so nobody who does not know
 * the secrets can choose words that zero a product and make the seed drop out. */
static inline uint64_t shmx_store_hash(const shmx_store *s, const char *k, size_t n)
{
	const uint64_t s1 = s->seed, s2 = s->seed2;
	uint64_t h = s1 ^ ((uint64_t)n * 0x9e3779b97f4a7c15ull), a, b;
	while (n > 16) {
		uint64_t x, y;
		memcpy(&x, k, 8);
		memcpy(&y, k + 8, 8);
		h ^= shmx_hash_mix(x ^ s1, y ^ s2 ^ h);
		k += 16;
		n -= 16;
	}
	if (n >= 8) {
		memcpy(&a, k, 8);
		memcpy(&b, k + n - 8, 8);
	} else if (n >= 4) {
		uint32_t x, y;
		memcpy(&x, k, 4);
		memcpy(&y, k + n - 4, 4);
		a = x;
		b = y;
	} else {
		a = n ? ((uint64_t)(unsigned char)k[0] << 16) | ((uint64_t)(unsigned char)k[n / 2] << 8) | (unsigned char)k[n - 1] : 0;
		b = 0;
	}
	return shmx_hash_mix(shmx_hash_mix(a ^ s1, b ^ s2 ^ h) ^ s1, h ^ s2);
}

/* Keys are 1..SHMX_STORE_KEY_MAX bytes (else SHMX_ERR_RANGE); the core hashes them itself.
 * Writes through a read-only handle are SHMX_ERR_STATE. */

/* SHMX_OK with *out filled (string bytes through `sink`), or SHMX_ERR_NOT_FOUND. A NULL sink
 * only asks whether the key is there. */
shmx_status shmx_store_get(shmx_store *s, const char *key, size_t klen,
	shmx_value *out, shmx_sink sink, void *ctx, shmx_error *err);

/* only_add: SHMX_ERR_EXISTS when a live value is there. expires: unix seconds, 0 = never. */
shmx_status shmx_store_put(shmx_store *s, const char *key, size_t klen,
	const shmx_value *v, uint32_t expires, int only_add, shmx_error *err);

/* SHMX_OK, or SHMX_ERR_NOT_FOUND when nothing live was there. */
shmx_status shmx_store_delete(shmx_store *s, const char *key, size_t klen, shmx_error *err);

/* by: SHMX_T_INT or SHMX_T_FLOAT. *result: the new value. */
shmx_status shmx_store_increment(shmx_store *s, const char *key, size_t klen,
	const shmx_value *by, shmx_value *result, shmx_error *err);

/* *swapped = 1 if the live value equalled `expected` and is now `desired`. */
shmx_status shmx_store_cas(shmx_store *s, const char *key, size_t klen,
	const shmx_value *expected, const shmx_value *desired, int *swapped, shmx_error *err);

/* How long any write waits for the writer lock (and lock() when given no timeout) before it
 * fails with SHMX_ERR_TIMEOUT: a lock word that names a live process which never lets go (one
 * stopped, or bytes written by someone else) costs a write this long, never a hang. The PHP
 * layer sets it from shmx.lock_timeout; SHMX_STORE_WRITE_TIMEOUT_NS until then. */
#define SHMX_STORE_WRITE_TIMEOUT_NS (10LL * 1000000000LL)
extern int64_t shmx_store_write_timeout_ns;

/* The writer lock for lock(): *nested = 1 when this process already held it (then
 * shmx_store_unlock does nothing). timeout_ns -1: shmx_store_write_timeout_ns. */
shmx_status shmx_store_lock(shmx_store *s, int64_t timeout_ns, int *nested, shmx_error *err);
shmx_status shmx_store_unlock(shmx_store *s, int nested, shmx_error *err);

shmx_status shmx_store_clear(shmx_store *s, shmx_error *err);
shmx_status shmx_store_count(shmx_store *s, uint64_t *n, shmx_error *err);
shmx_status shmx_store_info(shmx_store *s, shmx_store_stats *info, shmx_error *err);
shmx_status shmx_store_keys(shmx_store *s, const char *prefix, size_t plen, shmx_key_fn fn, void *ctx, shmx_error *err);


#endif
