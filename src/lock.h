/*
 * lock.h: the one cross-process lock shmx builds everything else on: a process-shared,
 * robust, error-checking pthread mutex living in shared memory.
 *
 * - Robust: when a holder dies (even SIGKILL) the kernel hands the lock to the next waiter
 *   with EOWNERDEAD; shmx_lock_acquire reports that as *recovered = 1 and the caller repairs
 *   what the lock protects, then calls shmx_lock_consistent() before releasing.
 * - Error-checking: locking it again from the owning process is SHMX_ERR_STATE, not a hang;
 *   releasing it from a process that does not own it is SHMX_ERR_STATE too.
 * - Timeouts run on CLOCK_MONOTONIC where the libc can (pthread_mutex_clocklock), so changing
 *   the wall clock neither lengthens nor shortens a wait; the futex wait restarts itself
 *   after a signal, so a signal never breaks a wait either.
 */
#ifndef SHMX_LOCK_H
#define SHMX_LOCK_H

#include "error.h"

#define SHMX_LOCK_SIZE 64

typedef union shmx_lock {
#if SHMX_HAVE_ROBUST
	pthread_mutex_t mutex;        /* initialised by shmx_lock_init, never copied */
#endif
	uint8_t pad[SHMX_LOCK_SIZE];  /* fixes the layout size whatever libc's mutex size is */
} shmx_lock;

_Static_assert(sizeof(shmx_lock) == SHMX_LOCK_SIZE, "shmx_lock is 64 bytes in shared memory");

/* Initialise in place in zeroed shared memory (region formatting). */
shmx_status shmx_lock_init(shmx_lock *l, shmx_error *err);

/* timeout_ns: -1 waits forever, 0 tries once. SHMX_OK (with *recovered set when the previous
 * holder died), SHMX_ERR_TIMEOUT, SHMX_ERR_STATE (this process already holds it), or
 * SHMX_ERR_CORRUPT (the mutex is not recoverable or not a mutex). */
shmx_status shmx_lock_acquire(shmx_lock *l, int64_t timeout_ns, int *recovered, shmx_error *err);

/* After repairing the state a dead holder left: the lock is usable again once released. */
void shmx_lock_consistent(shmx_lock *l);

/* SHMX_OK, or SHMX_ERR_STATE when this process does not hold it. */
shmx_status shmx_lock_release(shmx_lock *l, shmx_error *err);

/* An absolute CLOCK_MONOTONIC deadline `ns` from now, for waits that loop. */
int64_t shmx_deadline_after(int64_t ns);

#endif
