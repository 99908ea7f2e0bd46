/*
 * inspect.c: listing and reading shared memory objects from outside (see inspect.h).
 *
 * Where the objects are found: System V segments through shmctl(SHM_INFO) for the highest
 * index in use and shmctl(SHM_STAT_ANY, or SHM_STAT on kernels before 4.17) for each index,
 * which gives every segment's kernel record whoever owns it; POSIX objects as the regular files
 * of /dev/shm. Both are Linux's ways, hence the #ifs here (this is an OS-facing file, like the
 * backends); elsewhere a target named directly still works, the listing is empty.
 *
 * Invariants: nothing here writes to an object or waits for one; every field read from shared
 * memory is checked before use (sizes against the mapping, counts against their limits), and
 * an fd-backed mapping is read only while registered with the SIGBUS guard and trusted only if
 * shmx_map_check() passes afterwards.
 */
#if defined(__linux__) && !defined(_GNU_SOURCE)
# define _GNU_SOURCE /* SHM_INFO, SHM_STAT, struct shm_info */
#endif
#include "inspect.h"
#include "region.h"
#include "store.h"
#include "sync.h"
#include "counter.h"
#include "queue.h"
#include "compat_sysvshm.h"
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>
#include <stdarg.h>
#include <limits.h>

#ifndef _WIN32
# include <dirent.h>
# include <pwd.h>
# if defined(__linux__)
#  include <sys/sysmacros.h>
# endif
#endif

#if defined(__linux__)
# define SHMX_INSPECT_PROC 1
# define SHMX_DEV_SHM "/dev/shm"
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
# define SHMX_INSPECT_PROC 0
#endif

#define SET(o, val) ((o).v = (int64_t)(val), (o).known = 1)

/* --- naming --- */

shmx_status shmx_inspect_key(int64_t key, shmx_inspect_target *t, shmx_error *err)
{
	t->shmid = -1;
	return shmx_id_from_key(&t->id, key, err);
}

/* Whether s[0..len) is a whole integer (decimal, optionally negative, or 0x hex): *v. */
static int parse_int(const char *s, size_t len, int64_t *v)
{
	char buf[32], *end;
	if (len == 0 || len >= sizeof(buf)) {
		return 0;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	int hex = len > 2 && buf[0] == '0' && (buf[1] == 'x' || buf[1] == 'X');
	const char *digits = hex ? buf + 2 : (buf[0] == '-' ? buf + 1 : buf);
	if (!*digits) {
		return 0;
	}
	for (const char *p = digits; *p; p++) {
		if (hex ? !((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F'))
			: !(*p >= '0' && *p <= '9')) {
			return 0;
		}
	}
	errno = 0;
	long long r = hex ? (long long)strtoull(buf + 2, &end, 16) : strtoll(buf, &end, 10);
	if (errno == ERANGE || (hex && strtoull(buf + 2, NULL, 16) > (unsigned long long)UINT32_MAX)) {
		return -1;
	}
	*v = (int64_t)r;
	return 1;
}

shmx_status shmx_inspect_parse(const char *s, size_t len, shmx_inspect_target *t, shmx_error *err)
{
	int64_t v;
	memset(t, 0, sizeof(*t));
	t->shmid = -1;
	if (len > 6 && memcmp(s, "shmid:", 6) == 0) {
		if (parse_int(s + 6, len - 6, &v) != 1 || v < 0 || v > INT_MAX) {
			return shmx_fail(err, SHMX_ERR_RANGE, 0, "must give a System V shmid (0 or more) after \"shmid:\"");
		}
		t->id.backend = SHMX_BACKEND_SYSV;
		t->shmid = v;
		return SHMX_OK;
	}
	switch (parse_int(s, len, &v)) {
		case 1: return shmx_inspect_key(v, t, err);
		case -1: return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a System V key between -2147483648 and 4294967295");
	}
	shmx_status st = shmx_id_from_string(&t->id, s, len, err);
	if (st == SHMX_OK && !shmx_backend_available(t->id.backend)) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "names a backend this platform does not have");
	}
	return st;
}

/* --- who --- */

/* 1 alive, 0 dead or a zombie, -1 unknown (another user's process we may not signal counts as
 * alive: kill() said EPERM, so it exists). */
static int pid_alive(int64_t pid)
{
	if (pid <= 0 || pid > INT32_MAX) {
		return -1;
	}
	int r = shmx_pid_alive((shmx_pid)pid);
	if (r == -1 && errno == EPERM) {
		r = 1;
	}
	if (r == 1) {
		int exited = 0;
		uint64_t start;
		if (shmx_thread_stat((uint32_t)pid, &exited, &start) && exited) {
			r = 0;
		}
	}
	return r;
}

static void set_creator(shmx_object_info *o, int64_t pid)
{
	if (pid <= 0) {
		return;
	}
	SET(o->creator_pid, pid);
	int alive = pid_alive(pid);
	if (alive >= 0) {
		SET(o->creator_alive, alive);
	}
}

static void set_owner(shmx_object_info *o, int64_t uid, int64_t gid)
{
	o->uid = uid;
	o->gid = gid;
	o->user[0] = '\0';
#ifndef _WIN32
	struct passwd pw, *found = NULL;
	char buf[2048];
	if (getpwuid_r((uid_t)uid, &pw, buf, sizeof(buf), &found) == 0 && found && strlen(found->pw_name) < sizeof(o->user)) {
		strcpy(o->user, found->pw_name);
	}
#endif
}

/* --- what the bytes are --- */

static void status(shmx_object_info *o, const char *fmt, ...)
#ifdef __GNUC__
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void status(shmx_object_info *o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(o->status, sizeof(o->status), fmt, ap);
	va_end(ap);
	o->ok = strcmp(o->status, "ok") == 0;
}

/* The core's messages start with the object's name ("/name: ..."); the report names it already. */
static const char *reason(const shmx_error *err)
{
	const char *p = strstr(err->msg, ": ");
	return p ? p + 2 : err->msg;
}

/* A kind this build knows by name; any other (a kind added after this build) by number. */
static void kind_name(shmx_object_info *o, uint32_t kind)
{
	const char *n = shmx_region_kind_name((shmx_region_kind)kind);
	/* region.c names every kind it knows; the rest is its "unknown object". */
	if (kind == 0 || strcmp(n, "unknown object") == 0) {
		snprintf(o->kind, sizeof(o->kind), "shmx kind %u", kind);
	} else {
		snprintf(o->kind, sizeof(o->kind), "%s", n);
	}
}

static void read_store(shmx_map *m, shmx_object_info *o)
{
	shmx_store s;
	shmx_store_stats info;
	shmx_error err;
	if (shmx_store_attach(&s, m, 0, &err) != SHMX_OK) {
		status(o, "damaged: %s", reason(&err));
		return;
	}
	if (shmx_store_info(&s, &info, &err) != SHMX_OK) {
		status(o, "damaged: %s", reason(&err));
	} else {
		SET(o->used, info.used);
		SET(o->free, info.free);
		SET(o->entries, info.entries);
		SET(o->hits, info.hits);
		SET(o->misses, info.misses);
	}
	shmx_store_detach(&s);
}

static void read_mutex(const void *payload, size_t payload_size, shmx_object_info *o)
{
	if (payload_size < sizeof(shmx_mutex_shared)) {
		status(o, "damaged: %zu bytes of payload, a Mutex needs %zu", payload_size, sizeof(shmx_mutex_shared));
		return;
	}
	const shmx_mutex_shared *mx = payload;
	uint32_t word = SHMX_LOAD(&mx->lock.word);
	int32_t pid = SHMX_LOAD(&mx->owner.pid);
	/* The holder records its pid right after it locks: a held word with no pid yet is a
	 * holder between the two, or one that died there. */
	if (word != 0 && pid > 0) {
		SET(o->holder, pid);
		int alive = pid_alive(pid);
		if (alive >= 0) {
			SET(o->holder_alive, alive);
		}
	}
}

static void read_semaphore(const void *payload, size_t payload_size, shmx_object_info *o)
{
	if (payload_size < sizeof(shmx_sem_header)) {
		status(o, "damaged: %zu bytes of payload, a Semaphore needs %zu", payload_size, sizeof(shmx_sem_header));
		return;
	}
	shmx_sem sem;
	memset(&sem, 0, sizeof(sem));
	sem.h = (shmx_sem_header *)payload;
	uint32_t n = SHMX_LOAD(&sem.h->permits);
	if (n == 0 || n > SHMX_SEM_MAX_PERMITS || SHMX_SEM_PAYLOAD(n) > payload_size) {
		status(o, "damaged: %u permits do not fit its %zu bytes of payload", n, payload_size);
		return;
	}
	sem.permits = n;
	sem.slots = (shmx_lock *)(sem.h + 1);
	sem.owners = (shmx_owner *)(sem.slots + n);
	SET(o->permits, n);
	SET(o->available, shmx_sem_available(&sem));
}

/* A Queue's length and bytes in use, from positions that only grow; read without its lock, so
 * exact unless a push or pop is committing. */
static void read_queue(const void *payload, size_t payload_size, shmx_object_info *o)
{
	if (payload_size < sizeof(shmx_queue_shared)) {
		status(o, "damaged: %zu bytes of payload, a Queue needs %zu", payload_size, sizeof(shmx_queue_shared));
		return;
	}
	const shmx_queue_shared *q = payload;
	uint64_t capacity = SHMX_LOAD_RELAXED(&q->capacity);
	uint64_t head = SHMX_LOAD(&q->head), tail = SHMX_LOAD(&q->tail);
	uint64_t pushed = SHMX_LOAD_RELAXED(&q->pushed), popped = SHMX_LOAD_RELAXED(&q->popped);
	if (capacity == 0 || capacity > payload_size - sizeof(shmx_queue_shared) || tail < head || tail - head > capacity
		|| pushed < popped) {
		status(o, "damaged: its positions (head %llu, tail %llu) do not fit a %llu-byte ring",
			(unsigned long long)head, (unsigned long long)tail, (unsigned long long)capacity);
		return;
	}
	SET(o->entries, pushed - popped);
	SET(o->used, tail - head);
	SET(o->free, capacity - (tail - head));
}

/* ext/sysvshm's head and chain, walked with every offset checked. */
static void read_sysvshm(const char *addr, size_t size, shmx_object_info *o)
{
	shmx_sysvshm_head h;
	memcpy(&h, addr, sizeof(h));
	o->shmx = 1;
	snprintf(o->kind, sizeof(o->kind), "sysvshm-compat");
	if (h.start < (shmx_sysvshm_long)sizeof(h) || h.end < h.start || (uint64_t)h.end > size) {
		status(o, "damaged: its sysvshm header is out of bounds (start %lld, end %lld, %zu bytes)",
			(long long)h.start, (long long)h.end, size);
		return;
	}
	uint64_t count = 0;
	shmx_sysvshm_long pos = h.start;
	while (pos < h.end) {
		shmx_sysvshm_chunk c;
		if ((uint64_t)(h.end - pos) < SHMX_SYSVSHM_CHUNK_HDR) {
			status(o, "damaged: a variable at offset %lld runs past the end of the data", (long long)pos);
			return;
		}
		memcpy(&c, addr + pos, SHMX_SYSVSHM_CHUNK_HDR);
		if (c.next < (shmx_sysvshm_long)SHMX_SYSVSHM_CHUNK_HDR || c.next > h.end - pos || c.length < 0
			|| c.length > c.next - (shmx_sysvshm_long)SHMX_SYSVSHM_CHUNK_HDR) {
			status(o, "damaged: the variable at offset %lld has impossible sizes", (long long)pos);
			return;
		}
		count++;
		pos += c.next;
	}
	SET(o->used, h.end);
	SET(o->entries, count);
}

/* Reads what the mapping holds into o's layout fields. m is a read-only map of the object. */
static void read_layout(shmx_map *m, shmx_object_info *o)
{
	const char *addr = m->addr;
	size_t size = m->size;

	status(o, "not a shmx object");
	if (size >= sizeof(shmx_sysvshm_head) && memcmp(addr, SHMX_SYSVSHM_MAGIC, sizeof(SHMX_SYSVSHM_MAGIC)) == 0) {
		status(o, "ok");
		read_sysvshm(addr, size, o);
		return;
	}
	if (size < SHMX_REGION_HEADER_SIZE) {
		return;
	}
	const shmx_region_header *h = (const shmx_region_header *)addr;
	uint32_t magic = SHMX_LOAD(&h->magic);
	if (magic == SHMX_REGION_INITIALISING) {
		int32_t pid = SHMX_LOAD(&h->init_pid);
		o->shmx = 1;
		if (pid > 0 && o->backend != SHMX_BACKEND_SYSV) {
			set_creator(o, pid);   /* System V has the kernel's creator pid */
		}
		if (pid > 0 && pid_alive(pid) == 0) {
			status(o, "damaged: its formatter (pid %d) died before it finished; the next open formats it again", (int)pid);
		} else {
			status(o, "being formatted by pid %d", (int)pid);
		}
		return;
	}
	if (magic != SHMX_REGION_MAGIC) {
		return;
	}
	o->shmx = 1;
	uint32_t version = h->layout_version;
	uint32_t kind = h->kind;
	uint64_t total = h->total_size;
	SET(o->layout_version, version);
	kind_name(o, kind);
	if (o->backend != SHMX_BACKEND_SYSV && h->init_pid > 0) {
		set_creator(o, h->init_pid);
	}
	if (version != SHMX_LAYOUT_VERSION) {
		status(o, "shmx layout version %u, this build reads version %u", version, SHMX_LAYOUT_VERSION);
		return;
	}
	if (h->header_size != SHMX_REGION_HEADER_SIZE || total > size || total < SHMX_REGION_HEADER_SIZE
		|| h->payload_size != total - SHMX_REGION_HEADER_SIZE) {
		status(o, "damaged: the shmx header's sizes (%llu bytes) do not fit the %zu-byte object",
			(unsigned long long)total, size);
		return;
	}
	status(o, "ok");
	const void *payload = addr + SHMX_REGION_HEADER_SIZE;
	size_t payload_size = (size_t)(total - SHMX_REGION_HEADER_SIZE);
	switch (kind) {
		case SHMX_KIND_STORE:
			read_store(m, o);
			break;
		case SHMX_KIND_COUNTER:
			if (payload_size < sizeof(shmx_counter_shared)) {
				status(o, "damaged: %zu bytes of payload, a Counter needs %zu", payload_size, sizeof(shmx_counter_shared));
			} else {
				SET(o->value, SHMX_LOAD(&((const shmx_counter_shared *)payload)->value));
			}
			break;
		case SHMX_KIND_MUTEX:
			read_mutex(payload, payload_size, o);
			break;
		case SHMX_KIND_SEMAPHORE:
			read_semaphore(payload, payload_size, o);
			break;
		case SHMX_KIND_QUEUE:
			read_queue(payload, payload_size, o);
			break;
		default:
			break; /* a kind from a later build: its name is all we can say */
	}
}

/* read_layout, trusted only if the mapping was intact throughout. */
static void read_checked(shmx_map *m, shmx_object_info *o)
{
	shmx_error err;
	m->fault_seen = SHMX_LOAD(&shmx_fault_generation);
	read_layout(m, o);
	if (shmx_map_check(m, &err) != SHMX_OK) {
		status(o, "damaged: %s", reason(&err));
		o->used.known = o->free.known = o->entries.known = o->hits.known = o->misses.known = 0;
		o->value.known = o->holder.known = o->holder_alive.known = o->permits.known = o->available.known = 0;
	}
}

static void info_init(shmx_object_info *o, shmx_backend_kind backend)
{
	memset(o, 0, sizeof(*o));
	o->backend = backend;
	o->shmid = -1;
}

/* --- System V --- */

#ifndef _WIN32
static void sysv_fill(int shmid, const struct shmid_ds *ds, int32_t key, shmx_object_info *o)
{
	info_init(o, SHMX_BACKEND_SYSV);
	o->key = key;
	o->shmid = shmid;
	if (key != IPC_PRIVATE) {
		snprintf(o->ref, sizeof(o->ref), "0x%08x", (unsigned)(uint32_t)key);
	} else {
		snprintf(o->ref, sizeof(o->ref), "shmid:%d", shmid);
	}
	o->size = ds->shm_segsz;
	o->permissions = ds->shm_perm.mode & 0777;
	set_owner(o, ds->shm_perm.uid, ds->shm_perm.gid);
	SET(o->attached, ds->shm_nattch);
	SET(o->attached_min, ds->shm_nattch);
	set_creator(o, ds->shm_cpid);
	if (ds->shm_lpid > 0) {
		SET(o->last_pid, ds->shm_lpid);
	}
	SET(o->ctime, ds->shm_ctime);
#ifdef SHM_DEST
	SET(o->destroyed, (ds->shm_perm.mode & SHM_DEST) != 0);
#endif

	shmx_map m;
	shmx_map_init(&m);
	m.id.backend = SHMX_BACKEND_SYSV;
	m.id.key = key;
	m.ops = &shmx_backend_sysv;
	m.readonly = 1;
	m.shmid = shmid;
	void *addr = shmat(shmid, NULL, SHM_RDONLY);
	if (addr == (void *)-1) {
		status(o, "unreadable: %s", strerror(errno));
		return;
	}
	m.addr = addr;
	m.size = (size_t)ds->shm_segsz;
	read_checked(&m, o);
	shmx_map_detach(&m);
}
#endif

#if SHMX_INSPECT_PROC
/* Calls fn for every segment the kernel lists; stops when fn returns non-zero. */
static void sysv_each(int (*fn)(int shmid, const struct shmid_ds *ds, void *ctx), void *ctx)
{
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
		if (shmid >= 0 && fn(shmid, &ds, ctx)) {
			return;
		}
	}
}

typedef struct find_ctx {
	int shmid;
	struct shmid_ds ds;
	int found;
} find_ctx;

static int find_one(int shmid, const struct shmid_ds *ds, void *ctx)
{
	find_ctx *f = ctx;
	if (shmid == f->shmid) {
		f->ds = *ds;
		f->found = 1;
		return 1;
	}
	return 0;
}
#endif

#ifndef _WIN32
/* The shmid a target names: SHMX_ERR_NOT_FOUND for a key nobody has. */
static shmx_status sysv_resolve(const shmx_inspect_target *t, int *shmid, shmx_error *err)
{
	*shmid = (int)t->shmid;
	if (*shmid >= 0) {
		return SHMX_OK;
	}
	if (t->id.key == IPC_PRIVATE) {
		return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT,
			"key 0 is IPC_PRIVATE, which names no segment: name one by its id, shmid:N");
	}
	*shmid = shmget((key_t)t->id.key, 0, 0);
	if (*shmid < 0) {
		int e = errno;
		return e == ENOENT ? shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "key 0x%08x: no such System V segment", (unsigned)(uint32_t)t->id.key)
			: shmx_fail_os(err, e, "key 0x%08x", (unsigned)(uint32_t)t->id.key);
	}
	return SHMX_OK;
}

static shmx_status sysv_one(const shmx_inspect_target *t, shmx_object_info *o, shmx_error *err)
{
	int shmid;
	shmx_status rs = sysv_resolve(t, &shmid, err);
	if (rs != SHMX_OK) {
		return rs;
	}
	struct shmid_ds ds;
	int32_t key;
	if (shmctl(shmid, IPC_STAT, &ds) == 0) {
#if SHMX_INSPECT_PROC
		key = (int32_t)SHMX_IPC_KEY(ds.shm_perm);
#else
		key = t->shmid >= 0 ? 0 : t->id.key;
#endif
	} else if (errno == EINVAL || errno == EIDRM) {
		return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "shmid %d: no such System V segment", shmid);
	} else {
#if SHMX_INSPECT_PROC
		/* Not ours to read: the kernel's list still tells its record. */
		find_ctx f;
		int e = errno;
		memset(&f, 0, sizeof(f));
		f.shmid = shmid;
		sysv_each(find_one, &f);
		if (!f.found) {
			return shmx_fail_os(err, e, "shmid %d", shmid);
		}
		ds = f.ds;
		key = (int32_t)SHMX_IPC_KEY(ds.shm_perm);
#else
		return shmx_fail_os(err, errno, "shmid %d", shmid);
#endif
	}
	sysv_fill(shmid, &ds, key, o);
	return SHMX_OK;
}
#endif

/* --- POSIX and file: --- */

#if SHMX_INSPECT_PROC
typedef struct mapper {
	unsigned major, minor;
	uint64_t ino;
	int64_t count;
	int last_pid; /* the process that last counted, so that each counts once */
	shmx_object_info *o;
} mapper;

static int mapper_cmp(const void *a, const void *b)
{
	const mapper *x = a, *y = b;
	if (x->ino != y->ino) {
		return x->ino < y->ino ? -1 : 1;
	}
	if (x->major != y->major) {
		return x->major < y->major ? -1 : 1;
	}
	return x->minor < y->minor ? -1 : x->minor > y->minor;
}

/* Counts, for each of n (sorted) objects, the processes other than this one that map it; sets
 * o->attached for each, unless some process's maps could not be read (then nothing is known). */
static void count_mappers(mapper *mp, size_t n)
{
	if (n == 0) {
		return;
	}
	qsort(mp, n, sizeof(*mp), mapper_cmp);
	DIR *d = opendir("/proc");
	if (!d) {
		return;
	}
	int complete = 1;
	int self = (int)shmx_getpid();
	struct dirent *de;
	char path[64], line[4096 + 256];
	while ((de = readdir(d)) != NULL) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0 || pid == self) {
			continue;
		}
		snprintf(path, sizeof(path), "/proc/%ld/maps", pid);
		FILE *f = fopen(path, "r");
		if (!f) {
			if (errno != ENOENT && errno != ESRCH) {
				complete = 0;
			}
			continue;
		}
		while (fgets(line, sizeof(line), f)) {
			unsigned maj, min;
			unsigned long long ino;
			size_t len = strlen(line);
			int whole = len > 0 && line[len - 1] == '\n';
			if (sscanf(line, "%*s %*s %*s %x:%x %llu", &maj, &min, &ino) == 3 && ino != 0) {
				mapper key = { maj, min, ino, 0, 0, NULL };
				mapper *hit = bsearch(&key, mp, n, sizeof(*mp), mapper_cmp);
				if (hit && hit->last_pid != (int)pid) {
					hit->last_pid = (int)pid;
					hit->count++;
				}
			}
			/* A path longer than the buffer: skip the rest of that line. */
			while (!whole && fgets(line, sizeof(line), f)) {
				len = strlen(line);
				whole = len > 0 && line[len - 1] == '\n';
			}
		}
		fclose(f);
	}
	closedir(d);
	for (size_t i = 0; i < n; i++) {
		SET(mp[i].o->attached_min, mp[i].count);
		if (complete) {
			SET(mp[i].o->attached, mp[i].count);
		}
	}
}
#endif

#ifndef _WIN32
/* Opens an fd-backed object read-only. 1: o filled and *mp describes it for count_mappers;
 * 0: not found (err set); -1: failed otherwise (err set). */
static int fd_one(const shmx_id *id, shmx_object_info *o, struct stat *sbp, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	struct stat sb;
	int fd = -1;
	shmx_id_describe(id, desc, sizeof(desc));
	info_init(o, id->backend);
	snprintf(o->ref, sizeof(o->ref), "%s", desc);
	snprintf(o->name, sizeof(o->name), "%s", id->name);
#if SHMX_INSPECT_PROC
	char path[SHMX_NAME_MAX + 16];
	if (id->backend == SHMX_BACKEND_POSIX) {
		snprintf(path, sizeof(path), SHMX_DEV_SHM "%s", id->name);
	} else {
		snprintf(path, sizeof(path), "%s", id->name);
	}
	/* Looked at first: opening a FIFO would block, and a device is nobody's shared memory.
	 * shm_open() follows no symlink in /dev/shm; a file: path may be one. */
	if ((id->backend == SHMX_BACKEND_POSIX ? lstat(path, &sb) : stat(path, &sb)) != 0) {
		return errno == ENOENT ? (shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "%s: does not exist", desc), 0)
			: (shmx_fail_os(err, errno, "%s", desc), -1);
	}
	if (!S_ISREG(sb.st_mode)) {
		shmx_fail(err, SHMX_ERR_OS, EINVAL, "%s: not a regular file", desc);
		return -1;
	}
#endif
	if (id->backend == SHMX_BACKEND_POSIX) {
		/* Non-blocking: a FIFO renamed over the name since the lstat() must not hang us. */
		fd = shmx_posix_open_readonly(id->name);
	} else {
		fd = open(id->name, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	}
	int open_errno = errno;
	if (fd < 0 && open_errno == ENOENT) {
		shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "%s: does not exist", desc);
		return 0;
	}
	if (fd >= 0 && fstat(fd, &sb) != 0) {
		open_errno = errno;
		close(fd);
		fd = -1;
	}
#if !SHMX_INSPECT_PROC
	if (fd < 0) {
		shmx_fail_os(err, open_errno, "%s: cannot open", desc);
		return -1;
	}
#endif
	if (fd >= 0 && !S_ISREG(sb.st_mode)) {
		close(fd);
		shmx_fail(err, SHMX_ERR_OS, EINVAL, "%s: not a regular file", desc);
		return -1;
	}
	o->size = (uint64_t)sb.st_size;
	o->permissions = sb.st_mode & 0777;
	set_owner(o, sb.st_uid, sb.st_gid);
	SET(o->ctime, sb.st_ctime);
	*sbp = sb;
	if (fd < 0) {
		status(o, "unreadable: %s", strerror(open_errno));
		return 1;
	}
	if (sb.st_size == 0 || (uint64_t)sb.st_size > SIZE_MAX) {
		close(fd);
		status(o, sb.st_size == 0 ? "empty (0 bytes): not a shmx object" : "too large to map");
		return 1;
	}
	shmx_map m;
	shmx_map_init(&m);
	m.id = *id;
	m.readonly = 1;
	m.ops = shmx_backend_get(id->backend); /* there: the open above worked */
	void *addr = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (addr == MAP_FAILED) {
		status(o, "unreadable: cannot map: %s", strerror(errno));
		close(fd);
		return 1;
	}
	shmx_error rerr;
	if (shmx_fault_register(addr, (size_t)sb.st_size, fd, 1, &rerr) != SHMX_OK) {
		munmap(addr, (size_t)sb.st_size);
		close(fd);
		status(o, "unreadable: %s", rerr.msg);
		return 1;
	}
	m.addr = addr;
	m.size = (size_t)sb.st_size;
	m.fd = fd;
	read_checked(&m, o);
	shmx_map_detach(&m); /* closes fd */
	return 1;
}
#endif

shmx_status shmx_inspect_one(const shmx_inspect_target *t, shmx_object_info *o, shmx_error *err)
{
#ifdef _WIN32
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "inspecting objects is not available on this platform");
#else
	if (t->id.backend == SHMX_BACKEND_SYSV) {
		return sysv_one(t, o, err);
	}
	if (t->id.backend != SHMX_BACKEND_POSIX && t->id.backend != SHMX_BACKEND_FILE) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "names no object that can be inspected");
	}
	struct stat sb;
	int r = fd_one(&t->id, o, &sb, err);
	if (r == 0) {
		return SHMX_ERR_NOT_FOUND;
	}
	if (r < 0) {
		return err->status;
	}
#if SHMX_INSPECT_PROC
	mapper mp = { major(sb.st_dev), minor(sb.st_dev), (uint64_t)sb.st_ino, 0, 0, o };
	count_mappers(&mp, 1);
#endif
	return SHMX_OK;
#endif
}

/* --- the list --- */

typedef struct list_ctx {
	shmx_object_info *v;
	size_t n, cap;
	int oom;
} list_ctx;

static shmx_object_info *list_push(list_ctx *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		shmx_object_info *v = realloc(l->v, cap * sizeof(*v));
		if (!v) {
			l->oom = 1;
			return NULL;
		}
		l->v = v;
		l->cap = cap;
	}
	return &l->v[l->n++];
}

#if SHMX_INSPECT_PROC
static int list_sysv(int shmid, const struct shmid_ds *ds, void *ctx)
{
	list_ctx *l = ctx;
	shmx_object_info *o = list_push(l);
	if (!o) {
		return 1;
	}
	sysv_fill(shmid, ds, (int32_t)SHMX_IPC_KEY(ds->shm_perm), o);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_posix(list_ctx *l)
{
	DIR *d = opendir(SHMX_DEV_SHM);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	if (!d) {
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strlen(de->d_name) > 255) {
			continue;
		}
		if (n == cap) {
			char **grown = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*names));
			if (!grown) {
				l->oom = 1;
				break;
			}
			names = grown;
		}
		if (!(names[n] = strdup(de->d_name))) {
			l->oom = 1;
			break;
		}
		n++;
	}
	closedir(d);
	if (n) {
		qsort(names, n, sizeof(*names), name_cmp);
	}
	struct stat *sbs = n ? calloc(n, sizeof(*sbs)) : NULL;
	size_t *index = n ? calloc(n, sizeof(*index)) : NULL;
	size_t found = 0;
	if (n && (!sbs || !index)) {
		l->oom = 1;
	}
	for (size_t i = 0; i < n && !l->oom; i++) {
		shmx_id id;
		shmx_error err;
		shmx_object_info tmp;
		if (shmx_id_from_string(&id, names[i], strlen(names[i]), &err) != SHMX_OK) {
			continue;
		}
		/* Gone since readdir, or not a regular file (a directory, a FIFO): not listed. */
		if (fd_one(&id, &tmp, &sbs[found], &err) != 1) {
			continue;
		}
		shmx_object_info *o = list_push(l);
		if (!o) {
			break;
		}
		*o = tmp;
		index[found++] = l->n - 1;
	}
	if (found && !l->oom) {
		mapper *mp = calloc(found, sizeof(*mp));
		if (mp) {
			for (size_t i = 0; i < found; i++) {
				mp[i].major = major(sbs[i].st_dev);
				mp[i].minor = minor(sbs[i].st_dev);
				mp[i].ino = (uint64_t)sbs[i].st_ino;
				mp[i].o = &l->v[index[i]];
			}
			count_mappers(mp, found);
			free(mp);
		}
	}
	free(sbs);
	free(index);
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
}
#endif

shmx_status shmx_inspect_list(shmx_object_info **out, size_t *n, shmx_error *err)
{
	list_ctx l = { NULL, 0, 0, 0 };
#if SHMX_INSPECT_PROC
	sysv_each(list_sysv, &l);
	if (!l.oom) {
		list_posix(&l);
	}
#endif
	if (l.oom) {
		free(l.v);
		return shmx_fail_os(err, ENOMEM, "listing shared memory objects");
	}
	*out = l.v;
	*n = l.n;
	return SHMX_OK;
}

/* --- removing --- */

shmx_status shmx_inspect_remove(const shmx_inspect_target *t, shmx_error *err)
{
#ifdef _WIN32
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "removing objects is not available on this platform");
#else
	char desc[SHMX_NAME_MAX + 16];
	if (t->id.backend == SHMX_BACKEND_SYSV) {
		int shmid;
		shmx_status rs = sysv_resolve(t, &shmid, err);
		if (rs != SHMX_OK) {
			return rs;
		}
		if (shmctl(shmid, IPC_RMID, NULL) != 0) {
			int e = errno;
			if (e == EINVAL || e == EIDRM) {
				return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "shmid %d: no such System V segment", shmid);
			}
			return shmx_fail_os(err, e, "shmid %d: cannot remove", shmid);
		}
		return SHMX_OK;
	}
	shmx_id_describe(&t->id, desc, sizeof(desc));
	int r = -1;
	if (t->id.backend == SHMX_BACKEND_POSIX) {
		r = shmx_posix_unlink(t->id.name);
	} else if (t->id.backend == SHMX_BACKEND_FILE) {
		struct stat sb;
		if (lstat(t->id.name, &sb) == 0 && !S_ISREG(sb.st_mode)) {
			return shmx_fail(err, SHMX_ERR_OS, EINVAL, "%s: not a regular file; not removed", desc);
		}
		r = unlink(t->id.name);
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
#endif
}
