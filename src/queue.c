/*
 * queue.c: Shmx\Queue's core (see queue.h for the layout, the commits and the waits).
 *
 * Invariants kept here, at every instant a process could die:
 * - The records between head and tail are complete: a push writes its record before the
 *   release store of `tail` that makes it part of the queue, and only into bytes outside
 *   [head, tail); a pop copies its record out before the store of `head` that gives the bytes
 *   back. So a dead holder leaves either the old queue or the new one, and at most its tally
 *   (`pushed` or `popped`) one behind, which repair() puts right.
 * - Nothing read from shared memory is trusted: head and tail are checked against the
 *   capacity this handle validated at open, every record header against the bytes between
 *   them, before any copy. What fails is SHMX_ERR_CORRUPT, never an access outside the ring.
 * - Every wait is bounded by one CLOCK_MONOTONIC deadline computed at the start, and sleeps
 *   in slices, so a signal or a lost wake-up never lengthens it.
 * - Nothing here allocates, and the caller's sink (pop) is the only foreign code run under
 *   the lock.
 */
#include "queue.h"
#include "sync.h"
#include "fault.h"

#include <limits.h>

/* How many times a waiter looks at head and tail, pausing between, before it sleeps: a few
 * microseconds, about what a busy peer takes for its next push or pop. */
#define SHMX_QUEUE_SPINS 2000
/* How many times a contended lock is retried before the lock's own (sleeping) wait. */
#define SHMX_QUEUE_LOCK_SPINS 400

static const char *describe(const shmx_queue *q, char *buf, size_t len)
{
	return shmx_id_describe(&q->map.id, buf, len);
}

static shmx_status corrupt(const shmx_queue *q, shmx_error *err, const char *what)
{
	char desc[SHMX_NAME_MAX + 16];
	return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: the shmx Queue is corrupted (%s)", describe(q, desc, sizeof(desc)), what);
}

/* ---- opening ---------------------------------------------------------------------------- */

static int queue_init(void *payload, size_t payload_size, void *arg)
{
	shmx_queue_shared *s = payload;
	uint64_t cap = *(const uint64_t *)arg;
	uint64_t fit = (payload_size - sizeof(shmx_queue_shared)) & ~(uint64_t)7;
	/* Smaller than asked only when another process created the object smaller. */
	s->capacity = cap < fit ? cap : fit;
	s->boot_tag = shmx_region_boot_ready();
	shmx_lock_init(&s->lock);
	return 0;
}

/* The state a record header at ring offset `off` claims, checked against `avail` bytes of
 * queue: its size in the ring, or 0 if it cannot be a record. */
static uint64_t record_check(const shmx_queue *q, uint64_t off, uint64_t avail, shmx_queue_record *rec)
{
	memcpy(rec, q->ring + off, sizeof(*rec));
	if (rec->magic != SHMX_QUEUE_RECORD_MAGIC) {
		return 0;
	}
	switch (rec->type) {
		case SHMX_T_NULL: case SHMX_T_FALSE: case SHMX_T_TRUE:
			if (rec->len != 0 || rec->serializer != 0) {
				return 0;
			}
			break;
		case SHMX_T_INT: case SHMX_T_FLOAT:
			if (rec->len != 8 || rec->serializer != 0) {
				return 0;
			}
			break;
		case SHMX_T_STRING:
			if (rec->serializer != 0) {
				return 0;
			}
			break;
		case SHMX_T_SERIALIZED:
			if (rec->serializer < SHMX_SER_PHP || rec->serializer > SHMX_SER_NATIVE) {
				return 0;
			}
			break;
		default:
			return 0;
	}
	uint64_t size = shmx_queue_record_size(rec->len);
	return size <= avail ? size : 0;
}

/* Under the lock after its holder died (or after a reboot): the ring is whole (see the
 * invariants), so count its records and bring the tallies in line with them. A tally more
 * than one off, or a record that does not parse, is not something a crash leaves. */
static shmx_status repair(shmx_queue *q, shmx_error *err)
{
	shmx_queue_shared *s = q->s;
	uint64_t h = SHMX_LOAD_RELAXED(&s->head), t = SHMX_LOAD_RELAXED(&s->tail), n = 0;
	if (((h | t) & 7) || t - h > q->capacity) {
		return corrupt(q, err, "its head and tail do not fit its ring");
	}
	for (uint64_t p = h; p != t; n++) {
		shmx_queue_record rec;
		uint64_t size = record_check(q, p % q->capacity, t - p, &rec);
		if (!size) {
			return corrupt(q, err, "a record in its ring does not parse");
		}
		p += size;
	}
	uint64_t pushed = SHMX_LOAD_RELAXED(&s->pushed), popped = SHMX_LOAD_RELAXED(&s->popped);
	if (pushed - popped == n - 1) {
		SHMX_STORE_RELAXED(&s->pushed, pushed + 1);  /* a push died between its commit and its tally */
	} else if (pushed - popped == n + 1) {
		SHMX_STORE_RELAXED(&s->popped, popped + 1);  /* a pop died likewise */
	} else if (pushed - popped != n) {
		return corrupt(q, err, "its counts do not match its records");
	}
	/* The dead process may have been a waker that cleared a flag and died before waking:
	 * raise both, so that the next push and pop wake whoever sleeps. */
	SHMX_STORE_RELAXED(&s->consumers_waiting, 1);
	SHMX_STORE_RELAXED(&s->producers_waiting, 1);
	SHMX_ADD_FETCH(&s->recoveries, 1);
	return SHMX_OK;
}

static void queue_reset(void *ctx)
{
	shmx_queue *q = ctx;
	shmx_lock_init(&q->s->lock);
	/* A ring that does not parse stays as it is, marked: every push and pop reports it. */
	if (repair(q, NULL) != SHMX_OK) {
		SHMX_STORE_RELAXED(&q->s->damaged, 1);
	}
}

shmx_status shmx_queue_open(shmx_queue *q, const shmx_id *id, uint64_t capacity, int flags, uint32_t perms, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	void *payload;
	size_t payload_size;
	if (!SHMX_HAVE_ROBUST) {
		return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "a shmx Queue needs cross-process locks, which shmx does not have on this platform");
	}
	capacity = (capacity + 7) & ~(uint64_t)7;
	shmx_status st = shmx_sync_attach(&q->map, id, flags, perms, SHMX_KIND_QUEUE,
		sizeof(shmx_queue_shared) + (size_t)capacity, sizeof(shmx_queue_shared) + SHMX_QUEUE_MIN_CAPACITY,
		queue_init, &capacity, &payload, &payload_size, err);
	if (st != SHMX_OK) {
		return st;
	}
	shmx_queue_shared *s = payload;
	uint64_t cap = SHMX_LOAD(&s->capacity);
	if ((cap & 7) || cap < SHMX_QUEUE_MIN_CAPACITY || cap > SHMX_QUEUE_MAX_CAPACITY
		|| cap > payload_size - sizeof(shmx_queue_shared)) {
		st = shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: the shmx Queue is corrupted (a capacity of %llu bytes does not fit its %zu bytes)",
			describe(q, desc, sizeof(desc)), (unsigned long long)cap, payload_size);
		shmx_map_detach(&q->map);
		return st;
	}
	q->s = s;
	q->ring = (unsigned char *)(s + 1);
	q->capacity = cap;
	if (q->lock_timeout_ns <= 0) {
		q->lock_timeout_ns = 10LL * 1000000000LL;
	}
	st = shmx_region_boot_check(&q->map, &s->boot_tag, queue_reset, q, err);
	if (st != SHMX_OK) {
		shmx_map_detach(&q->map);
		q->s = NULL;
		return st;
	}
	return SHMX_OK;
}

void shmx_queue_detach(shmx_queue *q)
{
	shmx_map_detach(&q->map);
	q->s = NULL;
	q->ring = NULL;
}

/* ---- the lock --------------------------------------------------------------------------- */

/* Takes the lock (a short spin, then the lock's own wait, up to lock_timeout_ns whatever the
 * caller's timeout: the lock is held only for a copy, but a holder descheduled on a busy
 * machine can keep it for milliseconds, and a try or a short timeout must not fail because of
 * that; only a live holder that never lets go, which is hostile, costs the whole wait) and
 * checks head and tail. */
static shmx_status lock_queue(shmx_queue *q, uint64_t *head, uint64_t *tail, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	shmx_lock *l = &q->s->lock;
	int recovered = 0;
	shmx_status st = shmx_lock_acquire(l, 0, &recovered, NULL);

	for (int i = 0; st == SHMX_ERR_TIMEOUT && i < SHMX_QUEUE_LOCK_SPINS; i++) {
		SHMX_CPU_RELAX();
		if ((SHMX_LOAD_RELAXED(&l->word) & ~SHMX_LOCK_WAITERS) == 0) {
			st = shmx_lock_acquire(l, 0, &recovered, NULL);
		}
	}
	if (st == SHMX_ERR_TIMEOUT) {
		int64_t wait = q->lock_timeout_ns;
		st = shmx_lock_acquire(l, wait, &recovered, err);
		if (st == SHMX_ERR_TIMEOUT) {
			return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "%s: the queue's lock is held by another process for more than %.6g seconds",
				describe(q, desc, sizeof(desc)), (double)wait / 1e9);
		}
	}
	if (st != SHMX_OK) {
		/* SHMX_ERR_CORRUPT, or SHMX_ERR_STATE: a word naming this very thread, which never
		 * keeps the lock across calls, so written by someone else. */
		return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: the shmx Queue is corrupted (its lock word holds 0x%08x, which no shmx process writes)",
			describe(q, desc, sizeof(desc)), SHMX_LOAD_RELAXED(&l->word));
	}
	if (recovered && (st = repair(q, err)) != SHMX_OK) {
		/* Remembered: the next taker finds the lock free, not a dead holder to repair after,
		 * and must not push behind a head that does not parse. */
		SHMX_STORE_RELAXED(&q->s->damaged, 1);
		shmx_lock_release(l, NULL);
		return st;
	}
	if (SHMX_LOAD_RELAXED(&q->s->damaged) != 0) {
		shmx_lock_release(l, NULL);
		return corrupt(q, err, "a repair after a process that died holding its lock found it damaged");
	}
	uint64_t h = SHMX_LOAD_RELAXED(&q->s->head), t = SHMX_LOAD_RELAXED(&q->s->tail);
	uint64_t n = SHMX_LOAD_RELAXED(&q->s->pushed) - SHMX_LOAD_RELAXED(&q->s->popped);
	if (((h | t) & 7) || t - h > q->capacity || n > (t - h) / SHMX_QUEUE_RECORD_HEAD || (n == 0) != (t == h)) {
		shmx_lock_release(l, NULL);
		return corrupt(q, err, "its head, tail and counts disagree");
	}
	*head = h;
	*tail = t;
	return SHMX_OK;
}

static inline void unlock_queue(shmx_queue *q)
{
	shmx_lock_release(&q->s->lock, NULL);
}

/* Under the lock: if someone announced they sleep on *seq, clear their flag and bump it;
 * 1 if the caller must wake them (after unlocking). */
static inline int wlocked_signal(uint32_t *flag, uint32_t *seq)
{
	if (SHMX_LOAD_RELAXED(flag) == 0) {
		return 0;
	}
	SHMX_STORE_RELAXED(flag, 0);
	__atomic_add_fetch(seq, 1, __ATOMIC_SEQ_CST);
	return 1;
}

/* ---- waiting ---------------------------------------------------------------------------- */

/* Whether the condition a waiter waits for may hold now: read without the lock, so only a
 * reason to take it again. need 0: a record (consumer); else room for `need` bytes. */
static inline int may_proceed(const shmx_queue *q, uint64_t need)
{
	const shmx_queue_shared *s = q->s;
	if (SHMX_LOAD_RELAXED(&s->closed)) {
		return 1;
	}
	uint64_t used = SHMX_LOAD_RELAXED(&s->tail) - SHMX_LOAD_RELAXED(&s->head);
	return need == 0 ? used != 0 : used > q->capacity || q->capacity - used >= need;
}

static int spin_until(const shmx_queue *q, uint64_t need)
{
	for (int i = 0; i < SHMX_QUEUE_SPINS; i++) {
		if (may_proceed(q, need)) {
			return 1;
		}
		SHMX_CPU_RELAX();
	}
	return 0;
}

/* Called with the lock held by a push or pop that cannot proceed. Spins once (without the
 * lock), or else announces itself and sleeps a slice. SHMX_OK: look again; SHMX_ERR_TIMEOUT
 * with the lock released in both cases. */
static shmx_status wlocked_wait(shmx_queue *q, uint64_t need, int64_t deadline, int *spun, uint32_t *flag, uint32_t *seq)
{
	int64_t slice = SHMX_QUEUE_SLICE_NS;
	if (deadline >= 0) {
		int64_t left = deadline - shmx_monotonic_ns();
		if (left <= 0) {
			unlock_queue(q);
			return SHMX_ERR_TIMEOUT;
		}
		slice = left < slice ? left : slice;
	}
	if (!*spun) {
		unlock_queue(q);
		*spun = 1;
		spin_until(q, need);
		return SHMX_OK;
	}
	SHMX_STORE_RELAXED(flag, 1);
	uint32_t seen = __atomic_load_n(seq, __ATOMIC_SEQ_CST);
	unlock_queue(q);
	shmx_futex_wait(seq, seen, slice);
	*spun = 0;
	return SHMX_OK;
}

/* ---- push and pop ----------------------------------------------------------------------- */

/* Copies len bytes into the ring at position p (wrapping at its end). */
static void ring_write(shmx_queue *q, uint64_t p, const void *src, uint64_t len)
{
	uint64_t off = p % q->capacity, first = q->capacity - off;
	if (len <= first) {
		memcpy(q->ring + off, src, len);
	} else {
		memcpy(q->ring + off, src, first);
		memcpy(q->ring, (const char *)src + first, len - first);
	}
}

static void ring_read(const shmx_queue *q, uint64_t p, void *dst, uint64_t len)
{
	uint64_t off = p % q->capacity, first = q->capacity - off;
	if (len <= first) {
		memcpy(dst, q->ring + off, len);
	} else {
		memcpy(dst, q->ring + off, first);
		memcpy((char *)dst + first, q->ring, len - first);
	}
}

static int64_t deadline_of(int64_t timeout_ns)
{
	return timeout_ns > 0 ? shmx_monotonic_ns() + timeout_ns : (timeout_ns == 0 ? 0 : -1);
}

static shmx_status timed_out(const shmx_queue *q, int64_t timeout_ns, const char *what, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "%s: timed out after %.6g seconds waiting for %s",
		describe(q, desc, sizeof(desc)), (double)timeout_ns / 1e9, what);
}

shmx_status shmx_queue_push(shmx_queue *q, const shmx_value *v, int64_t timeout_ns, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	shmx_queue_shared *s = q->s;
	shmx_queue_record rec = { 0, v->type, 0, SHMX_QUEUE_RECORD_MAGIC };
	unsigned char inline_value[8];
	const void *payload = inline_value;
	int64_t deadline = deadline_of(timeout_ns);
	int spun = 0;

	switch (v->type) {
		case SHMX_T_INT: rec.len = 8; memcpy(inline_value, &v->l, 8); break;
		case SHMX_T_FLOAT: rec.len = 8; memcpy(inline_value, &v->d, 8); break;
		case SHMX_T_STRING: case SHMX_T_SERIALIZED:
			if (v->len > SHMX_QUEUE_MAX_VALUE || shmx_queue_record_size(v->len) > q->capacity) {
				return shmx_fail(err, SHMX_ERR_RANGE, 0, "%s: a value of %zu bytes does not fit the queue's %llu-byte capacity",
					describe(q, desc, sizeof(desc)), v->len, (unsigned long long)q->capacity);
			}
			rec.len = (uint32_t)v->len;
			rec.serializer = v->type == SHMX_T_SERIALIZED ? v->serializer : 0;
			payload = v->bytes;
			break;
		default: break;
	}
	uint64_t need = shmx_queue_record_size(rec.len);
	for (;;) {
		uint64_t h, t;
		shmx_status st = lock_queue(q, &h, &t, err);
		if (st != SHMX_OK) {
			return st;
		}
		if (SHMX_LOAD_RELAXED(&s->closed)) {
			unlock_queue(q);
			return shmx_fail(err, SHMX_ERR_CLOSED, 0, "%s: the queue is closed", describe(q, desc, sizeof(desc)));
		}
		if (q->capacity - (t - h) >= need) {
			/* The header is 8-aligned and the ring a multiple of 8: it never wraps. */
			memcpy(q->ring + t % q->capacity, &rec, sizeof(rec));
			if (rec.len) {
				ring_write(q, t + SHMX_QUEUE_RECORD_HEAD, payload, rec.len);
			}
			SHMX_STORE(&s->tail, t + need);  /* the commit */
			SHMX_STORE_RELAXED(&s->pushed, SHMX_LOAD_RELAXED(&s->pushed) + 1);
			int wake = wlocked_signal(&s->consumers_waiting, &s->data_seq);
			unlock_queue(q);
			if (wake) {
				shmx_futex_wake(&s->data_seq, INT_MAX);
			}
			return SHMX_OK;
		}
		if (timeout_ns == 0) {
			unlock_queue(q);
			return shmx_fail(err, SHMX_ERR_FULL, 0, "%s: the queue is full", describe(q, desc, sizeof(desc)));
		}
		if (wlocked_wait(q, need, deadline, &spun, &s->producers_waiting, &s->room_seq) != SHMX_OK) {
			return timed_out(q, timeout_ns, "room in the queue", err);
		}
		/* A mapping cut short while waiting reads zeros, on which a wait would never end. */
		if ((st = shmx_map_check(&q->map, err)) != SHMX_OK) {
			return st;
		}
	}
}

shmx_status shmx_queue_pop(shmx_queue *q, int64_t timeout_ns, shmx_value *out, shmx_queue_sink sink, void *ctx,
	shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	shmx_queue_shared *s = q->s;
	int64_t deadline = deadline_of(timeout_ns);
	int spun = 0;

	for (;;) {
		uint64_t h, t;
		shmx_status st = lock_queue(q, &h, &t, err);
		if (st != SHMX_OK) {
			return st;
		}
		if (t != h) {
			shmx_queue_record rec;
			uint64_t size = record_check(q, h % q->capacity, t - h, &rec);
			if (!size) {
				unlock_queue(q);
				return corrupt(q, err, "the record at its head does not parse");
			}
			out->type = rec.type;
			out->serializer = rec.serializer;
			out->len = rec.len;
			out->bytes = NULL;
			if (rec.type == SHMX_T_INT) {
				ring_read(q, h + SHMX_QUEUE_RECORD_HEAD, &out->l, 8);
			} else if (rec.type == SHMX_T_FLOAT) {
				ring_read(q, h + SHMX_QUEUE_RECORD_HEAD, &out->d, 8);
			} else if (rec.type == SHMX_T_STRING || rec.type == SHMX_T_SERIALIZED) {
				char *buf = sink(ctx, out);
				if (!buf) {
					unlock_queue(q);
					return shmx_fail(err, SHMX_ERR_TYPE, 0, "%s: the value at the head of the queue (%u bytes) cannot be taken by this process",
						describe(q, desc, sizeof(desc)), rec.len);
				}
				ring_read(q, h + SHMX_QUEUE_RECORD_HEAD, buf, rec.len);
				out->bytes = buf;
			}
			SHMX_STORE(&s->head, h + size);  /* the commit */
			SHMX_STORE_RELAXED(&s->popped, SHMX_LOAD_RELAXED(&s->popped) + 1);
			int wake = wlocked_signal(&s->producers_waiting, &s->room_seq);
			unlock_queue(q);
			if (wake) {
				shmx_futex_wake(&s->room_seq, INT_MAX);
			}
			return SHMX_OK;
		}
		if (SHMX_LOAD_RELAXED(&s->closed)) {
			unlock_queue(q);
			return shmx_fail(err, SHMX_ERR_CLOSED, 0, "%s: the queue is closed and empty", describe(q, desc, sizeof(desc)));
		}
		if (timeout_ns == 0) {
			unlock_queue(q);
			return shmx_fail(err, SHMX_ERR_NOT_FOUND, 0, "%s: the queue is empty", describe(q, desc, sizeof(desc)));
		}
		if (wlocked_wait(q, 0, deadline, &spun, &s->consumers_waiting, &s->data_seq) != SHMX_OK) {
			return timed_out(q, timeout_ns, "a value in the queue", err);
		}
		if ((st = shmx_map_check(&q->map, err)) != SHMX_OK) {
			return st;
		}
	}
}

shmx_status shmx_queue_close(shmx_queue *q, shmx_error *err)
{
	shmx_queue_shared *s = q->s;
	uint64_t h, t;
	shmx_status st = lock_queue(q, &h, &t, err);
	if (st != SHMX_OK) {
		return st;
	}
	SHMX_STORE_RELAXED(&s->closed, 1);
	SHMX_STORE_RELAXED(&s->consumers_waiting, 0);
	SHMX_STORE_RELAXED(&s->producers_waiting, 0);
	__atomic_add_fetch(&s->data_seq, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&s->room_seq, 1, __ATOMIC_SEQ_CST);
	unlock_queue(q);
	shmx_futex_wake(&s->data_seq, INT_MAX);
	shmx_futex_wake(&s->room_seq, INT_MAX);
	return SHMX_OK;
}

void shmx_queue_stats_get(const shmx_queue *q, shmx_queue_stats *st)
{
	const shmx_queue_shared *s = q->s;
	/* popped before pushed: a pop committing in between cannot make the count look negative. */
	uint64_t popped = SHMX_LOAD(&s->popped), pushed = SHMX_LOAD(&s->pushed);
	uint64_t h = SHMX_LOAD(&s->head), t = SHMX_LOAD(&s->tail);
	uint64_t used = t - h;
	st->capacity = q->capacity;
	st->used = used > q->capacity ? q->capacity : used;
	st->pushed = pushed;
	st->popped = popped;
	st->count = pushed >= popped ? pushed - popped : 0;
	if (st->count > st->used / SHMX_QUEUE_RECORD_HEAD) {
		st->count = st->used / SHMX_QUEUE_RECORD_HEAD;
	}
	st->closed = SHMX_LOAD_RELAXED(&s->closed) != 0;
}
