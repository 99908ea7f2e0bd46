/*
 * redis_queue.c: Shmx\Queue on Redis, the scripts and the waits (layout and hand-off in
 * redis_queue.h).
 *
 * Every step that reads and then writes is one Lua script, so it is atomic on the server; the
 * scripts read (and so meet a key of the wrong type) before they write anything, and the ones
 * that may take memory (create, push) carry the plain "#!lua" shebang, so at maxmemory Redis
 * refuses them before they run a line: nothing is ever half written. Taking, acknowledging,
 * closing and destroying only move or free memory (allow-oom), so a full server still drains.
 *
 * Waits: a push that finds no room tries again after 1, 2, 4 ... at most 20 ms, never past its
 * deadline. A pop that finds the queue empty blocks in BLMOVE on the list for at most
 * SHMX_RQUEUE_SLICE_S (and a third of the lease, so the lease it set before blocking is alive
 * when a value arrives), with the socket timeout raised by that much; between slices it runs
 * the take script again, which notices close(), a destroyed queue, a restarted server and dead
 * consumers. BLMOVE is refused at maxmemory like any command that may grow a key: a pop then
 * polls the take script as a push polls for room. The recovery of dead consumers reads the
 * per-consumer keys by names built inside the script ({P}:c:<tok>, {P}:w:<tok>): they share
 * the hash slot of the declared keys, which is what Redis Cluster requires of a script.
 */
#include "redis_queue.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "platform.h" /* shmx_monotonic_ns */

#define MAY_GROW "#!lua\n"
#define FREES "#!lua flags=allow-oom\n"

/* What a value costs: shmx_rqueue_item_size() in Lua. */
#define ITEM_SIZE \
	"local function size(v) " \
	"  local t = string.sub(v, 1, 1) " \
	"  if t == 'N' or t == 'T' or t == 'F' or t == '' then return 8 end " \
	"  if t == 'i' or t == 'd' then return 16 end " \
	"  return 8 + math.floor((#v + 6) / 8) * 8 " \
	"end "

/* CREATE: KEYS m; ARGV 'c'|'n', capacity. -> {2, cap} created, {1, cap} there ('c'),
 * {-1} there ('n'), {-2} a hash without cap (not a queue's). */
static const char create_src[] = MAY_GROW
	"local cap = redis.call('HGET', KEYS[1], 'cap') "
	"if cap then if ARGV[1] == 'n' then return {-1} end return {1, cap} end "
	"if redis.call('EXISTS', KEYS[1]) == 1 then return {-2} end "
	"redis.call('HSET', KEYS[1], 'cap', ARGV[2], 'used', 0, 'pushed', 0, 'popped', 0, 'closed', 0) "
	"return {2, ARGV[2]}";

/* PUSH: KEYS q, m; ARGV value. -> {1} pushed, {-1} no room, {-2} closed, {-3} no queue. */
static const char push_src[] = MAY_GROW ITEM_SIZE
	"local m = redis.call('HMGET', KEYS[2], 'cap', 'used', 'closed') "
	"if not m[1] then return {-3} end "
	"if m[3] == '1' then return {-2} end "
	"local n = size(ARGV[1]) "
	"if (tonumber(m[2]) or 0) + n > tonumber(m[1]) then return {-1} end "
	"redis.call('RPUSH', KEYS[1], ARGV[1]) "
	"redis.call('HINCRBY', KEYS[2], 'used', n) "
	"redis.call('HINCRBY', KEYS[2], 'pushed', 1) "
	"return {1}";

/* TAKE: KEYS q, m, c, w, l; ARGV token, lease ms, '1' to recover dead consumers, "{P}:",
 * 'b' to register the lease even when empty (the caller will BLMOVE), seq, a quarter lease
 * in ms (how often the queue's recovery may run).
 * First this handle's own leftovers (a take whose answer was lost) and, when asked, the values
 * of consumers whose lease is gone go back to the head, newest first so that their order is
 * kept; then the head moves into w under a fresh lease.
 * -> {1, value, n back} taken, {0, '', n} empty, {-2, '', n} closed and empty, {-3} no queue. */
static const char take_src[] = FREES
	"local m = redis.call('HMGET', KEYS[2], 'cap', 'closed', 'pushed', 'popped') "
	"if not m[1] then return {-3} end "
	"local back = 0 "
	"while redis.call('LMOVE', KEYS[4], KEYS[1], 'RIGHT', 'LEFT') do back = back + 1 end "
	/* The recovery looks at every registered consumer: it runs at most once a quarter lease
	 * for the whole queue ({P}:r), however many handles pop (one per PHP-FPM request). */
	"if ARGV[3] == '1' and redis.call('SET', ARGV[4] .. 'r', '1', 'NX', 'PX', ARGV[7]) then "
	"  for _, t in ipairs(redis.call('SMEMBERS', KEYS[3])) do "
	"    if t ~= ARGV[1] and redis.call('EXISTS', ARGV[4] .. 'c:' .. t) == 0 then "
	"      local w = ARGV[4] .. 'w:' .. t "
	"      while redis.call('LMOVE', w, KEYS[1], 'RIGHT', 'LEFT') do back = back + 1 end "
	"      redis.call('SREM', KEYS[3], t) "
	"    end "
	"  end "
	"end "
	"local v = redis.call('LMOVE', KEYS[1], KEYS[4], 'LEFT', 'RIGHT') "
	"if v or ARGV[5] == 'b' then "
	"  redis.call('SADD', KEYS[3], ARGV[1]) "
	"  redis.call('SET', KEYS[5], ARGV[6], 'PX', ARGV[2]) "
	"end "
	"if v then return {1, v, back} end "
	/* Closed and empty only once nothing is in flight either: a dead consumer's value may
	 * still come back, and a drain must wait for it. */
	"if m[2] == '1' and (m[3] or '0') == (m[4] or '0') then return {-2, '', back} end "
	"return {0, '', back}";

/* ACK: KEYS m, c, w, l, a; ARGV token, seq, lease ms, marker ms. -> {1} the value is the
 * caller's, {0} it went back to the queue. Then `a` reads "a<seq>" for marker ms (far longer
 * than the lease), so that an ack whose answer was lost can be asked again even after an
 * outage longer than the lease. A value still in w is this handle's even when its lease has
 * run out: only a recovery, which empties w, gives it to someone else. */
static const char ack_src[] = FREES ITEM_SIZE
	"if redis.call('GET', KEYS[5]) == 'a' .. ARGV[2] then return {1} end "
	"local x = redis.call('LPOP', KEYS[3]) "
	"if not x then return {0} end "
	"if redis.call('EXISTS', KEYS[1]) == 1 then "
	"  local u = redis.call('HINCRBY', KEYS[1], 'used', -size(x)) "
	"  if u < 0 then redis.call('HSET', KEYS[1], 'used', 0) end "
	"  redis.call('HINCRBY', KEYS[1], 'popped', 1) "
	"  redis.call('SADD', KEYS[2], ARGV[1]) "
	"end "
	"redis.call('SET', KEYS[4], 'a' .. ARGV[2], 'PX', ARGV[3]) "
	"redis.call('SET', KEYS[5], 'a' .. ARGV[2], 'PX', ARGV[4]) "
	"return {1}";

/* CLAIM: KEYS c, l; ARGV token, seq, lease ms. After BLMOVE moved a value into w: the consumer
 * is registered and its lease fresh again (a recovery may have dropped both while it waited:
 * then w would be found by nobody). -> 1. */
static const char claim_src[] = FREES
	"redis.call('SADD', KEYS[1], ARGV[1]) "
	"redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3]) "
	"return 1";

/* UNTAKE: KEYS q, w. -> n moved back to the head. */
static const char untake_src[] = FREES
	"local n = 0 "
	"while redis.call('LMOVE', KEYS[2], KEYS[1], 'RIGHT', 'LEFT') do n = n + 1 end "
	"return n";

/* SHUT: KEYS m. -> 1, or -3 no queue. */
static const char shut_src[] = FREES
	"if redis.call('EXISTS', KEYS[1]) == 0 then return -3 end "
	"redis.call('HSET', KEYS[1], 'closed', 1) "
	"return 1";

/* STATS: KEYS q, m. -> {cap, used, pushed, popped, closed, waiting} or {-3}. */
static const char stats_src[] = "#!lua flags=no-writes\n"
	"local m = redis.call('HMGET', KEYS[2], 'cap', 'used', 'pushed', 'popped', 'closed') "
	"if not m[1] then return {-3} end "
	"return {m[1], m[2] or '0', m[3] or '0', m[4] or '0', m[5] or '0', redis.call('LLEN', KEYS[1])}";

/* DESTROY: KEYS q, m, c; ARGV "{P}:". -> 1. */
static const char destroy_src[] = FREES
	"for _, t in ipairs(redis.call('SMEMBERS', KEYS[3])) do "
	"  redis.call('DEL', ARGV[1] .. 'w:' .. t, ARGV[1] .. 'c:' .. t) "
	"end "
	/* Ack markers outlive their consumers' registration (a recovery forgets a consumer, never
	 * its marker): found by name, the prefix's glob characters escaped so that the pattern
	 * matches this queue's keys only. A SCAN of the keyspace, but destroy() is rare. */
	"local pat = (string.gsub(ARGV[1], '([%*%?%[%]%\\\\])', '\\\\%1')) .. 'a:*' "
	"local cur = '0' "
	"repeat "
	"  local r = redis.call('SCAN', cur, 'MATCH', pat, 'COUNT', 1000) "
	"  cur = r[1] "
	"  for _, k in ipairs(r[2]) do redis.call('DEL', k) end "
	"until cur == '0' "
	"redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], ARGV[1] .. 'r') "
	"return 1";

/* SHA1s, per process (the same on every server). */
static char create_sha[41], push_sha[41], take_sha[41], ack_sha[41], untake_sha[41], claim_sha[41], shut_sha[41], stats_sha[41],
	destroy_sha[41];

uint64_t shmx_rqueue_item_size(const char *item, size_t len)
{
	char t = len ? item[0] : '\0';
	if (t == 'N' || t == 'T' || t == 'F' || t == '\0') {
		return 8;
	}
	if (t == 'i' || t == 'd') {
		return 16;
	}
	return 8 + (((uint64_t)len - 1 + 7) & ~(uint64_t)7);
}

static const char *url(const shmx_rqueue *q)
{
	return q->r.a.url;
}

static shmx_status gone(shmx_rqueue *q, shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_GONE, 0, "%s: there is no queue there any more (destroyed, or lost by a restarted server)",
		url(q));
}

static shmx_status bad_reply(shmx_rqueue *q, shmx_redis_reply *rp, shmx_error *err)
{
	shmx_redis_reply_free(rp);
	return shmx_fail(err, SHMX_ERR_OS, 0, "%s: unexpected reply from the server to a Queue script", url(q));
}

static long long elem_int(const shmx_redis_reply *rp, size_t i)
{
	const shmx_redis_reply *e = shmx_redis_reply_at(rp, i);
	if (shmx_redis_reply_type(e) == SHMX_RR_INTEGER) {
		return shmx_redis_reply_int(e);
	}
	size_t n;
	const char *s = shmx_redis_reply_str(e, &n);
	char buf[24];
	if (n == 0 || n >= sizeof(buf)) {
		return 0;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	return strtoll(buf, NULL, 10);
}

static void consumer_keys(shmx_rqueue *q)
{
	shmx_redis_random_token(q->token);
	q->pid = getpid();
	q->seq = 0;
	q->next_recover_ns = 0;
	snprintf(q->w, sizeof(q->w), "%sw:%s", q->base, q->token);
	snprintf(q->l, sizeof(q->l), "%sc:%s", q->base, q->token);
	snprintf(q->a, sizeof(q->a), "%sa:%s", q->base, q->token);
}

/* A fork child is another consumer: its own token, never its parent's in-flight list. */
static void check_fork(shmx_rqueue *q)
{
	if (q->pid != getpid()) {
		consumer_keys(q);
	}
}

static shmx_status parse_cap(shmx_rqueue *q, const shmx_redis_reply *e, shmx_error *err)
{
	size_t n;
	const char *s = shmx_redis_reply_str(e, &n);
	char buf[24];
	char *end;
	if (n == 0 || n >= sizeof(buf)) {
		goto bad;
	}
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	unsigned long long cap = strtoull(buf, &end, 10);
	if (*end || errno || buf[0] == '-' || cap < 64 || cap > (1ull << 40)) {
		goto bad;
	}
	q->capacity = cap;
	return SHMX_OK;
bad:
	return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: %s is not a shmx Queue's (its capacity reads \"%.*s\")", url(q), q->m,
		(int)(n > 24 ? 24 : n), s);
}

shmx_status shmx_rqueue_open(shmx_rqueue *q, const shmx_redis_addr *a, uint64_t capacity, char mode, shmx_error *err)
{
	shmx_redis_reply *rp;
	shmx_status st;

	memset(q, 0, sizeof(*q));
	if ((st = shmx_redis_open(&q->r, a, err)) != SHMX_OK) {
		return st;
	}
	snprintf(q->q, sizeof(q->q), "{%s}:q", a->prefix);
	snprintf(q->m, sizeof(q->m), "{%s}:m", a->prefix);
	snprintf(q->c, sizeof(q->c), "{%s}:c", a->prefix);
	snprintf(q->base, sizeof(q->base), "{%s}:", a->prefix);
	consumer_keys(q);

	if (mode != 'n') {
		/* A plain read first: opening an existing queue takes no memory, even at maxmemory. */
		const char *argv[3] = {"HGET", q->m, "cap"};
		size_t lens[3] = {4, strlen(q->m), 3};
		if ((st = shmx_redis_command(&q->r, 3, argv, lens, &rp, err)) != SHMX_OK) {
			goto fail;
		}
		if (shmx_redis_reply_type(rp) != SHMX_RR_NIL) {
			st = parse_cap(q, rp, err);
			shmx_redis_reply_free(rp);
			if (st != SHMX_OK) {
				goto fail;
			}
			return SHMX_OK;
		}
		shmx_redis_reply_free(rp);
		if (mode != 'c') {
			st = shmx_fail(err, SHMX_ERR_NOT_FOUND, 0, "%s: no queue there (mode \"%c\" opens an existing one)", url(q), mode);
			goto fail;
		}
	}
	char cap[24];
	const char *argv[3] = {q->m, mode == 'n' ? "n" : "c", cap};
	size_t lens[3] = {strlen(q->m), 1, (size_t)snprintf(cap, sizeof(cap), "%llu", (unsigned long long)capacity)};
	if ((st = shmx_redis_eval(&q->r, create_src, create_sha, 1, 3, argv, lens, &rp, err)) != SHMX_OK) {
		goto fail;
	}
	long long code = elem_int(rp, 0);
	if (code == -1) {
		shmx_redis_reply_free(rp);
		st = shmx_fail(err, SHMX_ERR_EXISTS, 0, "%s: a queue exists there (mode \"n\")", url(q));
		goto fail;
	}
	if (code == -2) {
		shmx_redis_reply_free(rp);
		st = shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: %s is a hash that is not a shmx Queue's", url(q), q->m);
		goto fail;
	}
	if (code != 1 && code != 2) {
		st = bad_reply(q, rp, err);
		goto fail;
	}
	st = parse_cap(q, shmx_redis_reply_at(rp, 1), err);
	shmx_redis_reply_free(rp);
	if (st == SHMX_OK) {
		return SHMX_OK;
	}
fail:
	shmx_redis_close(&q->r);
	return st;
}

void shmx_rqueue_close(shmx_rqueue *q)
{
	shmx_redis_close(&q->r);
}

static int64_t deadline_of(int64_t timeout_ns)
{
	return timeout_ns > 0 ? shmx_monotonic_ns() + timeout_ns : (timeout_ns == 0 ? 0 : -1);
}

/* Nanoseconds left before the deadline (INT64_MAX for none), 0 when it has passed. */
static int64_t left_ns(int64_t deadline)
{
	if (deadline < 0) {
		return INT64_MAX;
	}
	int64_t now = shmx_monotonic_ns();
	return deadline > now ? deadline - now : 0;
}

static shmx_status timed_out(shmx_rqueue *q, int64_t timeout_ns, const char *what, shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "%s: timed out after %.6g seconds waiting for %s", url(q),
		(double)timeout_ns / 1e9, what);
}

/* Sleeps *pause_us (doubling it up to 20 ms for next time), never past the deadline. */
static void backoff(int64_t deadline, useconds_t *pause_us)
{
	int64_t left = left_ns(deadline);
	useconds_t us = *pause_us;
	if ((int64_t)us * 1000 > left) {
		us = (useconds_t)(left / 1000);
	}
	if (us) {
		usleep(us);
	}
	if (*pause_us < 20000) {
		*pause_us = *pause_us * 2 > 20000 ? 20000 : *pause_us * 2;
	}
}

static long long lease_ms(const shmx_rqueue *q)
{
	long long ms = (long long)(q->r.a.lease * 1000.0);
	return ms < 1 ? 1 : ms;
}

shmx_status shmx_rqueue_push(shmx_rqueue *q, const char *item, size_t len, int64_t timeout_ns, bool *no_room,
	shmx_error *err)
{
	int64_t deadline = deadline_of(timeout_ns);
	useconds_t pause = 1000;
	const char *argv[3] = {q->q, q->m, item};
	size_t lens[3] = {strlen(q->q), strlen(q->m), len};

	if (shmx_rqueue_item_size(item, len) > q->capacity) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "%s: a value of %zu bytes does not fit the queue's %llu-byte capacity",
			url(q), len ? len - 1 : 0, (unsigned long long)q->capacity);
	}
	for (;;) {
		shmx_redis_reply *rp;
		shmx_status st = shmx_redis_eval(&q->r, push_src, push_sha, 2, 3, argv, lens, &rp, err);
		if (st != SHMX_OK) {
			return st;
		}
		long long code = elem_int(rp, 0);
		shmx_redis_reply_free(rp);
		switch (code) {
			case 1: return SHMX_OK;
			case -2: return shmx_fail(err, SHMX_ERR_CLOSED, 0, "%s: the queue is closed", url(q));
			case -3: return gone(q, err);
			case -1: break;
			default: return shmx_fail(err, SHMX_ERR_OS, 0, "%s: unexpected reply from the server to a push", url(q));
		}
		if (timeout_ns == 0) {
			*no_room = true;
			return shmx_fail(err, SHMX_ERR_FULL, 0, "%s: the queue is full", url(q));
		}
		if (left_ns(deadline) == 0) {
			*no_room = true;
			return timed_out(q, timeout_ns, "room in the queue", err);
		}
		backoff(deadline, &pause);
	}
}

/* One run of the take script; *code its verdict, *rp its reply (kept only when taken). */
static shmx_status take_once(shmx_rqueue *q, bool will_block, long long *code, shmx_redis_reply **rp, shmx_error *err)
{
	char lease[24], seq[24], every[24];
	int64_t now = shmx_monotonic_ns();
	bool recover = now >= q->next_recover_ns;
	q->seq++;
	long long quarter = lease_ms(q) / 4 > 0 ? lease_ms(q) / 4 : 1;
	const char *argv[12] = {q->q, q->m, q->c, q->w, q->l, q->token, lease, recover ? "1" : "0", q->base,
		will_block ? "b" : "", seq, every};
	size_t lens[12] = {strlen(q->q), strlen(q->m), strlen(q->c), strlen(q->w), strlen(q->l), strlen(q->token),
		(size_t)snprintf(lease, sizeof(lease), "%lld", lease_ms(q)), 1, strlen(q->base), will_block ? 1 : 0,
		(size_t)snprintf(seq, sizeof(seq), "%llu", (unsigned long long)q->seq),
		(size_t)snprintf(every, sizeof(every), "%lld", quarter)};
	shmx_status st = shmx_redis_eval(&q->r, take_src, take_sha, 5, 12, argv, lens, rp, err);
	if (st != SHMX_OK) {
		return st;
	}
	if (recover) {
		/* Dead consumers' values come back at most a quarter of a lease after it ran out. */
		q->next_recover_ns = now + (int64_t)(q->r.a.lease * 1e9 / 4);
	}
	*code = elem_int(*rp, 0);
	return SHMX_OK;
}

/* The BLMOVE slice for a wait with `left` ns to go: at most SHMX_RQUEUE_SLICE_S and a third of
 * the lease, at least a millisecond (BLMOVE's 0 is forever). Written as "S.mmm". */
static double slice_of(const shmx_rqueue *q, int64_t left, char out[32])
{
	double s = SHMX_RQUEUE_SLICE_S;
	if (q->r.a.lease / 3 < s) {
		s = q->r.a.lease / 3;
	}
	if ((double)left / 1e9 < s) {
		s = (double)left / 1e9;
	}
	long long ms = (long long)(s * 1000.0);
	if (ms < 1) {
		ms = 1;
	}
	snprintf(out, 32, "%lld.%03lld", ms / 1000, ms % 1000);
	return (double)ms / 1000.0;
}

shmx_status shmx_rqueue_take(shmx_rqueue *q, int64_t timeout_ns, shmx_redis_reply **reply, const char **item,
	size_t *len, shmx_error *err)
{
	int64_t deadline = deadline_of(timeout_ns);
	useconds_t pause = 1000;
	bool oom = false;

	*reply = NULL;
	check_fork(q);
	for (;;) {
		shmx_redis_reply *rp;
		long long code;
		shmx_status st = take_once(q, timeout_ns != 0, &code, &rp, err);
		if (st != SHMX_OK) {
			return st;
		}
		if (code == 1) {
			*reply = rp;
			*item = shmx_redis_reply_str(shmx_redis_reply_at(rp, 1), len);
			return SHMX_OK;
		}
		shmx_redis_reply_free(rp);
		switch (code) {
			case 0: break;
			case -2: return shmx_fail(err, SHMX_ERR_CLOSED, 0, "%s: the queue is closed and empty", url(q));
			case -3: return gone(q, err);
			default: return shmx_fail(err, SHMX_ERR_OS, 0, "%s: unexpected reply from the server to a pop", url(q));
		}
		if (timeout_ns == 0) {
			return shmx_fail(err, SHMX_ERR_NOT_FOUND, 0, "%s: the queue is empty", url(q));
		}
		int64_t left = left_ns(deadline);
		if (left == 0) {
			return timed_out(q, timeout_ns, "a value in the queue", err);
		}
		if (oom) {
			/* The server is at maxmemory and refuses BLMOVE; the take script still runs. */
			backoff(deadline, &pause);
			oom = false;
			continue;
		}
		char slice[32];
		double s = slice_of(q, left, slice);
		const char *argv[6] = {"BLMOVE", q->q, q->w, "LEFT", "RIGHT", slice};
		size_t lens[6] = {6, strlen(q->q), strlen(q->w), 4, 5, strlen(slice)};
		st = shmx_redis_command_blocking(&q->r, s, 6, argv, lens, &rp, err);
		if (st == SHMX_ERR_FULL) {
			oom = true;
			continue;
		}
		if (st != SHMX_OK) {
			return st;
		}
		if (shmx_redis_reply_type(rp) == SHMX_RR_STRING) {
			/* Moved under the lease the take script set for this very seq; claimed again in
			 * case that lease ran out during the wait and a recovery forgot this consumer. */
			char seq[24], lease[24];
			shmx_redis_reply *cr;
			const char *cargv[5] = {q->c, q->l, q->token, seq, lease};
			size_t clens[5] = {strlen(q->c), strlen(q->l), strlen(q->token),
				(size_t)snprintf(seq, sizeof(seq), "%llu", (unsigned long long)q->seq),
				(size_t)snprintf(lease, sizeof(lease), "%lld", lease_ms(q))};
			if ((st = shmx_redis_eval(&q->r, claim_src, claim_sha, 2, 5, cargv, clens, &cr, err)) != SHMX_OK) {
				/* Left in w: this handle's next take puts it back at the head first. */
				shmx_redis_reply_free(rp);
				return st;
			}
			shmx_redis_reply_free(cr);
			*reply = rp;
			*item = shmx_redis_reply_str(rp, len);
			return SHMX_OK;
		}
		shmx_redis_reply_free(rp);
	}
}

shmx_status shmx_rqueue_ack(shmx_rqueue *q, shmx_error *err)
{
	char seq[24], lease[24];
	shmx_redis_reply *rp;
	/* The marker outlives the lease a hundredfold, and at least a day. */
	long long keep = lease_ms(q) * 100 > 86400000LL ? lease_ms(q) * 100 : 86400000LL;
	char marker[24];
	const char *argv[9] = {q->m, q->c, q->w, q->l, q->a, q->token, seq, lease, marker};
	size_t lens[9] = {strlen(q->m), strlen(q->c), strlen(q->w), strlen(q->l), strlen(q->a), strlen(q->token),
		(size_t)snprintf(seq, sizeof(seq), "%llu", (unsigned long long)q->seq),
		(size_t)snprintf(lease, sizeof(lease), "%lld", lease_ms(q)),
		(size_t)snprintf(marker, sizeof(marker), "%lld", keep)};
	shmx_status st = shmx_redis_eval(&q->r, ack_src, ack_sha, 5, 9, argv, lens, &rp, err);
	if (st != SHMX_OK) {
		return st;
	}
	long long code = elem_int(rp, 0);
	shmx_redis_reply_free(rp);
	return code == 1 ? SHMX_OK : shmx_fail(err, SHMX_ERR_NOT_FOUND, 0, "%s: the value went back to the queue", url(q));
}

shmx_status shmx_rqueue_untake(shmx_rqueue *q, shmx_error *err)
{
	shmx_redis_reply *rp;
	const char *argv[2] = {q->q, q->w};
	size_t lens[2] = {strlen(q->q), strlen(q->w)};
	shmx_status st = shmx_redis_eval(&q->r, untake_src, untake_sha, 2, 2, argv, lens, &rp, err);
	shmx_redis_reply_free(rp);
	return st;
}

shmx_status shmx_rqueue_shut(shmx_rqueue *q, shmx_error *err)
{
	shmx_redis_reply *rp;
	const char *argv[1] = {q->m};
	size_t lens[1] = {strlen(q->m)};
	shmx_status st = shmx_redis_eval(&q->r, shut_src, shut_sha, 1, 1, argv, lens, &rp, err);
	if (st != SHMX_OK) {
		return st;
	}
	long long code = shmx_redis_reply_int(rp);
	shmx_redis_reply_free(rp);
	return code == 1 ? SHMX_OK : gone(q, err);
}

shmx_status shmx_rqueue_stats_get(shmx_rqueue *q, shmx_rqueue_stats *out, shmx_error *err)
{
	shmx_redis_reply *rp;
	const char *argv[2] = {q->q, q->m};
	size_t lens[2] = {strlen(q->q), strlen(q->m)};
	shmx_status st = shmx_redis_eval(&q->r, stats_src, stats_sha, 2, 2, argv, lens, &rp, err);
	if (st != SHMX_OK) {
		return st;
	}
	if (shmx_redis_reply_len(rp) == 1 && elem_int(rp, 0) == -3) {
		shmx_redis_reply_free(rp);
		return gone(q, err);
	}
	if (shmx_redis_reply_len(rp) != 6) {
		return bad_reply(q, rp, err);
	}
	long long used = elem_int(rp, 1), pushed = elem_int(rp, 2), popped = elem_int(rp, 3), waiting = elem_int(rp, 5);
	out->capacity = q->capacity;
	out->used = used > 0 ? (uint64_t)used : 0;
	out->pushed = pushed > 0 ? (uint64_t)pushed : 0;
	out->popped = popped > 0 ? (uint64_t)popped : 0;
	out->count = waiting > 0 ? (uint64_t)waiting : 0;
	/* Pushed, not acknowledged, not waiting: taken by a consumer that has not finished. */
	out->in_flight = out->pushed > out->popped + out->count ? out->pushed - out->popped - out->count : 0;
	out->closed = elem_int(rp, 4) == 1;
	shmx_redis_reply_free(rp);
	return SHMX_OK;
}

shmx_status shmx_rqueue_destroy(shmx_rqueue *q, shmx_error *err)
{
	shmx_redis_reply *rp;
	const char *argv[4] = {q->q, q->m, q->c, q->base};
	size_t lens[4] = {strlen(q->q), strlen(q->m), strlen(q->c), strlen(q->base)};
	shmx_status st = shmx_redis_eval(&q->r, destroy_src, destroy_sha, 3, 4, argv, lens, &rp, err);
	shmx_redis_reply_free(rp);
	return st;
}
