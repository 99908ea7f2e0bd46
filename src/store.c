/*
 * store.c: the Store's layout, formatting, attach and detach, and the whole-store reads (keys,
 * count, info). Reads are in store_read.c, the writer lock, repair and locked writes in
 * store_write.c, the lock-free writes in store_fast.c; store_int.h has what they share and
 * the invariants they keep (see store.h for the layout and the publication rule).
 */
#include "store_int.h"
#include "region.h"

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
	h->boot_tag = shmx_region_boot_ready();
	h->magic = SHMX_STORE_MAGIC;
	return 0;
}

/* The first writable open after a reboot (shmx_region_boot_check): every lock is held, if at
 * all, by a thread of the last boot. The writer lock is freed, and if it was held, the next
 * writer repairs as after a writer that died (the index is whole by construction; allocator
 * and counters may not be). Each fast slot's owner is gone: its write, if it was in one, is
 * ended as a dead owner's is, and the slot freed. A lock() callback that was running is over. */
static void store_reboot_reset(void *ctx)
{
	shmx_store *s = ctx;
	shmx_store_header *h = s->hdr;
	if (SHMX_LOAD(&h->lock.word) != 0) {
		SHMX_STORE(&h->repair, 1);
	}
	shmx_lock_init(&h->lock);
	for (unsigned i = 0; i < SHMX_FAST_SLOTS; i++) {
		shmx_st_fast_slot_recover(s, &h->fast[i]);
		shmx_lock_init(&h->fast[i].lock);
		SHMX_STORE(&h->fast_pid[i], 0);
	}
	SHMX_STORE(&h->fast_block, 0);
}

shmx_status shmx_st_read_only(const shmx_store *s, shmx_error *err)
{
	char d[SHMX_NAME_MAX + 16];
	return shmx_fail(err, SHMX_ERR_STATE, 0, "%s: cannot write to a store opened read-only (mode \"a\")", describe(s, d, sizeof(d)));
}

shmx_status shmx_st_corrupt(const shmx_store *s, shmx_error *err, const char *what)
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

	memset(s, 0, offsetof(shmx_store, map));
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
	return shmx_region_boot_check(m, &h->boot_tag, store_reboot_reset, s, err);
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

shmx_status shmx_store_open(shmx_store *s, const shmx_id *id, int flags, size_t size, uint32_t perms, shmx_error *err)
{
	memset(s, 0, offsetof(shmx_store, map));
	shmx_status st = shmx_map_open(&s->map, id, flags | SHMX_OPEN_REGION, size, perms, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = shmx_store_attach(s, &s->map, !s->map.readonly, err);
	if (st != SHMX_OK) {
		shmx_store_close(s);
	}
	return st;
}

void shmx_store_close(shmx_store *s)
{
	shmx_store_detach(s);
	shmx_map_detach(&s->map);
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

/* How many times one bucket's lock-free walk may see blocks freed under it before the scan
 * walks that bucket under the writer lock instead (as a get does, store_read.c). */
#define SCAN_LOCKFREE_TRIES 8

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
						st = shmx_st_corrupt(s, err, "an index chain leads outside the data area");
						break;
					}
				} else {
					total += live;
					break;
				}
			} else if (tries + 1 >= SCAN_LOCKFREE_TRIES && !s->readonly) {
				/* Writers freeing all the time: walk this bucket under the lock, where
				 * nothing is freed, so the scan ends (a read-only handle keeps retrying). */
				int nested;
				if ((st = shmx_st_wlock(s, -1, &nested, err)) != SHMX_OK) {
					break;
				}
				live = 0;
				kb.len = 0;
				r = walk_bucket(s, b, now, prefix, plen, fn ? &kb : NULL, &live);
				shmx_st_wunlock(s, nested);
				if (r == -1) {
					st = shmx_fail_os(err, ENOMEM, "cannot allocate memory to list the Store's keys");
				} else if (r == READ_BAD) {
					st = shmx_st_corrupt(s, err, "an index chain leads outside the data area");
				} else {
					total += live;
				}
				break;
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
	if (SHMX_LOAD_RELAXED(&s->hdr->expiring) == 0 && !SHMX_LOAD_RELAXED(&s->hdr->repair)
		&& !shmx_lock_abandoned(&s->hdr->lock)) {
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
