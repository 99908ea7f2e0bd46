/*
 * php_queue.c: Shmx\Queue, a FIFO of typed values between processes (README "Queue"), on
 * top of the C core in queue.c.
 *
 * Values are typed as in the Store (php_value.c): scalars natively, arrays and objects with
 * shmx.serializer, read back under the allowed-classes rule. A value is serialized before the
 * core takes its lock, and a popped value is copied under the lock into this handle's private
 * buffer (plain malloc: an emalloc there could bail out on memory_limit with the lock held),
 * then turned into a zval after the lock is released. No PHP code runs while it is held.
 * A handle on a redis:// id has no mapping: each method hands over to php_redis_queue.c.
 */
#include "php_common.h"
#include "php_redis.h"
#include "php_value.h"
#include "queue.h"
#include "store.h"

#include "zend_interfaces.h"

typedef struct php_shmx_queue {
	shmx_queue q;              /* q.map.addr NULL until constructed */
	php_shmx_allowed allowed;  /* the classes pop() may instantiate */
	char *buf;                 /* malloc'd: the last popped string or serialized value */
	size_t buf_size;           /* bytes allocated at buf */
	uint8_t refused;           /* the serializer of the value the last pop left in the queue, 0 none */
	php_shmx_rqueue *redis;    /* non-NULL: a redis:// queue, and q stays unused (php_redis_queue.c) */
	zend_object std;
} php_shmx_queue;

PHP_SHMX_HANDLE_CLASS(php_shmx_queue, queue, q.map)

#define Z_QUEUE_P(zv) queue_from_obj(Z_OBJ_P(zv))

static void queue_free(zend_object *obj)
{
	php_shmx_queue *pq = queue_from_obj(obj);
	shmx_queue_detach(&pq->q);
	php_shmx_rqueue_free(pq->redis);
	php_shmx_allowed_free(&pq->allowed);
	free(pq->buf);
	zend_object_std_dtor(obj);
}

/* The constructed queue, or NULL with an Error thrown. `write`: the call pushes, pops or
 * closes, which a read-only handle cannot; `check`: it touches shared memory (fault.h). */
static php_shmx_queue *queue_open(zval *zobj, bool write, bool check)
{
	php_shmx_queue *pq = Z_QUEUE_P(zobj);
	if (UNEXPECTED(!pq->q.map.addr && !pq->redis)) {
		zend_throw_error(NULL, "Shmx\\Queue object is not initialized");
		return NULL;
	}
	if (pq->redis) {
		if (write && php_shmx_rqueue_readonly(pq->redis)) {
			zend_throw_error(NULL, "Cannot push to, pop from or close a Shmx\\Queue opened read-only (mode \"a\")");
			return NULL;
		}
		return pq;
	}
	if (write && UNEXPECTED(pq->q.map.readonly)) {
		zend_throw_error(NULL, "Cannot push to, pop from or close a Shmx\\Queue opened read-only (mode \"a\")");
		return NULL;
	}
	if (check && !php_shmx_map_intact(&pq->q.map)) {
		return NULL;
	}
	/* shmx.lock_timeout: how long any call waits for the queue's lock itself. */
	pq->q.lock_timeout_ns = shmx_store_write_timeout_ns;
	return pq;
}

/* Called with the queue's lock held: no emalloc, no PHP. A serialized value this process
 * could not unserialize stays in the queue for one that can. */
static char *queue_sink(void *ctx, const shmx_value *v)
{
	php_shmx_queue *pq = ctx;
	size_t len = v->len;
	if (v->type == SHMX_T_SERIALIZED && !php_shmx_can_unserialize(v->serializer, pq->allowed.classes)) {
		pq->refused = v->serializer;
		return NULL;
	}
	if (len > pq->buf_size || pq->buf == NULL) {
		size_t want = len < 256 ? 256 : len;
		char *p = realloc(pq->buf, want);
		if (!p) {
			return NULL;
		}
		pq->buf = p;
		pq->buf_size = want;
	}
	return pq->buf;
}

/* SUCCESS pushed; FAILURE with an exception, or (try) with *full set and nothing thrown. */
static zend_result push_impl(php_shmx_queue *pq, zval *value, int64_t ns, bool *full)
{
	shmx_value v;
	shmx_error err;
	zend_string *owned;

	if (pq->redis) {
		return php_shmx_rqueue_push(pq->redis, value, ns, full);
	}

	if (php_shmx_value_from_zval(value, &v, &owned, 1) == FAILURE) {
		return FAILURE;
	}
	if ((v.type == SHMX_T_STRING || v.type == SHMX_T_SERIALIZED)
		&& (v.len > SHMX_QUEUE_MAX_VALUE || shmx_queue_record_size(v.len) > pq->q.capacity)) {
		zend_argument_value_error(1, "must fit the queue's capacity of %llu bytes (%zu bytes%s, plus an 8-byte record header)",
			(unsigned long long)pq->q.capacity, v.len, v.type == SHMX_T_SERIALIZED ? " serialized" : "");
		if (owned) {
			zend_string_release(owned);
		}
		return FAILURE;
	}
	shmx_status st = shmx_queue_push(&pq->q, &v, ns, &err);
	if (owned) {
		zend_string_release(owned);
	}
	if (UNEXPECTED(!php_shmx_map_intact(&pq->q.map))) {
		return FAILURE;
	}
	if (st == SHMX_OK) {
		return SUCCESS;
	}
	if (st == SHMX_ERR_FULL && full) {
		*full = true;
		return FAILURE;
	}
	if (st == SHMX_ERR_FULL) {
		/* push($v, 0): tried once, as Mutex::lock(0) does. */
		err.status = SHMX_ERR_TIMEOUT;
	}
	php_shmx_throw(&err);
	return FAILURE;
}

/* A pop that took nothing (both backends): with `empty` (tryPop) an empty or closed queue is
 * *empty = true and no exception; otherwise NOT_FOUND (nothing came in time) is a
 * Shmx\TimeoutException and anything else its own exception. Always FAILURE. */
zend_result php_shmx_queue_pop_failed(shmx_status st, shmx_error *err, bool *empty)
{
	if (empty && (st == SHMX_ERR_NOT_FOUND || st == SHMX_ERR_CLOSED)) {
		*empty = true;
		return FAILURE;
	}
	if (st == SHMX_ERR_NOT_FOUND) {
		err->status = SHMX_ERR_TIMEOUT;
	}
	php_shmx_throw(err);
	return FAILURE;
}

/* SUCCESS with rv set; FAILURE with an exception, or (try) with *empty set and nothing thrown
 * (empty, or closed and empty). */
static zend_result pop_value(php_shmx_queue *pq, int64_t ns, zval *rv, bool *empty)
{
	shmx_value v;
	shmx_error err;

	/* Decided before the lock is taken: shmx.allowed_classes=auto may stat and allocate. */
	php_shmx_allowed_get(&pq->allowed, &pq->q.map);
	pq->refused = 0;
	shmx_status st = shmx_queue_pop(&pq->q, ns, &v, queue_sink, pq, &err);
	if (UNEXPECTED(!php_shmx_map_intact(&pq->q.map))) {
		return FAILURE;
	}
	if (st == SHMX_ERR_TYPE && pq->refused) {
		/* Throws what reading it would have thrown (its serializer is missing, or cannot
		 * limit classes here), without reading it: it is still at the head of the queue. */
		zval ignored;
		ZVAL_UNDEF(&ignored);
		php_shmx_unserialize(ZSTR_EMPTY_ALLOC(), pq->refused, NULL, pq->allowed.classes, &ignored);
		zval_ptr_dtor(&ignored);
		return FAILURE;
	}
	if (st != SHMX_OK) {
		return php_shmx_queue_pop_failed(st, &err, empty);
	}
	switch (v.type) {
		case SHMX_T_NULL: ZVAL_NULL(rv); return SUCCESS;
		case SHMX_T_FALSE: ZVAL_FALSE(rv); return SUCCESS;
		case SHMX_T_TRUE: ZVAL_TRUE(rv); return SUCCESS;
		case SHMX_T_INT: ZVAL_LONG(rv, (zend_long)v.l); return SUCCESS;
		case SHMX_T_FLOAT: ZVAL_DOUBLE(rv, v.d); return SUCCESS;
		case SHMX_T_STRING:
			if (v.len <= 1) {
				ZVAL_INTERNED_STR(rv, v.len ? ZSTR_CHAR((unsigned char)v.bytes[0]) : ZSTR_EMPTY_ALLOC());
			} else {
				ZVAL_STR(rv, php_shmx_string_copy(v.bytes, v.len));
			}
			return SUCCESS;
		default: {
			zend_string *bytes = php_shmx_string_copy(v.bytes, v.len);
			zend_result r = php_shmx_unserialize(bytes, v.serializer, NULL, pq->allowed.classes, rv);
			zend_string_release(bytes);
			return r;
		}
	}
}

/* pop_value(), then the private copy of a large value let go: a handle that once popped a big
 * one does not keep that much malloc'd memory (outside memory_limit) for good. */
static zend_result pop_impl(php_shmx_queue *pq, int64_t ns, zval *rv, bool *empty)
{
	if (pq->redis) {
		return php_shmx_rqueue_pop(pq->redis, &pq->allowed, ns, rv, empty);
	}
	zend_result r = pop_value(pq, ns, rv, empty);
	if (pq->buf_size > 1024 * 1024) {
		free(pq->buf);
		pq->buf = NULL;
		pq->buf_size = 0;
	}
	return r;
}

PHP_METHOD(Shmx_Queue, __construct)
{
	zval *zid = NULL, *zallowed = NULL;
	zend_long capacity = 1048576, perms = 0600;
	zend_string *mode = NULL;
	int flags = SHMX_OPEN_CREATE;
	shmx_id id;
	shmx_error err;
	php_shmx_queue *pq = Z_QUEUE_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_START(0, 5)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(zid)
		Z_PARAM_LONG(capacity)
		Z_PARAM_STR(mode)
		Z_PARAM_LONG(perms)
		Z_PARAM_ZVAL(zallowed)
	ZEND_PARSE_PARAMETERS_END();

	if (pq->q.map.addr || pq->redis) {
		zend_throw_error(NULL, "Cannot call Shmx\\Queue::__construct() twice");
		RETURN_THROWS();
	}
	bool redis = php_shmx_zval_is_redis(zid);
	if (!redis && php_shmx_id_from_zval(zid, &id, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (capacity < (zend_long)SHMX_QUEUE_MIN_CAPACITY) {
		zend_argument_value_error(2, "must be at least %u bytes", SHMX_QUEUE_MIN_CAPACITY);
		RETURN_THROWS();
	}
	if ((uint64_t)capacity > SHMX_QUEUE_MAX_CAPACITY) {
		zend_argument_value_error(2, "must be at most %llu bytes", (unsigned long long)SHMX_QUEUE_MAX_CAPACITY);
		RETURN_THROWS();
	}
	if ((mode && php_shmx_mode_from_string(mode, &flags, 3) == FAILURE) || php_shmx_check_permissions(perms, 4) == FAILURE
		|| php_shmx_allowed_from_zval(&pq->allowed, zallowed, 5) == FAILURE) {
		RETURN_THROWS();
	}
	if (redis) {
		/* $permissions mean nothing to Redis; the capacity is counted as a local ring's. */
		pq->redis = php_shmx_rqueue_open(zid, ((uint64_t)capacity + 7) & ~(uint64_t)7, mode, 1);
		return;
	}
	if (shmx_queue_open(&pq->q, &id, (uint64_t)capacity, flags, (uint32_t)perms, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Queue, push)
{
	zval *value;
	double seconds = 0;
	bool is_null = true;
	int64_t ns;
	php_shmx_queue *pq;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ZVAL(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE_OR_NULL(seconds, is_null)
	ZEND_PARSE_PARAMETERS_END();

	if (!(pq = queue_open(ZEND_THIS, true, true)) || php_shmx_timeout_ns(is_null, seconds, &ns, 2) == FAILURE) {
		RETURN_THROWS();
	}
	push_impl(pq, value, ns, NULL);
}

PHP_METHOD(Shmx_Queue, tryPush)
{
	zval *value;
	bool full = false;
	php_shmx_queue *pq;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(value)
	ZEND_PARSE_PARAMETERS_END();

	if (!(pq = queue_open(ZEND_THIS, true, true))) {
		RETURN_THROWS();
	}
	if (push_impl(pq, value, 0, &full) == SUCCESS) {
		RETURN_TRUE;
	}
	if (full) {
		RETURN_FALSE;
	}
	RETURN_THROWS();
}

PHP_METHOD(Shmx_Queue, pop)
{
	double seconds = 0;
	bool is_null = true;
	int64_t ns;
	php_shmx_queue *pq;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_DOUBLE_OR_NULL(seconds, is_null)
	ZEND_PARSE_PARAMETERS_END();

	if (!(pq = queue_open(ZEND_THIS, true, true)) || php_shmx_timeout_ns(is_null, seconds, &ns, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (pop_impl(pq, ns, return_value, NULL) == FAILURE) {
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Queue, tryPop)
{
	zval *ref, rv;
	bool empty = false;
	php_shmx_queue *pq;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(ref)
	ZEND_PARSE_PARAMETERS_END();

	if (!(pq = queue_open(ZEND_THIS, true, true))) {
		RETURN_THROWS();
	}
	ZVAL_UNDEF(&rv);
	if (pop_impl(pq, 0, &rv, &empty) == FAILURE) {
		if (empty) {
			RETURN_FALSE;
		}
		RETURN_THROWS();
	}
	ZEND_TRY_ASSIGN_REF_TMP(ref, &rv);
	if (EG(exception)) {
		RETURN_THROWS();
	}
	RETURN_TRUE;
}

/* Whether zobj is a redis:// queue (or not constructed: *pq NULL, the Error thrown); then
 * *pq is it. false: a local queue, for the caller's own path. */
static bool redis_handle(zval *zobj, php_shmx_queue **pq)
{
	php_shmx_queue *o = Z_QUEUE_P(zobj);
	if (o->redis) {
		*pq = o;
		return true;
	}
	if (!o->q.map.addr) {
		*pq = queue_open(zobj, false, false);
		return true;
	}
	return false;
}

/* The open queue of zobj and a snapshot of its counts, read from an intact mapping; NULL with
 * the exception thrown otherwise. */
static php_shmx_queue *queue_stats(zval *zobj, shmx_queue_stats *st)
{
	php_shmx_queue *pq = queue_open(zobj, false, true);
	if (!pq) {
		return NULL;
	}
	shmx_queue_stats_get(&pq->q, st);
	return php_shmx_map_intact(&pq->q.map) ? pq : NULL;
}

PHP_METHOD(Shmx_Queue, count)
{
	php_shmx_queue *pq;
	shmx_queue_stats st;

	ZEND_PARSE_PARAMETERS_NONE();
	if (redis_handle(ZEND_THIS, &pq)) {
		if (pq) {
			php_shmx_rqueue_count(pq->redis, return_value);
		}
		return;
	}
	if (!(pq = queue_stats(ZEND_THIS, &st))) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)st.count);
}

PHP_METHOD(Shmx_Queue, info)
{
	php_shmx_queue *pq;
	shmx_queue_stats st;
	zval id;

	ZEND_PARSE_PARAMETERS_NONE();
	if (redis_handle(ZEND_THIS, &pq)) {
		if (pq) {
			php_shmx_rqueue_info(pq->redis, return_value);
		}
		return;
	}
	if (!(pq = queue_stats(ZEND_THIS, &st))) {
		RETURN_THROWS();
	}
	array_init(return_value);
	php_shmx_id_to_zval(&pq->q.map.id, &id);
	add_assoc_zval(return_value, "id", &id);
	add_assoc_string(return_value, "backend", (char *)shmx_map_backend_name(&pq->q.map));
	add_assoc_long(return_value, "capacity", (zend_long)st.capacity);
	add_assoc_long(return_value, "used", (zend_long)st.used);
	add_assoc_long(return_value, "free", (zend_long)(st.capacity - st.used));
	add_assoc_long(return_value, "count", (zend_long)st.count);
	add_assoc_long(return_value, "pushed", (zend_long)st.pushed);
	add_assoc_long(return_value, "popped", (zend_long)st.popped);
	add_assoc_bool(return_value, "closed", st.closed);
	add_assoc_long(return_value, "layout_version", (zend_long)SHMX_LAYOUT_VERSION);
}

PHP_METHOD(Shmx_Queue, close)
{
	php_shmx_queue *pq;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(pq = queue_open(ZEND_THIS, true, true))) {
		RETURN_THROWS();
	}
	if (pq->redis) {
		php_shmx_rqueue_close(pq->redis);
		return;
	}
	shmx_status st = shmx_queue_close(&pq->q, &err);
	if (!php_shmx_map_intact(&pq->q.map)) {
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Queue, isClosed)
{
	php_shmx_queue *pq;
	shmx_queue_stats st;

	ZEND_PARSE_PARAMETERS_NONE();
	if (redis_handle(ZEND_THIS, &pq)) {
		if (pq) {
			php_shmx_rqueue_is_closed(pq->redis, return_value);
		}
		return;
	}
	if (!(pq = queue_stats(ZEND_THIS, &st))) {
		RETURN_THROWS();
	}
	RETURN_BOOL(st.closed);
}

PHP_METHOD(Shmx_Queue, destroy)
{
	php_shmx_queue *pq;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_NONE();
	if (!(pq = queue_open(ZEND_THIS, false, false))) {
		RETURN_THROWS();
	}
	if (pq->redis) {
		php_shmx_rqueue_destroy(pq->redis);
		return;
	}
	if (shmx_region_remove(&pq->q.map, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

void php_shmx_queue_minit(zend_class_entry *ce)
{
	ce->create_object = queue_create;
	php_shmx_handlers_init(&queue_handlers, XtOffsetOf(php_shmx_queue, std), queue_free);
}
