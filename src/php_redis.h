/*
 * php_redis.h: Shmx\Store and Shmx\Counter on a Redis server (redis:// ids, issue #12), for
 * php_store.c and php_counter.c, which hand a method over here when the handle is on Redis.
 */
#ifndef SHMX_PHP_REDIS_H
#define SHMX_PHP_REDIS_H

#include "php_common.h"
#include "php_value.h"
#include "redis.h"
#include "redis_cache.h"

typedef struct php_shmx_redis {
	shmx_redis r;
	zend_string *hash;    /* "{P}:h", a Store's entries (a hash), or the lock marker */
	zend_string *held;    /* "{P}:hl", the entries while a Store::lock() lease is held */
	zend_string *exp;     /* "{P}:he", the expiry index (a sorted set) */
	zend_string *scratch; /* "{P}:t" */
	zend_string *ctr;     /* "{P}:n", a Counter's value */
	bool readonly;        /* mode "a" */
	uint64_t lease_id;    /* Store::lock()'s lease in redis_lease.c's list while held, else 0 */
	shmx_rcache *cache;   /* a Store's client-side cache (cache= in the id), else NULL */
} php_shmx_redis;

/* Whether $id is a Redis id (a string starting redis:// or redis+unix://, or a Stringable
 * object giving one: it is converted to that string in place). */
bool php_shmx_zval_is_redis(zval *zid);

/* Parses and connects; `kind` 's' Store or 'c' Counter decides what mode 'n'/'w' look at.
 * NULL with ValueError / Shmx\Exception thrown. */
php_shmx_redis *php_shmx_redis_open(zval *zid, const zend_string *mode, char kind, uint32_t id_arg, uint32_t mode_arg);
void php_shmx_redis_free(php_shmx_redis *pr);

/* Store methods (arguments already checked by php_store.c). */
void php_shmx_rstore_get(php_shmx_redis *pr, php_shmx_allowed *al, zend_string *key, zval *def, zval *rv);
/* true written, false add() found the key or an exception was thrown (EG(exception)). */
bool php_shmx_rstore_put(php_shmx_redis *pr, zend_string *key, zval *value, zend_long ttl, bool only_add, uint32_t value_arg);
void php_shmx_rstore_has(php_shmx_redis *pr, zend_string *key, zval *rv);
void php_shmx_rstore_delete(php_shmx_redis *pr, zend_string *key, zval *rv);
void php_shmx_rstore_increment(php_shmx_redis *pr, zend_string *key, zval *zby, bool negate, zval *rv);
void php_shmx_rstore_cas(php_shmx_redis *pr, zend_string *key, zval *expected, zval *desired, zval *rv);
void php_shmx_rstore_lock(php_shmx_redis *pr, zend_fcall_info *fci, zend_fcall_info_cache *fcc, int64_t ns, zval *self, zval *rv);
void php_shmx_rstore_keys(php_shmx_redis *pr, zend_string *prefix, zval *rv);
void php_shmx_rstore_count(php_shmx_redis *pr, zval *rv);
/* A snapshot for iteration: fills the two initialised lists. FAILURE with an exception. */
zend_result php_shmx_rstore_entries(php_shmx_redis *pr, php_shmx_allowed *al, zval *keys, zval *values);
void php_shmx_rstore_clear(php_shmx_redis *pr, bool destroy);
void php_shmx_rstore_info(php_shmx_redis *pr, zval *rv);

/* Counter methods. */
zend_result php_shmx_rcounter_init(php_shmx_redis *pr, zend_long initial, const zend_string *mode);
void php_shmx_rcounter_get(php_shmx_redis *pr, zval *rv);
void php_shmx_rcounter_set(php_shmx_redis *pr, zend_long value);
void php_shmx_rcounter_add(php_shmx_redis *pr, zend_long by, bool negate, zval *rv);
void php_shmx_rcounter_cas(php_shmx_redis *pr, zend_long expected, zend_long desired, zval *rv);
void php_shmx_rcounter_destroy(php_shmx_redis *pr);

/* Values as a Redis Store keeps them (also the Queue's, php_redis_queue.c). encode: tag byte +
 * payload, NULL with TypeError or the serializer's exception. decode: `key` names the value in
 * a CorruptException (NULL: a queue's value). */
zend_string *php_shmx_redis_encode(zval *value, uint32_t arg);
zend_result php_shmx_redis_decode(const char *url, php_shmx_allowed *al, const zend_string *key, const char *s,
	size_t n, zval *rv);
/* The classes a Redis value may create (shmx.allowed_classes=auto: none). */
HashTable *php_shmx_redis_allowed_classes(php_shmx_allowed *al);
/* The serializer of an encoded value's tag byte, 0 for a scalar or string. */
uint8_t php_shmx_redis_tag_serializer(char tag);

/* ---- Queue on Redis (php_redis_queue.c over redis_queue.c) ---------------------------------- */

typedef struct php_shmx_rqueue php_shmx_rqueue;

/* capacity checked and rounded by the caller; mode NULL or one letter (checked by the caller).
 * NULL with ValueError / Shmx\Exception thrown. */
php_shmx_rqueue *php_shmx_rqueue_open(zval *zid, uint64_t capacity, const zend_string *mode, uint32_t id_arg);
void php_shmx_rqueue_free(php_shmx_rqueue *rq);
bool php_shmx_rqueue_readonly(const php_shmx_rqueue *rq);
/* The largest value push() takes (a record the size of the capacity). */
uint64_t php_shmx_rqueue_capacity(const php_shmx_rqueue *rq);
/* As php_queue.c's push_impl/pop_impl: SUCCESS; FAILURE with an exception, or with *full /
 * *empty set and nothing thrown when those are given (try). */
zend_result php_shmx_rqueue_push(php_shmx_rqueue *rq, zval *value, int64_t ns, bool *full);
zend_result php_shmx_rqueue_pop(php_shmx_rqueue *rq, php_shmx_allowed *al, int64_t ns, zval *rv, bool *empty);
/* php_queue.c: how a pop that took nothing ends, for both backends (see there). */
zend_result php_shmx_queue_pop_failed(shmx_status st, shmx_error *err, bool *empty);
void php_shmx_rqueue_count(php_shmx_rqueue *rq, zval *rv);
void php_shmx_rqueue_info(php_shmx_rqueue *rq, zval *rv);
void php_shmx_rqueue_close(php_shmx_rqueue *rq);
void php_shmx_rqueue_is_closed(php_shmx_rqueue *rq, zval *rv);
void php_shmx_rqueue_destroy(php_shmx_rqueue *rq);

#endif
