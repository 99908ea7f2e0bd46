/*
 * os_sysv.c: the System V backend (int key). shmget/shmat/shmctl; on Windows the same calls
 * come from PHP's TSRM emulation, which is why this is the one backend every build has.
 *
 * Opening with mode 'c' first looks for an existing segment (so that its real size can be
 * checked and reported) and only then creates with IPC_EXCL, looping if another process wins
 * that race. Key 0 is IPC_PRIVATE: it always creates, and cannot be opened again.
 *
 * It also holds the System V semaphore calls that compat_sysvsem.c's scheme is made of (see
 * compat_sysvsem.h); Windows has none of them (TSRM emulates only shared memory), so there each
 * fails with ENOSYS.
 *
 * And what inspect.c reads of segments from outside (os.h, "reading from outside"): the kernel
 * record of one, and the list of all of them, which only Linux gives: shmctl(SHM_INFO) for the
 * highest index in use and shmctl(SHM_STAT_ANY, or SHM_STAT on kernels before 4.17) for each
 * index, the record of every segment whoever owns it.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
# define _GNU_SOURCE /* SHM_INFO, SHM_STAT, struct shm_info */
#endif
#include "os.h"
#include "compat_sysvsem.h"

#include <stdio.h>

#if defined(__linux__)
# define SHMX_SYSV_LIST 1
/* Linux 4.17 lists segments the caller cannot read too; older kernels say EINVAL. */
# ifndef SHM_STAT_ANY
#  define SHM_STAT_ANY 15
# endif
# if defined(__GLIBC__)
#  define SHMX_IPC_KEY(perm) ((perm).__key)
# else
#  define SHMX_IPC_KEY(perm) ((perm).__ipc_perm_key)
# endif
#else
# define SHMX_SYSV_LIST 0
#endif

static const char *describe(const shmx_map *m, char *buf, size_t len)
{
	return shmx_id_describe(&m->id, buf, len);
}

static shmx_status sysv_attach(shmx_map *m, int shmid, size_t size, shmx_error *err)
{
	char desc[64];
	void *addr = shmat(shmid, NULL, m->readonly ? SHM_RDONLY : 0);
	if (addr == (void *)-1) {
		return shmx_fail_os(err, errno, "%s: cannot attach", describe(m, desc, sizeof(desc)));
	}
	m->addr = addr;
	m->size = size;
	m->shmid = shmid;
	return SHMX_OK;
}

static shmx_status sysv_open(shmx_map *m, int flags, size_t size, uint32_t perms, shmx_error *err)
{
	char desc[64];
	key_t key = (key_t)m->id.key;

	describe(m, desc, sizeof(desc));
	if (key == IPC_PRIVATE && !(flags & SHMX_OPEN_CREATE)) {
		return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT,
			"%s: key 0 is IPC_PRIVATE, which can only be created (mode 'c' or 'n')", desc);
	}
	for (int attempt = 0; attempt < 100; attempt++) {
		if (key != IPC_PRIVATE && !(flags & SHMX_OPEN_EXCL)) {
			int shmid = shmget(key, 0, 0);
			if (shmid >= 0) {
				struct shmid_ds ds;
				if (shmctl(shmid, IPC_STAT, &ds) != 0) {
					return shmx_fail_os(err, errno, "%s: cannot read its size", desc);
				}
				if (size > (size_t)ds.shm_segsz && !(flags & SHMX_OPEN_ANY_SIZE)) {
					return shmx_fail(err, SHMX_ERR_SIZE, 0, "%s: asked for %zu bytes but it has only %zu",
						desc, size, (size_t)ds.shm_segsz);
				}
				return sysv_attach(m, shmid, (size_t)ds.shm_segsz, err);
			}
			if (errno != ENOENT) {
				return shmx_fail_os(err, errno, "%s: cannot open", desc);
			}
			if (!(flags & SHMX_OPEN_CREATE)) {
				return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "%s: does not exist", desc);
			}
		}
		if (size == 0) {
			return shmx_fail(err, SHMX_ERR_RANGE, 0, "%s: creating needs a size greater than 0", desc);
		}
		int shmid = shmget(key, size, IPC_CREAT | IPC_EXCL | (int)(perms & 0777));
		if (shmid >= 0) {
			m->created = 1;
			return sysv_attach(m, shmid, size, err);
		}
		if (errno == EEXIST) {
			if (flags & SHMX_OPEN_EXCL) {
				return shmx_fail(err, SHMX_ERR_EXISTS, EEXIST, "%s: already exists", desc);
			}
			continue; /* someone created it between our two calls: open theirs */
		}
		return shmx_fail_os(err, errno, "%s: cannot create %zu bytes", desc, size);
	}
	return shmx_fail(err, SHMX_ERR_OS, EAGAIN, "%s: created and removed by others too often to open", desc);
}

static shmx_status sysv_stat(const shmx_map *m, shmx_stat *st, shmx_error *err)
{
	char desc[64];
	struct shmid_ds ds;
	if (shmctl(m->shmid, IPC_STAT, &ds) != 0) {
		if (errno == EINVAL || errno == EIDRM) {
			return shmx_fail(err, SHMX_ERR_GONE, errno, "%s: the segment no longer exists", describe(m, desc, sizeof(desc)));
		}
		return shmx_fail_os(err, errno, "%s: cannot stat", describe(m, desc, sizeof(desc)));
	}
	st->shmid = m->shmid; st->shmid_known = 1;
	st->size = ds.shm_segsz;
	st->permissions = ds.shm_perm.mode & 0777;
	st->uid = ds.shm_perm.uid; st->gid = ds.shm_perm.gid; st->owner_known = 1;
	st->creator_pid = ds.shm_cpid; st->creator_pid_known = 1;
	st->last_pid = ds.shm_lpid; st->last_pid_known = 1;
	st->attached = ds.shm_nattch; st->attached_known = 1;
	st->atime = ds.shm_atime; st->atime_known = 1;
	st->dtime = ds.shm_dtime; st->dtime_known = 1;
	st->ctime = ds.shm_ctime; st->ctime_known = 1;
#ifdef SHM_DEST
	st->destroyed = (ds.shm_perm.mode & SHM_DEST) != 0; st->destroyed_known = 1;
#endif
	return SHMX_OK;
}

static void sysv_detach(shmx_map *m)
{
	shmdt(m->addr);
}

static shmx_status sysv_remove(shmx_map *m, shmx_error *err)
{
	char desc[64];
	if (shmctl(m->shmid, IPC_RMID, NULL) != 0 && errno != EINVAL && errno != EIDRM) {
		return shmx_fail_os(err, errno, "%s: cannot remove", describe(m, desc, sizeof(desc)));
	}
	return SHMX_OK;
}

/* The key still gives this segment: not removed (IPC_RMID takes the key away) or replaced. */
static int sysv_same(const shmx_map *m)
{
	return m->id.key != IPC_PRIVATE && shmget((key_t)m->id.key, 0, 0) == m->shmid;
}

const shmx_backend_ops shmx_backend_sysv = {
	"sysv", sysv_open, sysv_stat, NULL, sysv_detach, sysv_remove, sysv_same
};

shmx_status shmx_sysv_open_once(shmx_map *m, const shmx_id *id, int flags, size_t size, int perm_bits,
	shmx_sysv_call *failed, shmx_error *err)
{
	char desc[64];
	struct shmid_ds ds;
	int shmflg = perm_bits;
	int shmid;

	shmx_map_init(m);
	m->id = *id;
	m->ops = &shmx_backend_sysv;
	m->readonly = (flags & SHMX_OPEN_READONLY) != 0;
	describe(m, desc, sizeof(desc));
	if (flags & SHMX_OPEN_CREATE) {
		shmflg |= IPC_CREAT;
	}
	if (flags & SHMX_OPEN_EXCL) {
		shmflg |= IPC_EXCL;
	}
	*failed = SHMX_SYSV_CALL_GET;
	shmid = shmget((key_t)id->key, size, shmflg);
	if (shmid < 0) {
		return shmx_fail_os(err, errno, "%s: cannot open or create", desc);
	}
	/* Known from here on, also when a later call fails: a caller that created the segment can
	 * remove it again (shmx_map_remove works on a detached map). */
	m->shmid = shmid;
	*failed = SHMX_SYSV_CALL_STAT;
	if (shmctl(shmid, IPC_STAT, &ds) != 0) {
		return shmx_fail_os(err, errno, "%s: cannot read its size", desc);
	}
	*failed = SHMX_SYSV_CALL_ATTACH;
	return sysv_attach(m, shmid, (size_t)ds.shm_segsz, err);
}

/* ---- reading from outside (inspect.c) ------------------------------------------------------ */

static void record_fill(int shmid, const struct shmid_ds *ds, shmx_sysv_record *r)
{
	memset(r, 0, sizeof(*r));
	r->shmid = shmid;
#if SHMX_SYSV_LIST
	r->key = (int32_t)SHMX_IPC_KEY(ds->shm_perm);
	r->key_known = 1;
#endif
	r->size = ds->shm_segsz;
	r->permissions = ds->shm_perm.mode & 0777;
	r->uid = ds->shm_perm.uid;
	r->gid = ds->shm_perm.gid;
	r->attached = ds->shm_nattch;
	r->creator_pid = ds->shm_cpid;
	r->last_pid = ds->shm_lpid;
	r->ctime = ds->shm_ctime;
#ifdef SHM_DEST
	r->destroyed = (ds->shm_perm.mode & SHM_DEST) != 0;
	r->destroyed_known = 1;
#endif
}

int shmx_sysv_find(int32_t key)
{
	return shmget((key_t)key, 0, 0);
}

int shmx_sysv_each(int (*fn)(const shmx_sysv_record *r, void *ctx), void *ctx)
{
#if SHMX_SYSV_LIST
	struct shm_info info;
	int max = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info);
	for (int i = 0; i <= max; i++) {
		struct shmid_ds ds;
		/* The kernel fills it; zeroed first because valgrind does not know SHM_STAT_ANY. */
		memset(&ds, 0, sizeof(ds));
		int shmid = shmctl(i, SHM_STAT_ANY, &ds);
		if (shmid < 0 && errno == EINVAL) {
			/* A free index, or a kernel older than SHM_STAT_ANY: ask the old way too. */
			shmid = shmctl(i, SHM_STAT, &ds);
		}
		if (shmid >= 0) {
			shmx_sysv_record r;
			record_fill(shmid, &ds, &r);
			if (fn(&r, ctx)) {
				break;
			}
		}
	}
	return 0;
#else
	(void)fn;
	(void)ctx;
	errno = ENOSYS;
	return -1;
#endif
}

typedef struct find_ctx {
	int shmid;
	shmx_sysv_record *r;
	int found;
} find_ctx;

static int find_one(const shmx_sysv_record *r, void *ctx)
{
	find_ctx *f = ctx;
	if (r->shmid == f->shmid) {
		*f->r = *r;
		f->found = 1;
		return 1;
	}
	return 0;
}

int shmx_sysv_record_of(int shmid, shmx_sysv_record *r)
{
	struct shmid_ds ds;
	if (shmctl(shmid, IPC_STAT, &ds) == 0) {
		record_fill(shmid, &ds, r);
		return 0;
	}
	int e = errno;
	if (e == EINVAL || e == EIDRM) {
		return -1;
	}
	/* Not ours to read: the kernel's list still tells its record. */
	find_ctx f = { shmid, r, 0 };
	shmx_sysv_each(find_one, &f);
	if (f.found) {
		return 0;
	}
	errno = e;
	return -1;
}

int shmx_sysv_attach_readonly(shmx_map *m, const shmx_sysv_record *r)
{
	shmx_map_init(m);
	m->id.backend = SHMX_BACKEND_SYSV;
	m->id.key = r->key;
	m->ops = &shmx_backend_sysv;
	m->readonly = 1;
	m->shmid = r->shmid;
	void *addr = shmat(r->shmid, NULL, SHM_RDONLY);
	if (addr == (void *)-1) {
		return -1;
	}
	m->addr = addr;
	m->size = (size_t)r->size;
	return 0;
}

int shmx_sysv_rmid(int shmid)
{
	return shmctl(shmid, IPC_RMID, NULL);
}

/* ---- System V semaphores (compat_sysvsem.c) ---------------------------------------------- */

#if SHMX_HAVE_SYSVSEM
int shmx_os_semget(int32_t key, int nsems, int perms)
{
	return semget((key_t)key, nsems, perms | IPC_CREAT);
}

int shmx_os_semop(int semid, const shmx_semop *ops, size_t n)
{
	struct sembuf b[SHMX_SEMOP_MAX];
	if (n == 0 || n > SHMX_SEMOP_MAX) {
		errno = EINVAL;
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		b[i].sem_num = ops[i].num;
		b[i].sem_op = ops[i].op;
		b[i].sem_flg = (short)(((ops[i].flags & SHMX_SEMOP_UNDO) ? SEM_UNDO : 0)
			| ((ops[i].flags & SHMX_SEMOP_NOWAIT) ? IPC_NOWAIT : 0));
	}
	return semop(semid, b, n);
}

int shmx_os_semgetval(int semid, int num)
{
	return semctl(semid, num, GETVAL);
}

int shmx_os_semsetval(int semid, int num, int val)
{
	union semun arg;
	arg.val = val;
	return semctl(semid, num, SETVAL, arg);
}

int shmx_os_semstat(int semid)
{
	struct semid_ds ds;
	union semun arg;
	arg.buf = &ds;
	return semctl(semid, 0, IPC_STAT, arg) < 0 ? -1 : 0;
}

int shmx_os_semrmid(int semid)
{
	union semun arg;
	arg.val = 0;
	return semctl(semid, 0, IPC_RMID, arg);
}
#else
static int no_sysvsem(void)
{
	errno = ENOSYS;
	return -1;
}

int shmx_os_semget(int32_t key, int nsems, int perms)
{
	(void)key;
	(void)nsems;
	(void)perms;
	return no_sysvsem();
}

int shmx_os_semop(int semid, const shmx_semop *ops, size_t n)
{
	(void)semid;
	(void)ops;
	(void)n;
	return no_sysvsem();
}

int shmx_os_semgetval(int semid, int num)
{
	(void)semid;
	(void)num;
	return no_sysvsem();
}

int shmx_os_semsetval(int semid, int num, int val)
{
	(void)semid;
	(void)num;
	(void)val;
	return no_sysvsem();
}

int shmx_os_semstat(int semid)
{
	(void)semid;
	return no_sysvsem();
}

int shmx_os_semrmid(int semid)
{
	(void)semid;
	return no_sysvsem();
}
#endif
