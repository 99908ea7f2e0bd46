/*
 * test_lock.c: src/lock.c without PHP: the lock word's life cycle, error-checking, holders
 * that die (reaped and zombie), a live holder in another process, and words that no shmx
 * thread writes, which must give SHMX_ERR_CORRUPT or a timeout and never a crash or a hang.
 */
#include "shmx_test.h"
#include "../../src/lock.h"

#include <signal.h>
#include <unistd.h>

static shmx_lock *new_lock(shmx_map *m)
{
	test_map_anon(m, 4096);
	shmx_lock *l = m->addr;
	shmx_lock_init(l);
	return l;
}

static uint32_t word_for(uint32_t tid)
{
	return tid | (shmx_pidns_tag() << SHMX_LOCK_NS_SHIFT);
}

static void test_acquire_release(void)
{
	shmx_map m;
	shmx_error err;
	int rec = 7;
	shmx_lock *l = new_lock(&m);

	CHECK(!shmx_lock_held(l));
	CHECK(!shmx_lock_abandoned(l));
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_OK);
	CHECK(rec == 0);
	CHECK(shmx_lock_held(l));
	CHECK(l->word == word_for(shmx_tid()));
	CHECK(l->holder == shmx_tid());
	CHECK(!shmx_lock_abandoned(l));
	/* Again from the holder: an error, not a deadlock, with a wait or with a try. */
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_lock_acquire(l, 1000000, &rec, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_lock_try_thorough(l, &rec, &err), SHMX_ERR_STATE);
	CHECK(shmx_lock_held(l));
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	CHECK(l->word == 0);
	CHECK(l->holder == 0);
	CHECK(!shmx_lock_held(l));
	/* Not held any more: releasing is misuse. */
	CHECK_ST(shmx_lock_release(l, &err), SHMX_ERR_STATE);
	CHECK(l->word == 0);
	/* And the lock still works. */
	CHECK_ST(shmx_lock_acquire(l, -1, &rec, &err), SHMX_OK);
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	shmx_map_detach(&m);
}

static void take_and_exit(void *arg)
{
	shmx_error err;
	int rec;
	if (shmx_lock_acquire(arg, 0, &rec, &err) != SHMX_OK) {
		_exit(3);
	}
	_exit(0); /* dies holding it */
}

static void test_dead_holder_reaped(void)
{
	shmx_map m;
	shmx_error err;
	int rec = 0;
	shmx_lock *l = new_lock(&m);

	CHECK(test_in_child(take_and_exit, l) == 0);
	CHECK(l->word != 0 && l->word != word_for(shmx_tid()));
	CHECK(shmx_lock_abandoned(l));
	CHECK(!shmx_lock_held(l));
	/* Releasing a dead holder's lock is not ours to do. */
	CHECK_ST(shmx_lock_release(l, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_OK);
	CHECK(rec == 1);
	CHECK(shmx_lock_held(l));
	CHECK(!shmx_lock_abandoned(l));
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	/* A waiting acquire recovers too (a try after its first slice). */
	CHECK(test_in_child(take_and_exit, l) == 0);
	CHECK_ST(shmx_lock_acquire(l, 2000000000LL, &rec, &err), SHMX_OK);
	CHECK(rec == 1);
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	shmx_map_detach(&m);
}

static void test_dead_holder_zombie(void)
{
	shmx_map m;
	shmx_error err;
	int rec = 0, fds[2];
	shmx_lock *l = new_lock(&m);

	CHECK(pipe(fds) == 0);
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		take_and_exit(l);
	}
	close(fds[1]);
	char c;
	while (read(fds[0], &c, 1) > 0) {
	}
	close(fds[0]);
	/* The child has exited (its end of the pipe closed) but is not reaped: it answers kill(0). */
	for (int i = 0; i < 200 && l->word == 0; i++) {
		usleep(1000);
	}
	usleep(20000);
	CHECK(shmx_lock_abandoned(l));
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_OK);
	CHECK(rec == 1);
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	int status;
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	shmx_map_detach(&m);
}

/* A child that takes the lock, says so on `ready`, and holds it until `go` closes; then it
 * releases after `hold_us`. */
static pid_t live_holder(shmx_lock *l, int *go_w, int hold_us)
{
	int ready[2], go[2];
	if (pipe(ready) != 0 || pipe(go) != 0) {
		perror("pipe");
		exit(2);
	}
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		shmx_error err;
		int rec;
		char c;
		close(ready[0]);
		close(go[1]);
		if (shmx_lock_acquire(l, 0, &rec, &err) != SHMX_OK) {
			_exit(3);
		}
		if (write(ready[1], "x", 1) != 1) {
			_exit(4);
		}
		while (read(go[0], &c, 1) > 0) {
		}
		usleep(hold_us);
		_exit(shmx_lock_release(l, &err) == SHMX_OK ? 0 : 5);
	}
	close(ready[1]);
	close(go[0]);
	char c;
	if (read(ready[0], &c, 1) != 1) {
		fprintf(stderr, "the holder child did not start\n");
		exit(2);
	}
	close(ready[0]);
	*go_w = go[1];
	return pid;
}

static void test_live_holder(void)
{
	shmx_map m;
	shmx_error err;
	int rec, go, status;
	shmx_lock *l = new_lock(&m);

	pid_t pid = live_holder(l, &go, 30000);
	CHECK(!shmx_lock_abandoned(l));
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_ERR_TIMEOUT);
	CHECK_ST(shmx_lock_try_thorough(l, &rec, &err), SHMX_ERR_TIMEOUT);
	int64_t t0 = shmx_monotonic_ns();
	CHECK_ST(shmx_lock_acquire(l, 40000000LL, &rec, &err), SHMX_ERR_TIMEOUT);
	int64_t waited = shmx_monotonic_ns() - t0;
	CHECK(waited >= 40000000LL && waited < 1000000000LL);
	/* It announced itself as a waiter. */
	CHECK(l->word & SHMX_LOCK_WAITERS);
	CHECK_ST(shmx_lock_release(l, &err), SHMX_ERR_STATE);
	/* The holder lets go 30 ms after this; a waiter gets it, not recovered. */
	close(go);
	CHECK_ST(shmx_lock_acquire(l, 5000000000LL, &rec, &err), SHMX_OK);
	CHECK(rec == 0);
	CHECK(shmx_lock_held(l));
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	CHECK(l->word == 0);
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* Killed while holding it: a waiter already asleep recovers it. */
	pid = live_holder(l, &go, 0);
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &status, 0) == pid);
	close(go);
	CHECK_ST(shmx_lock_acquire(l, 5000000000LL, &rec, &err), SHMX_OK);
	CHECK(rec == 1);
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	shmx_map_detach(&m);
}

static void test_garbage_words(void)
{
	shmx_map m;
	shmx_error err;
	int rec;
	shmx_lock *l = new_lock(&m);
	const uint32_t corrupt[] = {
		0x00001234u,                 /* a thread id without a namespace tag */
		SHMX_LOCK_WAITERS,           /* the waiters bit alone */
		SHMX_LOCK_WAITERS | 0x42u,   /* waiters and an id, no tag */
		5u << SHMX_LOCK_NS_SHIFT,    /* a tag with no thread id */
		(5u << SHMX_LOCK_NS_SHIFT) | SHMX_LOCK_WAITERS,
	};
	for (size_t i = 0; i < sizeof(corrupt) / sizeof(corrupt[0]); i++) {
		shmx_lock_init(l);
		l->word = corrupt[i];
		CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_ERR_CORRUPT);
		CHECK(strstr(err.msg, "no shmx process writes") != NULL);
		CHECK_ST(shmx_lock_acquire(l, 3000000LL, &rec, &err), SHMX_ERR_CORRUPT);
		CHECK_ST(shmx_lock_try_thorough(l, &rec, &err), SHMX_ERR_CORRUPT);
		CHECK_ST(shmx_lock_release(l, &err), SHMX_ERR_CORRUPT);
		CHECK(!shmx_lock_held(l));
		if (!shmx_lock_abandoned(l)) {
			fprintf(stderr, "  shmx_lock_abandoned() is 0 for the word 0x%08x\n", corrupt[i]);
			shmx_test_failed++;
		}
		CHECK(l->word == corrupt[i]);
	}

	/* All ones is thread 0x3fffff (above any pid_max) of namespace 511: a valid word. If 511
	 * is our tag the holder is dead and recovered, else it is another namespace's: waited for. */
	shmx_lock_init(l);
	l->word = 0xffffffffu;
	if (shmx_pidns_tag() == 511) {
		CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_OK);
		CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	} else {
		CHECK_ST(shmx_lock_acquire(l, 3000000LL, &rec, &err), SHMX_ERR_TIMEOUT);
		CHECK_ST(shmx_lock_release(l, &err), SHMX_ERR_STATE);
		CHECK(l->word == 0xffffffffu);
	}

	/* A live thread of our namespace that never lets go (pid 1): a timeout, not a take-over. */
	shmx_lock_init(l);
	l->word = word_for(1);
	CHECK(!shmx_lock_abandoned(l));
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_ERR_TIMEOUT);
	CHECK_ST(shmx_lock_acquire(l, 5000000LL, &rec, &err), SHMX_ERR_TIMEOUT);
	CHECK((l->word & ~SHMX_LOCK_WAITERS) == word_for(1));

	/* A holder of another pid namespace is never declared dead, even with a free id. */
	uint32_t other = shmx_pidns_tag() % 511 + 1;
	shmx_lock_init(l);
	l->word = 0x3ffff0u | (other << SHMX_LOCK_NS_SHIFT);
	CHECK(!shmx_lock_abandoned(l));
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_ERR_TIMEOUT);
	CHECK_ST(shmx_lock_try_thorough(l, &rec, &err), SHMX_ERR_TIMEOUT);

	/* Our own id with a record of another start time: the word is ours, so it is "held". */
	shmx_lock_init(l);
	l->word = word_for(shmx_tid());
	l->start = 1;
	CHECK(shmx_lock_held(l));
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_ERR_STATE);
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);

	/* The same word with a complete record naming this id and another start time: an earlier
	 * thread with this id died holding it. Not ours: not held, not freed, still refused. */
	shmx_lock_init(l);
	l->word = word_for(shmx_tid());
	l->holder = shmx_tid();
	l->start = 1;
	CHECK(shmx_thread_start() > 1);
	CHECK(!shmx_lock_held(l));
	CHECK_ST(shmx_lock_release(l, &err), SHMX_ERR_STATE);
	CHECK(l->word == word_for(shmx_tid()) && l->holder == shmx_tid());
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_ERR_STATE);
	CHECK(strstr(err.msg, "dead thread") != NULL);

	/* A free id of our namespace with a garbage record: dead, recovered. */
	shmx_lock_init(l);
	l->word = word_for(0x3ffffeu);
	l->holder = 0xdeadbeefu;
	l->start = UINT64_MAX;
	memset(l->reserved, 0xa5, sizeof(l->reserved));
	CHECK(shmx_lock_abandoned(l));
	CHECK_ST(shmx_lock_acquire(l, 0, &rec, &err), SHMX_OK);
	CHECK(rec == 1);
	CHECK(l->holder == shmx_tid());
	CHECK_ST(shmx_lock_release(l, &err), SHMX_OK);
	shmx_map_detach(&m);
}

int main(void)
{
	RUN(test_acquire_release);
	RUN(test_dead_holder_reaped);
	RUN(test_dead_holder_zombie);
	RUN(test_live_holder);
	RUN(test_garbage_words);
	return TESTS_DONE();
}
