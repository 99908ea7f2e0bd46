/*
 * php_redis_sync.h: Shmx\Mutex and Shmx\Semaphore on a Redis server (redis:// ids, issue #12),
 * for php_mutex.c and php_semaphore.c, which hand a method over here when the handle is on
 * Redis. The leases themselves are recorded and renewed by redis_lease.c.
 */
#ifndef SHMX_PHP_REDIS_SYNC_H
#define SHMX_PHP_REDIS_SYNC_H

#include "php_redis.h"

typedef struct php_shmx_rsync {
	php_shmx_redis *pr;   /* the connection, the id, mode "a" */
	zend_string *key;     /* "{P}:x" a Mutex's lease, "{P}:s" a Semaphore's permits */
	zend_string *aux;     /* "{P}:xf" the Mutex's fence counter, "{P}:sp" the permit count */
	uint32_t permits;     /* a Semaphore's, as stored by its creator; 1 for a Mutex */
	uint32_t handle;      /* this handle's id within the process (shmx_sync_handle_id) */
	bool semaphore;
} php_shmx_rsync;

/* Parse, connect, check the keys and create what mode c/n creates. NULL with an exception. */
php_shmx_rsync *php_shmx_rmutex_open(zval *zid, const zend_string *mode);
php_shmx_rsync *php_shmx_rsem_open(zval *zid, zend_long permits, const zend_string *mode);
/* Lets go of what this handle took in this process (no exception), then disconnects. */
void php_shmx_rsync_free(php_shmx_rsync *rs);

/* Mutex. ns: -1 forever, 0 one try. 1 taken (*fence, *id set), 0 busy and `try_only` (no
 * exception), -1 an exception was thrown. */
int php_shmx_rmutex_lock(php_shmx_rsync *rs, int64_t ns, bool try_only, zend_long *fence, uint64_t *id);
zend_result php_shmx_rmutex_unlock(php_shmx_rsync *rs);
/* The fencing token of this process's hold, or null. */
void php_shmx_rmutex_token(php_shmx_rsync *rs, zval *rv);
/* synchronized(): lock, call, unlock what this call took if it is still held. */
void php_shmx_rmutex_synchronized(php_shmx_rsync *rs, zend_fcall_info *fci, zend_fcall_info_cache *fcc, int64_t ns, zval *rv);
void php_shmx_rsync_destroy(php_shmx_rsync *rs);

/* Semaphore: as the Mutex's, without a fence. */
int php_shmx_rsem_acquire(php_shmx_rsync *rs, int64_t ns, bool try_only);
zend_result php_shmx_rsem_release(php_shmx_rsync *rs);
void php_shmx_rsem_available(php_shmx_rsync *rs, zval *rv);

#endif
