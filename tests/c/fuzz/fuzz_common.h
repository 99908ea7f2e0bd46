/*
 * fuzz_common.h: what the libFuzzer targets in tests/c/fuzz/ share: shared memory with a
 * guard page behind it (so that a read or write one byte past the mapping faults at once,
 * which ASan alone does not catch in mmap'd memory), a shmx_map over it, and thread ids that
 * a fuzzed lock word can name: one that is dead, one that is alive but never lets go.
 */
#ifndef SHMX_FUZZ_COMMON_H
#define SHMX_FUZZ_COMMON_H

#include "../../../src/os.h"
#include "../../../src/lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define FUZZ_ASSERT(cond) do { \
		if (!(cond)) { \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* `size` bytes (a multiple of the page size) of MAP_SHARED memory followed by a PROT_NONE page,
 * wrapped in a shmx_map of the anon backend. Never detach it (the map is reused). */
static inline void fuzz_map(shmx_map *m, size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, size + (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + size, (size_t)page, PROT_NONE) != 0) {
		perror("mmap");
		abort();
	}
	shmx_map_init(m);
	shmx_id_anon(&m->id);
	m->ops = &shmx_backend_anon;
	m->addr = p;
	m->size = size;
}

/* The id of a thread that has exited and been reaped (a forked child's), found once. */
static inline uint32_t fuzz_dead_tid(void)
{
	static uint32_t tid;
	if (!tid) {
		fflush(NULL);
		pid_t pid = fork();
		if (pid == 0) {
			_exit(0);
		}
		int status;
		waitpid(pid, &status, 0);
		tid = (uint32_t)pid;
	}
	return tid;
}

/* A lock word some shmx thread of this namespace could have written, for thread `tid`. */
static inline uint32_t fuzz_word(uint32_t tid)
{
	return (tid & SHMX_LOCK_TID_MASK) | (shmx_pidns_tag() << SHMX_LOCK_NS_SHIFT);
}

/* Byte `sel` picks what a fuzzed lock word becomes: as it is, or a valid word naming this
 * thread, a dead one, or a live one (pid 1) that never lets go; bit 2 keeps the waiters bit. */
static inline void fuzz_pick_word(shmx_lock *l, uint8_t sel)
{
	uint32_t w = l->word, keep = (sel & 4) ? (w & SHMX_LOCK_WAITERS) : 0;
	switch (sel & 3) {
		case 1: w = fuzz_word(shmx_tid()) | keep; break;
		case 2: w = fuzz_word(fuzz_dead_tid()) | keep; break;
		case 3: w = fuzz_word(1) | keep; break;
		default: break;
	}
	l->word = w;
	if (sel & 8) {
		l->holder = w & SHMX_LOCK_TID_MASK;
	}
}

#endif
