/*
 * php_redis_queue.c: the methods of a Shmx\Queue opened on a redis:// id (issue #12), for
 * php_queue.c, over the core in redis_queue.c (whose header gives the layout and the hand-off).
 *
 * Values are encoded as a Redis Store's (php_redis.c): a tag byte and the payload, so an int
 * stays an int. A pop takes the head into this handle's in-flight list, turns it into a zval,
 * and only then acknowledges it: a process that dies before the acknowledgement (killed, out
 * of memory, a fatal error in unserialize) leaves the value for the queue to take back. When
 * the acknowledgement's answer is lost (the connection broke), the decoded value is kept here
 * and the next pop of this handle asks again before taking anything else: the server's answer
 * then says whether the value is ours, so it is returned once or not at all.
 */
#include "php_redis.h"
#include "redis_queue.h"

#include <unistd.h>

struct php_shmx_rqueue {
	shmx_rqueue q;
	bool readonly;    /* mode "a" */
	zval pending;     /* a value taken and decoded whose ack got no answer; UNDEF when none */
	pid_t pending_pid;/* the process `pending` belongs to (a fork child is another consumer) */
	bool decoding;    /* a pop is turning its value into PHP (user code may run: __unserialize) */
};

php_shmx_rqueue *php_shmx_rqueue_open(zval *zid, uint64_t capacity, const zend_string *mode, uint32_t id_arg)
{
	shmx_redis_addr a;
	shmx_error err;
	char m = mode ? ZSTR_VAL(mode)[0] : 'c';

	if (shmx_redis_parse(&a, Z_STRVAL_P(zid), Z_STRLEN_P(zid), &err) != SHMX_OK) {
		zend_argument_value_error(id_arg, "%s", err.msg);
		return NULL;
	}
	php_shmx_rqueue *rq = ecalloc(1, sizeof(*rq));
	if (shmx_rqueue_open(&rq->q, &a, capacity, m, &err) != SHMX_OK) {
		efree(rq);
		php_shmx_throw(&err);
		return NULL;
	}
	rq->readonly = m == 'a';
	ZVAL_UNDEF(&rq->pending);
	return rq;
}

void php_shmx_rqueue_free(php_shmx_rqueue *rq)
{
	if (!rq) {
		return;
	}
	/* A value in flight is left to the lease: the queue takes it back when it runs out. */
	zval_ptr_dtor(&rq->pending);
	shmx_rqueue_close(&rq->q);
	efree(rq);
}

bool php_shmx_rqueue_readonly(const php_shmx_rqueue *rq)
{
	return rq->readonly;
}

uint64_t php_shmx_rqueue_capacity(const php_shmx_rqueue *rq)
{
	return rq->q.capacity;
}

zend_result php_shmx_rqueue_push(php_shmx_rqueue *rq, zval *value, int64_t ns, bool *full)
{
	shmx_error err;
	zend_string *enc = php_shmx_redis_encode(value, 1);
	if (!enc) {
		return FAILURE;
	}
	uint64_t need = shmx_rqueue_item_size(ZSTR_VAL(enc), ZSTR_LEN(enc));
	if (need > rq->q.capacity) {
		char tag = ZSTR_VAL(enc)[0];
		zend_argument_value_error(1, "must fit the queue's capacity of %llu bytes (%zu bytes%s, plus an 8-byte record header)",
			(unsigned long long)rq->q.capacity, ZSTR_LEN(enc) - 1, tag == 's' ? "" : " serialized");
		zend_string_release(enc);
		return FAILURE;
	}
	bool no_room = false;
	shmx_status st = shmx_rqueue_push(&rq->q, ZSTR_VAL(enc), ZSTR_LEN(enc), ns, &no_room, &err);
	zend_string_release(enc);
	if (st == SHMX_OK) {
		return SUCCESS;
	}
	/* The queue's capacity, not the server's maxmemory (that stays a FullException). */
	if (no_room && full) {
		*full = true;
		return FAILURE;
	}
	if (no_room) {
		/* push($v, 0): tried once, as a local Queue's. */
		err.status = SHMX_ERR_TIMEOUT;
	}
	php_shmx_throw(&err);
	return FAILURE;
}

/* Asks the server about a pending value (see the top comment). SUCCESS with rv set: it is
 * ours; SUCCESS with rv UNDEF: it went back to the queue; FAILURE: no answer again. */
static zend_result settle_pending(php_shmx_rqueue *rq, zval *rv)
{
	shmx_error err;
	if (rq->pending_pid != getpid()) {
		/* The parent's: a fork child is another consumer, and the parent will ask. */
		zval_ptr_dtor(&rq->pending);
		ZVAL_UNDEF(&rq->pending);
		return SUCCESS;
	}
	shmx_status st = shmx_rqueue_ack(&rq->q, &err);
	if (st == SHMX_OK) {
		ZVAL_COPY_VALUE(rv, &rq->pending);
		ZVAL_UNDEF(&rq->pending);
		return SUCCESS;
	}
	if (st == SHMX_ERR_NOT_FOUND) {
		zval_ptr_dtor(&rq->pending);
		ZVAL_UNDEF(&rq->pending);
		return SUCCESS;
	}
	php_shmx_throw(&err);
	return FAILURE;
}

/* The ack of a value just decoded into rv. SUCCESS: ours. FAILURE with nothing thrown: it went
 * back (rv released). FAILURE with an exception: no answer, the value is pending. */
static zend_result ack(php_shmx_rqueue *rq, zval *rv)
{
	shmx_error err;
	shmx_status st = shmx_rqueue_ack(&rq->q, &err);
	if (st != SHMX_OK && st != SHMX_ERR_NOT_FOUND) {
		/* A broken connection is reopened by the next command: ask once more at once. */
		st = shmx_rqueue_ack(&rq->q, &err);
	}
	if (st == SHMX_OK) {
		return SUCCESS;
	}
	if (st == SHMX_ERR_NOT_FOUND) {
		zval_ptr_dtor(rv);
		ZVAL_UNDEF(rv);
		return FAILURE;
	}
	ZVAL_COPY_VALUE(&rq->pending, rv);
	rq->pending_pid = getpid();
	ZVAL_UNDEF(rv);
	php_shmx_throw(&err);
	return FAILURE;
}

/* Throws what reading a value of serializer `ser` throws here (not loaded, or unable to limit
 * classes), without reading it. */
static void throw_unreadable(uint8_t ser, HashTable *classes)
{
	zval ignored;
	ZVAL_UNDEF(&ignored);
	php_shmx_unserialize(ZSTR_EMPTY_ALLOC(), ser, NULL, classes, &ignored);
	zval_ptr_dtor(&ignored);
	if (!EG(exception)) {
		zend_throw_exception(shmx_ce_Exception, "the value at the head of the queue cannot be read by this process", 0);
	}
}

zend_result php_shmx_rqueue_pop(php_shmx_rqueue *rq, php_shmx_allowed *al, int64_t ns, zval *rv, bool *empty)
{
	shmx_error err;
	int64_t deadline = ns > 0 ? shmx_monotonic_ns() + ns : ns;

	if (rq->readonly) {
		zend_throw_error(NULL, "Cannot push to, pop from or close a Shmx\\Queue opened read-only (mode \"a\")");
		return FAILURE;
	}
	if (rq->decoding) {
		/* Its value is taken but not acknowledged: a nested pop would take it again. */
		zend_throw_error(NULL, "Cannot pop from a Shmx\\Queue on Redis while this handle's pop is unserializing its value");
		return FAILURE;
	}
	if (Z_TYPE(rq->pending) != IS_UNDEF) {
		if (settle_pending(rq, rv) == FAILURE) {
			return FAILURE;
		}
		if (Z_TYPE_P(rv) != IS_UNDEF) {
			return SUCCESS;
		}
	}
	HashTable *classes = php_shmx_redis_allowed_classes(al);
	for (bool again = false;; again = true) {
		shmx_redis_reply *rp;
		const char *item;
		size_t len;
		int64_t left = ns;
		if (ns > 0 && again) {
			/* What is left of the wait (a first take counts its own, and says ns in a timeout). */
			int64_t now = shmx_monotonic_ns();
			left = deadline > now ? deadline - now : 0;
		}
		shmx_status st = shmx_rqueue_take(&rq->q, left, &rp, &item, &len, &err);
		if (again && ns > 0 && (st == SHMX_ERR_NOT_FOUND || st == SHMX_ERR_TIMEOUT)) {
			/* A retry with what was left (maybe nothing, a try): the pop waited ns in all. */
			st = shmx_fail(&err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "%s: timed out after %.6g seconds waiting for a value in the queue",
				rq->q.r.a.url, (double)ns / 1e9);
		}
		if (st != SHMX_OK) {
			return php_shmx_queue_pop_failed(st, &err, empty);
		}
		uint8_t ser = len ? php_shmx_redis_tag_serializer(item[0]) : 0;
		if (ser && !php_shmx_can_unserialize(ser, classes)) {
			/* As locally: it stays at the head for a process that can read it. */
			shmx_redis_reply_free(rp);
			if (shmx_rqueue_untake(&rq->q, &err) != SHMX_OK) {
				php_shmx_throw(&err);
				return FAILURE;
			}
			throw_unreadable(ser, classes);
			return FAILURE;
		}
		shmx_pid taker = shmx_getpid();
		rq->decoding = true;
		zend_result r = php_shmx_redis_decode(rq->q.r.a.url, al, NULL, item, len, rv);
		rq->decoding = false;
		shmx_redis_reply_free(rp);
		if (shmx_getpid() != taker) {
			/* pcntl_fork() in __unserialize()/__wakeup(): the value is the parent's, which
			 * acknowledges it; the child must not deliver it too. */
			zval_ptr_dtor(rv);
			ZVAL_UNDEF(rv);
			if (!EG(exception)) {
				zend_throw_exception_ex(shmx_ce_Exception, 0,
					"%s: this process was forked while its parent's pop() was unserializing a value: the value is the parent's",
					rq->q.r.a.url);
			}
			return FAILURE;
		}
		if (r == FAILURE) {
			/* Unserialize threw (or the bytes are not shmx's): taken, as locally, with that
			 * exception. Acknowledged, so that it is not handed to someone else to fail again. */
			if (shmx_rqueue_ack(&rq->q, &err) != SHMX_OK && err.status != SHMX_ERR_NOT_FOUND) {
				/* Unanswered: the value comes back to the queue when the lease runs out. */
				shmx_rqueue_ack(&rq->q, &err);
			}
			return FAILURE;
		}
		if (ack(rq, rv) == SUCCESS) {
			return SUCCESS;
		}
		if (EG(exception)) {
			return FAILURE;
		}
		/* Its lease ran out before the ack (this process was stopped that long) and another
		 * consumer may have it: take the next one. */
	}
}

void php_shmx_rqueue_count(php_shmx_rqueue *rq, zval *rv)
{
	shmx_rqueue_stats st;
	shmx_error err;
	if (shmx_rqueue_stats_get(&rq->q, &st, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		return;
	}
	ZVAL_LONG(rv, (zend_long)st.count);
}

void php_shmx_rqueue_info(php_shmx_rqueue *rq, zval *rv)
{
	shmx_rqueue_stats st;
	shmx_error err;
	if (shmx_rqueue_stats_get(&rq->q, &st, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		return;
	}
	array_init(rv);
	add_assoc_string(rv, "id", rq->q.r.a.url);
	add_assoc_string(rv, "backend", "redis");
	add_assoc_long(rv, "capacity", (zend_long)st.capacity);
	add_assoc_long(rv, "used", (zend_long)st.used);
	add_assoc_long(rv, "free", (zend_long)(st.capacity > st.used ? st.capacity - st.used : 0));
	add_assoc_long(rv, "count", (zend_long)st.count);
	add_assoc_long(rv, "pushed", (zend_long)st.pushed);
	add_assoc_long(rv, "popped", (zend_long)st.popped);
	add_assoc_bool(rv, "closed", st.closed);
	add_assoc_null(rv, "layout_version");
	/* Taken by consumers that have not acknowledged them (yet, or ever: dead ones' come back). */
	add_assoc_long(rv, "in_flight", (zend_long)st.in_flight);
}

void php_shmx_rqueue_close(php_shmx_rqueue *rq)
{
	shmx_error err;
	if (rq->readonly) {
		zend_throw_error(NULL, "Cannot push to, pop from or close a Shmx\\Queue opened read-only (mode \"a\")");
		return;
	}
	if (shmx_rqueue_shut(&rq->q, &err) != SHMX_OK) {
		php_shmx_throw(&err);
	}
}

void php_shmx_rqueue_is_closed(php_shmx_rqueue *rq, zval *rv)
{
	shmx_rqueue_stats st;
	shmx_error err;
	if (shmx_rqueue_stats_get(&rq->q, &st, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		return;
	}
	ZVAL_BOOL(rv, st.closed);
}

void php_shmx_rqueue_destroy(php_shmx_rqueue *rq)
{
	shmx_error err;
	if (shmx_rqueue_destroy(&rq->q, &err) != SHMX_OK) {
		php_shmx_throw(&err);
	}
}
