/*
 * store_fast.c: the Store's lock-free writes: fast slots, set and increment in place, and
 * increments from a hint; put() and increment(), which try them before they take the writer
 * lock (store_write.c). See store_int.h for the rules they keep.
 */
#include "store_int.h"

/* ---- fast slots and lock-free writes -------------------------------------------------- *
 *
 * All of it needs a 16-byte CAS: where there is none (SHMX_HAVE_CAS16 0), put() and increment()
 * skip it with a plain `if` on the constant, and the compiler drops it. */

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
			shmx_st_fast_slot_recover(s, f); /* a dead owner's write, if any, has ended */
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
 * (see store_int.h). Only the owner changes its seq while it lives. */
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
	switch (shmx_st_cell_add(f->e, f->type, f->lo, f->hi, &s->hdr->alloc.free_epoch, f->e1, 1, by, result)) {
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
 * hinted (the lock-free paths send anything else to the writer lock, and there shmx_st_cell_add,
 * wlocked_cas and shmx_st_wlocked_replace go through wlocked_end_hints() first, after which no hint
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
		 * slot does it (shmx_st_fast_slot_recover). */
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

/* ---- put and increment: lock-free when they may, else under the writer lock ----------- */

shmx_status shmx_store_put(shmx_store *s, const char *key, size_t klen,
	const shmx_value *v, uint32_t expires, int only_add, shmx_error *err)
{
	shmx_status kst = key_check(s, klen, err);
	if (kst != SHMX_OK) {
		return kst;
	}
	uint64_t h = shmx_store_hash(s, key, klen);
	int nested;
	/* Only without an expiry: the CAS cannot tell one expiry from another (see cell_cas). */
	if (SHMX_HAVE_CAS16 && !only_add && !s->readonly && expires == 0 && (v->type == SHMX_T_INT || v->type == SHMX_T_FLOAT)) {
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
	shmx_status st = shmx_st_wlock(s, -1, &nested, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = shmx_st_wlocked_replace(s, key, klen, h, v, expires, now_s(), only_add, err);
	shmx_st_wunlock(s, nested);
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
		return shmx_st_read_only(s, err);
	}
	if (SHMX_HAVE_CAS16) {
		if (by->type == SHMX_T_INT) {
			int r = hint_increment(s, key, klen, h, by, result);
			if (r == FAST_DONE) {
				return SHMX_OK;
			}
			if (r == FAST_CORRUPT) {
				return shmx_st_corrupt(s, err, "an int value was written past what shmx keeps it within");
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
				return shmx_st_overflow(result->l, by, err);
			}
			if (r == FAST_LOCK) {
				break;
			}
			backoff(tries);
		}
	}
	shmx_status st = shmx_st_wlock(s, -1, &nested, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = shmx_st_wlocked_increment(s, key, klen, h, by, result, now_s(), err);
	shmx_st_wunlock(s, nested);
	return st;
}
