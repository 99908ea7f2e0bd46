/*
 * test_counter.c: src/counter.c and counter.h without PHP: the initial value, get/set, add
 * and sub up to both ends of int64 (an overflow stores nothing), compare-and-swap, and adds
 * from forked processes that must all land.
 */
#include "shmx_test.h"
#include "../../src/counter.h"

#include <unistd.h>

static void open_counter(shmx_counter *c, int64_t initial)
{
	shmx_id id;
	shmx_error err;
	shmx_id_anon(&id);
	if (shmx_counter_open(c, &id, initial, SHMX_OPEN_CREATE, 0600, &err) != SHMX_OK) {
		fprintf(stderr, "cannot open a counter: %s\n", err.msg);
		exit(2);
	}
}

static void test_counter_ops(void)
{
	shmx_counter c;
	int64_t now;
	open_counter(&c, 40);
	shmx_region_header *h = c.map.addr;
	CHECK(h->magic == SHMX_REGION_MAGIC && h->kind == SHMX_KIND_COUNTER);
	CHECK(shmx_counter_get(&c) == 40);
	CHECK(shmx_counter_add(&c, 2, &now) == SHMX_OK && now == 42);
	CHECK(shmx_counter_sub(&c, 50, &now) == SHMX_OK && now == -8);
	shmx_counter_set(&c, 7);
	CHECK(shmx_counter_get(&c) == 7);
	CHECK(shmx_counter_cas(&c, 6, 100) == 0 && shmx_counter_get(&c) == 7);
	CHECK(shmx_counter_cas(&c, 7, 100) == 1 && shmx_counter_get(&c) == 100);

	shmx_counter_set(&c, INT64_MAX - 1);
	CHECK(shmx_counter_add(&c, 1, &now) == SHMX_OK && now == INT64_MAX);
	CHECK(shmx_counter_add(&c, 1, &now) == SHMX_ERR_OVERFLOW && now == INT64_MAX);
	CHECK(shmx_counter_get(&c) == INT64_MAX);
	CHECK(shmx_counter_sub(&c, -1, &now) == SHMX_ERR_OVERFLOW);
	shmx_counter_set(&c, INT64_MIN + 1);
	CHECK(shmx_counter_sub(&c, 1, &now) == SHMX_OK && now == INT64_MIN);
	CHECK(shmx_counter_sub(&c, 1, &now) == SHMX_ERR_OVERFLOW && now == INT64_MIN);
	CHECK(shmx_counter_add(&c, INT64_MIN, &now) == SHMX_ERR_OVERFLOW);
	CHECK(shmx_counter_get(&c) == INT64_MIN);
	shmx_counter_set(&c, 0);
	CHECK(shmx_counter_sub(&c, INT64_MIN, &now) == SHMX_ERR_OVERFLOW && shmx_counter_get(&c) == 0);
	shmx_counter_set(&c, -1);
	CHECK(shmx_counter_sub(&c, INT64_MIN, &now) == SHMX_OK && now == INT64_MAX);
	shmx_counter_close(&c);
	CHECK(c.map.addr == NULL && c.cell == NULL);
	shmx_counter_close(&c); /* idempotent */
}

static void add_many(void *arg)
{
	int64_t now;
	for (int i = 0; i < 20000; i++) {
		if (shmx_counter_add(arg, 1, &now) != SHMX_OK) {
			_exit(3);
		}
	}
}

static void test_counter_forked(void)
{
	shmx_counter c;
	open_counter(&c, 0);
	pid_t pids[4];
	fflush(NULL);
	for (int i = 0; i < 4; i++) {
		if ((pids[i] = fork()) == 0) {
			add_many(&c);
			_exit(0);
		}
	}
	add_many(&c);
	for (int i = 0; i < 4; i++) {
		int status;
		CHECK(waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	CHECK(shmx_counter_get(&c) == 5 * 20000);
	shmx_counter_close(&c);
}

int main(void)
{
	RUN(test_counter_ops);
	RUN(test_counter_forked);
	return TESTS_DONE();
}
