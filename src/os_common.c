/*
 * os_common.c: naming (shmx_id), dispatch to the backend tables, and the fd-backed mapping
 * that the POSIX and file backends share.
 *
 * Invariants: a shmx_map is either fully mapped (addr != NULL, ops set) or fully detached
 * (addr NULL); detach is idempotent; nothing here ever removes a name except shmx_map_remove.
 * An fd-backed object that this process sizes has its space reserved before its size becomes
 * visible, and every fd-backed mapping is registered with the SIGBUS guard while it exists.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
# define _GNU_SOURCE /* fallocate() */
#endif
#include "os.h"
#include "fault.h"

#include <stdio.h>
#include <time.h>

void shmx_id_anon(shmx_id *id)
{
	memset(id, 0, sizeof(*id));
	id->backend = SHMX_BACKEND_ANON;
}

shmx_status shmx_id_from_key(shmx_id *id, int64_t key, shmx_error *err)
{
	if (key < INT32_MIN || key > (int64_t)UINT32_MAX) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a System V key between -2147483648 and 4294967295");
	}
	memset(id, 0, sizeof(*id));
	id->backend = SHMX_BACKEND_SYSV;
	/* Keys of 2^31 and above mean their 32-bit two's-complement reading, as ftok() and ipcs. */
	id->key = (int32_t)(uint32_t)(uint64_t)key;
	return SHMX_OK;
}

shmx_status shmx_id_from_string(shmx_id *id, const char *s, size_t len, shmx_error *err)
{
	memset(id, 0, sizeof(*id));
	if (memchr(s, '\0', len)) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "must not contain any null bytes");
	}
	if (len >= 5 && memcmp(s, "file:", 5) == 0) {
		if (len == 5) {
			return shmx_fail(err, SHMX_ERR_RANGE, 0, "must name a file after \"file:\"");
		}
		if (len - 5 >= sizeof(id->name)) {
			return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a path shorter than %d bytes", SHMX_NAME_MAX);
		}
		id->backend = SHMX_BACKEND_FILE;
		memcpy(id->name, s + 5, len - 5);
		return SHMX_OK;
	}
	if (len > 0 && s[0] == '/') {
		s++;
		len--;
	}
	if (len == 0) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a non-empty name");
	}
	if (memchr(s, '/', len)) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a name with no \"/\" after the first character");
	}
	/* NAME_MAX (255) bounds a /dev/shm entry. */
	if (len > 255) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a name of at most 255 bytes");
	}
	id->backend = SHMX_BACKEND_POSIX;
	id->name[0] = '/';
	memcpy(id->name + 1, s, len);
	return SHMX_OK;
}

const char *shmx_id_describe(const shmx_id *id, char *buf, size_t len)
{
	switch (id->backend) {
		case SHMX_BACKEND_SYSV:
			snprintf(buf, len, "key 0x%08x", (unsigned)(uint32_t)id->key);
			break;
		case SHMX_BACKEND_POSIX:
			snprintf(buf, len, "%s", id->name);
			break;
		case SHMX_BACKEND_FILE:
			snprintf(buf, len, "file:%s", id->name);
			break;
		default:
			snprintf(buf, len, "anonymous");
			break;
	}
	return buf;
}

static const shmx_backend_ops *backend_ops(shmx_backend_kind kind)
{
	switch (kind) {
		case SHMX_BACKEND_SYSV: return &shmx_backend_sysv;
#if SHMX_HAVE_ANON
		case SHMX_BACKEND_ANON: return &shmx_backend_anon;
#endif
#if SHMX_HAVE_POSIX
		case SHMX_BACKEND_POSIX: return &shmx_backend_posix;
#endif
#if SHMX_HAVE_FILE
		case SHMX_BACKEND_FILE: return &shmx_backend_file;
#endif
		default: return NULL;
	}
}

int shmx_backend_available(shmx_backend_kind kind)
{
	return backend_ops(kind) != NULL;
}

const char *shmx_backends_compiled(void)
{
	static char list[64];
	static const shmx_backend_kind all[] = {
		SHMX_BACKEND_ANON, SHMX_BACKEND_SYSV, SHMX_BACKEND_POSIX, SHMX_BACKEND_FILE
	};
	if (!list[0]) {
		size_t i;
		for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
			const shmx_backend_ops *ops = backend_ops(all[i]);
			if (ops) {
				if (list[0]) {
					strcat(list, ", ");
				}
				strcat(list, ops->name);
			}
		}
	}
	return list;
}

void shmx_map_init(shmx_map *m)
{
	memset(m, 0, sizeof(*m));
	m->shmid = -1;
	m->fd = -1;
}

shmx_status shmx_map_open(shmx_map *m, const shmx_id *id, int flags, size_t size, uint32_t perms, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	shmx_map_init(m);
	m->id = *id;
	m->ops = backend_ops(id->backend);
	if (!m->ops) {
		return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "%s: this backend is not available on this platform",
			shmx_id_describe(id, desc, sizeof(desc)));
	}
	if ((flags & SHMX_OPEN_CREATE) && (flags & SHMX_OPEN_READONLY)) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "cannot create read-only");
	}
	m->readonly = (flags & SHMX_OPEN_READONLY) != 0;
	shmx_status st = m->ops->open(m, flags, size, perms, err);
	if (st != SHMX_OK) {
		m->addr = NULL;
		m->size = 0;
	}
	return st;
}

shmx_status shmx_map_stat(const shmx_map *m, shmx_stat *st, shmx_error *err)
{
	memset(st, 0, sizeof(*st));
	st->size = m->size;
	return m->ops->stat(m, st, err);
}

shmx_status shmx_map_flush(const shmx_map *m, shmx_error *err)
{
	return m->ops->flush ? m->ops->flush(m, err) : SHMX_OK;
}

shmx_status shmx_map_remove(shmx_map *m, shmx_error *err)
{
	return m->ops->remove ? m->ops->remove(m, err) : SHMX_OK;
}

void shmx_map_detach(shmx_map *m)
{
	if (m->addr && m->ops) {
		m->ops->detach(m);
	}
	m->addr = NULL;
}

const char *shmx_map_backend_name(const shmx_map *m)
{
	return m->ops ? m->ops->name : "none";
}

#ifndef _WIN32
/* Gives an empty object its size with every byte of it backed, so that a filesystem that
 * cannot hold it (Docker's 64 MiB /dev/shm, a full disk) is ENOSPC here, not a SIGBUS at the
 * first touch of a page, which for a Store is inside its own constructor.
 *
 * fallocate() rather than posix_fallocate() on Linux: where the filesystem has no fallocate,
 * glibc's posix_fallocate() emulates it by writing into every block, growing the file as it
 * goes, so another opener could map a part of it, and its writes race with that opener's. The
 * size must become visible only once it is all there: the kernel's fallocate() extends the
 * size at the end (tmpfs) and fails as a whole. A filesystem without it (EOPNOTSUPP; EINVAL
 * from some older ones, never our arguments: offset 0, size > 0) gets a sparse ftruncate() as
 * before: then nothing is reserved, a full filesystem shows up at first touch, and the SIGBUS
 * guard (fault.c) turns that into an exception on the operation instead of a dead process.
 * Elsewhere posix_fallocate() is the only call there is, with the same fallback. */
static shmx_status reserve(int fd, size_t size, const char *desc, shmx_error *err)
{
	int e;
	if ((uint64_t)size > (uint64_t)INT64_MAX) {
		return shmx_fail_os(err, EFBIG, "%s: cannot set size to %zu bytes", desc, size);
	}
#if defined(__linux__)
	do {
		e = fallocate(fd, 0, 0, (off_t)size) == 0 ? 0 : errno;
	} while (e == EINTR);
#elif defined(HAVE_POSIX_FALLOCATE)
	do {
		e = posix_fallocate(fd, 0, (off_t)size); /* returns the error, leaves errno alone */
	} while (e == EINTR);
#else
	e = EOPNOTSUPP;
#endif
	if (e == 0) {
		return SHMX_OK;
	}
	if (e != EOPNOTSUPP && e != ENOSYS && e != EINVAL
#if defined(ENOTSUP) && ENOTSUP != EOPNOTSUPP
		&& e != ENOTSUP
#endif
	) {
		return shmx_fail_os(err, e, "%s: cannot reserve %zu bytes for it", desc, size);
	}
	while (ftruncate(fd, (off_t)size) != 0) {
		if (errno != EINTR) {
			return shmx_fail_os(err, errno, "%s: cannot set size to %zu bytes", desc, size);
		}
	}
	return SHMX_OK;
}

shmx_status shmx_fd_size_and_map(shmx_map *m, int fd, int flags, size_t size, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	struct stat sb;
	int tries = 0;

	shmx_id_describe(&m->id, desc, sizeof(desc));
	for (;;) {
		if (fstat(fd, &sb) != 0) {
			return shmx_fail_os(err, errno, "%s: cannot stat", desc);
		}
		/* A creator in another process may be between open and ftruncate: give it 100 ms.
		 * Mode 'c' waits too: sizing the object itself now would race with that creator's
		 * ftruncate, and whichever shrank it last would leave the other's mapping past the end
		 * of the object (SIGBUS on access). Only an object still empty after that is taken over. */
		if (sb.st_size != 0 || m->created || tries >= 100) {
			break;
		}
		tries++;
		struct timespec ts = { 0, 1000000 };
		nanosleep(&ts, NULL);
	}
	if (m->created || (sb.st_size == 0 && (flags & SHMX_OPEN_CREATE) && size > 0)) {
		if (size == 0) {
			return shmx_fail(err, SHMX_ERR_RANGE, 0, "%s: creating needs a size greater than 0", desc);
		}
		shmx_status rst = reserve(fd, size, desc, err);
		if (rst != SHMX_OK) {
			return rst;
		}
		sb.st_size = (off_t)size;
	} else if (size > (uint64_t)sb.st_size) {
		return shmx_fail(err, SHMX_ERR_SIZE, 0, "%s: asked for %zu bytes but it has only %lld",
			desc, size, (long long)sb.st_size);
	}
	if (sb.st_size == 0) {
		return shmx_fail(err, SHMX_ERR_SIZE, 0, "%s: it is empty (0 bytes)", desc);
	}
	if ((uint64_t)sb.st_size > SIZE_MAX) {
		return shmx_fail(err, SHMX_ERR_SIZE, 0, "%s: too large to map", desc);
	}
	void *addr = mmap(NULL, (size_t)sb.st_size, m->readonly ? PROT_READ : PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (addr == MAP_FAILED) {
		return shmx_fail_os(err, errno, "%s: cannot map", desc);
	}
	shmx_status rs = shmx_fault_register(addr, (size_t)sb.st_size, fd, m->readonly, err);
	if (rs != SHMX_OK) {
		munmap(addr, (size_t)sb.st_size);
		return rs;
	}
	m->addr = addr;
	m->size = (size_t)sb.st_size;
	return SHMX_OK;
}
#endif
