/*
 * compat_sysvsem.c: ext/sysvsem's three-semaphore scheme (see compat_sysvsem.h), operation for
 * operation, so that both extensions can hold the same key's semaphore against each other.
 *
 * The race the original accepts is accepted here too: SEM_UNDO of a dying process is not
 * atomic with its exit, so a new handle may read USAGE > 1 although it is alone and then not
 * reset SEM to its own max_acquire. SEM keeps whatever value it had, which is correct as long
 * as every process passes the same max_acquire for a key.
 *
 * The system calls themselves are the System V backend's (os_sysv.c, see compat_sysvsem.h), so
 * this file has no #if; where there are no System V semaphores, getting a set fails plainly.
 */
#include "compat_sysvsem.h"

#include <stdio.h>

/* semop retrying on EINTR: a signal must not turn into a spurious failure. */
static int semop_retry(int semid, const shmx_semop *ops, size_t n)
{
	int r;
	while ((r = shmx_os_semop(semid, ops, n)) == -1 && errno == EINTR) {
	}
	return r;
}

shmx_status shmx_sysvsem_get(int32_t key, int max_acquire, int perms, int *semid,
	shmx_error *err, shmx_error warn[3])
{
	int id, count, w = 0;

	warn[0].status = warn[1].status = warn[2].status = SHMX_OK;
	if (!SHMX_HAVE_SYSVSEM) {
		return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "System V semaphores are not available on this platform");
	}
	/* Linux (and every system PHP supports) zeroes a new set, which the scheme relies on. */
	id = shmx_os_semget(key, 3, perms);
	if (id == -1) {
		return shmx_fail(err, SHMX_ERR_OS, errno, "%s", strerror(errno));
	}

	/* Wait for the setup lock to be free, take it, and count ourselves in, in one step. */
	const shmx_semop enter[3] = {
		{ SHMX_SYSVSEM_SETVAL, 0, 0 },
		{ SHMX_SYSVSEM_SETVAL, 1, SHMX_SEMOP_UNDO },
		{ SHMX_SYSVSEM_USAGE, 1, SHMX_SEMOP_UNDO },
	};
	if (semop_retry(id, enter, 3) == -1) {
		shmx_fail(&warn[w++], SHMX_ERR_OS, errno, "Failed acquiring SYSVSEM_SETVAL");
	}

	count = shmx_os_semgetval(id, SHMX_SYSVSEM_USAGE);
	if (count == -1) {
		shmx_fail(&warn[w++], SHMX_ERR_OS, errno, "Failed");
	}
	if (count == 1) {
		if (shmx_os_semsetval(id, SHMX_SYSVSEM_SEM, max_acquire) == -1 && w < 3) {
			shmx_fail(&warn[w++], SHMX_ERR_OS, errno, "Failed");
		}
	}

	const shmx_semop leave = { SHMX_SYSVSEM_SETVAL, -1, SHMX_SEMOP_UNDO };
	if (semop_retry(id, &leave, 1) == -1 && w < 3) {
		shmx_fail(&warn[w++], SHMX_ERR_OS, errno, "Failed releasing SYSVSEM_SETVAL");
	}
	*semid = id;
	return SHMX_OK;
}

shmx_status shmx_sysvsem_op(int semid, int delta, int nowait, shmx_error *err)
{
	const shmx_semop op = { SHMX_SYSVSEM_SEM, (short)delta, SHMX_SEMOP_UNDO | (nowait ? SHMX_SEMOP_NOWAIT : 0) };
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
	shmx_semop ops[2] = {
		{ SHMX_SYSVSEM_USAGE, -1, SHMX_SEMOP_UNDO },
		{ SHMX_SYSVSEM_SEM, (short)held, SHMX_SEMOP_UNDO },
	};
	/* A destructor has nobody to report to; the set may also be gone already. */
	(void)shmx_os_semop(semid, ops, held ? 2 : 1);
}

shmx_status shmx_sysvsem_remove(int semid, shmx_error *err)
{
	if (shmx_os_semstat(semid) < 0) {
		return shmx_fail(err, SHMX_ERR_GONE, errno, "does not (any longer) exist");
	}
	if (shmx_os_semrmid(semid) < 0) {
		return shmx_fail(err, SHMX_ERR_OS, errno, "%s", strerror(errno));
	}
	return SHMX_OK;
}
