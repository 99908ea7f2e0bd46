/*
 * fuzz_queue.c: the Queue core (src/queue.c) on memory another process has written into.
 *
 * A real queue is opened once (anon backend) and given records of every type, its ring
 * already wrapped (head and tail past the ring's end, a string's payload across it); its
 * bytes become the template. Each input starts from a copy of it in a mapping with a guard
 * page right after the ring, then patches bytes anywhere in it: region header, lock, head,
 * tail, tallies, flags, records. The handle is the one open() left (its capacity validated
 * then: shmx_queue_open never re-reads it), pointed at that copy: another process scribbling
 * over a queue this one has open. Input: byte 0 picks options, byte 1 the lock word (see
 * fuzz_pick_word: a dead holder makes the first call repair the queue); then records of
 * [offset hi, offset lo, length, bytes...] patch the region.
 *
 * Then pops (timeout 0, and one short wait), pushes (timeout 0), stats and close, each of
 * which must: not crash, hang or touch memory outside the map; return only the statuses
 * queue.h lists; leave the lock free; never give a value longer than the ring. Pops in a row
 * end within capacity / 8 of them (each takes at least one 8-byte record header).
 */
#include "fuzz_common.h"
#include "../../../src/queue.h"

#define QUEUE_SIZE 4096 /* region: header 64, queue header 192, ring 3840 */

static shmx_map map;
static shmx_queue base;         /* the handle open() made, for its capacity and timeouts */
static uint64_t capacity;
static char template[QUEUE_SIZE];
static int refuse;              /* the sink says no (SHMX_ERR_TYPE) */
static int ours;                /* the patched lock word names this thread: it stays so (CORRUPT) */

static char *sink(void *ctx, const shmx_value *v)
{
	char **p = ctx;
	FUZZ_ASSERT(v->len <= capacity - SHMX_QUEUE_RECORD_HEAD);
	FUZZ_ASSERT(v->type == SHMX_T_STRING || v->type == SHMX_T_SERIALIZED);
	if (refuse) {
		return NULL;
	}
	free(*p);
	*p = malloc(v->len ? v->len : 1);
	return *p;
}

static void must_push(shmx_queue *q, const shmx_value *v)
{
	shmx_error err;
	FUZZ_ASSERT(shmx_queue_push(q, v, 0, &err) == SHMX_OK);
}

static void must_pop(shmx_queue *q)
{
	shmx_error err;
	shmx_value out;
	char *buf = NULL;
	FUZZ_ASSERT(shmx_queue_pop(q, 0, &out, sink, &buf, &err) == SHMX_OK);
	free(buf);
}

static void build_template(void)
{
	shmx_error err;
	shmx_id id;
	static char filler[300];
	memset(filler, 'x', sizeof(filler));
	shmx_id_anon(&id);
	shmx_map_init(&base.map);
	FUZZ_ASSERT(shmx_queue_open(&base, &id, QUEUE_SIZE - SHMX_REGION_HEADER_SIZE - sizeof(shmx_queue_shared),
		SHMX_OPEN_CREATE, 0600, &err) == SHMX_OK);
	FUZZ_ASSERT(base.map.size == QUEUE_SIZE);
	capacity = base.capacity;
	FUZZ_ASSERT(capacity == QUEUE_SIZE - SHMX_REGION_HEADER_SIZE - sizeof(shmx_queue_shared));
	/* Move head and tail near the ring's end: 55 records of 64 bytes in and out. */
	shmx_value v = { .type = SHMX_T_STRING, .bytes = filler, .len = 50 };
	for (int i = 0; i < 55; i++) {
		must_push(&base, &v);
	}
	for (int i = 0; i < 55; i++) {
		must_pop(&base);
	}
	v = (shmx_value){ .type = SHMX_T_NULL };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_FALSE };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_TRUE };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_INT, .l = -42 };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_FLOAT, .d = 2.5 };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_STRING, .bytes = filler, .len = 300 }; /* wraps */
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_STRING, .bytes = "", .len = 0 };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_SERIALIZED, .serializer = SHMX_SER_PHP, .bytes = "a:0:{}", .len = 6 };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_SERIALIZED, .serializer = SHMX_SER_IGBINARY, .bytes = "\0\0\0\2\x14\0", .len = 6 };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_SERIALIZED, .serializer = SHMX_SER_MSGPACK, .bytes = "\x90", .len = 1 };
	must_push(&base, &v);
	v = (shmx_value){ .type = SHMX_T_STRING, .bytes = "last", .len = 4 };
	must_push(&base, &v);
	FUZZ_ASSERT(base.s->tail > capacity && base.s->head < capacity);
	memcpy(template, base.map.addr, QUEUE_SIZE);
	base.lock_timeout_ns = 1000; /* a live holder that never lets go costs 1 us, not 10 s */
	fuzz_map(&map, QUEUE_SIZE);
}

static int lock_free(const shmx_queue *q)
{
	return ours || (q->s->lock.word & ~SHMX_LOCK_WAITERS) != fuzz_word(shmx_tid());
}

static void check_stats(const shmx_queue *q)
{
	shmx_queue_stats st;
	shmx_queue_stats_get(q, &st);
	FUZZ_ASSERT(st.capacity == capacity);
	FUZZ_ASSERT(st.used <= capacity);
	FUZZ_ASSERT(st.count <= st.used / SHMX_QUEUE_RECORD_HEAD);
	FUZZ_ASSERT(st.closed == 0 || st.closed == 1);
}

/* One pop; its status. */
static shmx_status pop(shmx_queue *q, int64_t timeout_ns)
{
	shmx_error err;
	shmx_value out;
	char *buf = NULL;
	memset(&out, 0, sizeof(out));
	shmx_status st = shmx_queue_pop(q, timeout_ns, &out, sink, &buf, &err);
	FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_NOT_FOUND || st == SHMX_ERR_TIMEOUT || st == SHMX_ERR_CLOSED
		|| st == SHMX_ERR_TYPE || st == SHMX_ERR_CORRUPT);
	FUZZ_ASSERT(lock_free(q));
	if (st == SHMX_OK) {
		FUZZ_ASSERT(out.type >= SHMX_T_NULL && out.type <= SHMX_T_SERIALIZED);
		FUZZ_ASSERT(out.len <= capacity - SHMX_QUEUE_RECORD_HEAD);
		if (out.type == SHMX_T_STRING || out.type == SHMX_T_SERIALIZED) {
			FUZZ_ASSERT(out.bytes == buf && buf != NULL);
			if (out.len) {
				volatile char c = out.bytes[0] ^ out.bytes[out.len - 1];
				(void)c;
			}
		} else if (out.type == SHMX_T_INT || out.type == SHMX_T_FLOAT) {
			FUZZ_ASSERT(out.len == 8);
		} else {
			FUZZ_ASSERT(out.len == 0);
		}
	}
	free(buf);
	check_stats(q);
	return st;
}

static shmx_status push(shmx_queue *q, const shmx_value *v)
{
	shmx_error err;
	shmx_status st = shmx_queue_push(q, v, 0, &err);
	FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_FULL || st == SHMX_ERR_TIMEOUT || st == SHMX_ERR_CLOSED
		|| st == SHMX_ERR_CORRUPT);
	FUZZ_ASSERT(lock_free(q));
	check_stats(q);
	return st;
}

/* Pops until one is not OK: within capacity / 8 + 1 calls. */
static shmx_status drain(shmx_queue *q)
{
	shmx_status st;
	uint64_t n = 0;
	while ((st = pop(q, 0)) == SHMX_OK) {
		FUZZ_ASSERT(++n <= capacity / SHMX_QUEUE_RECORD_HEAD);
	}
	return st;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shmx_error err;
	if (!map.addr) {
		build_template();
	}
	memcpy(map.addr, template, QUEUE_SIZE);
	uint8_t opts = size > 0 ? data[0] : 0, sel = size > 1 ? data[1] : 0;
	for (size_t p = 2; p + 3 <= size; ) {
		size_t off = (((size_t)data[p] << 8) | data[p + 1]) % QUEUE_SIZE;
		size_t len = data[p + 2];
		p += 3;
		if (len > size - p) {
			len = size - p;
		}
		if (len > QUEUE_SIZE - off) {
			len = QUEUE_SIZE - off;
		}
		memcpy((char *)map.addr + off, data + p, len);
		p += len;
	}
	shmx_queue q = base;
	q.map = map;
	q.s = (shmx_queue_shared *)((char *)map.addr + SHMX_REGION_HEADER_SIZE);
	q.ring = (unsigned char *)(q.s + 1);
	fuzz_pick_word(&q.s->lock, sel);
	ours = (q.s->lock.word & ~SHMX_LOCK_WAITERS) == fuzz_word(shmx_tid());
	check_stats(&q);

	static char big[600];
	shmx_value vals[] = {
		{ .type = SHMX_T_INT, .l = 7 },
		{ .type = SHMX_T_STRING, .bytes = big, .len = sizeof(big) },
		{ .type = SHMX_T_NULL },
		{ .type = SHMX_T_FLOAT, .d = -1.0 },
		{ .type = SHMX_T_SERIALIZED, .serializer = SHMX_SER_PHP, .bytes = "i:1;", .len = 4 },
	};
	refuse = (opts & 1) != 0;
	(void)pop(&q, 0);
	refuse = 0;
	(void)pop(&q, 0);
	(void)push(&q, &vals[0]);
	if (opts & 2) {
		/* Fill it up: FULL at the end, records wrapping on the way. */
		for (int i = 0; i < 16 && push(&q, &vals[1 + i % 4]) == SHMX_OK; i++) {
		}
	}
	if (opts & 4) {
		(void)drain(&q);
	} else {
		(void)pop(&q, 0);
	}
	if (opts & 8) {
		/* A short wait: the spin, the flag, a slice of futex sleep. */
		(void)pop(&q, 200000);
	}
	(void)push(&q, &vals[4]);
	if (opts & 16) {
		shmx_status st = shmx_queue_close(&q, &err);
		FUZZ_ASSERT(st == SHMX_OK || st == SHMX_ERR_TIMEOUT || st == SHMX_ERR_CORRUPT);
		FUZZ_ASSERT(lock_free(&q));
		check_stats(&q);
		shmx_status ps = push(&q, &vals[2]);
		if (st == SHMX_OK) {
			FUZZ_ASSERT(ps != SHMX_OK && ps != SHMX_ERR_FULL);
			shmx_status ds = drain(&q);
			FUZZ_ASSERT(ds != SHMX_ERR_NOT_FOUND);
		}
	} else {
		(void)drain(&q);
	}
	check_stats(&q);
	return 0;
}
