/*
 * inspect.c: listing and reading shared memory objects from outside (see inspect.h).
 *
 * Where the objects are found is the OS's business, so inspect.c asks the backends (os.h,
 * "reading from outside"): the System V backend for a segment's kernel record and the list of
 * all segments, the POSIX backend for the names it has, the fd-backed backends for a name's
 * file, and the platform layer (platform.h) for who maps a file, whether a pid lives and whose
 * uid is which. It has no #if: where a platform lacks one of these, the call says ENOSYS and the
 * listing is empty of that kind (Linux has all of them; elsewhere a target named directly still
 * works); Windows refuses altogether (SHMX_HAVE_INSPECT).
 *
 * Invariants: nothing here writes to an object or waits for one; every field read from shared
 * memory is checked before use (sizes against the mapping, counts against their limits), and
 * an fd-backed mapping is read only while registered with the SIGBUS guard and trusted only if
 * shmx_map_check() passes afterwards.
 */
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
	shmx_user_name(uid, o->user, sizeof(o->user)); /* left empty where there is no name */
}

/* --- what the bytes are --- */

static void status(shmx_object_info *o, const char *fmt, ...) SHMX_PRINTF(2, 3);

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
	SET(o->closed, SHMX_LOAD_RELAXED(&q->closed) != 0);
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

static void sysv_fill(const shmx_sysv_record *r, shmx_object_info *o)
{
	info_init(o, SHMX_BACKEND_SYSV);
	o->key = r->key;
	o->shmid = r->shmid;
	if (r->key != IPC_PRIVATE) {
		snprintf(o->ref, sizeof(o->ref), "0x%08x", (unsigned)(uint32_t)r->key);
	} else {
		snprintf(o->ref, sizeof(o->ref), "shmid:%d", r->shmid);
	}
	o->size = r->size;
	o->permissions = r->permissions;
	set_owner(o, r->uid, r->gid);
	SET(o->attached, r->attached);
	SET(o->attached_min, r->attached);
	set_creator(o, r->creator_pid);
	if (r->last_pid > 0) {
		SET(o->last_pid, r->last_pid);
	}
	SET(o->ctime, r->ctime);
	if (r->destroyed_known) {
		SET(o->destroyed, r->destroyed);
	}

	shmx_map m;
	if (shmx_sysv_attach_readonly(&m, r) != 0) {
		status(o, "unreadable: %s", strerror(errno));
		return;
	}
	read_checked(&m, o);
	shmx_map_detach(&m);
}

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
	*shmid = shmx_sysv_find(t->id.key);
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
	shmx_sysv_record r;
	if (shmx_sysv_record_of(shmid, &r) != 0) {
		if (errno == EINVAL || errno == EIDRM) {
			return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "shmid %d: no such System V segment", shmid);
		}
		return shmx_fail_os(err, errno, "shmid %d", shmid);
	}
	if (!r.key_known) {
		/* The OS does not say: the key the target gave, if it gave one. */
		r.key = t->shmid >= 0 ? 0 : t->id.key;
	}
	sysv_fill(&r, o);
	return SHMX_OK;
}

/* --- POSIX and file: --- */

/* Sets o->attached_min (and o->attached, if every process could be asked) from n counted
 * files, each tagged with its object. */
static void count_mappers(shmx_mapped_file *files, size_t n)
{
	int complete = shmx_count_mappers(files, n);
	if (complete < 0) {
		return;
	}
	for (size_t i = 0; i < n; i++) {
		shmx_object_info *o = files[i].tag;
		SET(o->attached_min, files[i].count);
		if (complete) {
			SET(o->attached, files[i].count);
		}
	}
}

/* Describes an fd-backed object and reads it read-only: SHMX_OK with o filled and *rec its
 * file (for count_mappers), SHMX_ERR_NOT_FOUND when there is nothing of that name, any other
 * status when it is not one that can be read (err says why). */
static shmx_status fd_one(const shmx_id *id, shmx_object_info *o, shmx_fd_record *rec, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	int fd;
	shmx_id_describe(id, desc, sizeof(desc));
	info_init(o, id->backend);
	snprintf(o->ref, sizeof(o->ref), "%s", desc);
	snprintf(o->name, sizeof(o->name), "%s", id->name);
	shmx_status st = shmx_fd_inspect_open(id, rec, &fd, err);
	if (st != SHMX_OK) {
		return st;
	}
	o->size = rec->size;
	o->permissions = rec->permissions;
	set_owner(o, rec->uid, rec->gid);
	SET(o->ctime, rec->ctime);
	if (fd < 0) {
		status(o, "unreadable: %s", strerror(rec->open_errno));
		return SHMX_OK;
	}
	if (rec->size == 0 || rec->size > SIZE_MAX) {
		shmx_fd_close(fd);
		status(o, rec->size == 0 ? "empty (0 bytes): not a shmx object" : "too large to map");
		return SHMX_OK;
	}
	shmx_map m;
	shmx_error rerr;
	if (shmx_fd_map_readonly(&m, id, fd, (size_t)rec->size, &rerr) != SHMX_OK) {
		status(o, "unreadable: %s", rerr.msg);
		return SHMX_OK;
	}
	read_checked(&m, o);
	shmx_map_detach(&m); /* closes fd */
	return SHMX_OK;
}

shmx_status shmx_inspect_one(const shmx_inspect_target *t, shmx_object_info *o, shmx_error *err)
{
	if (!SHMX_HAVE_INSPECT) {
		return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "inspecting objects is not available on this platform");
	}
	if (t->id.backend == SHMX_BACKEND_SYSV) {
		return sysv_one(t, o, err);
	}
	if (t->id.backend != SHMX_BACKEND_POSIX && t->id.backend != SHMX_BACKEND_FILE) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "names no object that can be inspected");
	}
	shmx_fd_record rec;
	shmx_status st = fd_one(&t->id, o, &rec, err);
	if (st != SHMX_OK) {
		return st;
	}
	shmx_mapped_file mf;
	memset(&mf, 0, sizeof(mf));
	mf.dev = rec.dev;
	mf.ino = rec.ino;
	mf.tag = o;
	count_mappers(&mf, 1);
	return SHMX_OK;
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

static int list_sysv(const shmx_sysv_record *r, void *ctx)
{
	list_ctx *l = ctx;
	shmx_object_info *o = list_push(l);
	if (!o) {
		return 1;
	}
	sysv_fill(r, o);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_posix(list_ctx *l)
{
	char **names;
	size_t n;
	if (shmx_posix_names(&names, &n) != 0) {
		/* None shown as files here (ENOSYS), or the directory unreadable: none listed. */
		if (errno == ENOMEM) {
			l->oom = 1;
		}
		return;
	}
	if (n) {
		qsort(names, n, sizeof(*names), name_cmp);
	}
	shmx_mapped_file *files = n ? calloc(n, sizeof(*files)) : NULL;
	size_t *index = n ? calloc(n, sizeof(*index)) : NULL;
	size_t found = 0;
	if (n && (!files || !index)) {
		l->oom = 1;
	}
	for (size_t i = 0; i < n && !l->oom; i++) {
		shmx_id id;
		shmx_error err;
		shmx_object_info tmp;
		shmx_fd_record rec;
		if (shmx_id_from_string(&id, names[i], strlen(names[i]), &err) != SHMX_OK) {
			continue;
		}
		/* Gone since it was listed, or not a regular file (a directory, a FIFO): not listed. */
		if (fd_one(&id, &tmp, &rec, &err) != SHMX_OK) {
			continue;
		}
		shmx_object_info *o = list_push(l);
		if (!o) {
			break;
		}
		*o = tmp;
		files[found].dev = rec.dev;
		files[found].ino = rec.ino;
		index[found++] = l->n - 1;
	}
	if (found && !l->oom) {
		/* Tagged only now: list_push may have moved the list. */
		for (size_t i = 0; i < found; i++) {
			files[i].tag = &l->v[index[i]];
		}
		count_mappers(files, found);
	}
	free(files);
	free(index);
	shmx_posix_names_free(names, n);
}

shmx_status shmx_inspect_list(shmx_object_info **out, size_t *n, shmx_error *err)
{
	list_ctx l = { NULL, 0, 0, 0 };
	/* Where the kernel keeps no list (ENOSYS), no segment is listed. */
	shmx_sysv_each(list_sysv, &l);
	if (!l.oom) {
		list_posix(&l);
	}
	if (l.oom) {
		free(l.v);
		return shmx_fail_os(err, ENOMEM, "listing shared memory objects");
	}
	*out = l.v;
	*n = l.n;
	return SHMX_OK;
}

/* --- removing --- */

/* A shmx region is removed as its own destroy() removes it, marked "removed" in its header, so
 * that processes holding a cached mapping of it stop reusing it at once (without the mark they
 * notice within SHMX_MAP_RECHECK_NS, as after ipcrm). Only a regular file (never a symlink,
 * FIFO or device) or a System V key (not IPC_PRIVATE, which would make one) is opened for
 * that, and the mark is written only once the name is gone (a refused removal marks nothing)
 * and only into an intact shmx region (foreign bytes are never written). 1 done; 0 when it could not be opened for writing, and the caller
 * removes the name as any other. */
static int remove_marked(const shmx_inspect_target *t, shmx_status *st, shmx_error *err)
{
	shmx_map m;
	shmx_error ignored;
	shmx_map_init(&m);
	if (t->shmid >= 0 || (t->id.backend == SHMX_BACKEND_SYSV && t->id.key == 0)
		|| (t->id.backend != SHMX_BACKEND_SYSV && !shmx_fd_name_regular(&t->id))
		|| shmx_map_open(&m, &t->id, SHMX_OPEN_ANY_SIZE, 0, 0, &ignored) != SHMX_OK) {
		return 0;
	}
	if ((*st = shmx_map_remove(&m, err)) == SHMX_OK) {
		shmx_region_mark_removed(&m);
	}
	shmx_map_detach(&m);
	return 1;
}

shmx_status shmx_inspect_remove(const shmx_inspect_target *t, shmx_error *err)
{
	shmx_status st;
	if (!SHMX_HAVE_INSPECT) {
		return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "removing objects is not available on this platform");
	}
	if (remove_marked(t, &st, err)) {
		return st;
	}
	if (t->id.backend == SHMX_BACKEND_SYSV) {
		int shmid;
		shmx_status rs = sysv_resolve(t, &shmid, err);
		if (rs != SHMX_OK) {
			return rs;
		}
		if (shmx_sysv_rmid(shmid) != 0) {
			int e = errno;
			if (e == EINVAL || e == EIDRM) {
				return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT, "shmid %d: no such System V segment", shmid);
			}
			return shmx_fail_os(err, e, "shmid %d: cannot remove", shmid);
		}
		return SHMX_OK;
	}
	if (t->id.backend != SHMX_BACKEND_POSIX && t->id.backend != SHMX_BACKEND_FILE) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "names no object that can be removed");
	}
	return shmx_fd_unlink_name(&t->id, err);
}
