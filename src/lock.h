/*
 * lock.h: the one cross-process lock shmx builds everything else on: a 32-bit futex word in
 * shared memory that names the thread holding it, plus a record that tells that thread from a
 * later one given the same id.
 *
 * Nothing in it belongs to libc: a process that can write the memory can make the lock look
 * held, free or garbage, but it cannot make any process crash, hang past its timeout or write
 * outside the mapping, because shmx reads the word as a number and checks it before acting on
 * it. (A glibc robust mutex keeps its kind, its owner and the holder's robust-list pointers in
 * the shared memory and trusts them: one written word and the unlock in the holder's process
 * follows a pointer chosen by the writer.)
 *
 * - Dead holders: the word holds the holder's thread id; a waiter that finds that thread gone
 *   (kill(tid, 0) says ESRCH, or the thread with that id started at another time than the
 *   record says, i.e. the id was reused) takes the lock over and reports *recovered = 1, and the
 *   caller repairs what the lock protects. A waiter checks at every slice of its wait, so a
 *   holder killed with SIGKILL is found within SHMX_LOCK_SLICE_MAX_NS.
 * - Pid namespaces: a thread id means something only in the namespace that gave it. The word
 *   carries a tag of the holder's pid namespace; a holder from another namespace (a container
 *   sharing /dev/shm) is never declared dead, so its lock is waited for, up to the timeout.
 * - Error-checking: locking it again from the holding thread is SHMX_ERR_STATE, not a hang;
 *   releasing it from a thread that does not hold it is SHMX_ERR_STATE too. A word that no shmx
 *   thread can have written is SHMX_ERR_CORRUPT.
 * - Waits are futex waits on CLOCK_MONOTONIC deadlines (no spinning in the kernel's place); a
 *   signal never breaks a wait, and a changed wall clock neither lengthens nor shortens one.
 */
#ifndef SHMX_LOCK_H
#define SHMX_LOCK_H

#include "error.h"

#define SHMX_LOCK_SIZE 64

/* The word: 0 free; else bits 0-21 the holder's thread id (Linux ids are below 2^22), bits
 * 22-30 its pid namespace's tag (1..511), bit 31 "someone may be waiting". */
#define SHMX_LOCK_TID_MASK  0x003fffffu
#define SHMX_LOCK_NS_SHIFT  22
#define SHMX_LOCK_NS_MASK   0x7fc00000u
#define SHMX_LOCK_WAITERS   0x80000000u

/* A blocked waiter re-checks the holder after 1 ms, then twice as long each time, up to this. */
#define SHMX_LOCK_SLICE_MAX_NS (50LL * 1000000LL)

typedef struct shmx_lock {
	uint32_t word;        /* the futex word, see SHMX_LOCK_*; changed only by CAS */
	uint32_t holder;      /* the holder's thread id, written after it locked, 0 before it unlocks */
	uint64_t start;       /* when that thread started (kernel ticks since boot), 0 unknown: a
	                         thread with the same id and another start is not the holder */
	uint8_t reserved[48]; /* zero: keeps the 64-byte layout of earlier versions */
} shmx_lock;

_Static_assert(sizeof(shmx_lock) == SHMX_LOCK_SIZE, "shmx_lock is 64 bytes in shared memory");

/* Initialise (or re-initialise, after a reboot) in place: free, nobody recorded. */
void shmx_lock_init(shmx_lock *l);

/* timeout_ns: -1 waits forever, 0 tries once. SHMX_OK (with *recovered set when the previous
 * holder died), SHMX_ERR_TIMEOUT, SHMX_ERR_STATE (this thread already holds it), or
 * SHMX_ERR_CORRUPT (the word is not one shmx writes). A try checks a holder's liveness with one
 * kill(0); a wait also checks the holder's start time, which catches a reused thread id. */
shmx_status shmx_lock_acquire(shmx_lock *l, int64_t timeout_ns, int *recovered, shmx_error *err);

/* A try (timeout 0) that checks the holder as thoroughly as a wait does: for callers that
 * poll many locks with tries in their own waiting loop (Semaphore). */
shmx_status shmx_lock_try_thorough(shmx_lock *l, int *recovered, shmx_error *err);

/* SHMX_OK, SHMX_ERR_STATE when this thread does not hold it, SHMX_ERR_CORRUPT when the word
 * is not one shmx writes. */
shmx_status shmx_lock_release(shmx_lock *l, shmx_error *err);

/* Whether the calling thread holds it. */
int shmx_lock_held(const shmx_lock *l);

/* Whether it is held by nobody alive: its holder died (checked as a try does: one kill(0), a
 * live holder remembered for a millisecond) or the word is not one shmx writes. What it protected may then be half-changed until the next
 * taker repairs it; a reader that cannot take it (read-only) works around it meanwhile. */
int shmx_lock_abandoned(const shmx_lock *l);

#endif
