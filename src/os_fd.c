/*
 * os_fd.c: open / stat / detach / remove for backends whose object is a file descriptor
 * (shm_open names and regular files). The descriptor stays open while mapped so that stat()
 * can answer for this very object even after its name was removed or reused.
 *
 * Also the calls of both for reading from outside (inspect.c; os.h, "reading from outside"):
 * an object looked at and opened read-only, mapped, and its name removed. Windows has neither
 * backend: there they fail with ENOSYS.
 */
#include "os_fd.h"
#include "fault.h"

#include <stdio.h>

#ifndef _WIN32

shmx_status shmx_fd_open(shmx_map *m, const shmx_fd_calls *calls, int flags, size_t size, uint32_t perms, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	int fd = -1;
	int oflag = m->readonly ? O_RDONLY : O_RDWR;
	/* Size 0 means "take what is there": never create then (creating an empty object only to
	 * unlink it again would let a concurrent opener map an object that then loses its name). */
	int may_create = (flags & SHMX_OPEN_CREATE) && size > 0;

	shmx_id_describe(&m->id, desc, sizeof(desc));
	for (int attempt = 0; attempt < 100 && fd < 0; attempt++) {
		if (may_create) {
			fd = calls->open(m->id.name, oflag | O_CREAT | O_EXCL, (mode_t)(perms & 0777));
			if (fd >= 0) {
				m->created = 1;
				/* umask must not narrow what the caller asked for, as with System V. */
				if (fchmod(fd, (mode_t)(perms & 0777)) != 0) {
					int e = errno;
					close(fd);
					calls->unlink(m->id.name);
					return shmx_fail_os(err, e, "%s: cannot set permissions", desc);
				}
				break;
			}
			if (errno != EEXIST) {
				return shmx_fail_os(err, errno, "%s: cannot create", desc);
			}
			if (flags & SHMX_OPEN_EXCL) {
				return shmx_fail(err, SHMX_ERR_EXISTS, EEXIST, "%s: already exists", desc);
			}
		}
		fd = calls->open(m->id.name, oflag, 0);
		if (fd < 0 && errno != ENOENT) {
			return shmx_fail_os(err, errno, "%s: cannot open", desc);
		}
		if (fd < 0 && (flags & SHMX_OPEN_CREATE) && !may_create) {
			return shmx_fail(err, SHMX_ERR_RANGE, 0, "%s: creating needs a size greater than 0", desc);
		}
		if (fd < 0 && !may_create) {
			return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "%s: does not exist", desc);
		}
		/* ENOENT with CREATE: it was removed between our two calls; try creating again. */
	}
	if (fd < 0) {
		return shmx_fail(err, SHMX_ERR_OS, EAGAIN, "%s: created and removed by others too often to open", desc);
	}
	if (calls->regular_only) {
		struct stat sb;
		if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			close(fd);
			return shmx_fail(err, SHMX_ERR_OS, EINVAL, "%s: not a regular file", desc);
		}
	}
	shmx_status st = shmx_fd_size_and_map(m, fd, flags, size, err);
	if (st != SHMX_OK) {
		close(fd);
		if (m->created) {
			calls->unlink(m->id.name);
		}
		return st;
	}
	m->fd = fd;
	return SHMX_OK;
}

shmx_status shmx_fd_stat(const shmx_map *m, const shmx_fd_calls *calls, shmx_stat *st, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	struct stat sb, named;
	if (fstat(m->fd, &sb) != 0) {
		return shmx_fail_os(err, errno, "%s: cannot stat", shmx_id_describe(&m->id, desc, sizeof(desc)));
	}
	st->size = m->size;
	st->permissions = sb.st_mode & 0777;
	st->uid = sb.st_uid; st->gid = sb.st_gid; st->owner_known = 1;
	st->atime = sb.st_atime; st->atime_known = 1;
	st->ctime = sb.st_ctime; st->ctime_known = 1;
	/* Destroyed: the name is gone, or now names a different object. */
	int fd = calls->open(m->id.name, O_RDONLY, 0);
	if (fd >= 0) {
		st->destroyed = fstat(fd, &named) != 0 || named.st_ino != sb.st_ino || named.st_dev != sb.st_dev;
		close(fd);
	} else {
		st->destroyed = errno == ENOENT;
	}
	st->destroyed_known = 1;
	return SHMX_OK;
}

void shmx_fd_detach(shmx_map *m)
{
	struct stat sb;
	/* Out of the registry first: once unmapped, the range may be handed to someone else. */
	int damaged = shmx_fault_unregister(m->addr) || m->damaged
		|| (m->fd >= 0 && fstat(m->fd, &sb) == 0 && (uint64_t)sb.st_size < m->size);
	if (damaged) {
		/* Cut short under us: a robust mutex this process held in a lost page is still
		 * linked into the thread's robust list, and glibc writes through that link at the
		 * next robust lock. The range stays, as private zeros, for the life of the process;
		 * the object's pages are let go. */
		if (mmap(m->addr, m->size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) {
			munmap(m->addr, m->size);
		}
	} else {
		munmap(m->addr, m->size);
	}
	if (m->fd >= 0) {
		close(m->fd);
		m->fd = -1;
	}
}

int shmx_fd_same(const shmx_map *m, const shmx_fd_calls *calls, const char *path)
{
	struct stat sb;
	if (path) {
		if (stat(path, &sb) != 0) {
			return 0;
		}
	} else {
		int fd = calls->open(m->id.name, O_RDONLY, 0);
		if (fd < 0) {
			return 0;
		}
		int ok = fstat(fd, &sb) == 0;
		close(fd);
		if (!ok) {
			return 0;
		}
	}
	return (uint64_t)sb.st_dev == m->dev && (uint64_t)sb.st_ino == m->ino;
}

shmx_status shmx_fd_remove(shmx_map *m, const shmx_fd_calls *calls, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	struct stat sb, named;
	/* Only unlink the name if it still names this object: someone may have recreated it. */
	int same;
	int fd = calls->open(m->id.name, O_RDONLY, 0);
	if (fd >= 0) {
		same = fstat(fd, &named) == 0 && m->fd >= 0 && fstat(m->fd, &sb) == 0
			&& named.st_ino == sb.st_ino && named.st_dev == sb.st_dev;
		close(fd);
	} else if (errno == ENOENT) {
		return SHMX_OK;
	} else {
		/* Not readable (mode 0200, say): we cannot compare, so do what was asked. */
		same = 1;
	}
	if (same && calls->unlink(m->id.name) != 0 && errno != ENOENT) {
		return shmx_fail_os(err, errno, "%s: cannot remove", shmx_id_describe(&m->id, desc, sizeof(desc)));
	}
	return SHMX_OK;
}

/* ---- reading from outside (inspect.c) ------------------------------------------------------ */

shmx_status shmx_fd_inspect_open(const shmx_id *id, shmx_fd_record *r, int *fdp, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16], path[SHMX_NAME_MAX + 16];
	struct stat sb;
	int posix = id->backend == SHMX_BACKEND_POSIX;
	int looked = 0;

	memset(r, 0, sizeof(*r));
	*fdp = -1;
	shmx_id_describe(id, desc, sizeof(desc));
	if (posix) {
		looked = shmx_posix_path(id->name, path, sizeof(path)) == 0;
	} else {
		snprintf(path, sizeof(path), "%s", id->name);
		looked = 1;
	}
	if (looked) {
		/* Looked at first: opening a FIFO would block, and a device is nobody's shared memory.
		 * shm_open() follows no symlink in /dev/shm; a file: path may be one. */
		if ((posix ? lstat(path, &sb) : stat(path, &sb)) != 0) {
			return errno == ENOENT ? shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "%s: does not exist", desc)
				: shmx_fail_os(err, errno, "%s", desc);
		}
		if (!S_ISREG(sb.st_mode)) {
			return shmx_fail(err, SHMX_ERR_OS, EINVAL, "%s: not a regular file", desc);
		}
	}
	/* Non-blocking: a FIFO renamed over the name since the look must not hang us. */
	int fd = posix ? shmx_posix_open_readonly(id->name) : open(id->name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int open_errno = errno;
	if (fd < 0 && open_errno == ENOENT) {
		return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "%s: does not exist", desc);
	}
	if (fd >= 0 && fstat(fd, &sb) != 0) {
		open_errno = errno;
		close(fd);
		fd = -1;
	}
	if (fd < 0 && !looked) {
		return shmx_fail_os(err, open_errno, "%s: cannot open", desc);
	}
	if (fd >= 0 && !S_ISREG(sb.st_mode)) {
		close(fd);
		return shmx_fail(err, SHMX_ERR_OS, EINVAL, "%s: not a regular file", desc);
	}
	/* From the open file, or where it could not be opened from the look by name. */
	r->size = (uint64_t)sb.st_size;
	r->permissions = sb.st_mode & 0777;
	r->uid = sb.st_uid;
	r->gid = sb.st_gid;
	r->ctime = sb.st_ctime;
	r->dev = (uint64_t)sb.st_dev;
	r->ino = (uint64_t)sb.st_ino;
	r->open_errno = fd < 0 ? open_errno : 0;
	*fdp = fd;
	return SHMX_OK;
}

shmx_status shmx_fd_map_readonly(shmx_map *m, const shmx_id *id, int fd, size_t size, shmx_error *err)
{
	shmx_map_init(m);
	m->id = *id;
	m->readonly = 1;
	m->ops = shmx_backend_get(id->backend); /* there: the fd was opened through it */
	void *addr = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (addr == MAP_FAILED) {
		int e = errno;
		close(fd);
		return shmx_fail_os(err, e, "cannot map");
	}
	shmx_status st = shmx_fault_register(addr, size, fd, 1, err);
	if (st != SHMX_OK) {
		munmap(addr, size);
		close(fd);
		return st;
	}
	m->addr = addr;
	m->size = size;
	m->fd = fd;
	return SHMX_OK;
}

void shmx_fd_close(int fd)
{
	if (fd >= 0) {
		close(fd);
	}
}

int shmx_fd_name_regular(const shmx_id *id)
{
	char path[SHMX_NAME_MAX + 16];
	struct stat sb;
	if (id->backend == SHMX_BACKEND_POSIX) {
		if (shmx_posix_path(id->name, path, sizeof(path)) != 0) {
			return 0;
		}
	} else if (id->backend == SHMX_BACKEND_FILE) {
		snprintf(path, sizeof(path), "%s", id->name);
	} else {
		return 0;
	}
	return lstat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

shmx_status shmx_fd_unlink_name(const shmx_id *id, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	int r;
	shmx_id_describe(id, desc, sizeof(desc));
	if (id->backend == SHMX_BACKEND_POSIX) {
		r = shmx_posix_unlink(id->name);
	} else if (id->backend == SHMX_BACKEND_FILE) {
		struct stat sb;
		if (lstat(id->name, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			return shmx_fail(err, SHMX_ERR_OS, EINVAL, "%s: not a regular file; not removed", desc);
		}
		r = unlink(id->name);
	} else {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "names no object that can be removed");
	}
	if (r != 0) {
		int e = errno;
		if (e == ENOENT) {
			return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "%s: does not exist", desc);
		}
		return shmx_fail_os(err, e, "%s: cannot remove", desc);
	}
	return SHMX_OK;
}

#else

/* Windows: no POSIX names, no file: objects. */
static shmx_status no_fd(const shmx_id *id, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "%s: not available on this platform", shmx_id_describe(id, desc, sizeof(desc)));
}

int shmx_fd_name_regular(const shmx_id *id)
{
	(void)id;
	return 0;
}

shmx_status shmx_fd_inspect_open(const shmx_id *id, shmx_fd_record *r, int *fdp, shmx_error *err)
{
	memset(r, 0, sizeof(*r));
	*fdp = -1;
	return no_fd(id, err);
}

shmx_status shmx_fd_map_readonly(shmx_map *m, const shmx_id *id, int fd, size_t size, shmx_error *err)
{
	(void)fd;
	(void)size;
	shmx_map_init(m);
	return no_fd(id, err);
}

void shmx_fd_close(int fd)
{
	(void)fd;
}

shmx_status shmx_fd_unlink_name(const shmx_id *id, shmx_error *err)
{
	return no_fd(id, err);
}

#endif
