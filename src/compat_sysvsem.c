/*
 * compat_sysvsem.c: ext/sysvsem's three-semaphore scheme (see compat_sysvsem.h), operation for
 * operation, so that both extensions can hold the same key's semaphore against each other.
 *
 * The race the original accepts is accepted here too: SEM_UNDO of a dying process is not
 * atomic with its exit, so a new handle may read USAGE > 1 although it is alone and then not
 * reset SEM to its own max_acquire. SEM keeps whatever value it had, which is correct as long
 * as every process passes the same max_acquire for a key.
 */
#include "compat_sysvsem.h"

#include <stdio.h>

#if SHMX_HAVE_SYSVSEM

/* semop retrying on EINTR: a signal must not turn into a spurious failure. */
static int semop_retry(int semid, struct sembuf *ops, size_t n)
{
	int r;
	while ((r = semop(semid, ops, n)) == -1 && errno == EINTR) {
	}
	return r;
}

shmx_status shmx_sysvsem_get(int32_t key, int max_acquire, int perms, int *semid,
	shmx_error *err, shmx_error warn[3])
{
	struct sembuf ops[3];
	int id, count, w = 0;

	warn[0].status = warn[1].status = warn[2].status = SHMX_OK;
	/* Linux (and every system PHP supports) zeroes a new set, which the scheme relies on. */
	id = semget((key_t)key, 3, perms | IPC_CREAT);
	if (id == -1) {
		return shmx_fail(err, SHMX_ERR_OS, errno, "%s", strerror(errno));
	}

	/* Wait for the setup lock to be free, take it, and count ourselves in, in one step. */
	ops[0].sem_num = SHMX_SYSVSEM_SETVAL; ops[0].sem_op = 0; ops[0].sem_flg = 0;
	ops[1].sem_num = SHMX_SYSVSEM_SETVAL; ops[1].sem_op = 1; ops[1].sem_flg = SEM_UNDO;
	ops[2].sem_num = SHMX_SYSVSEM_USAGE;  ops[2].sem_op = 1; ops[2].sem_flg = SEM_UNDO;
	if (semop_retry(id, ops, 3) == -1) {
		shmx_fail(&warn[w++], SHMX_ERR_OS, errno, "Failed acquiring SYSVSEM_SETVAL");
	}

	count = semctl(id, SHMX_SYSVSEM_USAGE, GETVAL);
	if (count == -1) {
		shmx_fail(&warn[w++], SHMX_ERR_OS, errno, "Failed");
	}
	if (count == 1) {
		union semun arg;
		arg.val = max_acquire;
		if (semctl(id, SHMX_SYSVSEM_SEM, SETVAL, arg) == -1 && w < 3) {
			shmx_fail(&warn[w++], SHMX_ERR_OS, errno, "Failed");
		}
	}

	ops[0].sem_num = SHMX_SYSVSEM_SETVAL; ops[0].sem_op = -1; ops[0].sem_flg = SEM_UNDO;
	if (semop_retry(id, ops, 1) == -1 && w < 3) {
		shmx_fail(&warn[w++], SHMX_ERR_OS, errno, "Failed releasing SYSVSEM_SETVAL");
	}
	*semid = id;
	return SHMX_OK;
}

shmx_status shmx_sysvsem_op(int semid, int delta, int nowait, shmx_error *err)
{
	struct sembuf op;
	op.sem_num = SHMX_SYSVSEM_SEM;
	op.sem_op = (short)delta;
	op.sem_flg = SEM_UNDO | (nowait ? IPC_NOWAIT : 0);
	if (semop_retry(semid, &op, 1) == -1) {
		if (errno == EAGAIN) {
			return shmx_fail(err, SHMX_ERR_TIMEOUT, EAGAIN, "%s", strerror(EAGAIN));
		}
		return shmx_fail(err, SHMX_ERR_OS, errno, "%s", strerror(errno));
	}
	return SHMX_OK;
}

void shmx_sysvsem_release_handle(int semid, int held)
{
	struct sembuf ops[2];
	size_t n = 1;
	ops[0].sem_num = SHMX_SYSVSEM_USAGE; ops[0].sem_op = -1; ops[0].sem_flg = SEM_UNDO;
	if (held) {
		ops[1].sem_num = SHMX_SYSVSEM_SEM; ops[1].sem_op = (short)held; ops[1].sem_flg = SEM_UNDO;
		n = 2;
	}
	/* A destructor has nobody to report to; the set may also be gone already. */
	(void)semop(semid, ops, n);
}

shmx_status shmx_sysvsem_remove(int semid, shmx_error *err)
{
	struct semid_ds ds;
	union semun arg;
	arg.buf = &ds;
	if (semctl(semid, 0, IPC_STAT, arg) < 0) {
		return shmx_fail(err, SHMX_ERR_GONE, errno, "does not (any longer) exist");
	}
	if (semctl(semid, 0, IPC_RMID, arg) < 0) {
		return shmx_fail(err, SHMX_ERR_OS, errno, "%s", strerror(errno));
	}
	return SHMX_OK;
}

#else /* no System V semaphores (Windows): every call fails as semget() would */

shmx_status shmx_sysvsem_get(int32_t key, int max_acquire, int perms, int *semid,
	shmx_error *err, shmx_error warn[3])
{
	warn[0].status = warn[1].status = warn[2].status = SHMX_OK;
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "System V semaphores are not available on this platform");
}

shmx_status shmx_sysvsem_op(int semid, int delta, int nowait, shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "%s", strerror(ENOSYS));
}

void shmx_sysvsem_release_handle(int semid, int held)
{
}

shmx_status shmx_sysvsem_remove(int semid, shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "%s", strerror(ENOSYS));
}

#endif
