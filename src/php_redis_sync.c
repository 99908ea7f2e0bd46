/*
 * php_redis_sync.c: Shmx\Mutex and Shmx\Semaphore on a redis:// id (issue #12), over redis.c's
 * connection and scripts (whose top comment gives the keys) and redis_lease.c's record of the
 * leases this process holds.
 *
 * A Mutex is a lease: SET {P}:x TOKEN NX PX lease with a random token, taken in the same script
 * as INCR {P}:xf, whose new value lock() returns as the fencing token: every acquisition of the
 * mutex, by any process, gets a larger one, so storage that remembers the largest token it has
 * seen can refuse a write from a holder whose lease ran out (a paused process, a partition).
 * unlock() is a compare-and-delete. A Semaphore's permits are members of the sorted set {P}:s
 * scored by when they run out (server time); taking one drops the expired members first.
 *
 * Ownership is per process, as for the local Mutex and Semaphore: the process's list of leases
 * (redis_lease.c) says what it holds, so locking a mutex this process holds is an \Error (not a
 * deadlock, not re-entrant), any handle of the process may unlock it, and freeing a handle lets
 * go of what was taken through it. A fork child holds nothing. While held, a lease is renewed
 * by the keeper thread; a holder that dies renews nothing and its lease runs out after lease=
 * seconds: that is when a dead holder's mutex or permit passes on (not at once, as with local
 * memory, where the kernel says the holder died).
 *
 * Waiting polls with a backoff from 0.5 ms doubling to 20 ms, and never sleeps past the
 * deadline; each attempt is one script, bounded by the id's timeout=.
 */
#include "php_redis_sync.h"
#include "redis_lease.h"
#include "sync.h" /* shmx_sync_handle_id, SHMX_SEM_MAX_PERMITS */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define WAIT_FIRST_NS 500000LL
#define WAIT_MAX_NS 20000000LL

static zend_string *key_for(const shmx_redis_addr *a, const char *suffix)
{
	return zend_strpprintf(0, "{%s}:%s", a->prefix, suffix);
}

static const char *url(const php_shmx_rsync *rs)
{
	return rs->pr->r.a.url;
}

/* The \Error the local Mutex and Semaphore give for the same misuse (code: the errno). */
static void throw_state(const php_shmx_rsync *rs, int code, const char *what)
{
	shmx_error err;
	shmx_fail(&err, SHMX_ERR_STATE, code, "%s: %s", rs->pr->r.a.url, what);
	php_shmx_throw(&err);
}

/* A script; NULL with the exception thrown. */
static shmx_redis_reply *script(php_shmx_rsync *rs, shmx_redis_script s, int nkeys, int argc, const char **argv,
	const size_t *lens)
{
	shmx_redis_reply *rp;
	shmx_error err;
	if (shmx_redis_script_call(&rs->pr->r, s, nkeys, argc, argv, lens, &rp, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		return NULL;
	}
	return rp;
}

static long long int_at(const shmx_redis_reply *rp, size_t i)
{
	return shmx_redis_reply_int(shmx_redis_reply_at(rp, i));
}

static void lease_ms(const php_shmx_rsync *rs, char out[24])
{
	long long ms = (long long)(rs->pr->r.a.lease * 1000.0);
	snprintf(out, 24, "%lld", ms > 0 ? ms : 1);
}

/* ---- opening -------------------------------------------------------------------------------- */

static php_shmx_rsync *rsync_new(zval *zid, const zend_string *mode, uint32_t mode_arg, bool semaphore)
{
	php_shmx_redis *pr = php_shmx_redis_open(zid, mode, 'x', 1, mode_arg);
	if (!pr) {
		return NULL;
	}
	php_shmx_rsync *rs = ecalloc(1, sizeof(*rs));
	rs->pr = pr;
	rs->semaphore = semaphore;
	rs->key = key_for(&pr->r.a, semaphore ? "s" : "x");
	rs->aux = key_for(&pr->r.a, semaphore ? "sp" : "xf");
	rs->permits = 1;
	rs->handle = shmx_sync_handle_id();
	return rs;
}

static void rsync_release_struct(php_shmx_rsync *rs)
{
	php_shmx_redis_free(rs->pr);
	zend_string_release(rs->key);
	zend_string_release(rs->aux);
	efree(rs);
}

php_shmx_rsync *php_shmx_rmutex_open(zval *zid, const zend_string *mode)
{
	php_shmx_rsync *rs = rsync_new(zid, mode, 2, false);
	if (!rs) {
		return NULL;
	}
	char m = mode ? ZSTR_VAL(mode)[0] : 'c';
	char peek = 'w';
	const char *argv[3] = {ZSTR_VAL(rs->key), ZSTR_VAL(rs->aux), &peek};
	size_t lens[3] = {ZSTR_LEN(rs->key), ZSTR_LEN(rs->aux), 1};
	/* Read only first, so that an existing mutex opens at maxmemory; the writer only when
	 * there is none and the mode makes one (it looks again: another may have made it). */
	shmx_redis_reply *rp = script(rs, SHMX_RS_MUTEX_PEEK, 2, 3, argv, lens);
	long long r = rp ? shmx_redis_reply_int(rp) : 0;
	if (rp && r < 0 && (m == 'c' || m == 'n')) {
		shmx_redis_reply_free(rp);
		argv[2] = &m;
		rp = script(rs, SHMX_RS_MUTEX_OPEN, 2, 3, argv, lens);
		r = rp ? shmx_redis_reply_int(rp) : 0;
	}
	if (!rp) {
		rsync_release_struct(rs);
		return NULL;
	}
	shmx_redis_reply_free(rp);
	if (r == 0 && m == 'n') {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: a mutex exists there (mode \"n\")", url(rs));
		rsync_release_struct(rs);
		return NULL;
	}
	if (r < 0) {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: no mutex there (mode \"%c\" opens an existing one)", url(rs), m);
		rsync_release_struct(rs);
		return NULL;
	}
	return rs;
}

php_shmx_rsync *php_shmx_rsem_open(zval *zid, zend_long permits, const zend_string *mode)
{
	php_shmx_rsync *rs = rsync_new(zid, mode, 3, true);
	if (!rs) {
		return NULL;
	}
	char m = mode ? ZSTR_VAL(mode)[0] : 'c';
	char num[24];
	snprintf(num, sizeof(num), ZEND_LONG_FMT, permits);
	char peek = 'w';
	const char *argv[4] = {ZSTR_VAL(rs->aux), ZSTR_VAL(rs->key), &peek, num};
	size_t lens[4] = {ZSTR_LEN(rs->aux), ZSTR_LEN(rs->key), 1, strlen(num)};
	/* As for a mutex: read only first (works at maxmemory), the writer only to create. */
	shmx_redis_reply *rp = script(rs, SHMX_RS_SEM_PEEK, 2, 4, argv, lens);
	if (rp && int_at(rp, 0) == -1 && (m == 'c' || m == 'n')) {
		shmx_redis_reply_free(rp);
		argv[2] = &m;
		rp = script(rs, SHMX_RS_SEM_OPEN, 2, 4, argv, lens);
	}
	if (!rp) {
		rsync_release_struct(rs);
		return NULL;
	}
	long long r = int_at(rp, 0);
	size_t n;
	const char *s = shmx_redis_reply_str(shmx_redis_reply_at(rp, 1), &n);
	char buf[48];
	snprintf(buf, sizeof(buf), "%.*s", (int)(n > 40 ? 40 : n), s);
	shmx_redis_reply_free(rp);
	long stored = r == -2 ? 0 : strtol(buf, NULL, 10);
	if (r == 0 && m == 'n') {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: a semaphore exists there (mode \"n\")", url(rs));
	} else if (r == -1) {
		zend_throw_exception_ex(shmx_ce_Exception, 0, "%s: no semaphore there (mode \"%c\" opens an existing one)", url(rs), m);
	} else if (stored < 1 || stored > (long)SHMX_SEM_MAX_PERMITS) {
		zend_throw_exception_ex(shmx_ce_CorruptException, 0, "%s: the semaphore's permit count (%s) holds \"%s\", not 1 to %u",
			url(rs), ZSTR_VAL(rs->aux), buf, SHMX_SEM_MAX_PERMITS);
	} else {
		/* A later opener with another count takes the creator's, as a local Semaphore does. */
		rs->permits = (uint32_t)stored;
		return rs;
	}
	rsync_release_struct(rs);
	return NULL;
}

/* Gives back one lease on the server: 1 it was ours and live, 0 it had run out, -1 the server
 * could not be asked (err filled). */
static int release_on_server(php_shmx_rsync *rs, const char *token, shmx_error *err)
{
	shmx_redis_reply *rp;
	const char *argv[2] = {ZSTR_VAL(rs->key), token};
	size_t lens[2] = {ZSTR_LEN(rs->key), strlen(token)};
	if (shmx_redis_script_call(&rs->pr->r, rs->semaphore ? SHMX_RS_SEM_RELEASE : SHMX_RS_UNLOCK, 1, 2, argv, lens,
			&rp, err) != SHMX_OK) {
		return -1;
	}
	int ours = shmx_redis_reply_int(rp) == 1;
	shmx_redis_reply_free(rp);
	return ours;
}

void php_shmx_rsync_free(php_shmx_rsync *rs)
{
	shmx_lease_info li;
	shmx_error err;
	if (!rs) {
		return;
	}
	/* Only what was taken through this handle in this process (a fork child's list is empty). */
	while (shmx_lease_find(&rs->pr->r.a, ZSTR_VAL(rs->key), rs->handle, 1, &li)) {
		shmx_lease_drop(li.id);
		release_on_server(rs, li.token, &err);
	}
	rsync_release_struct(rs);
}

void php_shmx_rsync_destroy(php_shmx_rsync *rs)
{
	shmx_lease_info li;
	const char *argv[3] = {"DEL", ZSTR_VAL(rs->key), ZSTR_VAL(rs->aux)};
	size_t lens[3] = {3, ZSTR_LEN(rs->key), ZSTR_LEN(rs->aux)};
	shmx_redis_reply *rp;
	shmx_error err;
	if (shmx_redis_command(&rs->pr->r, 3, argv, lens, &rp, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		return;
	}
	shmx_redis_reply_free(rp);
	/* What this process held there is gone with the keys: nothing to renew or give back. */
	while (shmx_lease_find(&rs->pr->r.a, ZSTR_VAL(rs->key), 0, 0, &li)) {
		shmx_lease_drop(li.id);
	}
}

/* ---- taking ------------------------------------------------------------------------------------ */

/* One attempt: > 0 taken (the fencing token, or 1), 0 busy, -1 exception. */
static long long attempt(php_shmx_rsync *rs, const char *token)
{
	char ms[24], num[16];
	shmx_redis_reply *rp;
	lease_ms(rs, ms);
	if (rs->semaphore) {
		snprintf(num, sizeof(num), "%u", rs->permits);
		const char *argv[4] = {ZSTR_VAL(rs->key), token, num, ms};
		size_t lens[4] = {ZSTR_LEN(rs->key), 32, strlen(num), strlen(ms)};
		rp = script(rs, SHMX_RS_SEM_ACQUIRE, 1, 4, argv, lens);
	} else {
		const char *argv[4] = {ZSTR_VAL(rs->key), ZSTR_VAL(rs->aux), token, ms};
		size_t lens[4] = {ZSTR_LEN(rs->key), ZSTR_LEN(rs->aux), 32, strlen(ms)};
		rp = script(rs, SHMX_RS_MUTEX_ACQUIRE, 2, 4, argv, lens);
	}
	if (!rp) {
		return -1;
	}
	long long r = shmx_redis_reply_int(rp);
	shmx_redis_reply_free(rp);
	return r > 0 ? r : 0;
}

/* Takes a lease, waiting at most ns (-1 forever). 1 taken (*got the token or 1, *id its
 * record), 0 busy and try_only, -1 exception. */
static int take(php_shmx_rsync *rs, int64_t ns, bool try_only, long long *got, uint64_t *id)
{
	char token[33];
	int64_t deadline = ns > 0 ? shmx_monotonic_ns() + ns : 0;
	int64_t pause = WAIT_FIRST_NS;
	const char *what = rs->semaphore ? "semaphore" : "mutex";

	shmx_redis_random_token(token);
	for (;;) {
		long long r = attempt(rs, token);
		if (r < 0) {
			return -1;
		}
		if (r > 0) {
			*got = r;
			*id = shmx_lease_hold(&rs->pr->r.a, rs->semaphore ? SHMX_LEASE_MEMBER : SHMX_LEASE_KEY, ZSTR_VAL(rs->key),
				token, rs->handle, rs->semaphore ? 0 : (int64_t)r);
			if (!*id) {
				shmx_error err;
				release_on_server(rs, token, &err);
				zend_throw_exception_ex(shmx_ce_Exception, ENOMEM, "%s: out of memory recording the %s's lease", url(rs), what);
				return -1;
			}
			return 1;
		}
		if (ns == 0) {
			if (try_only) {
				return 0;
			}
			zend_throw_exception_ex(shmx_ce_TimeoutException, 0, rs->semaphore ? "%s: no permit is free"
				: "%s: the mutex is held by another process", url(rs));
			return -1;
		}
		int64_t sleep = pause;
		if (ns > 0) {
			int64_t left = deadline - shmx_monotonic_ns();
			if (left <= 0) {
				zend_throw_exception_ex(shmx_ce_TimeoutException, ETIMEDOUT, rs->semaphore
					? "%s: timed out after %.6g seconds waiting for a permit"
					: "%s: timed out after %.6g seconds waiting for the mutex", url(rs), (double)ns / 1e9);
				return -1;
			}
			sleep = left < sleep ? left : sleep;
		}
		shmx_sleep_ns(sleep);
		pause = pause * 2 < WAIT_MAX_NS ? pause * 2 : WAIT_MAX_NS;
	}
}

/* Forgets lease `li` and gives it back; FAILURE with the exception when it had run out or the
 * server could not be asked (then it runs out by itself). */
static zend_result give_back(php_shmx_rsync *rs, const shmx_lease_info *li)
{
	shmx_error err;
	int live = shmx_lease_drop(li->id);
	int ours = release_on_server(rs, li->token, &err);
	if (ours < 0) {
		php_shmx_throw(&err);
		return FAILURE;
	}
	if (!ours || live == 0) {
		if (rs->semaphore) {
			zend_throw_exception_ex(shmx_ce_Exception, 0,
				"%s: the permit's lease (%g s, lease= in the id) ran out before release(), so another process may have "
				"taken it meanwhile", url(rs), rs->pr->r.a.lease);
		} else {
			zend_throw_exception_ex(shmx_ce_Exception, 0,
				"%s: the mutex's lease (%g s, lease= in the id) ran out before unlock(), so another process may have "
				"held it meanwhile (this hold's fencing token was %lld)", url(rs), rs->pr->r.a.lease, (long long)li->fence);
		}
		return FAILURE;
	}
	return SUCCESS;
}

/* ---- Mutex ------------------------------------------------------------------------------------- */

int php_shmx_rmutex_lock(php_shmx_rsync *rs, int64_t ns, bool try_only, zend_long *fence, uint64_t *id)
{
	shmx_lease_info li;
	long long got;
	if (shmx_lease_find(&rs->pr->r.a, ZSTR_VAL(rs->key), rs->handle, 0, &li)) {
		throw_state(rs, EDEADLK, "this process already holds the mutex");
		return -1;
	}
	int r = take(rs, ns, try_only, &got, id);
	if (r == 1) {
		*fence = (zend_long)got;
	}
	return r;
}

zend_result php_shmx_rmutex_unlock(php_shmx_rsync *rs)
{
	shmx_lease_info li;
	if (!shmx_lease_find(&rs->pr->r.a, ZSTR_VAL(rs->key), rs->handle, 0, &li)) {
		throw_state(rs, EPERM, "this process does not hold the mutex");
		return FAILURE;
	}
	return give_back(rs, &li);
}

void php_shmx_rmutex_token(php_shmx_rsync *rs, zval *rv)
{
	shmx_lease_info li;
	if (shmx_lease_find(&rs->pr->r.a, ZSTR_VAL(rs->key), rs->handle, 0, &li)) {
		ZVAL_LONG(rv, (zend_long)li.fence);
	} else {
		ZVAL_NULL(rv);
	}
}

void php_shmx_rmutex_synchronized(php_shmx_rsync *rs, zend_fcall_info *fci, zend_fcall_info_cache *fcc, int64_t ns, zval *rv)
{
	zend_long fence;
	uint64_t id;
	shmx_lease_info li;
	if (php_shmx_rmutex_lock(rs, ns, false, &fence, &id) != 1) {
		return;
	}
	fci->retval = rv;
	bool bailed = php_shmx_call_catching_bailout(fci, fcc);
	/* Give back only what this call took: the callable may have unlocked it itself. */
	if (shmx_lease_find(&rs->pr->r.a, ZSTR_VAL(rs->key), rs->handle, 0, &li) && li.id == id) {
		zend_object *pending = EG(exception);
		if (pending) {
			EG(exception) = NULL;
		}
		zend_result ok = give_back(rs, &li);
		if (pending) {
			/* exit() stays an exit: the lease's trouble is dropped, it runs out anyway. */
			php_shmx_restore_pending(pending);
		} else if (ok == FAILURE && !bailed) {
			zval_ptr_dtor(rv);
			ZVAL_UNDEF(rv);
		} else if (ok == FAILURE) {
			zend_clear_exception();
		}
	}
	if (bailed) {
		zend_bailout();
	}
}

/* ---- Semaphore --------------------------------------------------------------------------------- */

int php_shmx_rsem_acquire(php_shmx_rsync *rs, int64_t ns, bool try_only)
{
	long long got;
	uint64_t id;
	if (ns != 0 && shmx_lease_count(&rs->pr->r.a, ZSTR_VAL(rs->key)) >= rs->permits) {
		/* Only this process could give them back: waiting would be a silent deadlock. */
		char what[80];
		snprintf(what, sizeof(what), "this process already holds all %u permits of the semaphore", rs->permits);
		throw_state(rs, EDEADLK, what);
		return -1;
	}
	return take(rs, ns, try_only, &got, &id);
}

zend_result php_shmx_rsem_release(php_shmx_rsync *rs)
{
	shmx_lease_info li;
	if (!shmx_lease_find(&rs->pr->r.a, ZSTR_VAL(rs->key), rs->handle, 0, &li)) {
		throw_state(rs, EPERM, "this process holds no permit of the semaphore");
		return FAILURE;
	}
	return give_back(rs, &li);
}

void php_shmx_rsem_available(php_shmx_rsync *rs, zval *rv)
{
	const char *argv[1] = {ZSTR_VAL(rs->key)};
	size_t lens[1] = {ZSTR_LEN(rs->key)};
	shmx_redis_reply *rp = script(rs, SHMX_RS_SEM_COUNT, 1, 1, argv, lens);
	if (!rp) {
		return;
	}
	long long live = shmx_redis_reply_int(rp);
	shmx_redis_reply_free(rp);
	ZVAL_LONG(rv, live >= (long long)rs->permits ? 0 : (zend_long)(rs->permits - (uint32_t)live));
}
