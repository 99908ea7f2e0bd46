/*
 * os_fd.c: open / stat / detach / remove for backends whose object is a file descriptor
 * (shm_open names and regular files). The descriptor stays open while mapped so that stat()
 * can answer for this very object even after its name was removed or reused.
 */
#include "os_fd.h"
#include "fault.h"

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

#endif
