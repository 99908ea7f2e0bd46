/*
 * compat_sysvshm.c: ext/sysvshm's segment layout (see compat_sysvshm.h), with every offset
 * bounds-checked.
 *
 * Writes follow the original's algorithm exactly (append at head.end, remove by moving the
 * tail down), so both extensions can take turns on one segment. Where the original would read
 * or write outside the segment on a hostile head or chunk, these functions report
 * SHMX_ERR_CORRUPT instead. Invariants kept for every segment this code writes:
 * sizeof(head) <= start <= end <= size, chunks tile [start, end), and free + end == total.
 * There is no lock, as in the original: callers that share a segment between writers use a
 * semaphore (sem_get), and a reader that races a writer sees bounded garbage, never a crash.
 * Fields are read and written with memcpy because a hostile `next` can misalign a chunk.
 */
#include "compat_sysvshm.h"

/* shmget/shmat/shmctl come from platform.h: the system's, or TSRM's emulation on Windows. */
#include <stdio.h>

#define W ((shmx_sysvshm_long)sizeof(shmx_sysvshm_long))
#define HEAD_SIZE ((shmx_sysvshm_long)sizeof(shmx_sysvshm_head))
#define HDR ((shmx_sysvshm_long)SHMX_SYSVSHM_CHUNK_HDR)

_Static_assert(sizeof(shmx_sysvshm_head) == 8 + 4 * sizeof(intptr_t), "sysvshm head layout");
_Static_assert(offsetof(shmx_sysvshm_chunk, mem) == 3 * sizeof(intptr_t), "sysvshm chunk layout");

static inline shmx_sysvshm_long load(const char *base, size_t off)
{
	shmx_sysvshm_long v;
	memcpy(&v, base + off, sizeof(v));
	return v;
}

static inline void store(char *base, size_t off, shmx_sysvshm_long v)
{
	memcpy(base + off, &v, sizeof(v));
}

/* The head's `free` is another process's number: it is adjusted with wrapping arithmetic, so
 * that a hostile value near the limits is garbage in, garbage out, not signed overflow. */
static inline shmx_sysvshm_long add_wrapping(shmx_sysvshm_long a, shmx_sysvshm_long b)
{
	return (shmx_sysvshm_long)((uintptr_t)a + (uintptr_t)b);
}

#define HEAD_OFF(field) offsetof(shmx_sysvshm_head, field)
#define CHUNK_OFF(field) offsetof(shmx_sysvshm_chunk, field)

/* The head's start and end, if they describe a range inside the segment. */
static int head_bounds(const shmx_sysvshm *s, shmx_sysvshm_long *start, shmx_sysvshm_long *end)
{
	shmx_sysvshm_long size = (shmx_sysvshm_long)s->size;
	*start = load(s->addr, HEAD_OFF(start));
	*end = load(s->addr, HEAD_OFF(end));
	return *start >= HEAD_SIZE && *start <= size && *end >= *start && *end <= size;
}

/*
 * The original's search: walk from start while inside [start, end), stop at the key, give up on
 * a non-positive `next` or one that leaves the range. 1 found (*pos, *next set), 0 not found,
 * -1 corrupt head or a chunk header that crosses end.
 */
static int find(const shmx_sysvshm *s, int64_t key, shmx_sysvshm_long *pos, shmx_sysvshm_long *next)
{
	shmx_sysvshm_long start, end, p;
	if (!head_bounds(s, &start, &end)) {
		return -1;
	}
	for (p = start; p < end; ) {
		shmx_sysvshm_long n;
		if (end - p < HDR) {
			return -1;
		}
		n = load(s->addr, (size_t)p + CHUNK_OFF(next));
		if (load(s->addr, (size_t)p + CHUNK_OFF(key)) == (shmx_sysvshm_long)key) {
			*pos = p;
			*next = n;
			return 1;
		}
		if (n <= 0 || n > end - p) {
			return 0;
		}
		p += n;
	}
	return 0;
}

/* Whether the chunks tile [start, end) (each `next` positive, the last one ending at end):
 * only then can a chunk appended at end be found again. */
static int tiled(const shmx_sysvshm *s, shmx_sysvshm_long start, shmx_sysvshm_long end)
{
	shmx_sysvshm_long p = start;
	while (p < end) {
		shmx_sysvshm_long n;
		if (end - p < HDR) {
			return 0;
		}
		n = load(s->addr, (size_t)p + CHUNK_OFF(next));
		if (n <= 0 || n > end - p) {
			return 0;
		}
		p += n;
	}
	return 1;
}

static shmx_status fail_reason(shmx_error *err, shmx_status status, int errnum, const char *reason)
{
	return shmx_fail(err, status, errnum, "%s", reason);
}

/* A failed open's reason as ext/sysvshm words it: the system's message alone. */
static shmx_status os_reason(shmx_error *err)
{
	int e = err->sys_errno ? err->sys_errno : EINVAL;
	return fail_reason(err, SHMX_ERR_OS, e, strerror(e));
}

shmx_status shmx_sysvshm_attach(shmx_sysvshm *s, int32_t key, int64_t size, int perms, shmx_error *err)
{
	int created = 0;
	shmx_id id;
	shmx_sysv_call failed;

	memset(s, 0, offsetof(shmx_sysvshm, map));
	shmx_map_init(&s->map);
	s->addr = NULL;
	s->size = 0;
	s->shmid = -1;
	s->key = key;
	if (shmx_id_from_key(&id, (int64_t)key, err) != SHMX_OK) {
		return os_reason(err);
	}
	/* Through the System V backend, with ext/sysvshm's own calls: shmget(key, 0, 0) for one
	 * that exists, else shmget(key, size, perms | IPC_CREAT | IPC_EXCL) with the caller's bits
	 * as they are, and an existing one taken whatever its size. */
	if (shmx_sysv_open_once(&s->map, &id, 0, 0, 0, &failed, err) != SHMX_OK) {
		/* Key 0 is IPC_PRIVATE: shmget(0, 0, 0) always fails (EINVAL) and, as in the
		 * original, the next call makes a new private segment (shared with fork children). */
		if (failed != SHMX_SYSV_CALL_GET || (err->sys_errno != ENOENT && key != 0)) {
			return os_reason(err);
		}
		if (size < HEAD_SIZE) {
			return fail_reason(err, SHMX_ERR_RANGE, 0, "memorysize too small");
		}
		if ((uint64_t)size > (uint64_t)SIZE_MAX) {
			return fail_reason(err, SHMX_ERR_OS, EINVAL, strerror(EINVAL));
		}
		if (shmx_sysv_open_once(&s->map, &id, SHMX_OPEN_CREATE | SHMX_OPEN_EXCL, (size_t)size, perms, &failed, err) == SHMX_OK) {
			created = 1;
		} else if (failed != SHMX_SYSV_CALL_GET) {
			/* Created, then not attachable: leave nothing behind, as the original. */
			shmx_error ignored;
			int e = err->sys_errno;
			shmx_map_remove(&s->map, &ignored);
			return fail_reason(err, SHMX_ERR_OS, e ? e : EINVAL, strerror(e ? e : EINVAL));
		} else if (err->sys_errno != EEXIST || shmx_sysv_open_once(&s->map, &id, 0, 0, 0, &failed, err) != SHMX_OK) {
			/* EEXIST: another process created it between the two calls; use theirs. */
			return os_reason(err);
		}
	}
	/* The kernel's size, never $size: a segment made by someone else may be smaller. */
	if (s->map.size < (size_t)HEAD_SIZE || (uint64_t)s->map.size > (uint64_t)INTPTR_MAX) {
		if (created) {
			shmx_error ignored;
			shmx_map_remove(&s->map, &ignored);
		}
		shmx_map_detach(&s->map);
		return fail_reason(err, SHMX_ERR_CORRUPT, 0, "segment too small");
	}
	char *addr = s->map.addr;
	s->addr = addr;
	s->size = s->map.size;
	s->shmid = s->map.shmid;

	if (memcmp(addr, SHMX_SYSVSHM_MAGIC, sizeof(SHMX_SYSVSHM_MAGIC)) != 0) {
		/* Unformatted (or foreign): format it as the original does, magic last so that a
		 * concurrent attacher never sees the magic over unset fields. */
		shmx_sysvshm_long total = (shmx_sysvshm_long)s->size;
		if (size >= HEAD_SIZE && (uint64_t)size < (uint64_t)s->size) {
			/* A larger segment someone else made: the original formats $size bytes of it.
			 * (A smaller one gets its own size: the original would write past its end.) */
			total = (shmx_sysvshm_long)size;
		}
		store(addr, HEAD_OFF(start), HEAD_SIZE);
		store(addr, HEAD_OFF(end), HEAD_SIZE);
		store(addr, HEAD_OFF(total), total);
		store(addr, HEAD_OFF(free), total - HEAD_SIZE);
		__atomic_thread_fence(__ATOMIC_RELEASE);
		memcpy(addr, SHMX_SYSVSHM_MAGIC, sizeof(SHMX_SYSVSHM_MAGIC));
	} else {
		shmx_sysvshm_long start, end;
		if (!head_bounds(s, &start, &end)) {
			shmx_sysvshm_detach(s);
			return fail_reason(err, SHMX_ERR_CORRUPT, 0, "segment header is corrupted");
		}
	}
	return SHMX_OK;
}

void shmx_sysvshm_detach(shmx_sysvshm *s)
{
	shmx_map_detach(&s->map);
	s->addr = NULL;
}

shmx_status shmx_sysvshm_remove(shmx_sysvshm *s, shmx_error *err)
{
	if (shmctl(s->shmid, IPC_RMID, NULL) < 0) {
		return fail_reason(err, SHMX_ERR_OS, errno, strerror(errno));
	}
	return SHMX_OK;
}

shmx_status shmx_sysvshm_get(const shmx_sysvshm *s, int64_t key, const char **data, size_t *len)
{
	shmx_sysvshm_long pos, next, length, start, end;
	int r = find(s, key, &pos, &next);
	if (r == 0) {
		return SHMX_ERR_NOT_FOUND;
	}
	if (r < 0 || !head_bounds(s, &start, &end)) {
		return SHMX_ERR_CORRUPT;
	}
	length = load(s->addr, (size_t)pos + CHUNK_OFF(length));
	/* The data must lie inside its own chunk, and the chunk inside [start, end). */
	if (next < HDR || next > end - pos || length < 0 || length > next - HDR) {
		return SHMX_ERR_CORRUPT;
	}
	*data = s->addr + pos + HDR;
	*len = (size_t)length;
	return SHMX_OK;
}

int shmx_sysvshm_has(const shmx_sysvshm *s, int64_t key)
{
	shmx_sysvshm_long pos, next;
	return find(s, key, &pos, &next) == 1;
}

/* Drops the chunk at pos, as the original does. `end` is the caller's checked reading of the
 * head (HDR <= next <= end - pos, end <= size): it is not read again, because another process
 * may change the head meanwhile and the move's length must stay inside the segment. */
static void remove_at(shmx_sysvshm *s, shmx_sysvshm_long pos, shmx_sysvshm_long next, shmx_sysvshm_long end)
{
	shmx_sysvshm_long tail = end - pos - next;
	if (tail > 0) {
		memmove(s->addr + pos, s->addr + pos + next, (size_t)tail);
	}
	store(s->addr, HEAD_OFF(free), add_wrapping(load(s->addr, HEAD_OFF(free)), next));
	store(s->addr, HEAD_OFF(end), end - next);
}

shmx_status shmx_sysvshm_put(shmx_sysvshm *s, int64_t key, const char *data, size_t len)
{
	shmx_sysvshm_long start, end, free_bytes, room, need, pos = 0, next = 0;
	int r;

	if (!head_bounds(s, &start, &end)) {
		return SHMX_ERR_CORRUPT;
	}
	if (len > (size_t)(INTPTR_MAX - 2 * (shmx_sysvshm_long)sizeof(shmx_sysvshm_chunk))) {
		return SHMX_ERR_FULL;
	}
	/* The original's size: the data plus sizeof(chunk) - 1, rounded down to a word, plus one. */
	need = (((shmx_sysvshm_long)len + (shmx_sysvshm_long)sizeof(shmx_sysvshm_chunk) - 1) / W) * W + W;

	/* On a broken chain the value would be appended where no search reaches: refuse. */
	if (!tiled(s, start, end)) {
		return SHMX_ERR_CORRUPT;
	}
	r = find(s, key, &pos, &next);
	if (r < 0) {
		return SHMX_ERR_CORRUPT;
	}
	if (r == 1 && (next < HDR || next > end - pos)) {
		return SHMX_ERR_CORRUPT;
	}
	/* Room is what the head says is free, but never more than the segment really has. */
	free_bytes = load(s->addr, HEAD_OFF(free));
	room = (shmx_sysvshm_long)s->size - end;
	if (free_bytes < room) {
		room = free_bytes < 0 ? 0 : free_bytes;
	}
	/* Unlike the original, a value that does not fit leaves the old one in place. */
	if (room + (r == 1 ? next : 0) < need) {
		return SHMX_ERR_FULL;
	}
	if (r == 1) {
		remove_at(s, pos, next, end);
		end -= next;
	}
	store(s->addr, (size_t)end + CHUNK_OFF(key), (shmx_sysvshm_long)key);
	store(s->addr, (size_t)end + CHUNK_OFF(length), (shmx_sysvshm_long)len);
	store(s->addr, (size_t)end + CHUNK_OFF(next), need);
	if (len) {
		memcpy(s->addr + end + HDR, data, len);
	}
	/* Publish the chunk only once it is complete. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	store(s->addr, HEAD_OFF(end), end + need);
	store(s->addr, HEAD_OFF(free), add_wrapping(load(s->addr, HEAD_OFF(free)), -need));
	return SHMX_OK;
}

shmx_status shmx_sysvshm_remove_var(shmx_sysvshm *s, int64_t key)
{
	shmx_sysvshm_long pos, next, start, end;
	int r = find(s, key, &pos, &next);
	if (r == 0) {
		return SHMX_ERR_NOT_FOUND;
	}
	if (r < 0 || !head_bounds(s, &start, &end) || next < HDR || next > end - pos) {
		return SHMX_ERR_CORRUPT;
	}
	remove_at(s, pos, next, end);
	return SHMX_OK;
}
