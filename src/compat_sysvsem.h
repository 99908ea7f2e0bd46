/*
 * compat_sysvsem.h: ext/sysvsem's semaphore-set scheme, so that sem_acquire() in a process
 * running the original extension and shmx_sem_acquire() in another exclude each other.
 *
 * A "semaphore" for a key is a System V set of three:
 *   SHMX_SYSVSEM_SEM    the semaphore itself; starts at max_acquire, acquire = -1
 *   SHMX_SYSVSEM_USAGE  how many handles are open on the set (each adds 1 with SEM_UNDO)
 *   SHMX_SYSVSEM_SETVAL a setup lock: taken (0 -> 1) around "read USAGE, maybe SETVAL SEM"
 * The first handle (USAGE reads 1 under the setup lock) sets SEM to max_acquire. Every
 * operation carries SEM_UNDO, so the kernel gives back what a dead process held.
 */
#ifndef SHMX_COMPAT_SYSVSEM_H
#define SHMX_COMPAT_SYSVSEM_H

#include "error.h"

#define SHMX_SYSVSEM_SEM    0
#define SHMX_SYSVSEM_USAGE  1
#define SHMX_SYSVSEM_SETVAL 2

/* ---- the System V semaphore calls, in the System V backend (os_sysv.c) ------------------
 * Each returns what the system call does (-1 with errno on failure); where there are no System
 * V semaphores (!SHMX_HAVE_SYSVSEM: Windows) every one fails with ENOSYS. */
#define SHMX_SEMOP_UNDO   1 /* SEM_UNDO */
#define SHMX_SEMOP_NOWAIT 2 /* IPC_NOWAIT */
#define SHMX_SEMOP_MAX    3 /* most operations in one shmx_os_semop() */

typedef struct shmx_semop {
	unsigned short num;  /* which semaphore of the set */
	short op;            /* what to add (0: wait for zero) */
	int flags;           /* SHMX_SEMOP_* */
} shmx_semop;

/* semget(key, nsems, perms | IPC_CREAT). */
int shmx_os_semget(int32_t key, int nsems, int perms);
/* semop() of n (1..SHMX_SEMOP_MAX) operations, atomically; not retried on EINTR. */
int shmx_os_semop(int semid, const shmx_semop *ops, size_t n);
/* semctl() GETVAL, SETVAL, IPC_STAT (0 if the set exists), IPC_RMID. */
int shmx_os_semgetval(int semid, int num);
int shmx_os_semsetval(int semid, int num, int val);
int shmx_os_semstat(int semid);
int shmx_os_semrmid(int semid);

/*
 * Gets (creating if needed) the set for `key` and registers one more user. *semid is set on
 * SHMX_OK. Failures after semget() do not fail the call (the original only warns): each one is
 * reported through warn[0..2] (status SHMX_OK when unused): msg is the original's prefix
 * ("Failed acquiring SYSVSEM_SETVAL", ...) and sys_errno the cause, for the caller to format.
 * On failure of semget() itself, err->msg is strerror.
 */
shmx_status shmx_sysvsem_get(int32_t key, int max_acquire, int perms, int *semid,
	shmx_error *err, shmx_error warn[3]);

/* Acquires (delta -1) or releases (delta +1) one unit of SEM with SEM_UNDO, retrying on EINTR.
 * SHMX_ERR_TIMEOUT: nowait and it would block (the original is silent then). Else err is
 * strerror. */
shmx_status shmx_sysvsem_op(int semid, int delta, int nowait, shmx_error *err);

/* What a handle's destructor does with auto_release: drop its USAGE and give back `held`. */
void shmx_sysvsem_release_handle(int semid, int held);

/* IPC_STAT then IPC_RMID. SHMX_ERR_GONE: no such set any longer. Else err is strerror. */
shmx_status shmx_sysvsem_remove(int semid, shmx_error *err);

#endif
