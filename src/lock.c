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

/* The facilities it needs (thread ids and their liveness, start times, pid namespace tags, futex
 * waits) are platform helpers (platform.h), so this file has no #if. Where the platform has no
 * cross-process lock (!SHMX_HAVE_ROBUST: Windows) every call that would take or free one fails
 * with unsupported() at once, and the classes that need one say so when opened. */

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

/* Whether a word naming this very thread was written by an earlier thread that had the same id
 * and died holding it: the record names this id with another start time. Such a lock is not
 * this thread's to free (other processes' waits find its holder dead and take it over). Only
 * called with the word naming this thread, whose own record() is complete by then. */
static inline int predecessor(const shmx_lock *l)
{
	uint64_t start = SHMX_LOAD_RELAXED(&l->start), mine = shmx_thread_start();
	return SHMX_LOAD(&l->holder) == shmx_tid() && start != 0 && mine != 0 && start != mine;
}

static shmx_status unsupported(shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "cross-process locks are not available on this platform");
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

/* A try that finds a live holder remembers it for this long, so that a caller polling with
 * tries (a Semaphore scan, a drain of lock-free writers) does not read /proc every time. */
#define ALIVE_CACHE_NS 1000000LL
static SHMX_THREAD_LOCAL struct { uint32_t tid; int64_t at; } alive_cache[4];

/* Whether the holder named by v (a valid, non-zero word) is gone: no thread with its id
 * (kill answers ESRCH), or one that has exited and waits to be reaped (a zombie holds no
 * lock). A holder from another pid namespace cannot be checked and counts as alive.
 * `thorough` also compares the start time of the thread now carrying that id with the
 * holder's record, and uses no cache. */
static int holder_dead(const shmx_lock *l, uint32_t v, int thorough)
{
	uint32_t tid = v & SHMX_LOCK_TID_MASK;
	int64_t now = 0;
	if (((v & SHMX_LOCK_NS_MASK) >> SHMX_LOCK_NS_SHIFT) != shmx_pidns_tag()) {
		return 0;
	}
	if (!thorough) {
		now = shmx_monotonic_ns();
		if (alive_cache[tid & 3].tid == tid && now - alive_cache[tid & 3].at < ALIVE_CACHE_NS) {
			return 0;
		}
	}
	if (shmx_thread_alive(tid) == 0) {
		return 1;
	}
	/* Alive, a zombie, or not ours to signal. Read the record before /proc, so that a start
	 * time compared below is one the holder wrote before the thread we look at existed. */
	uint32_t rec = SHMX_LOAD(&l->holder);
	uint64_t start = SHMX_LOAD_RELAXED(&l->start), started;
	int exited;
	if (shmx_thread_stat(tid, &exited, &started)) {
		if (exited) {
			return 1;
		}
		/* Another thread with the holder's id: the holder is gone. The record may have moved
		 * on to a new holder meanwhile: then the word has too, and the take-over CAS of v
		 * fails. */
		if (thorough && rec == tid && start != 0 && started != start && SHMX_LOAD(&l->holder) == tid) {
			return 1;
		}
	}
	if (!thorough) {
		alive_cache[tid & 3].tid = tid;
		alive_cache[tid & 3].at = now;
	}
	return 0;
}

static inline void record(shmx_lock *l)
{
	SHMX_STORE_RELAXED(&l->start, shmx_thread_start());
	SHMX_STORE(&l->holder, shmx_tid());
}

/* One attempt against the word last seen as *v: 1 taken (with *recovered), 0 not (and *v
 * reloaded), -1 an error in *st. `bits` is WAITERS for a thread that has slept; `look`: check
 * whether a holder is dead (`thorough`: see holder_dead). */
static int attempt(shmx_lock *l, uint32_t *v, uint32_t me, uint32_t bits, int look, int thorough, int *recovered,
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
		*st = predecessor(l)
			? shmx_fail(err, SHMX_ERR_STATE, EDEADLK, "the lock is held by a dead thread whose id this thread now has; "
				"another process's wait will take it over")
			: shmx_fail(err, SHMX_ERR_STATE, EDEADLK, "the lock is already held by this process");
		return -1;
	}
	if (look && holder_dead(l, *v, thorough)) {
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
	int64_t slice = 1000000;
	shmx_status st = SHMX_OK;

	*recovered = 0;
	if (!SHMX_HAVE_ROBUST) {
		return unsupported(err);
	}
	if (SHMX_LIKELY(SHMX_CAS(&l->word, &v, me))) {
		record(l);
		return SHMX_OK;
	}
	/* The clock only once the lock was not free: the uncontended lock reads none. */
	int64_t deadline = timeout_ns > 0 ? shmx_monotonic_ns() + timeout_ns : -1;
	/* A wait looks at the holder only once it has slept a whole slice: a live holder usually
	 * lets go sooner (and wakes it), and a dead one costs a millisecond. A try looks at once. */
	int look = timeout_ns == 0;
	int64_t waited = 0; /* slept since the last look */
	for (;;) {
		int r = attempt(l, &v, me, bits, look, thorough, recovered, &st, err);
		look = timeout_ns == 0;
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
		/* Slept a slice in all (in one sleep, or across wake-ups and signals): the holder is
		 * slow or gone; look at it thoroughly, and sleep longer before the next look. */
		waited += shmx_monotonic_ns() - before;
		if (waited >= slice) {
			look = thorough = 1;
			waited = 0;
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
	return SHMX_HAVE_ROBUST && (SHMX_LOAD_RELAXED(&l->word) & ~SHMX_LOCK_WAITERS) == own_word() && !predecessor(l);
}

int shmx_lock_abandoned(const shmx_lock *l)
{
	uint32_t w = SHMX_LOAD(&l->word), v = w & ~SHMX_LOCK_WAITERS;
	if (!SHMX_HAVE_ROBUST) {
		return 0;
	}
	/* Validate the word as it is: the waiters bit alone is no word shmx writes (acquire calls
	 * it corrupt), though without the bit it would read as free. */
	if (!word_valid(w)) {
		return 1;
	}
	if (v == 0 || v == own_word()) {
		return 0;
	}
	return holder_dead(l, v, 0);
}

shmx_status shmx_lock_release(shmx_lock *l, shmx_error *err)
{
	if (!SHMX_HAVE_ROBUST) {
		return unsupported(err);
	}
	uint32_t me = own_word(), v = SHMX_LOAD(&l->word);
	if (!word_valid(v)) {
		return corrupt(err, v);
	}
	if ((v & ~SHMX_LOCK_WAITERS) != me || predecessor(l)) {
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
