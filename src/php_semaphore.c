/*
 * php_semaphore.c: Shmx\Semaphore (API.md section 8), a counting semaphore whose permits
 * come back when their holder dies (sync.c: one lock per permit).
 *
 * Permits belong to the process (two handles in one process are one owner); free_obj gives
 * back the permits taken through this handle in this process, and nothing else. On a
 * redis:// id every method is handed over to php_redis_sync.c (permits as leases).
 */
#include "php_common.h"
#include "sync.h"
#include "php_redis_sync.h"

typedef struct php_shmx_semaphore {
	shmx_sem sem;     /* sem.map.addr NULL until constructed */
	php_shmx_rsync *redis; /* non-NULL: a redis:// semaphore (php_redis_sync.c); sem stays unused */
	zend_object std;
} php_shmx_semaphore;

PHP_SHMX_HANDLE_CLASS(php_shmx_semaphore, semaphore, sem.map)

#define Z_SEMAPHORE_P(zv) semaphore_from_obj(Z_OBJ_P(zv))

static void semaphore_free(zend_object *obj)
{
	php_shmx_semaphore *ps = semaphore_from_obj(obj);
	shmx_sem_close(&ps->sem);
	php_shmx_rsync_free(ps->redis);
	zend_object_std_dtor(obj);
}

/* The handle's Redis side, or NULL for a local semaphore; `take`: the call acquires or
 * releases (mode "a" refuses it with the local message, *failed set). */
static php_shmx_rsync *semaphore_redis(zval *zobj, bool take, bool *failed)
{
	php_shmx_rsync *rs = Z_SEMAPHORE_P(zobj)->redis;
	*failed = false;
	if (rs && take && rs->pr->readonly) {
		zend_throw_error(NULL, "Cannot acquire or release a Shmx\\Semaphore opened read-only (mode \"a\")");
		*failed = true;
	}
	return rs;
}

/* The open semaphore, or NULL with an Error thrown; `take`: the call acquires or releases. */
static shmx_sem *semaphore_open(zval *zobj, bool take)
{
	php_shmx_semaphore *ps = Z_SEMAPHORE_P(zobj);
	if (SHMX_UNLIKELY(!ps->sem.map.addr)) {
		zend_throw_error(NULL, "Shmx\\Semaphore object is not initialized");
		return NULL;
	}
	if (take && SHMX_UNLIKELY(ps->sem.map.readonly)) {
		zend_throw_error(NULL, "Cannot acquire or release a Shmx\\Semaphore opened read-only (mode \"a\")");
		return NULL;
	}
	/* A POSIX or file semaphore truncated by another process: Shmx\CorruptException (fault.h). */
	if (take && !php_shmx_map_intact(&ps->sem.map)) {
		return NULL;
	}
	return &ps->sem;
}

PHP_METHOD(Shmx_Semaphore, __construct)
{
	zval *zid = NULL;
	zend_long permits = 1, perms = 0600;
	zend_string *mode = NULL;
	int flags = SHMX_OPEN_CREATE;
	shmx_id id;
	shmx_error err;
	php_shmx_semaphore *ps = Z_SEMAPHORE_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_START(0, 4)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(zid)
		Z_PARAM_LONG(permits)
		Z_PARAM_STR(mode)
		Z_PARAM_LONG(perms)
	ZEND_PARSE_PARAMETERS_END();

	if (ps->sem.map.addr || ps->redis) {
		zend_throw_error(NULL, "Cannot call Shmx\\Semaphore::__construct() twice");
		RETURN_THROWS();
	}
	bool on_redis = php_shmx_zval_is_redis(zid) && shmx_redis_available();
	if (!on_redis && php_shmx_id_from_zval(zid, &id, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (permits < 1) {
		zend_argument_value_error(2, "must be greater than 0");
		RETURN_THROWS();
	}
	if (permits > (zend_long)SHMX_SEM_MAX_PERMITS) {
		zend_argument_value_error(2, "must be less than or equal to %u", SHMX_SEM_MAX_PERMITS);
		RETURN_THROWS();
	}
	if (on_redis) {
		if (php_shmx_check_permissions(perms, 4) == FAILURE) {
			RETURN_THROWS();
		}
		ps->redis = php_shmx_rsem_open(zid, permits, mode);
		return;
	}
	if ((mode && php_shmx_mode_from_string(mode, &flags, 3) == FAILURE) || php_shmx_check_permissions(perms, 4) == FAILURE) {
		RETURN_THROWS();
	}
	if (shmx_sem_open(&ps->sem, &id, (uint32_t)permits, flags, (uint32_t)perms, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Semaphore, acquire)
{
	double seconds = 0;
	bool is_null = true;
	int64_t ns;
	shmx_sem *sem;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE_OR_NULL(seconds, is_null)
	ZEND_PARSE_PARAMETERS_END();

	php_shmx_rsync *rs;
	bool failed;
	if ((rs = semaphore_redis(ZEND_THIS, true, &failed))) {
		if (failed || php_shmx_timeout_ns(is_null, seconds, &ns, 1) == FAILURE || php_shmx_rsem_acquire(rs, ns, false) != 1) {
			RETURN_THROWS();
		}
		return;
	}
	if (!(sem = semaphore_open(ZEND_THIS, true)) || php_shmx_timeout_ns(is_null, seconds, &ns, 1) == FAILURE) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_sem_acquire(sem, ns, &err);
	if (!php_shmx_map_intact(&sem->map)) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Semaphore, tryAcquire)
{
	shmx_sem *sem;
	shmx_error err;
	php_shmx_rsync *rs;
	bool failed;

	ZEND_PARSE_PARAMETERS_NONE();
	if ((rs = semaphore_redis(ZEND_THIS, true, &failed))) {
		int r = failed ? -1 : php_shmx_rsem_acquire(rs, 0, true);
		if (r < 0) {
			RETURN_THROWS();
		}
		RETURN_BOOL(r == 1);
	}
	if (!(sem = semaphore_open(ZEND_THIS, true))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_sem_acquire(sem, 0, &err);
	if (!php_shmx_map_intact(&sem->map)) {
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

PHP_METHOD(Shmx_Semaphore, release)
{
	shmx_sem *sem;
	shmx_error err;
	php_shmx_rsync *rs;
	bool failed;

	ZEND_PARSE_PARAMETERS_NONE();
	if ((rs = semaphore_redis(ZEND_THIS, true, &failed))) {
		if (failed || php_shmx_rsem_release(rs) == FAILURE) {
			RETURN_THROWS();
		}
		return;
	}
	if (!(sem = semaphore_open(ZEND_THIS, true))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_sem_release(sem, &err);
	if (!php_shmx_map_intact(&sem->map)) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Semaphore, available)
{
	shmx_sem *sem;
	php_shmx_rsync *rs;
	bool failed;
	ZEND_PARSE_PARAMETERS_NONE();
	if ((rs = semaphore_redis(ZEND_THIS, false, &failed))) {
		php_shmx_rsem_available(rs, return_value);
		return;
	}
	if (!(sem = semaphore_open(ZEND_THIS, false))) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)shmx_sem_available(sem));
}

PHP_METHOD(Shmx_Semaphore, destroy)
{
	shmx_sem *sem;
	shmx_error err;
	php_shmx_rsync *rs;
	bool failed;
	ZEND_PARSE_PARAMETERS_NONE();
	if ((rs = semaphore_redis(ZEND_THIS, false, &failed))) {
		php_shmx_rsync_destroy(rs);
		return;
	}
	if (!(sem = semaphore_open(ZEND_THIS, false))) {
		RETURN_THROWS();
	}
	if (shmx_region_remove(&sem->map, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

void php_shmx_semaphore_minit(zend_class_entry *ce)
{
	ce->create_object = semaphore_create;
	php_shmx_handlers_init(&semaphore_handlers, XtOffsetOf(php_shmx_semaphore, std), semaphore_free);
}
