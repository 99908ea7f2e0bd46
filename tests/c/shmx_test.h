/*
 * shmx_test.h: the whole test framework of the C unit tests (tests/c/test_*.c), which link the
 * C core (src/, no PHP) and run under AddressSanitizer and UBSan.
 *
 * A test file defines test functions and lists them in main() with RUN(); CHECK(cond) records
 * a failure (file, line, the condition) and goes on, so that one run reports every broken
 * check. The binary exits 1 when any check failed, and prints one line per test:
 * "ok <name>" or "FAIL <name> (N checks)". tools/run.sh ctest counts binaries, not checks.
 */
#ifndef SHMX_TEST_H
#define SHMX_TEST_H

#include "../../src/error.h"
#include "../../src/os.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int shmx_test_failed;      /* failed checks in the running test */
static int shmx_test_failed_all;  /* tests with at least one failed check */

#define CHECK(cond) do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			shmx_test_failed++; \
		} \
	} while (0)

/* CHECK that a call returned `want`, printing the status and the core's message otherwise. */
#define CHECK_ST(call, want) do { \
		shmx_status st_ = (call); \
		if (st_ != (want)) { \
			fprintf(stderr, "%s:%d: CHECK failed: %s returned %d, not %s (%d) [%s]\n", __FILE__, __LINE__, \
				#call, (int)st_, #want, (int)(want), err.msg); \
			shmx_test_failed++; \
		} \
	} while (0)

#define RUN(fn) do { \
		shmx_test_failed = 0; \
		fn(); \
		if (shmx_test_failed) { \
			printf("FAIL %s (%d checks)\n", #fn, shmx_test_failed); \
			shmx_test_failed_all++; \
		} else { \
			printf("ok %s\n", #fn); \
		} \
		fflush(stdout); \
	} while (0)

#define TESTS_DONE() (shmx_test_failed_all ? 1 : 0)

/* A fresh anonymous shared mapping of `size` bytes, as the anon backend gives it. */
static inline void test_map_anon(shmx_map *m, size_t size)
{
	shmx_id id;
	shmx_error err;
	shmx_id_anon(&id);
	if (shmx_map_open(m, &id, SHMX_OPEN_CREATE, size, 0600, &err) != SHMX_OK) {
		fprintf(stderr, "cannot map %zu bytes: %s\n", size, err.msg);
		exit(2);
	}
}

/* Runs fn(arg) in a forked child and returns its exit status (or 128 + signal). */
static inline int test_in_child(void (*fn)(void *), void *arg)
{
	fflush(NULL);
	pid_t pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		fn(arg);
		_exit(0);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0) {
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

#endif
