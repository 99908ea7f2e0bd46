/*
 * lock.c: shmx's cross-process lock (see lock.h for the contract and why it is not a pthread
 * mutex).
 *
 * Invariants:
 * - The word is 0 or the value of its holder, own_word() (thread id | namespace tag), with the
 *   waiters bit possibly set. Only a CAS changes it: 0 -> own (lock), own -> 0 (unlock), dead
 *   holder's value -> own (take-over), v -> v | WAITERS (a waiter announcing itself).
 * - A thread that has slept on the word takes it with the waiters bit set, because others may
 *   still sleep; an unlock that finds the bit wakes one sleeper. A sleeper nobody wakes (its
 *   holder died, or the bit was lost to a take-over) wakes at the end of its slice and looks.
 * - `holder` and `start` are written by the holder right after it locked and `holder` cleared
 *   right before it unlocks, so a waiter trusts `start` only while `holder` names the thread
 *   in the word; they are advice for telling a reused thread id apart, never a pointer or size.
 */
#include "lock.h"

#include <signal.h>

#if SHMX_HAVE_ROBUST

/* What this thread writes into a word it takes. */
static inline uint32_t own_word(void)
{
	return shmx_tid() | (shmx_pidns_tag() << SHMX_LOCK_NS_SHIFT);
}

/* A word some shmx thread could have written: 0, or a thread id with a namespace tag. */
static inline int word_valid(uint32_t v)
{
	return v == 0 || ((v & SHMX_LOCK_TID_MASK) != 0 && (v & SHMX_LOCK_NS_MASK) != 0);
}

static shmx_status corrupt(shmx_error *err, uint32_t v)
{
	return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "the lock word holds 0x%08x, which no shmx process writes", v);
}

void shmx_lock_init(shmx_lock *l)
{
	memset(l, 0, sizeof(*l));
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Whether the holder named by v (a valid, non-zero word) is gone. A holder from another pid
 * namespace cannot be checked and counts as alive. `thorough` also compares the start time of
 * the thread now carrying that id with the holder's record (a few system calls: the slow path
 * only). */
static int holder_dead(const shmx_lock *l, uint32_t v, int thorough)
{
	uint32_t tid = v & SHMX_LOCK_TID_MASK;
	if (((v & SHMX_LOCK_NS_MASK) >> SHMX_LOCK_NS_SHIFT) != shmx_pidns_tag()) {
		return 0;
	}
	if (kill((pid_t)tid, 0) != 0 && errno == ESRCH) {
		return 1;
	}
	if (!thorough) {
		return 0;
	}
	/* Alive or not ours to signal: is it still the thread that locked? */
	uint32_t rec = SHMX_LOAD(&l->holder);
	uint64_t start = SHMX_LOAD_RELAXED(&l->start), now;
	if (rec != tid || start == 0 || !shmx_thread_start_of(tid, &now)) {
		return 0;
	}
	/* The record may have moved on to a new holder while we read it: then the word has too,
	 * and the take-over CAS of v fails. */
	return now != start && SHMX_LOAD(&l->holder) == tid;
}

static inline void record(shmx_lock *l)
{
	SHMX_STORE_RELAXED(&l->start, shmx_thread_start());
	SHMX_STORE(&l->holder, shmx_tid());
}

/* One attempt against the word last seen as *v: 1 taken (with *recovered), 0 not (and *v
 * reloaded), -1 an error in *st. `bits` is WAITERS for a thread that has slept. */
static int attempt(shmx_lock *l, uint32_t *v, uint32_t me, uint32_t bits, int thorough, int *recovered,
	shmx_status *st, shmx_error *err)
{
	if (!word_valid(*v)) {
		*st = corrupt(err, *v);
		return -1;
	}
	if (*v == 0) {
		if (SHMX_CAS(&l->word, v, me | bits)) {
			return 1;
		}
		return 0;
	}
	if ((*v & ~SHMX_LOCK_WAITERS) == me) {
		*st = shmx_fail(err, SHMX_ERR_STATE, EDEADLK, "the lock is already held by this process");
		return -1;
	}
	if (holder_dead(l, *v, thorough)) {
		/* Keep the waiters bit: the dead holder's sleepers are still asleep. */
		if (SHMX_CAS(&l->word, v, me | bits | (*v & SHMX_LOCK_WAITERS))) {
			*recovered = 1;
			return 1;
		}
	}
	return 0;
}

static shmx_status acquire(shmx_lock *l, int64_t timeout_ns, int thorough, int *recovered, shmx_error *err)
{
	uint32_t me = own_word(), v = 0, bits = 0;
	int64_t deadline = timeout_ns > 0 ? shmx_monotonic_ns() + timeout_ns : -1;
	int64_t slice = 1000000;
	shmx_status st = SHMX_OK;

	*recovered = 0;
	if (SHMX_LIKELY(SHMX_CAS(&l->word, &v, me))) {
		record(l);
		return SHMX_OK;
	}
	for (;;) {
		int r = attempt(l, &v, me, bits, thorough, recovered, &st, err);
		if (r > 0) {
			record(l);
			return SHMX_OK;
		}
		if (r < 0) {
			return st;
		}
		if (v == 0) {
			continue; /* freed between the load and the CAS: try again at once */
		}
		if (timeout_ns == 0) {
			return shmx_fail(err, SHMX_ERR_TIMEOUT, 0, "the lock is held by another process");
		}
		int64_t wait = slice;
		if (deadline >= 0) {
			int64_t left = deadline - shmx_monotonic_ns();
			if (left <= 0) {
				return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "the lock is held by another process");
			}
			wait = left < wait ? left : wait;
		}
		if (!(v & SHMX_LOCK_WAITERS)) {
			uint32_t w = v | SHMX_LOCK_WAITERS;
			if (!SHMX_CAS(&l->word, &v, w)) {
				continue; /* changed: look at the new value */
			}
			v = w;
		}
		bits = SHMX_LOCK_WAITERS;
		int64_t before = shmx_monotonic_ns();
		shmx_futex_wait(&l->word, v, wait);
		/* Slept the whole slice: the holder is slow or gone; look at it thoroughly, and
		 * sleep longer next time. A wake-up or a signal keeps the slice as it is. */
		if (shmx_monotonic_ns() - before >= wait) {
			thorough = 1;
			slice = slice * 2 < SHMX_LOCK_SLICE_MAX_NS ? slice * 2 : SHMX_LOCK_SLICE_MAX_NS;
		}
		v = SHMX_LOAD(&l->word);
	}
}

shmx_status shmx_lock_acquire(shmx_lock *l, int64_t timeout_ns, int *recovered, shmx_error *err)
{
	return acquire(l, timeout_ns, 0, recovered, err);
}

shmx_status shmx_lock_try_thorough(shmx_lock *l, int *recovered, shmx_error *err)
{
	return acquire(l, 0, 1, recovered, err);
}

int shmx_lock_held(const shmx_lock *l)
{
	return (SHMX_LOAD_RELAXED(&l->word) & ~SHMX_LOCK_WAITERS) == own_word();
}

shmx_status shmx_lock_release(shmx_lock *l, shmx_error *err)
{
	uint32_t me = own_word(), v = SHMX_LOAD(&l->word);
	if (!word_valid(v)) {
		return corrupt(err, v);
	}
	if ((v & ~SHMX_LOCK_WAITERS) != me) {
		return shmx_fail(err, SHMX_ERR_STATE, EPERM, "the lock is not held by this process");
	}
	SHMX_STORE(&l->holder, 0);
	/* Only a waiter setting the bit can change the word under its holder. */
	while (!SHMX_CAS(&l->word, &v, 0)) {
		if ((v & ~SHMX_LOCK_WAITERS) != me) {
			/* Taken from us (someone wrote the memory, or thought us dead): not ours to free. */
			return word_valid(v) ? shmx_fail(err, SHMX_ERR_STATE, EPERM, "the lock is not held by this process")
				: corrupt(err, v);
		}
	}
	if (v & SHMX_LOCK_WAITERS) {
		shmx_futex_wake(&l->word, 1);
	}
	return SHMX_OK;
}

#else /* Windows: no cross-process lock; the classes that need one say so when opened. */

void shmx_lock_init(shmx_lock *l)
{
	memset(l, 0, sizeof(*l));
}

static shmx_status unsupported(shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "cross-process locks are not available on this platform");
}

shmx_status shmx_lock_acquire(shmx_lock *l, int64_t timeout_ns, int *recovered, shmx_error *err)
{
	*recovered = 0;
	return unsupported(err);
}

shmx_status shmx_lock_try_thorough(shmx_lock *l, int *recovered, shmx_error *err)
{
	*recovered = 0;
	return unsupported(err);
}

int shmx_lock_held(const shmx_lock *l)
{
	return 0;
}

shmx_status shmx_lock_release(shmx_lock *l, shmx_error *err)
{
	return unsupported(err);
}

#endif
