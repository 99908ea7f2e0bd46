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
#include "region.h" /* the removed mark a cached mapping of a region is checked for */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Only the fields and the name's terminator: the 4 KiB name buffer is not cleared (nothing reads
 * past the terminator), which keeps an open of a cached mapping cheap. */
static void id_clear(shmx_id *id)
{
	id->backend = SHMX_BACKEND_ANON;
	id->key = 0;
	id->name[0] = '\0';
}

static void id_copy(shmx_id *to, const shmx_id *from)
{
	to->backend = from->backend;
	to->key = from->key;
	strcpy(to->name, from->name);
}

void shmx_id_anon(shmx_id *id)
{
	id_clear(id);
	id->backend = SHMX_BACKEND_ANON;
}

shmx_status shmx_id_from_key(shmx_id *id, int64_t key, shmx_error *err)
{
	if (key < INT32_MIN || key > (int64_t)UINT32_MAX) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a System V key between -2147483648 and 4294967295");
	}
	id_clear(id);
	id->backend = SHMX_BACKEND_SYSV;
	/* Keys of 2^31 and above mean their 32-bit two's-complement reading, as ftok() and ipcs. */
	id->key = (int32_t)(uint32_t)(uint64_t)key;
	return SHMX_OK;
}

shmx_status shmx_id_from_string(shmx_id *id, const char *s, size_t len, shmx_error *err)
{
	id_clear(id);
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
		id->name[len - 5] = '\0';
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
	id->name[len + 1] = '\0';
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

const shmx_backend_ops *shmx_backend_get(shmx_backend_kind kind)
{
	return backend_ops(kind);
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
	/* Field by field: see id_clear. */
	m->addr = NULL;
	m->size = 0;
	m->shmid = -1;
	m->fd = -1;
	m->dev = m->ino = 0;
	m->created = m->readonly = m->damaged = 0;
	m->fault_seen = 0;
	id_clear(&m->id);
	m->ops = NULL;
	m->cached = NULL;
}

/* ---- the process's mappings, shared by its handles ------------------------------------
 *
 * A PHP-FPM worker opens the same objects on every request; without this each open is an
 * open + fstat + mmap and each close a munmap. An entry holds one real mapping (its own
 * shmx_map, which owns the fd or attachment); handles get copies of it, pointing back. An entry
 * is reused only while it is not stale; it becomes stale when this process removes its object
 * or a reopen finds the id naming something else, and is unmapped once no handle uses it.
 * After fork() the child has the same mappings and the same list, so both stay right. */

struct shmx_map_cached {
	struct shmx_map_cached *next;
	shmx_map map;        /* the real mapping; map.cached is NULL */
	uint32_t users;      /* handles mapping through it */
	int stale;           /* never handed out again */
	uint64_t last_used;  /* for choosing which idle entry to unmap */
	int64_t checked_ns;  /* when same() last said the id names this object */
};

static struct shmx_map_cached *cache_head;
static uint32_t cache_lock_word;
static uint64_t cache_clock;

static void cache_lock(void)
{
	uint32_t expected = 0;
	while (!__atomic_compare_exchange_n(&cache_lock_word, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
		expected = 0;
	}
}

static void cache_unlock(void)
{
	__atomic_store_n(&cache_lock_word, 0, __ATOMIC_RELEASE);
}

static int cacheable(const shmx_id *id, int flags)
{
	const shmx_backend_ops *ops = backend_ops(id->backend);
	return ops && ops->same && !(flags & SHMX_OPEN_EXCL) && !(id->backend == SHMX_BACKEND_SYSV && id->key == 0);
}

static int same_id(const shmx_id *a, const shmx_id *b)
{
	return a->backend == b->backend && a->key == b->key && strcmp(a->name, b->name) == 0;
}

/* Unlinks and returns the entries to unmap (cache lock held): idle stale ones, and the least
 * recently used idle ones past SHMX_MAP_CACHE_IDLE. */
static struct shmx_map_cached *cache_collect(void)
{
	struct shmx_map_cached **pp = &cache_head, *out = NULL;
	unsigned idle = 0;
	for (struct shmx_map_cached *e = cache_head; e; e = e->next) {
		idle += e->users == 0 && !e->stale;
	}
	while (*pp) {
		struct shmx_map_cached *e = *pp;
		if (e->users == 0 && e->stale) {
			*pp = e->next;
			e->next = out;
			out = e;
			continue;
		}
		pp = &e->next;
	}
	while (idle > SHMX_MAP_CACHE_IDLE) {
		struct shmx_map_cached **oldest = NULL;
		for (pp = &cache_head; *pp; pp = &(*pp)->next) {
			if ((*pp)->users == 0 && (!oldest || (*pp)->last_used < (*oldest)->last_used)) {
				oldest = pp;
			}
		}
		struct shmx_map_cached *e = *oldest;
		*oldest = e->next;
		e->next = out;
		out = e;
		idle--;
	}
	return out;
}

static void cache_free(struct shmx_map_cached *list)
{
	while (list) {
		struct shmx_map_cached *next = list->next;
		list->map.ops->detach(&list->map);
		free(list);
		list = next;
	}
}

/* *to = *from, the name copied up to its terminator. */
static void map_copy(shmx_map *to, const shmx_map *from)
{
	memcpy(to, from, offsetof(shmx_map, id));
	id_copy(&to->id, &from->id);
	to->ops = from->ops;
	to->cached = from->cached;
}

/* A mapping of id this process has, fit for `flags` and `size`, pinned for the caller; or NULL. */
static struct shmx_map_cached *cache_find(const shmx_id *id, int flags, size_t size)
{
	int readonly = (flags & SHMX_OPEN_READONLY) != 0;
	struct shmx_map_cached *found = NULL;
	cache_lock();
	for (struct shmx_map_cached *e = cache_head; e; e = e->next) {
		if (!e->stale && e->map.readonly == readonly && same_id(&e->map.id, id)
			&& (size <= e->map.size || (flags & SHMX_OPEN_ANY_SIZE))) {
			e->users++;
			e->last_used = ++cache_clock;
			found = e;
			break;
		}
	}
	cache_unlock();
	if (!found) {
		return NULL;
	}
	/* A region (Store, Counter, Mutex, Semaphore) that destroy() removed says so in its
	 * header: that costs no syscall, so the name is looked at only once a millisecond, for
	 * what removes it from outside shmx (ipcrm, rm). Anything else is looked at every time. */
	int64_t now = shmx_monotonic_ns();
	int fresh;
	if ((flags & SHMX_OPEN_REGION) && !shmx_region_removed(&found->map)
		&& now - SHMX_LOAD_RELAXED(&found->checked_ns) < SHMX_MAP_RECHECK_NS) {
		fresh = 1;
	} else {
		fresh = !shmx_region_removed(&found->map) && found->map.ops->same(&found->map);
		if (fresh) {
			SHMX_STORE_RELAXED(&found->checked_ns, now);
		}
	}
	if (!fresh) {
		/* Removed or recreated behind our back: this mapping is not the object any more. */
		cache_lock();
		found->stale = 1;
		found->users--;
		struct shmx_map_cached *dead = cache_collect();
		cache_unlock();
		cache_free(dead);
		found = NULL;
	}
	return found;
}

/* Keeps m's new mapping in the cache, m pointing at it; without memory, m stays private. */
static void cache_add(shmx_map *m)
{
	struct shmx_map_cached *e = malloc(sizeof(*e));
	if (!e) {
		return;
	}
	map_copy(&e->map, m);
	e->users = 1;
	e->stale = 0;
	e->checked_ns = shmx_monotonic_ns();
	cache_lock();
	e->last_used = ++cache_clock;
	e->next = cache_head;
	cache_head = e;
	cache_unlock();
	m->cached = e;
}

/* m's object was removed, or its mapping found damaged (truncated under it): no entry for its
 * id is handed out again. */
static void cache_forget(shmx_map *m)
{
	cache_lock();
	for (struct shmx_map_cached *e = cache_head; e; e = e->next) {
		if (e == m->cached || same_id(&e->map.id, &m->id)) {
			e->stale = 1;
		}
	}
	cache_unlock();
}

shmx_status shmx_map_open(shmx_map *m, const shmx_id *id, int flags, size_t size, uint32_t perms, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	shmx_map_init(m);
	int cache = cacheable(id, flags) && !((flags & SHMX_OPEN_CREATE) && (flags & SHMX_OPEN_READONLY));
	if (cache) {
		struct shmx_map_cached *e = cache_find(id, flags, size);
		if (e) {
			map_copy(m, &e->map);
			m->cached = e;
			m->created = 0;
			m->damaged = 0;
			m->fault_seen = 0;
			shmx_error ignored;
			if (shmx_map_check(m, &ignored) == SHMX_OK) {
				return SHMX_OK;
			}
			/* Truncated under an earlier handle: open the object afresh. */
			cache_forget(m);
			shmx_map_detach(m);
			shmx_map_init(m);
		}
	}
	id_copy(&m->id, id);
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
	} else if (cache) {
		cache_add(m);
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
	if (m->cached || cacheable(&m->id, 0)) {
		/* Whatever maps it here maps a removed object: no reopen may get it. */
		cache_forget(m);
	}
	return m->ops->remove ? m->ops->remove(m, err) : SHMX_OK;
}

void shmx_map_detach(shmx_map *m)
{
	if (m->cached) {
		struct shmx_map_cached *e = m->cached;
		if (m->damaged) {
			cache_forget(m);
		}
		cache_lock();
		e->users--;
		struct shmx_map_cached *dead = cache_collect();
		cache_unlock();
		cache_free(dead);
		m->cached = NULL;
	} else if (m->addr && m->ops) {
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
	} else if (size > (uint64_t)sb.st_size && !(flags & SHMX_OPEN_ANY_SIZE)) {
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
	m->dev = (uint64_t)sb.st_dev;
	m->ino = (uint64_t)sb.st_ino;
	return SHMX_OK;
}
#endif
