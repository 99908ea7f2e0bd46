/*
 * store_write.c: the Store's writer lock and its repair after a crash, and the writes done
 * under it: delete, compare-and-swap, clear, and what put() and increment() (store_fast.c)
 * fall back to (see store_int.h).
 */
#include "store_int.h"

#include <stdio.h>

/* ---- the entry's first 16 bytes (see store_int.h): the retired bit -------------------- */

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
shmx_status shmx_st_wlock(shmx_store *s, int64_t timeout_ns, int *nested, shmx_error *err)
{
	int recovered = 0;
	char d[SHMX_NAME_MAX + 16];

	if (timeout_ns < 0) {
		timeout_ns = shmx_store_write_timeout_ns;
	}

	if (s->readonly) {
		return shmx_st_read_only(s, err);
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
	if (SHMX_UNLIKELY(recovered || SHMX_LOAD_RELAXED(&s->hdr->repair))) {
		/* The previous holder died mid-write (or held the lock when the machine went down: the
		 * reboot reset freed it and left `repair`): the index is consistent by construction,
		 * the allocator and counters may not be. Rebuild them from the index. */
		shmx_error rerr;
		if (rebuild(s, now_s(), 1, &rerr) != SHMX_OK) {
			/* The free lists may hold blocks the dead writer had taken: use none of them. */
			shmx_alloc_abandon(&s->arena);
		}
		/* If it died inside lock(), nobody is in a callback any more. */
		SHMX_STORE(&s->hdr->fast_block, 0);
		SHMX_STORE(&s->hdr->repair, 0);
	}
	return SHMX_OK;
}

void shmx_st_wunlock(shmx_store *s, int nested)
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
void shmx_st_fast_slot_recover(shmx_store *s, shmx_fast_slot *f)
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
					shmx_st_fast_slot_recover(s, f);
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
	shmx_status st = shmx_st_wlock(s, timeout_ns, nested, err);
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
			return shmx_st_corrupt(s, err, "an index chain leads outside the data area");
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
			return shmx_st_corrupt(s, err, "an entry changed under the writer lock");
		}
	}
	return SHMX_OK;
}

/* New entry for the key, then find, then publish: allocation comes first so that a full store
 * changes nothing, and a rebuild during allocation cannot invalidate what find returned. An int
 * or float over a live value of the same type and expiry is written in place instead. */
shmx_status shmx_st_wlocked_replace(shmx_store *s, const char *key, size_t klen, uint64_t h, const shmx_value *v,
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
	shmx_status st = shmx_st_wlock(s, -1, &nested, err);
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
	shmx_st_wunlock(s, nested);
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

/* Adds `by` to the int or float cell of e in place, expecting its first 16 bytes to be exactly
 * lo, hi (value; next | hash word, not retired). Without the writer lock (epoch non-NULL), type
 * and lo come from a snapshot validated against free epoch e1: after a failed CAS the cell's
 * new value is taken only while the epoch still shows e1, because only then can the block not
 * have been reused for an entry of another type. CELL_STALE: retired or reused meanwhile;
 * nothing changed. CELL_BEYOND (only with limit, for an entry that may be hinted): the int
 * would go past SHMX_HINT_LIMIT, which needs wlocked_end_hints() first; nothing changed. */
int shmx_st_cell_add(shmx_entry *e, uint8_t type, uint64_t lo, uint64_t hi, const uint64_t *epoch, uint64_t e1,
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

shmx_status shmx_st_overflow(int64_t cur, const shmx_value *by, shmx_error *err)
{
	int minus = (by->l < 0) != (by->subtract != 0);
	return shmx_fail(err, SHMX_ERR_OVERFLOW, 0, "Integer overflow: %lld %c %llu does not fit in an int",
		(long long)cur, minus ? '-' : '+',
		by->l < 0 ? (unsigned long long)0 - (unsigned long long)by->l : (unsigned long long)by->l);
}

shmx_status shmx_st_wlocked_increment(shmx_store *s, const char *key, size_t klen, uint64_t h,
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
				return shmx_st_overflow(0, by, err);
			}
		}
		return shmx_st_wlocked_replace(s, key, klen, h, result, 0, now, 0, err);
	}
	shmx_entry *e = f.e;
	uint8_t type = e->type;
	if ((type == SHMX_T_INT && by->type == SHMX_T_INT) || type == SHMX_T_FLOAT) {
		/* Nobody retires entries while we hold the lock, so this cannot come back stale. */
		uint64_t lo, hi;
		cell_read(e, entry_hword(h, type, e->expires), &lo, &hi);
		int r = shmx_st_cell_add(e, type, lo, hi, NULL, 0, entry_hintable(e), by, result);
		if (r == CELL_BEYOND) {
			/* Past SHMX_HINT_LIMIT: first make sure no hint points at it. */
			if ((st = wlocked_end_hints(s, e, err)) != SHMX_OK) {
				return st;
			}
			cell_read(e, entry_hword(h, type, e->expires), &lo, &hi);
			r = shmx_st_cell_add(e, type, lo, hi, NULL, 0, 0, by, result);
		}
		switch (r) {
			case CELL_OVERFLOW:
				return shmx_st_overflow(result->l, by, err);
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
		st = shmx_st_wlocked_replace(s, key, klen, h, result, e->expires, now, 0, err);
		if (st != SHMX_OK) {
			set_retired(e, 0);
		}
		return st;
	}
	return type_error(s, key, klen, type, err);
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
	st = shmx_st_wlocked_replace(s, key, klen, h, desired, e->expires, now, 0, err);
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
	shmx_status st = shmx_st_wlock(s, -1, &nested, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = wlocked_cas(s, key, klen, h, expected, desired, swapped, now_s(), err);
	shmx_st_wunlock(s, nested);
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
	shmx_status st = shmx_st_wlock(s, -1, &nested, err);
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
		shmx_st_wunlock(s, nested);
		return st;
	}
	SHMX_STORE(&s->hdr->clearing, 1);
	wlocked_clear_rest(s);
	SHMX_STORE(&s->hdr->clearing, 0);
	shmx_st_wunlock(s, nested);
	return SHMX_OK;
}
