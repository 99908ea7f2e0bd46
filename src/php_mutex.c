/*
 * php_mutex.c: Shmx\Mutex (API.md section 7).
 *
 * The owner is the process (two handles in one process are one owner); sync.c records which
 * handle locked it, so that free_obj releases a lock taken through this very handle, in this
 * very process, and nothing else: a fork child that inherited the handle owns nothing.
 * synchronized() runs the callable with the lock held and unlocks on every way out: a return,
 * an exception, exit() (an unwind_exit exception in PHP 8), and a fatal error (zend_try
 * catches the bailout, unlocks, and bails out again).
 *
 * Fencing tokens: every acquisition increments the shared `fence` under the lock, and lock()
 * returns the new value (token() reads it back while held), so a token is larger than that of
 * every earlier hold, by any process; on Redis the same contract comes from INCR in the
 * acquiring script (php_redis_sync.c), where a handle on a redis:// id hands every method over.
 */
#include "php_common.h"
#include "sync.h"
#include "php_redis_sync.h"

typedef struct php_shmx_mutex {
	shmx_mutex mx;    /* mx.map.addr NULL until constructed */
	php_shmx_rsync *redis; /* non-NULL: a redis:// mutex (php_redis_sync.c); mx stays unused */
	zend_object std;
} php_shmx_mutex;

PHP_SHMX_HANDLE_CLASS(php_shmx_mutex, mutex, mx.map)

#define Z_MUTEX_P(zv) mutex_from_obj(Z_OBJ_P(zv))

static void mutex_free(zend_object *obj)
{
	php_shmx_mutex *pm = mutex_from_obj(obj);
	shmx_mutex_close(&pm->mx);
	php_shmx_rsync_free(pm->redis);
	zend_object_std_dtor(obj);
}

/* The handle's Redis side, or NULL for a local mutex; `lock`: the call locks or unlocks (mode
 * "a" refuses it with the local message, *failed set). */
static php_shmx_rsync *mutex_redis(zval *zobj, bool lock, bool *failed)
{
	php_shmx_rsync *rs = Z_MUTEX_P(zobj)->redis;
	*failed = false;
	if (rs && lock && rs->pr->readonly) {
		zend_throw_error(NULL, "Cannot lock or unlock a Shmx\\Mutex opened read-only (mode \"a\")");
		*failed = true;
	}
	return rs;
}

/* The open mutex, or NULL with an Error thrown; `lock`: the call will lock or unlock it. */
static shmx_mutex *mutex_open(zval *zobj, bool lock)
{
	php_shmx_mutex *pm = Z_MUTEX_P(zobj);
	if (SHMX_UNLIKELY(!pm->mx.map.addr)) {
		zend_throw_error(NULL, "Shmx\\Mutex object is not initialized");
		return NULL;
	}
	if (lock && SHMX_UNLIKELY(pm->mx.map.readonly)) {
		zend_throw_error(NULL, "Cannot lock or unlock a Shmx\\Mutex opened read-only (mode \"a\")");
		return NULL;
	}
	/* A POSIX or file mutex truncated by another process: Shmx\CorruptException (fault.h). */
	if (lock && !php_shmx_map_intact(&pm->mx.map)) {
		return NULL;
	}
	return &pm->mx;
}

PHP_METHOD(Shmx_Mutex, __construct)
{
	zval *zid = NULL;
	zend_long perms = 0600;
	zend_string *mode = NULL;
	int flags = SHMX_OPEN_CREATE;
	shmx_id id;
	shmx_error err;
	php_shmx_mutex *pm = Z_MUTEX_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_START(0, 3)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(zid)
		Z_PARAM_STR(mode)
		Z_PARAM_LONG(perms)
	ZEND_PARSE_PARAMETERS_END();

	if (pm->mx.map.addr || pm->redis) {
		zend_throw_error(NULL, "Cannot call Shmx\\Mutex::__construct() twice");
		RETURN_THROWS();
	}
	if (php_shmx_zval_is_redis(zid) && shmx_redis_available()) {
		if (php_shmx_check_permissions(perms, 3) == FAILURE) {
			RETURN_THROWS();
		}
		pm->redis = php_shmx_rmutex_open(zid, mode);
		return;
	}
	if (php_shmx_id_from_zval(zid, &id, 1) == FAILURE
		|| (mode && php_shmx_mode_from_string(mode, &flags, 2) == FAILURE)
		|| php_shmx_check_permissions(perms, 3) == FAILURE) {
		RETURN_THROWS();
	}
	if (shmx_mutex_open(&pm->mx, &id, flags, (uint32_t)perms, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

/* Lock with a timeout in ns (-1 forever); throws and returns FAILURE on any failure. */
static zend_result mutex_lock(shmx_mutex *mx, int64_t timeout_ns, uint64_t *fence)
{
	shmx_error err;
	int recovered;
	shmx_status st = shmx_mutex_lock(mx, timeout_ns, &recovered, fence, &err);
	if (!php_shmx_map_intact(&mx->map)) {
		return FAILURE;
	}
	if (SHMX_UNLIKELY(st != SHMX_OK)) {
		php_shmx_throw(&err);
		return FAILURE;
	}
	return SUCCESS;
}

PHP_METHOD(Shmx_Mutex, lock)
{
	double seconds = 0;
	bool is_null = true, failed;
	int64_t ns;
	uint64_t fence;
	shmx_mutex *mx;
	php_shmx_rsync *rs;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE_OR_NULL(seconds, is_null)
	ZEND_PARSE_PARAMETERS_END();

	if ((rs = mutex_redis(ZEND_THIS, true, &failed))) {
		zend_long token;
		uint64_t id;
		if (failed || php_shmx_timeout_ns(is_null, seconds, &ns, 1) == FAILURE
			|| php_shmx_rmutex_lock(rs, ns, false, &token, &id) != 1) {
			RETURN_THROWS();
		}
		RETURN_LONG(token);
	}
	if (!(mx = mutex_open(ZEND_THIS, true)) || php_shmx_timeout_ns(is_null, seconds, &ns, 1) == FAILURE
		|| mutex_lock(mx, ns, &fence) == FAILURE) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)fence);
}

PHP_METHOD(Shmx_Mutex, tryLock)
{
	shmx_mutex *mx;
	shmx_error err;
	int recovered;
	uint64_t fence;
	php_shmx_rsync *rs;
	bool failed;

	ZEND_PARSE_PARAMETERS_NONE();
	if ((rs = mutex_redis(ZEND_THIS, true, &failed))) {
		zend_long token;
		uint64_t id;
		int r = failed ? -1 : php_shmx_rmutex_lock(rs, 0, true, &token, &id);
		if (r < 0) {
			RETURN_THROWS();
		}
		RETURN_BOOL(r == 1);
	}
	if (!(mx = mutex_open(ZEND_THIS, true))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_mutex_lock(mx, 0, &recovered, &fence, &err);
	if (!php_shmx_map_intact(&mx->map)) {
		RETURN_THROWS();
	}
	if (st == SHMX_OK) {
		RETURN_TRUE;
	}
	if (st == SHMX_ERR_TIMEOUT) {
		RETURN_FALSE;
	}
	php_shmx_throw(&err);
	RETURN_THROWS();
}

PHP_METHOD(Shmx_Mutex, unlock)
{
	shmx_mutex *mx;
	shmx_error err;
	php_shmx_rsync *rs;
	bool failed;

	ZEND_PARSE_PARAMETERS_NONE();
	if ((rs = mutex_redis(ZEND_THIS, true, &failed))) {
		if (failed || php_shmx_rmutex_unlock(rs) == FAILURE) {
			RETURN_THROWS();
		}
		return;
	}
	if (!(mx = mutex_open(ZEND_THIS, true))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_mutex_unlock(mx, &err);
	if (!php_shmx_map_intact(&mx->map)) {
		RETURN_THROWS();
	}
	if (SHMX_UNLIKELY(st != SHMX_OK)) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Mutex, synchronized)
{
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
	double seconds = 0;
	bool is_null = true;
	bool bailed_out, failed;
	int64_t ns;
	uint64_t fence;
	shmx_mutex *mx;
	php_shmx_rsync *rs;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_FUNC(fci, fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE_OR_NULL(seconds, is_null)
	ZEND_PARSE_PARAMETERS_END();

	if ((rs = mutex_redis(ZEND_THIS, true, &failed))) {
		if (!failed && php_shmx_timeout_ns(is_null, seconds, &ns, 2) == SUCCESS) {
			php_shmx_rmutex_synchronized(rs, &fci, &fcc, ns, return_value);
		}
		return;
	}
	if (!(mx = mutex_open(ZEND_THIS, true)) || php_shmx_timeout_ns(is_null, seconds, &ns, 2) == FAILURE
		|| mutex_lock(mx, ns, &fence) == FAILURE) {
		RETURN_THROWS();
	}
	fci.retval = return_value;
	bailed_out = php_shmx_call_catching_bailout(&fci, &fcc);
	/* Unlock only what this call locked: the callable may have unlocked it itself. */
	if (SHMX_LOAD_RELAXED(&mx->s->owner.pid) == (int32_t)shmx_getpid() && mx->s->owner.handle == mx->handle) {
		shmx_mutex_unlock(mx, NULL);
	}
	if (bailed_out) {
		zend_bailout();
	}
}

PHP_METHOD(Shmx_Mutex, token)
{
	shmx_mutex *mx;
	php_shmx_rsync *rs;
	bool failed;
	ZEND_PARSE_PARAMETERS_NONE();
	if ((rs = mutex_redis(ZEND_THIS, false, &failed))) {
		php_shmx_rmutex_token(rs, return_value);
		return;
	}
	if (!(mx = mutex_open(ZEND_THIS, false)) || !php_shmx_map_intact(&mx->map)) {
		RETURN_THROWS();
	}
	uint64_t fence = shmx_mutex_token(mx);
	if (!fence) {
		RETURN_NULL();
	}
	RETURN_LONG((zend_long)fence);
}

PHP_METHOD(Shmx_Mutex, destroy)
{
	shmx_mutex *mx;
	shmx_error err;
	php_shmx_rsync *rs;
	bool failed;
	ZEND_PARSE_PARAMETERS_NONE();
	if ((rs = mutex_redis(ZEND_THIS, false, &failed))) {
		php_shmx_rsync_destroy(rs);
		return;
	}
	if (!(mx = mutex_open(ZEND_THIS, false))) {
		RETURN_THROWS();
	}
	if (shmx_region_remove(&mx->map, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

void php_shmx_mutex_minit(zend_class_entry *ce)
{
	ce->create_object = mutex_create;
	php_shmx_handlers_init(&mutex_handlers, XtOffsetOf(php_shmx_mutex, std), mutex_free);
}
