/*
 * php_counter.c: Shmx\Counter (API.md section 6), a lock-free shared integer.
 *
 * The methods are thin: argument parsing, then one inline atomic from counter.h. Overflow is
 * an ArithmeticError and the value is left as it was; free_obj only unmaps. The methods that
 * touch the value check the mapping before and after (php_shmx_map_intact), so a POSIX or
 * file counter truncated by another process is a Shmx\CorruptException, not a SIGBUS.
 */
#include "php_common.h"
#include "counter.h"
#include "php_redis.h"

typedef struct php_shmx_counter {
	shmx_counter c;   /* c.map.addr NULL until constructed */
	php_shmx_redis *redis; /* non-NULL: a redis:// counter (php_redis.c); c stays unused */
	zend_object std;
} php_shmx_counter;

PHP_SHMX_HANDLE_CLASS(php_shmx_counter, counter, c.map)

#define Z_COUNTER_P(zv) counter_from_obj(Z_OBJ_P(zv))

static void counter_free(zend_object *obj)
{
	php_shmx_counter *pc = counter_from_obj(obj);
	shmx_counter_close(&pc->c);
	php_shmx_redis_free(pc->redis);
	zend_object_std_dtor(obj);
}

/* The open counter, or NULL with an Error thrown. */
static shmx_counter *counter_open(zval *zobj, bool write)
{
	php_shmx_counter *pc = Z_COUNTER_P(zobj);
	if (SHMX_UNLIKELY(!pc->c.map.addr)) {
		zend_throw_error(NULL, "Shmx\\Counter object is not initialized");
		return NULL;
	}
	if (write && SHMX_UNLIKELY(pc->c.map.readonly)) {
		zend_throw_error(NULL, "Cannot modify a Shmx\\Counter opened read-only (mode \"a\")");
		return NULL;
	}
	return &pc->c;
}

/* counter_open, for the methods that touch the value: NULL too once the mapping is damaged. */
static shmx_counter *counter_live(zval *zobj, bool write)
{
	shmx_counter *c = counter_open(zobj, write);
	return c && php_shmx_map_intact(&c->map) ? c : NULL;
}

/* The handle's Redis connection, or NULL for a local counter. */
static inline php_shmx_redis *counter_redis(zval *zobj)
{
	return Z_COUNTER_P(zobj)->redis;
}

PHP_METHOD(Shmx_Counter, __construct)
{
	zval *zid = NULL;
	zend_long initial = 0, perms = 0600;
	zend_string *mode = NULL;
	int flags = SHMX_OPEN_CREATE;
	shmx_id id;
	shmx_error err;
	php_shmx_counter *pc = Z_COUNTER_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_START(0, 4)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(zid)
		Z_PARAM_LONG(initial)
		Z_PARAM_STR(mode)
		Z_PARAM_LONG(perms)
	ZEND_PARSE_PARAMETERS_END();

	if (pc->c.map.addr || pc->redis) {
		zend_throw_error(NULL, "Cannot call Shmx\\Counter::__construct() twice");
		RETURN_THROWS();
	}
	if (php_shmx_zval_is_redis(zid)) {
		if (php_shmx_check_permissions(perms, 4) == FAILURE) {
			RETURN_THROWS();
		}
		php_shmx_redis *pr = php_shmx_redis_open(zid, mode, 'c', 1, 3);
		if (pr && php_shmx_rcounter_init(pr, initial, mode) == FAILURE) {
			php_shmx_redis_free(pr);
			pr = NULL;
		}
		pc->redis = pr;
		return;
	}
	if (php_shmx_id_from_zval(zid, &id, 1) == FAILURE
		|| (mode && php_shmx_mode_from_string(mode, &flags, 3) == FAILURE)
		|| php_shmx_check_permissions(perms, 4) == FAILURE) {
		RETURN_THROWS();
	}
	if (shmx_counter_open(&pc->c, &id, (int64_t)initial, flags, (uint32_t)perms, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Counter, get)
{
	shmx_counter *c;
	ZEND_PARSE_PARAMETERS_NONE();
	if (counter_redis(ZEND_THIS)) {
		php_shmx_rcounter_get(counter_redis(ZEND_THIS), return_value);
		return;
	}
	if (!(c = counter_live(ZEND_THIS, false))) {
		RETURN_THROWS();
	}
	int64_t v = shmx_counter_get(c);
	if (!php_shmx_map_intact(&c->map)) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)v);
}

PHP_METHOD(Shmx_Counter, set)
{
	zend_long value;
	shmx_counter *c;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(value)
	ZEND_PARSE_PARAMETERS_END();
	if (counter_redis(ZEND_THIS)) {
		php_shmx_rcounter_set(counter_redis(ZEND_THIS), value);
		return;
	}
	if (!(c = counter_live(ZEND_THIS, true))) {
		RETURN_THROWS();
	}
	shmx_counter_set(c, (int64_t)value);
	if (!php_shmx_map_intact(&c->map)) {
		RETURN_THROWS();
	}
}

static void counter_overflow(const char *method, int64_t seen, char op, zend_long by)
{
	zend_throw_exception_ex(zend_ce_arithmetic_error, 0,
		"Shmx\\Counter::%s(): " ZEND_LONG_FMT " %c " ZEND_LONG_FMT " is out of the integer range; the counter was not changed",
		method, (zend_long)seen, op, by);
}

PHP_METHOD(Shmx_Counter, increment)
{
	zend_long by = 1;
	shmx_counter *c;
	int64_t now;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(by)
	ZEND_PARSE_PARAMETERS_END();
	if (counter_redis(ZEND_THIS)) {
		php_shmx_rcounter_add(counter_redis(ZEND_THIS), by, false, return_value);
		return;
	}
	if (!(c = counter_live(ZEND_THIS, true))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_counter_add(c, (int64_t)by, &now);
	if (!php_shmx_map_intact(&c->map)) {
		RETURN_THROWS();
	}
	if (SHMX_UNLIKELY(st != SHMX_OK)) {
		counter_overflow("increment", now, '+', by);
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)now);
}

PHP_METHOD(Shmx_Counter, decrement)
{
	zend_long by = 1;
	shmx_counter *c;
	int64_t now;
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(by)
	ZEND_PARSE_PARAMETERS_END();
	if (counter_redis(ZEND_THIS)) {
		php_shmx_rcounter_add(counter_redis(ZEND_THIS), by, true, return_value);
		return;
	}
	if (!(c = counter_live(ZEND_THIS, true))) {
		RETURN_THROWS();
	}
	shmx_status st = shmx_counter_sub(c, (int64_t)by, &now);
	if (!php_shmx_map_intact(&c->map)) {
		RETURN_THROWS();
	}
	if (SHMX_UNLIKELY(st != SHMX_OK)) {
		counter_overflow("decrement", now, '-', by);
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)now);
}

PHP_METHOD(Shmx_Counter, compareAndSwap)
{
	zend_long expected, desired;
	shmx_counter *c;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(expected)
		Z_PARAM_LONG(desired)
	ZEND_PARSE_PARAMETERS_END();
	if (counter_redis(ZEND_THIS)) {
		php_shmx_rcounter_cas(counter_redis(ZEND_THIS), expected, desired, return_value);
		return;
	}
	if (!(c = counter_live(ZEND_THIS, true))) {
		RETURN_THROWS();
	}
	bool swapped = shmx_counter_cas(c, (int64_t)expected, (int64_t)desired);
	if (!php_shmx_map_intact(&c->map)) {
		RETURN_THROWS();
	}
	RETURN_BOOL(swapped);
}

PHP_METHOD(Shmx_Counter, destroy)
{
	shmx_counter *c;
	shmx_error err;
	ZEND_PARSE_PARAMETERS_NONE();
	if (counter_redis(ZEND_THIS)) {
		php_shmx_rcounter_destroy(counter_redis(ZEND_THIS));
		return;
	}
	if (!(c = counter_open(ZEND_THIS, false))) {
		RETURN_THROWS();
	}
	if (shmx_region_remove(&c->map, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

void php_shmx_counter_minit(zend_class_entry *ce)
{
	ce->create_object = counter_create;
	php_shmx_handlers_init(&counter_handlers, XtOffsetOf(php_shmx_counter, std), counter_free);
}
