/*
 * lock.c: robust process-shared mutexes (see lock.h for the contract).
 *
 * The only states a caller sees are "held by me", "not held by me", and "held by me after a
 * dead owner" (recovered). ENOTRECOVERABLE cannot happen through shmx itself, because every
 * EOWNERDEAD is answered with pthread_mutex_consistent before the release; meeting it means
 * someone else misused the memory, which is reported as corruption.
 */
#include "lock.h"

#include <time.h>

int64_t shmx_deadline_after(int64_t ns)
{
	return ns < 0 ? -1 : shmx_monotonic_ns() + ns;
}

#if SHMX_HAVE_ROBUST

shmx_status shmx_lock_init(shmx_lock *l, shmx_error *err)
{
	pthread_mutexattr_t attr;
	int rc;

	memset(l, 0, sizeof(*l));
	if ((rc = pthread_mutexattr_init(&attr)) != 0) {
		return shmx_fail_os(err, rc, "cannot initialise a mutex");
	}
	if ((rc = pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED)) != 0
		|| (rc = pthread_mutexattr_setrobust(&attr, PTHREAD_MUTEX_ROBUST)) != 0
		|| (rc = pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK)) != 0
		|| (rc = pthread_mutex_init(&l->mutex, &attr)) != 0) {
		pthread_mutexattr_destroy(&attr);
		return shmx_fail_os(err, rc, "cannot initialise a robust process-shared mutex");
	}
	pthread_mutexattr_destroy(&attr);
	return SHMX_OK;
}

/* A wait with no deadline still starts over every 100 ms. In stress runs on this kernel
 * (Linux 6.18) a waiter was seen asleep after the holder was SIGKILLed, until something
 * interrupted its wait: the wake-up the kernel owes it when it cleans up a dead owner's robust
 * locks went missing. A new wait looks at the lock word first and sees the dead owner, so a
 * lost wake-up costs at most one slice. */
#define SHMX_LOCK_RECHECK_NS 100000000LL

static int lock_until(pthread_mutex_t *m, int64_t deadline_ns)
{
	struct timespec ts;
	ts.tv_sec = (time_t)(deadline_ns / 1000000000);
	ts.tv_nsec = (long)(deadline_ns % 1000000000);
#if SHMX_HAVE_CLOCKLOCK
	return pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &ts);
#else
	/* Without clocklock, translate the monotonic deadline to a realtime one once. */
	struct timespec now;
	int64_t left = deadline_ns - shmx_monotonic_ns();
	clock_gettime(CLOCK_REALTIME, &now);
	int64_t abs_ns = (int64_t)now.tv_sec * 1000000000 + now.tv_nsec + (left > 0 ? left : 0);
	ts.tv_sec = (time_t)(abs_ns / 1000000000);
	ts.tv_nsec = (long)(abs_ns % 1000000000);
	return pthread_mutex_timedlock(m, &ts);
#endif
}

shmx_status shmx_lock_acquire(shmx_lock *l, int64_t timeout_ns, int *recovered, shmx_error *err)
{
	int rc;

	*recovered = 0;
	if (timeout_ns < 0) {
#ifdef __linux__
		/* In slices: see SHMX_LOCK_RECHECK_NS. (On our own lock glibc's and musl's trylock
		 * or timedlock answer EDEADLK, which ends the loop; FreeBSD's answer EBUSY, then
		 * ETIMEDOUT, which would not, so elsewhere the wait stays one call.) */
		rc = pthread_mutex_trylock(&l->mutex);
		while (rc == EBUSY || rc == ETIMEDOUT || rc == EINTR) {
			rc = lock_until(&l->mutex, shmx_monotonic_ns() + SHMX_LOCK_RECHECK_NS);
		}
#else
		rc = pthread_mutex_lock(&l->mutex);
#endif
	} else if (timeout_ns == 0) {
		rc = pthread_mutex_trylock(&l->mutex);
	} else {
		int64_t deadline = shmx_monotonic_ns() + timeout_ns;
		do {
			rc = lock_until(&l->mutex, deadline);
		} while (rc == EINTR);
	}
	switch (rc) {
		case 0:
			return SHMX_OK;
		case EOWNERDEAD:
			*recovered = 1;
			return SHMX_OK;
		case EBUSY:
		case ETIMEDOUT:
			return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "the lock is held by another process");
		case EDEADLK:
			return shmx_fail(err, SHMX_ERR_STATE, EDEADLK, "the lock is already held by this process");
		case ENOTRECOVERABLE:
			return shmx_fail(err, SHMX_ERR_CORRUPT, rc, "the lock was left unrecoverable by a process that is not shmx");
		default:
			return shmx_fail_os(err, rc, "cannot take the lock");
	}
}

void shmx_lock_consistent(shmx_lock *l)
{
	pthread_mutex_consistent(&l->mutex);
}

shmx_status shmx_lock_release(shmx_lock *l, shmx_error *err)
{
	int rc = pthread_mutex_unlock(&l->mutex);
	if (rc == 0) {
		return SHMX_OK;
	}
	if (rc == EPERM) {
		return shmx_fail(err, SHMX_ERR_STATE, EPERM, "the lock is not held by this process");
	}
	return shmx_fail_os(err, rc, "cannot release the lock");
}

#else /* no robust mutexes on this platform (Windows): locks report that they cannot exist. */

shmx_status shmx_lock_init(shmx_lock *l, shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "robust process-shared mutexes are not available on this platform");
}

shmx_status shmx_lock_acquire(shmx_lock *l, int64_t timeout_ns, int *recovered, shmx_error *err)
{
	*recovered = 0;
	return shmx_lock_init(l, err);
}

void shmx_lock_consistent(shmx_lock *l)
{
}

shmx_status shmx_lock_release(shmx_lock *l, shmx_error *err)
{
	return shmx_lock_init(l, err);
}

#endif
