/*
 * redis.c: the Redis backend's connection, id parsing and Lua scripts (see redis.h).
 *
 * Connection: one hiredis blocking context per handle, opened with the id's timeout, which
 * redisSetTimeout() then applies to every command, so no call waits longer than that on a
 * silent server. Before each command a zero-timeout poll() tells whether the server closed the
 * socket (a restart, a timeout kill); such a connection is reopened before the command is
 * sent. The reply is waited for by spinning a little, then asleep (wait_reply()). A failure
 * while a command is in flight is reported as it is and the context dropped:
 * the next call reconnects, and a write is never sent twice. A fork child never uses its
 * parent's socket (pid check): it opens its own.
 *
 * Store layout on the server, every key in the hash slot of {P} (P = the id's prefix):
 *   {P}:h        the Store: a hash, field = key, value = one type tag byte and the payload:
 *                'N' null, 'F' false, 'T' true, 'd' float (%.17g), 's' string (bytes),
 *                'p'/'g'/'m'/'n' serialized by php/igbinary/msgpack/shmx; an int is its bare
 *                decimal (no tag), so that HINCRBY adds to it. A value set with a ttl is
 *                'e<deadline: ms since the epoch, server clock>:' and then the value.
 *                So get/set/add/increment outside Store::lock() are one bare HGET/HSET/HSETNX/
 *                HINCRBY, count() is HLEN less the expired, keys() HKEYS, clear() one DEL.
 *                While a Store::lock() lease is held, {P}:h is instead its marker, the string
 *                "shmx-lock:<token>:<deadline ms>" (no Redis TTL), and the hash is at
 *   {P}:hl       (renamed there by the lock script, and back by the unlock). A bare command of
 *                another handle then fails with WRONGTYPE and it runs the script instead, which
 *                waits (-1) while the deadline is ahead, or ends a lease that ran out (the
 *                holder died or stalled: the data goes back to {P}:h) and goes on
 *   {P}:he       the expiry index: a sorted set of the keys set with a ttl, score = deadline.
 *                Only a hint (a bare HSET over such a key leaves its member): the write scripts
 *                and PRUNE (after a read that met an expired entry, or a write refused as
 *                OOM) drop the fields whose deadline has passed, checking the value first,
 *                and count/keys/iteration leave out the expired
 *   {P}:t        scratch for exact 64-bit int arithmetic in a script: Lua numbers are doubles,
 *                so a large int increment is INCRBY on this key (Redis checks overflow
 *                exactly), deleted again within the same script
 *   {P}:n        a Counter: a plain decimal integer (INCRBY/DECRBY natively)
 *   {P}:x        a Mutex's lease: a random token, PX lease (php_redis_sync.c)
 *   {P}:xf       its fence: a decimal counter INCRed by every acquisition, whose new value is
 *                the fencing token that lock() returns; created "0" by the first opener
 *   {P}:s        a Semaphore's permits: a sorted set, member = a holder's random token,
 *                score = when that permit runs out, in server ms (TIME)
 *   {P}:sp       its permit count (decimal), fixed by the opener that created it
 * Scripts run atomically on the server, and Redis 7 refuses a writing script up front when
 * over maxmemory (OOM), so an operation is all done or not at all; a bare command is one step
 * anyway.
 */
#include "redis.h"

#include "platform.h" /* shmx_monotonic_ns */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifdef SHMX_HAVE_REDIS
# include <hiredis/hiredis.h>
#endif

int shmx_redis_id_is(const char *s, size_t len)
{
	return (len >= 8 && memcmp(s, "redis://", 8) == 0) || (len >= 13 && memcmp(s, "redis+unix://", 13) == 0);
}

int shmx_redis_available(void)
{
#ifdef SHMX_HAVE_REDIS
	return 1;
#else
	return 0;
#endif
}

/* ---- parsing ---------------------------------------------------------------------------- */

static shmx_status bad(shmx_error *err, const char *what)
{
	return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a Redis id (redis://host:port/prefix or "
		"redis+unix:///path/to/socket/prefix): %s", what);
}

/* A positive number of seconds, at most a day. */
static int parse_seconds(const char *v, size_t n, double *out)
{
	char buf[32];
	char *end;
	if (n == 0 || n >= sizeof(buf)) {
		return 0;
	}
	memcpy(buf, v, n);
	buf[n] = '\0';
	errno = 0;
	double d = strtod(buf, &end);
	if (*end || errno || !(d > 0) || d > 86400) {
		return 0;
	}
	/* At least a millisecond: below it the socket timeout would be {0, 0}, which hiredis takes
	 * for none at all, and a lease would be PX 0, which the server refuses. */
	if (d < 0.001) {
		d = 0.001;
	}
	*out = d;
	return 1;
}

static int parse_uint(const char *v, size_t n, long max, long *out)
{
	long x = 0;
	if (n == 0 || n > 9) {
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		if (v[i] < '0' || v[i] > '9') {
			return 0;
		}
		x = x * 10 + (v[i] - '0');
	}
	if (x > max) {
		return 0;
	}
	*out = x;
	return 1;
}

static shmx_status parse_query(shmx_redis_addr *a, const char *q, size_t n, shmx_error *err)
{
	while (n) {
		const char *amp = memchr(q, '&', n);
		size_t len = amp ? (size_t)(amp - q) : n;
		const char *eq = memchr(q, '=', len);
		if (!eq) {
			return bad(err, "an option without \"=\"");
		}
		size_t klen = (size_t)(eq - q), vlen = len - klen - 1;
		const char *v = eq + 1;
		long x;
		if (klen == 7 && !memcmp(q, "timeout", 7)) {
			if (!parse_seconds(v, vlen, &a->timeout)) {
				return bad(err, "timeout= must be a number of seconds greater than 0 and at most 86400");
			}
		} else if (klen == 5 && !memcmp(q, "lease", 5)) {
			if (!parse_seconds(v, vlen, &a->lease)) {
				return bad(err, "lease= must be a number of seconds greater than 0 and at most 86400");
			}
		} else if (klen == 5 && !memcmp(q, "cache", 5)) {
			if (!parse_seconds(v, vlen, &a->cache)) {
				return bad(err, "cache= must be a number of seconds greater than 0 and at most 86400");
			}
		} else if (klen == 2 && !memcmp(q, "db", 2)) {
			if (!parse_uint(v, vlen, 1L << 20, &x)) {
				return bad(err, "db= must be a database number (0 or more)");
			}
			a->db = (int)x;
		} else {
			return shmx_fail(err, SHMX_ERR_RANGE, 0, "must be a Redis id with known options (timeout, db, lease, cache), "
				"\"%.*s\" given", (int)(klen > 32 ? 32 : klen), q);
		}
		if (!amp) {
			break;
		}
		n -= len + 1;
		q = amp + 1;
	}
	return SHMX_OK;
}

static shmx_status set_prefix(shmx_redis_addr *a, const char *p, size_t n, shmx_error *err)
{
	if (n == 0) {
		return bad(err, "no prefix after the address");
	}
	if (n > SHMX_REDIS_PREFIX_MAX) {
		return bad(err, "the prefix is longer than 200 bytes");
	}
	if (memchr(p, '{', n) || memchr(p, '}', n)) {
		return bad(err, "the prefix must not contain \"{\" or \"}\" (it is the hash tag)");
	}
	memcpy(a->prefix, p, n);
	a->prefix[n] = '\0';
	return SHMX_OK;
}

shmx_status shmx_redis_parse(shmx_redis_addr *a, const char *s, size_t len, shmx_error *err)
{
	memset(a, 0, sizeof(*a));
	a->timeout = 2.0;
	a->lease = 30.0;
	if (memchr(s, '\0', len)) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "must not contain any null bytes");
	}
	if (len >= sizeof(a->url)) {
		return bad(err, "too long");
	}
	memcpy(a->url, s, len);
	a->url[len] = '\0';
	const char *q = memchr(s, '?', len);
	size_t body = q ? (size_t)(q - s) : len;
	if (q) {
		shmx_status st = parse_query(a, q + 1, len - body - 1, err);
		if (st != SHMX_OK) {
			return st;
		}
	}
	if (memcmp(s, "redis+unix://", 13) == 0) {
		const char *p = s + 13, *end = s + body;
		const char *slash = NULL;
		for (const char *c = end; c > p; c--) {
			if (c[-1] == '/') {
				slash = c - 1;
				break;
			}
		}
		if (*p != '/' || !slash || slash == p) {
			return bad(err, "redis+unix:// needs an absolute socket path, then /prefix");
		}
		if ((size_t)(slash - p) >= sizeof(a->path)) {
			return bad(err, "the socket path is too long");
		}
		memcpy(a->path, p, (size_t)(slash - p));
		a->path[slash - p] = '\0';
		return set_prefix(a, slash + 1, (size_t)(end - slash - 1), err);
	}
	const char *h = s + 8, *end = s + body;
	const char *slash = memchr(h, '/', (size_t)(end - h));
	if (!slash) {
		return bad(err, "no /prefix after the address");
	}
	const char *hend = slash, *colon = NULL;
	if (*h == '[') {
		const char *rb = memchr(h, ']', (size_t)(slash - h));
		if (!rb) {
			return bad(err, "an unclosed [ in the host");
		}
		if (rb + 1 < slash && rb[1] == ':') {
			colon = rb + 1;
		} else if (rb + 1 != slash) {
			return bad(err, "junk after ]");
		}
		h++;
		hend = rb;
	} else {
		colon = memchr(h, ':', (size_t)(slash - h));
		if (colon) {
			hend = colon;
		}
	}
	if (hend == h) {
		return bad(err, "no host");
	}
	if ((size_t)(hend - h) >= sizeof(a->host)) {
		return bad(err, "the host name is too long");
	}
	memcpy(a->host, h, (size_t)(hend - h));
	a->host[hend - h] = '\0';
	a->port = 6379;
	if (colon) {
		long port;
		if (!parse_uint(colon + 1, (size_t)(slash - colon - 1), 65535, &port) || port == 0) {
			return bad(err, "the port must be a number from 1 to 65535");
		}
		a->port = (int)port;
	}
	return set_prefix(a, slash + 1, (size_t)(end - slash - 1), err);
}

size_t shmx_redis_entry_head(const char *s, size_t n, int64_t *until)
{
	size_t i = 1;
	int64_t x = 0;
	if (n == 0 || s[0] != 'e') {
		return 0;
	}
	for (; i < n && i < 19 && s[i] >= '0' && s[i] <= '9'; i++) {
		x = x * 10 + (s[i] - '0');
	}
	if (i == 1 || i >= n || s[i] != ':') {
		return 0;
	}
	*until = x;
	return i + 1;
}

void shmx_redis_random_token(char out[33])
{
	unsigned char b[16];
	if (shmx_random_bytes(b, sizeof(b)) < sizeof(b)) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ ((uint64_t)getpid() << 16);
		for (size_t i = 0; i < sizeof(b); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			b[i] = (unsigned char)x;
		}
	}
	for (size_t i = 0; i < sizeof(b); i++) {
		snprintf(out + 2 * i, 3, "%02x", b[i]);
	}
	out[32] = '\0';
}

#ifdef SHMX_HAVE_REDIS

/* ---- the scripts -------------------------------------------------------------------------- */

/* A script that may take memory declares itself a writer (Redis 7 shebang, no flags): at
 * maxmemory the server refuses it before it runs a line (OOM), so it is never half done. A
 * script without the shebang is checked only at its first write, and its later writes are
 * let through. Scripts that only delete may run when full: that is how room is made, and
 * read-only ones (no-writes) run there too. */
#define MAY_GROW "#!lua\n"
#define FREES "#!lua flags=allow-oom\n"
#define READS "#!lua flags=no-writes\n"

/* is_int64(s): s is the decimal of a 64-bit int as INCRBY takes it (no sign but '-', no
 * leading zero, no space; Lua's doubles cannot tell 2^63 from 2^63 - 1, so the digits are
 * compared as strings). */
#define IS_INT64 \
	"local function is_int64(s) " \
	"  if s == '0' then return true end " \
	"  local neg, d = string.match(s, '^(%-?)([1-9]%d*)$') " \
	"  if not d then return false end " \
	"  return #d < 19 or (#d == 19 and d <= (neg == '-' and '9223372036854775808' or '9223372036854775807')) " \
	"end "

/* Mutex and Semaphore: KEYS[i] must hold `type` or nothing; another type is an error reply
 * (before anything is written) that names the key and what shmx expected there. */
#define SYNC_TYPE_CHECK(i, type, what) \
	"do local t = redis.call('TYPE', KEYS[" #i "]).ok " \
	"if t ~= '" type "' and t ~= 'none' then return redis.error_reply('WRONGTYPE ' .. KEYS[" #i "] .. " \
	"' holds a ' .. t .. ', not " what "') end end "

/* `now`: the server's clock in ms. */
#define SYNC_NOW \
	"local tm = redis.call('TIME') " \
	"local now = tonumber(tm[1]) * 1000 + math.floor(tonumber(tm[2]) / 1000) "

/* Opening a Mutex or Semaphore: one body, run first read only (READS, mode 'w': it never gets
 * to its SET), then, only when nothing is there and the mode creates, as a writer. */
#define MUTEX_OPEN_BODY \
	SYNC_TYPE_CHECK(1, "string", "a Mutex lease") SYNC_TYPE_CHECK(2, "string", "a Mutex fence counter") \
	"if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end " \
	"if ARGV[1] == 'w' or ARGV[1] == 'a' then return -1 end " \
	"redis.call('SET', KEYS[2], '0') " \
	"return 1"
#define SEM_OPEN_BODY \
	SYNC_TYPE_CHECK(1, "string", "a Semaphore permit count") SYNC_TYPE_CHECK(2, "zset", "a Semaphore permit set") \
	"local cur = redis.call('GET', KEYS[1]) " \
	"if cur then " \
	"  if not string.match(cur, '^%d+$') or #cur > 9 then return {-2, string.sub(cur, 1, 40)} end " \
	"  return {0, cur} " \
	"end " \
	"if ARGV[1] == 'w' or ARGV[1] == 'a' then return {-1, '0'} end " \
	"redis.call('SET', KEYS[1], ARGV[2]) " \
	"return {1, ARGV[2]}"

/* ---- the Store (php_redis.c): one hash, {P}:h, or {P}:hl while Store::lock() holds it ---- */

/* The lock marker that {P}:h holds while a Store::lock() lease is held: "shmx-lock:<token>:<until
 * ms, server clock>". It has no Redis TTL (an expiring marker would let a write make a new,
 * empty {P}:h beside the data in {P}:hl); its deadline is read by the scripts below. */
#define MARKER_PATTERN "'^shmx%-lock:(%x+):(%d+)$'"

/* live(v, now): the stored value v if it is there and has not expired ('e<until ms>:<value>',
 * a set() with a ttl), else nil. A damaged 'e' value counts as live: decoding it reports it. */
#define LIVE \
	"local function live(v, now) " \
	"  if not v or string.byte(v, 1) ~= 101 then return v end " \
	"  local x = string.match(v, '^e(%d+):') " \
	"  if x and tonumber(x) <= now then return nil end " \
	"  return v " \
	"end "

/* Every write script of a Store starts with this. KEYS[1] {P}:h, KEYS[2] {P}:hl; ARGV[1] this
 * handle's lease token ("" when it holds none). It yields `d`, the key that holds the data now,
 * and `now`: {P}:hl under this handle's own lease, {P}:h when nobody holds one; another handle's
 * live lease refuses the write ({-1}: the caller waits and retries); a lease that ran out (its
 * holder died or stalled past lease=) is ended here: the data goes back to {P}:h. A handle
 * whose own lease is gone (taken over, or ended by another's write) is refused ({-5}): others
 * may have written since it read, so its write would undo theirs. */
#define RESOLVE_WRITE \
	SYNC_NOW \
	"local d = KEYS[1] " \
	"do local ty = redis.call('TYPE', KEYS[1]).ok " \
	"  if ty == 'string' then " \
	"    local tok, x = string.match(redis.call('GET', KEYS[1]), " MARKER_PATTERN ") " \
	"    if not tok then return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a string that is not a shmx Store lock') end " \
	"    if tok == ARGV[1] then d = KEYS[2] " \
	"    elseif ARGV[1] ~= '' then return {-5} " \
	"    elseif tonumber(x) > now then return {-1} " \
	"    else " \
	"      redis.call('DEL', KEYS[1]) " \
	"      if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[1]) end " \
	"    end " \
	"  elseif ty ~= 'hash' and ty ~= 'none' then " \
	"    return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. ty .. ', not a shmx Store') " \
	"  elseif ARGV[1] ~= '' then return {-5} " \
	"  end " \
	"end "

/* The same for a read-only script: under anyone's lease the data is in {P}:hl. `stale`: 1 when
 * that lease ran out (a dead holder's, which no write has ended yet: END_LEASE does). */
#define RESOLVE_READ \
	SYNC_NOW \
	"local d, stale = KEYS[1], 0 " \
	"do local ty = redis.call('TYPE', KEYS[1]).ok " \
	"  if ty == 'string' then " \
	"    local tok, x = string.match(redis.call('GET', KEYS[1]), " MARKER_PATTERN ") " \
	"    if not tok then " \
	"      return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a string that is not a shmx Store lock') end " \
	"    d = KEYS[2] " \
	"    if tonumber(x) <= now then stale = 1 end " \
	"  elseif ty ~= 'hash' and ty ~= 'none' then " \
	"    return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. ty .. ', not a shmx Store') " \
	"  end " \
	"end "

/* Drops up to `limit` entries whose expiry has passed, by the expiry index KEYS[3] ({P}:he:
 * member key, score its deadline), and counts them in `pruned`. A member is only a hint: a
 * later set() without a ttl (a bare HSET) or a delete leaves it behind, so the value is
 * checked before it is deleted. */
#define PRUNE_UPTO(limit) \
	"local pruned = 0 " \
	"for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, " limit ")) do " \
	"  local v = redis.call('HGET', d, k) " \
	"  if v and not live(v, now) then redis.call('HDEL', d, k) pruned = pruned + 1 end " \
	"  redis.call('ZREM', KEYS[3], k) " \
	"end "
#define PRUNE PRUNE_UPTO("100")

static const char *const scripts[SHMX_RS_COUNT_] = {
	/* SET: KEYS {P}:h, {P}:hl, {P}:he, scratch; ARGV token, key, 's'|'a', value, ttl ms ("0":
	 * none). -> {1} written, {0} add() found a live key, {-1} another's lease. The slow path:
	 * a bare set() outside lock() is an HSET (HSETNX for add()). */
	[SHMX_RS_SET] = MAY_GROW LIVE RESOLVE_WRITE PRUNE
		"if ARGV[3] == 'a' and live(redis.call('HGET', d, ARGV[2]), now) then return {0} end "
		"if ARGV[5] ~= '0' then "
		"  local x = string.format('%.0f', now + tonumber(ARGV[5])) "
		"  redis.call('HSET', d, ARGV[2], 'e' .. x .. ':' .. ARGV[4]) "
		"  redis.call('ZADD', KEYS[3], x, ARGV[2]) "
		"else redis.call('HSET', d, ARGV[2], ARGV[4]) end "
		"return {1}",
	/* DELETE: the same KEYS; ARGV token, key. -> {1} a live key deleted, {0} none, {-1}. */
	[SHMX_RS_DELETE] = FREES LIVE RESOLVE_WRITE PRUNE
		"local v = live(redis.call('HGET', d, ARGV[2]), now) "
		"redis.call('HDEL', d, ARGV[2]) "
		"redis.call('ZREM', KEYS[3], ARGV[2]) "
		"if v then return {1} end "
		"return {0}",
	/* INCR: the same KEYS; ARGV token, key, by ('i' decimal | 'd' float), a second int delta or
	 * "" (subtracting PHP_INT_MIN is adding PHP_INT_MAX, then 1). -> {1, new value encoded},
	 * {-2, current int} overflow, {-3, tag} not a number, {-4} a value that is not what encode()
	 * writes (damaged, or another client's), {-1}. An expiry is kept. The slow path: an int
	 * delta outside lock() is an HINCRBY first, which takes only a bare decimal int. */
	[SHMX_RS_INCR] = MAY_GROW LIVE IS_INT64 RESOLVE_WRITE PRUNE
		"local v = live(redis.call('HGET', d, ARGV[2]), now) "
		"local pre, cur = '', '0' "
		"if v then "
		"  if string.byte(v, 1) == 101 then pre, cur = string.match(v, '^(e%d+:)(.*)$') "
		"    if not pre then return {-4} end "
		"  else cur = v end "
		"end "
		"local c = string.byte(cur, 1) "
		"local isint = c == 45 or (c and c >= 48 and c <= 57) "
		"local bt = string.sub(ARGV[3], 1, 1) "
		"local res "
		"if isint and bt == 'i' then "
		"  if not is_int64(cur) then return {-4} end "
		"  if #cur <= 15 and #ARGV[3] <= 16 and ARGV[4] == '' then "
		/* Both below 10^15 in magnitude: a Lua double adds them exactly, and the sum cannot
		 * overflow. Anything larger goes through INCRBY on the scratch key (64-bit, checked). */
		"    res = string.format('%.0f', tonumber(cur) + tonumber(string.sub(ARGV[3], 2))) "
		"  else "
		"    redis.call('SET', KEYS[4], cur) "
		"    local ok = redis.pcall('INCRBY', KEYS[4], string.sub(ARGV[3], 2)) "
		"    if type(ok) == 'table' and ok.err then redis.call('DEL', KEYS[4]) return {-2, cur} end "
		"    if ARGV[4] ~= '' then "
		"      ok = redis.pcall('INCRBY', KEYS[4], ARGV[4]) "
		"      if type(ok) == 'table' and ok.err then redis.call('DEL', KEYS[4]) return {-2, cur} end "
		"    end "
		"    res = redis.call('GET', KEYS[4]) "
		"    redis.call('DEL', KEYS[4]) "
		"  end "
		"elseif isint or c == 100 then "
		"  local a = tonumber(isint and cur or string.sub(cur, 2)) "
		"  if not a or (isint and not is_int64(cur)) then return {-4} end "
		"  local b = tonumber(string.sub(ARGV[3], 2)) "
		"  if ARGV[4] ~= '' then b = b + tonumber(ARGV[4]) end "
		"  res = 'd' .. string.format('%.17g', a + b) "
		"elseif #cur > 0 and string.find('NFTspgmn', string.sub(cur, 1, 1), 1, true) then return {-3, string.sub(cur, 1, 1)} "
		"else return {-4} end "
		"redis.call('HSET', d, ARGV[2], pre .. res) "
		"return {1, res}",
	/* CAS: the same KEYS; ARGV token, key, expected, new (encoded). -> {1}|{0}|{-1}. A missing
	 * or expired key never matches. The expiry is kept. Two floats compare as numbers, as `==`
	 * and a local store do (0.0 is -0.0, NAN is nothing, not even NAN): tonumber() reads the
	 * "%.17g" of encode() back exactly, "inf", "-inf" and "nan" too. Any other pair compares
	 * by its encoding, tag included, so an int never matches a float. */
	[SHMX_RS_CAS] = MAY_GROW LIVE RESOLVE_WRITE PRUNE
		"local v = live(redis.call('HGET', d, ARGV[2]), now) "
		"if not v then return {0} end "
		"local pre, cur = '', v "
		"if string.byte(v, 1) == 101 then pre, cur = string.match(v, '^(e%d+:)(.*)$') "
		"  if not pre then return {0} end end "
		"local same = cur == ARGV[3] "
		"if string.sub(cur, 1, 1) == 'd' and string.sub(ARGV[3], 1, 1) == 'd' then "
		"  local a, b = tonumber(string.sub(cur, 2)), tonumber(string.sub(ARGV[3], 2)) "
		"  if a and b then same = a == b end "
		"end "
		"if not same then return {0} end "
		"redis.call('HSET', d, ARGV[2], pre .. ARGV[4]) "
		"return {1}",
	/* GET (read only): KEYS {P}:h, {P}:hl; ARGV key. -> {1, the live value, stale} or {0, dead,
	 * stale}: dead 1 when the key is there but has expired (PRUNE it), stale as RESOLVE_READ's.
	 * Used under a lease, and where an expiry is too close to tell from the client's estimate
	 * of the server's clock; a bare get() is an HGET. */
	[SHMX_RS_GET] = READS LIVE RESOLVE_READ
		"local v = redis.call('HGET', d, ARGV[1]) "
		"if live(v, now) then return {1, v, stale} end "
		"return {0, v and 1 or 0, stale}",
	/* PRUNE: KEYS {P}:h, {P}:hl, {P}:he; ARGV how many at most. -> how many expired entries
	 * it deleted. allow-oom: it is how a full server gets room from expired entries. Run after
	 * a read that met one, and when a write found the server full. Under a lease too: an
	 * expired entry is absent for the holder as for anyone. */
	[SHMX_RS_PRUNE] = FREES LIVE RESOLVE_READ PRUNE_UPTO("tonumber(ARGV[1])")
		"return pruned",
	/* END_LEASE: KEYS {P}:h, {P}:hl. A lease that ran out is ended (the data back in {P}:h),
	 * as the first write after it would: run when a read met one, so that a store nobody
	 * writes does not stay behind a dead holder's marker. -> 1 ended, 0 nothing to end. */
	[SHMX_RS_END_LEASE] = FREES SYNC_NOW
		"if redis.call('TYPE', KEYS[1]).ok ~= 'string' then return 0 end "
		"local tok, x = string.match(redis.call('GET', KEYS[1]), " MARKER_PATTERN ") "
		"if not tok or tonumber(x) > now then return 0 end "
		"redis.call('DEL', KEYS[1]) "
		"if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[1]) end "
		"return 1",
	/* EXISTS (read only): KEYS {P}:h, {P}:hl. -> 1 when the store holds a key (a Redis hash
	 * with no field does not exist). */
	[SHMX_RS_EXISTS] = READS RESOLVE_READ
		"return redis.call('EXISTS', d)",
	/* LIST (read only): KEYS {P}:h, {P}:hl, {P}:he; ARGV 'c' count | 'k' keys | 'v' keys and
	 * values. -> {dead, n} | {dead, k1, k2...} | {dead, k1, v1, k2, v2...}; expired entries
	 * left out, and counted in dead (then PRUNE them). */
	[SHMX_RS_LIST] = READS LIVE RESOLVE_READ
		"local dead, nd = {}, 0 "
		"for _, k in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now)) do "
		"  local v = redis.call('HGET', d, k) "
		"  if v and not live(v, now) then dead[k] = true nd = nd + 1 end "
		"end "
		"if ARGV[1] == 'c' then return {nd, redis.call('HLEN', d) - nd} end "
		"local out = {nd} "
		"if ARGV[1] == 'k' then "
		"  for _, k in ipairs(redis.call('HKEYS', d)) do if not dead[k] then out[#out + 1] = k end end "
		"  return out "
		"end "
		"local all = redis.call('HGETALL', d) "
		"for i = 1, #all, 2 do "
		"  if not dead[all[i]] then out[#out + 1] = all[i] out[#out + 1] = all[i + 1] end "
		"end "
		"return out",
	/* CLEAR: KEYS {P}:h, {P}:hl, {P}:he, scratch; ARGV token, '1' to destroy (everything goes,
	 * whoever holds a lease). -> {1} or {-1}. */
	[SHMX_RS_CLEAR] = FREES
		"if ARGV[2] == '1' then redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4]) return {1} end "
		RESOLVE_WRITE
		"redis.call('DEL', d, KEYS[3]) "
		"return {1}",
	/* STORE_LOCK: KEYS {P}:h, {P}:hl; ARGV token, lease ms. -> 1 taken, 0 another's live lease.
	 * The data moves to {P}:hl and {P}:h becomes the marker, so that every bare HSET/HGET/
	 * HINCRBY of another handle fails (WRONGTYPE) and takes the slow path, which waits. A lease
	 * that ran out is taken over as it is: its data is already in {P}:hl. */
	[SHMX_RS_STORE_LOCK] = MAY_GROW SYNC_NOW
		"local ty = redis.call('TYPE', KEYS[1]).ok "
		"if ty == 'string' then "
		"  local tok, x = string.match(redis.call('GET', KEYS[1]), " MARKER_PATTERN ") "
		"  if not tok then return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a string that is not a shmx Store lock') end "
		"  if tonumber(x) > now then return 0 end "
		"elseif ty == 'hash' then redis.call('RENAME', KEYS[1], KEYS[2]) "
		"elseif ty ~= 'none' then return redis.error_reply('WRONGTYPE ' .. KEYS[1] .. ' holds a ' .. ty .. ', not a shmx Store') "
		"end "
		"redis.call('SET', KEYS[1], 'shmx-lock:' .. ARGV[1] .. ':' .. string.format('%.0f', now + tonumber(ARGV[2]))) "
		"return 1",
	/* STORE_UNLOCK: KEYS {P}:h, {P}:hl; ARGV token. -> 1 released (the data back in {P}:h),
	 * 0 the marker is not ours (another took over a lease that ran out, or it was deleted). A
	 * marker that is still ours was not taken over, even past its deadline: nobody wrote. */
	[SHMX_RS_STORE_UNLOCK] = FREES
		"local ty = redis.call('TYPE', KEYS[1]).ok "
		"if ty == 'none' then "
		"  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[1]) end "
		"  return 0 "
		"end "
		"if ty ~= 'string' or string.match(redis.call('GET', KEYS[1]), " MARKER_PATTERN ") ~= ARGV[1] then return 0 end "
		"redis.call('DEL', KEYS[1]) "
		"if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('RENAME', KEYS[2], KEYS[1]) end "
		"return 1",
	/* UNLOCK: KEYS lease; ARGV token. -> 1 released, 0 not ours (any more). */
	[SHMX_RS_UNLOCK] = FREES
		"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end "
		"return 0",
	/* CTR_CAS: KEYS counter; ARGV expected, new (decimal). A missing counter reads 0.
	 * -> {1} swapped, {0} another value, {-1, the value} not an integer (damaged). */
	[SHMX_RS_CTR_CAS] = MAY_GROW IS_INT64
		"local cur = redis.call('GET', KEYS[1]) or '0' "
		"if not is_int64(cur) then return {-1, string.sub(cur, 1, 40)} end "
		"if cur ~= ARGV[1] then return {0} end "
		"redis.call('SET', KEYS[1], ARGV[2]) "
		"return {1}",
	/* CTR_SUBMIN: KEYS counter. x - PHP_INT_MIN fits only for x < 0: then add MAX, then 1.
	 * -> {1, new} | {-2, current} overflow | {-3, the value} not an integer (damaged). */
	[SHMX_RS_CTR_SUBMIN] = MAY_GROW IS_INT64
		"local cur = redis.call('GET', KEYS[1]) or '0' "
		"if not is_int64(cur) then return {-3, string.sub(cur, 1, 40)} end "
		"if string.sub(cur, 1, 1) ~= '-' then return {-2, cur} end "
		/* Only what INCRBY refuses (leading zeros) fails here, before anything changed. */
		"local ok = redis.pcall('INCRBY', KEYS[1], '9223372036854775807') "
		"if type(ok) == 'table' and ok.err then return {-3, cur} end "
		"redis.call('INCRBY', KEYS[1], '1') "
		"return {1, redis.call('GET', KEYS[1])}",

	/* ---- Mutex and Semaphore (php_redis_sync.c) and lease renewal (redis_lease.c) ---- */

	/* MUTEX_OPEN: KEYS lease, fence; ARGV mode (c n w a). -> 1 created, 0 was there, -1 none
	 * (w/a). Another type at a key is an error reply before anything is written. Run only
	 * when MUTEX_PEEK found nothing: a writer, refused at maxmemory. */
	[SHMX_RS_MUTEX_OPEN] = MAY_GROW MUTEX_OPEN_BODY,
	/* MUTEX_PEEK: the same with mode 'w', read only, so that opening a mutex that exists
	 * works at maxmemory (a writer script is refused there before it runs). */
	[SHMX_RS_MUTEX_PEEK] = READS MUTEX_OPEN_BODY,
	/* MUTEX_ACQUIRE: KEYS lease, fence; ARGV token, lease ms. -> the new fencing token (>= 1),
	 * or 0 when another holds the lease. Everything that could fail is checked before the SET,
	 * so a lease is never taken without its token. */
	[SHMX_RS_MUTEX_ACQUIRE] = MAY_GROW
		SYNC_TYPE_CHECK(1, "string", "a Mutex lease") SYNC_TYPE_CHECK(2, "string", "a Mutex fence counter")
		"local f = redis.call('GET', KEYS[2]) "
		"if f and (not string.match(f, '^%d+$') or #f > 19 or (#f == 19 and f >= '9223372036854775807')) then "
		"  return redis.error_reply('ERR ' .. KEYS[2] .. ' holds \"' .. string.sub(f, 1, 40) .. '\", not a shmx fencing counter') end "
		"if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 0 end "
		"return redis.call('INCR', KEYS[2])",
	/* SEM_OPEN: KEYS count, permits; ARGV mode, permits. -> {1 created | 0 was there | -1 none
	 * (w/a) | -2 not a count, the count as stored}. Run only when SEM_PEEK found nothing. */
	[SHMX_RS_SEM_OPEN] = MAY_GROW SEM_OPEN_BODY,
	/* SEM_PEEK: the same with mode 'w', read only (works at maxmemory). */
	[SHMX_RS_SEM_PEEK] = READS SEM_OPEN_BODY,
	/* SEM_ACQUIRE: KEYS permits; ARGV token, permit count, lease ms. -> 1 taken, 0 all taken. */
	[SHMX_RS_SEM_ACQUIRE] = MAY_GROW
		SYNC_TYPE_CHECK(1, "zset", "a Semaphore permit set")
		SYNC_NOW
		"redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) "
		"if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end "
		"redis.call('ZADD', KEYS[1], string.format('%.0f', now + tonumber(ARGV[3])), ARGV[1]) "
		"return 1",
	/* SEM_RELEASE: KEYS permits; ARGV token. -> 1 released, 0 it was not there or had run out
	 * (removed either way). */
	[SHMX_RS_SEM_RELEASE] = FREES
		SYNC_TYPE_CHECK(1, "zset", "a Semaphore permit set")
		"local s = redis.call('ZSCORE', KEYS[1], ARGV[1]) "
		"if not s then return 0 end "
		"redis.call('ZREM', KEYS[1], ARGV[1]) "
		SYNC_NOW
		"if tonumber(s) <= now then return 0 end "
		"return 1",
	/* SEM_COUNT (read only): KEYS permits. -> the live permits. */
	[SHMX_RS_SEM_COUNT] = READS
		SYNC_TYPE_CHECK(1, "zset", "a Semaphore permit set")
		SYNC_NOW
		"return redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.0f', now), '+inf')",
	/* RENEW_KEY: KEYS lease; ARGV token, lease ms. -> 1 pushed back, 0 not ours any more.
	 * allow-oom: a full server must not cost a holder its lease (PEXPIRE takes no memory). */
	[SHMX_RS_RENEW_KEY] = FREES
		"if redis.call('TYPE', KEYS[1]).ok ~= 'string' then return 0 end "
		"if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end "
		"redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
		"return 1",
	/* RENEW_MEMBER: KEYS permits; ARGV token, lease ms. -> 1 pushed back, 0 gone or run out. */
	[SHMX_RS_RENEW_MEMBER] = FREES
		"if redis.call('TYPE', KEYS[1]).ok ~= 'zset' then return 0 end "
		"local s = redis.call('ZSCORE', KEYS[1], ARGV[1]) "
		"if not s then return 0 end "
		SYNC_NOW
		"if tonumber(s) <= now then return 0 end "
		"redis.call('ZADD', KEYS[1], 'XX', string.format('%.0f', now + tonumber(ARGV[2])), ARGV[1]) "
		"return 1",
	/* RENEW_MARKER: KEYS {P}:h; ARGV token, lease ms. -> 1 pushed back, 0 not ours any more.
	 * allow-oom: the marker keeps its size. */
	[SHMX_RS_RENEW_MARKER] = FREES
		"if redis.call('TYPE', KEYS[1]).ok ~= 'string' then return 0 end "
		"if string.match(redis.call('GET', KEYS[1]), " MARKER_PATTERN ") ~= ARGV[1] then return 0 end "
		SYNC_NOW
		"redis.call('SET', KEYS[1], 'shmx-lock:' .. ARGV[1] .. ':' .. string.format('%.0f', now + tonumber(ARGV[2]))) "
		"return 1",
	/* ---- end of Mutex and Semaphore ---- */
};

const char *shmx_redis_script_source(shmx_redis_script s)
{
	return s >= 0 && s < SHMX_RS_COUNT_ ? scripts[s] : NULL;
}

/* SHA1s the server gave for the scripts; the same on every server, so kept per process. */
static char script_sha[SHMX_RS_COUNT_][41];

/* ---- connection ----------------------------------------------------------------------------- */

static const char *where(const shmx_redis *r)
{
	return r->a.url;
}

static int is_timeout_errno(int e)
{
	return e == EAGAIN || e == EWOULDBLOCK || e == ETIMEDOUT || e == EINPROGRESS;
}

/* A failure of the context itself (not an error reply): drops it. */
static shmx_status ctx_fail(shmx_redis *r, const char *doing, shmx_error *err)
{
	redisContext *c = r->ctx;
	int e = errno;
	char msg[160];
	int code = c ? c->err : REDIS_ERR_OTHER;
	snprintf(msg, sizeof(msg), "%s", c && c->errstr[0] ? c->errstr : "connection failed");
	if (c) {
		redisFree(c);
		r->ctx = NULL;
	}
	if (code == REDIS_ERR_IO && is_timeout_errno(e)) {
		return shmx_fail(err, SHMX_ERR_TIMEOUT, e, "%s: %s timed out after %g s (timeout= in the id)",
			where(r), doing, r->a.timeout);
	}
	if (code == REDIS_ERR_EOF) {
		return shmx_fail(err, SHMX_ERR_OS, 0, "%s: %s: the server closed the connection", where(r), doing);
	}
	return shmx_fail(err, SHMX_ERR_OS, code == REDIS_ERR_IO ? e : 0, "%s: %s: %s", where(r), doing, msg);
}

static shmx_status error_reply(shmx_redis *r, const char *s, size_t len, shmx_error *err)
{
	/* "OOM command not allowed when used memory > 'maxmemory'." and the like. */
	shmx_status st = len >= 4 && !memcmp(s, "OOM ", 4) ? SHMX_ERR_FULL : SHMX_ERR_OS;
	r->error_reply = 1;
	return shmx_fail(err, st, 0, "%s: the server says: %.*s", where(r), (int)(len > 240 ? 240 : len), s);
}

static shmx_status connect_now(shmx_redis *r, shmx_error *err)
{
	struct timeval tv;
	tv.tv_sec = (time_t)r->a.timeout;
	tv.tv_usec = (suseconds_t)((r->a.timeout - (double)tv.tv_sec) * 1e6);
	errno = 0;
	redisContext *c = r->a.path[0] ? redisConnectUnixWithTimeout(r->a.path, tv)
		: redisConnectWithTimeout(r->a.host, r->a.port, tv);
	if (!c) {
		return shmx_fail(err, SHMX_ERR_OS, ENOMEM, "%s: cannot connect: out of memory", where(r));
	}
	r->ctx = c;
	if (c->err) {
		return ctx_fail(r, "cannot connect", err);
	}
	if (redisSetTimeout(c, tv) != REDIS_OK) {
		return ctx_fail(r, "cannot set the timeout", err);
	}
	r->pid = shmx_getpid();
	if (r->a.db) {
		char db[16];
		int n = snprintf(db, sizeof(db), "%d", r->a.db);
		const char *argv[2] = {"SELECT", db};
		size_t lens[2] = {6, (size_t)n};
		redisReply *rp = redisCommandArgv(c, 2, argv, lens);
		if (!rp) {
			return ctx_fail(r, "SELECT", err);
		}
		if (rp->type == REDIS_REPLY_ERROR) {
			shmx_status st = error_reply(r, rp->str, rp->len, err);
			freeReplyObject(rp);
			redisFree(c);
			r->ctx = NULL;
			return st;
		}
		freeReplyObject(rp);
	}
	r->gen++;
	return SHMX_OK;
}

/* Whether the server has closed the socket (or sent something nobody asked for). */
static int ctx_stale(redisContext *c)
{
	struct pollfd p = {.fd = c->fd, .events = POLLIN};
	return poll(&p, 1, 0) != 0;
}

static shmx_status ensure(shmx_redis *r, shmx_error *err)
{
	redisContext *c = r->ctx;
	if (c && r->pid != shmx_getpid()) {
		/* The parent's socket: close our copy of the descriptor, send nothing on it. */
		redisFree(c);
		r->ctx = c = NULL;
	}
	if (c && (c->err || ctx_stale(c))) {
		redisFree(c);
		r->ctx = c = NULL;
	}
	return c ? SHMX_OK : connect_now(r, err);
}

shmx_status shmx_redis_open(shmx_redis *r, const shmx_redis_addr *a, shmx_error *err)
{
	memset(r, 0, sizeof(*r));
	r->a = *a;
	return connect_now(r, err);
}

void shmx_redis_close(shmx_redis *r)
{
	if (r->ctx) {
		redisFree(r->ctx);
		r->ctx = NULL;
	}
}

int64_t shmx_redis_spin_ns = 50000;

/* Spinning that found no reply this many times in a row stops for SPIN_REST commands. */
#if defined(__x86_64__) || defined(__i386__)
# define SPIN_PAUSE() __builtin_ia32_pause()
#elif defined(__aarch64__)
# define SPIN_PAUSE() __asm__ __volatile__("yield")
#else
# define SPIN_PAUSE() ((void)0)
#endif
#define SPIN_MISSES 16
#define SPIN_REST 256

/* Polls the socket for the reply without waiting, a pause hint between tries, for up to
 * shmx_redis_spin_ns: 1 with *rp, 0 not come yet (or EOF, an error: the blocking read that
 * follows meets it again and reports it), -1 with the context's error set. */
static int spin_for_reply(shmx_redis *r, void **rp)
{
	redisContext *c = r->ctx;
	char buf[16384];
	int64_t until = shmx_monotonic_ns() + shmx_redis_spin_ns;
	for (;;) {
		ssize_t n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n > 0) {
			if (redisReaderFeed(c->reader, buf, (size_t)n) != REDIS_OK || redisGetReplyFromReader(c, rp) != REDIS_OK) {
				return -1;
			}
			if (*rp) {
				return 1;
			}
			continue;
		}
		if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) || shmx_monotonic_ns() >= until) {
			return 0;
		}
		SPIN_PAUSE();
	}
}

/* Sends what is buffered and reads one reply. Before sleeping in read(), it spins for the
 * reply (spin_for_reply()): one that comes back within shmx_redis_spin_ns (a server on the same
 * machine or next to it) is read by a process that never went to sleep, which on a VM saves more
 * than the server's work (the wake-up of an idle vCPU). A connection whose replies keep taking
 * longer than that stops spinning for a while, so a distant server costs a few wasted spins in
 * every few hundred commands. REDIS_OK with *rp set, else the context's error is set. */
static int wait_reply(shmx_redis *r, void **rp)
{
	redisContext *c = r->ctx;
	int done = 0;
	*rp = NULL;
	if (redisGetReplyFromReader(c, rp) != REDIS_OK) {
		return REDIS_ERR;
	}
	if (*rp) {
		return REDIS_OK;
	}
	do {
		if (redisBufferWrite(c, &done) != REDIS_OK) {
			return REDIS_ERR;
		}
	} while (!done);
	if (shmx_redis_spin_ns > 0 && !r->no_spin) {
		if (r->spin_rest > 0) {
			r->spin_rest--;
		} else {
			int got = spin_for_reply(r, rp);
			if (got != 0) {
				if (got > 0) {
					r->spin_misses = 0;
				}
				return got > 0 ? REDIS_OK : REDIS_ERR;
			}
			if (++r->spin_misses >= SPIN_MISSES) {
				r->spin_misses = SPIN_MISSES - 4;
				r->spin_rest = SPIN_REST;
			}
		}
	}
	return redisGetReply(c, rp);
}

static shmx_status raw_command(shmx_redis *r, int argc, const char **argv, const size_t *lens, redisReply **out,
	shmx_error *err)
{
	*out = NULL;
	r->error_reply = 0;
	shmx_status st = ensure(r, err);
	if (st != SHMX_OK) {
		return st;
	}
	void *reply = NULL;
	if (redisAppendCommandArgv(r->ctx, argc, argv, lens) != REDIS_OK || wait_reply(r, &reply) != REDIS_OK) {
		reply = NULL;
	}
	redisReply *rp = reply;
	if (!rp) {
		char doing[48];
		snprintf(doing, sizeof(doing), "%.*s", (int)(lens[0] > 40 ? 40 : lens[0]), argv[0]);
		return ctx_fail(r, doing, err);
	}
	*out = rp;
	return SHMX_OK;
}

shmx_status shmx_redis_command(shmx_redis *r, int argc, const char **argv, const size_t *lens,
	shmx_redis_reply **reply, shmx_error *err)
{
	redisReply *rp;
	*reply = NULL;
	shmx_status st = raw_command(r, argc, argv, lens, &rp, err);
	if (st != SHMX_OK) {
		return st;
	}
	if (rp->type == REDIS_REPLY_ERROR) {
		st = error_reply(r, rp->str, rp->len, err);
		freeReplyObject(rp);
		return st;
	}
	*reply = (shmx_redis_reply *)rp;
	return SHMX_OK;
}

int shmx_redis_fd(const shmx_redis *r)
{
	const redisContext *c = r->ctx;
	return c && !c->err ? c->fd : -1;
}

shmx_status shmx_redis_read_pending(shmx_redis *r, shmx_redis_reply **reply, shmx_error *err)
{
	redisContext *c = r->ctx;
	void *rp = NULL;
	*reply = NULL;
	if (!c || c->err) {
		return shmx_fail(err, SHMX_ERR_OS, 0, "%s: not connected", where(r));
	}
	/* A reply already buffered by an earlier read first; the socket only when poll() says it
	 * has something: hiredis 0.14 takes EAGAIN on a blocking context for an error. */
	if (redisGetReplyFromReader(c, &rp) != REDIS_OK) {
		return ctx_fail(r, "reading", err);
	}
	if (!rp) {
		struct pollfd p = {.fd = c->fd, .events = POLLIN};
		int n = poll(&p, 1, 0);
		if (n < 0 && errno == EINTR) {
			return SHMX_OK;
		}
		if (n < 0 || (p.revents & (POLLERR | POLLNVAL))) {
			int e = n < 0 ? errno : 0;
			redisFree(c);
			r->ctx = NULL;
			return shmx_fail(err, SHMX_ERR_OS, e, "%s: the connection failed", where(r));
		}
		if (n == 0) {
			return SHMX_OK;
		}
		/* POLLIN or POLLHUP: a read tells data from EOF. */
		if (redisBufferRead(c) != REDIS_OK || redisGetReplyFromReader(c, &rp) != REDIS_OK) {
			return ctx_fail(r, "reading", err);
		}
	}
	*reply = (shmx_redis_reply *)rp;
	return SHMX_OK;
}

int shmx_redis_server_now(shmx_redis *r, int measure, int64_t *now_ms, int64_t *unc_ms, shmx_error *err)
{
	int64_t t = shmx_monotonic_ns();
	if (measure && (!r->clock_gen || r->clock_gen != r->gen || t - r->clock_at_ns > 10000000000LL)) {
		const char *argv[1] = {"TIME"};
		size_t lens[1] = {4};
		redisReply *rp;
		if (shmx_redis_command(r, 1, argv, lens, (shmx_redis_reply **)&rp, err) != SHMX_OK) {
			return -1;
		}
		int64_t t1 = shmx_monotonic_ns();
		int ok = rp->type == REDIS_REPLY_ARRAY && rp->elements == 2 && rp->element[0]->type == REDIS_REPLY_STRING
			&& rp->element[1]->type == REDIS_REPLY_STRING;
		int64_t server = ok ? strtoll(rp->element[0]->str, NULL, 10) * 1000 + strtoll(rp->element[1]->str, NULL, 10) / 1000 : 0;
		freeReplyObject(rp);
		if (!ok) {
			shmx_fail(err, SHMX_ERR_OS, 0, "%s: TIME gave no time", where(r));
			return -1;
		}
		/* The server read its clock somewhere between t and t1: take the middle, and half the
		 * round trip (plus its ms rounding) as the error. */
		r->clock_off_ms = server - (t + t1) / 2 / 1000000;
		r->clock_unc_ms = (t1 - t) / 2 / 1000000 + 2;
		r->clock_at_ns = t1;
		r->clock_gen = r->gen;
		t = t1;
	}
	if (!r->clock_gen) {
		return 0;
	}
	*now_ms = t / 1000000 + r->clock_off_ms;
	/* Plus 100 ppm of the time since: the two clocks' rates may differ that much. */
	*unc_ms = r->clock_unc_ms + (t - r->clock_at_ns) / 10000000;
	return 1;
}

static shmx_status load_script(shmx_redis *r, const char *src, char sha[41], shmx_error *err)
{
	const char *argv[3] = {"SCRIPT", "LOAD", src};
	size_t lens[3] = {6, 4, strlen(src)};
	shmx_redis_reply *rp;
	shmx_status st = shmx_redis_command(r, 3, argv, lens, &rp, err);
	if (st != SHMX_OK) {
		return st;
	}
	redisReply *x = (redisReply *)rp;
	if (x->type != REDIS_REPLY_STRING || x->len != 40) {
		freeReplyObject(x);
		return shmx_fail(err, SHMX_ERR_OS, 0, "%s: SCRIPT LOAD gave no SHA1", where(r));
	}
	memcpy(sha, x->str, 40);
	sha[40] = '\0';
	freeReplyObject(x);
	return SHMX_OK;
}

#define SCRIPT_ARGS_MAX 12

shmx_status shmx_redis_eval(shmx_redis *r, const char *src, char sha[41], int nkeys, int argc, const char **argv,
	const size_t *lens, shmx_redis_reply **reply, shmx_error *err)
{
	const char *av[SCRIPT_ARGS_MAX + 3];
	size_t al[SCRIPT_ARGS_MAX + 3];
	char nk[8];
	*reply = NULL;
	if (argc > SCRIPT_ARGS_MAX) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "too many script arguments");
	}
	av[0] = "EVALSHA";
	al[0] = 7;
	av[2] = nk;
	al[2] = (size_t)snprintf(nk, sizeof(nk), "%d", nkeys);
	memcpy(av + 3, argv, sizeof(*argv) * (size_t)argc);
	memcpy(al + 3, lens, sizeof(*lens) * (size_t)argc);
	for (int attempt = 0; attempt < 2; attempt++) {
		if (!sha[0]) {
			shmx_status st = load_script(r, src, sha, err);
			if (st != SHMX_OK) {
				return st;
			}
		}
		av[1] = sha;
		al[1] = 40;
		redisReply *rp;
		shmx_status st = raw_command(r, argc + 3, av, al, &rp, err);
		if (st != SHMX_OK) {
			return st;
		}
		if (rp->type == REDIS_REPLY_ERROR) {
			if (attempt == 0 && rp->len >= 8 && !memcmp(rp->str, "NOSCRIPT", 8)) {
				/* A restarted or flushed server: nothing ran; load it and run it again. */
				freeReplyObject(rp);
				sha[0] = '\0';
				continue;
			}
			st = error_reply(r, rp->str, rp->len, err);
			freeReplyObject(rp);
			return st;
		}
		*reply = (shmx_redis_reply *)rp;
		return SHMX_OK;
	}
	return shmx_fail(err, SHMX_ERR_OS, 0, "%s: the server keeps forgetting shmx's scripts", where(r));
}

shmx_status shmx_redis_script_call(shmx_redis *r, shmx_redis_script s, int nkeys, int argc, const char **argv,
	const size_t *lens, shmx_redis_reply **reply, shmx_error *err)
{
	return shmx_redis_eval(r, scripts[s], script_sha[s], nkeys, argc, argv, lens, reply, err);
}

/* ---- blocking commands (Queue: BLMOVE) ------------------------------------------------------ */

static struct timeval seconds_tv(double s)
{
	struct timeval tv;
	tv.tv_sec = (time_t)s;
	tv.tv_usec = (suseconds_t)((s - (double)tv.tv_sec) * 1e6);
	return tv;
}

shmx_status shmx_redis_command_blocking(shmx_redis *r, double block_s, int argc, const char **argv, const size_t *lens,
	shmx_redis_reply **reply, shmx_error *err)
{
	*reply = NULL;
	shmx_status st = ensure(r, err);
	if (st != SHMX_OK) {
		return st;
	}
	/* The server holds the reply back for up to block_s: the socket waits that long more than
	 * timeout=, so a silent server is still noticed timeout= seconds after the block ends. */
	if (redisSetTimeout(r->ctx, seconds_tv(r->a.timeout + block_s)) != REDIS_OK) {
		return ctx_fail(r, "cannot set the timeout", err);
	}
	r->no_spin = 1; /* the reply is held back on purpose: nothing to spin for */
	st = shmx_redis_command(r, argc, argv, lens, reply, err);
	r->no_spin = 0;
	if (r->ctx && redisSetTimeout(r->ctx, seconds_tv(r->a.timeout)) != REDIS_OK) {
		shmx_redis_reply_free(*reply);
		*reply = NULL;
		return ctx_fail(r, "cannot set the timeout", err);
	}
	return st;
}

/* The accessors take NULL (an element shmx_redis_reply_at() did not find) as a nil reply. */
int shmx_redis_reply_type(const shmx_redis_reply *rp)
{
	if (!rp) {
		return SHMX_RR_NIL;
	}
	switch (((const redisReply *)rp)->type) {
		case REDIS_REPLY_STRING: return SHMX_RR_STRING;
		case REDIS_REPLY_ARRAY: return SHMX_RR_ARRAY;
		case REDIS_REPLY_INTEGER: return SHMX_RR_INTEGER;
		case REDIS_REPLY_NIL: return SHMX_RR_NIL;
		case REDIS_REPLY_STATUS: return SHMX_RR_STATUS;
		default: return SHMX_RR_ERROR;
	}
}

const char *shmx_redis_reply_str(const shmx_redis_reply *rp, size_t *len)
{
	const redisReply *x = (const redisReply *)rp;
	if (!x || (x->type != REDIS_REPLY_STRING && x->type != REDIS_REPLY_STATUS)) {
		*len = 0;
		return "";
	}
	*len = x->len;
	return x->str;
}

long long shmx_redis_reply_int(const shmx_redis_reply *rp)
{
	const redisReply *x = (const redisReply *)rp;
	return x && x->type == REDIS_REPLY_INTEGER ? x->integer : 0;
}

size_t shmx_redis_reply_len(const shmx_redis_reply *rp)
{
	const redisReply *x = (const redisReply *)rp;
	return x && x->type == REDIS_REPLY_ARRAY ? x->elements : 0;
}

const shmx_redis_reply *shmx_redis_reply_at(const shmx_redis_reply *rp, size_t i)
{
	const redisReply *x = (const redisReply *)rp;
	/* A reply of another shape than the script's (a server that is not what we think): NULL. */
	if (!x || x->type != REDIS_REPLY_ARRAY || i >= x->elements) {
		return NULL;
	}
	return (const shmx_redis_reply *)x->element[i];
}

void shmx_redis_reply_free(shmx_redis_reply *rp)
{
	if (rp) {
		freeReplyObject(rp);
	}
}

#else /* !SHMX_HAVE_REDIS */

static shmx_status not_built(shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_OS, 0, "Redis support was not built into shmx (install libhiredis-dev and rebuild)");
}

shmx_status shmx_redis_open(shmx_redis *r, const shmx_redis_addr *a, shmx_error *err)
{
	memset(r, 0, sizeof(*r));
	return not_built(err);
}

void shmx_redis_close(shmx_redis *r)
{
}

shmx_status shmx_redis_command(shmx_redis *r, int argc, const char **argv, const size_t *lens,
	shmx_redis_reply **reply, shmx_error *err)
{
	*reply = NULL;
	return not_built(err);
}

shmx_status shmx_redis_script_call(shmx_redis *r, shmx_redis_script s, int nkeys, int argc, const char **argv,
	const size_t *lens, shmx_redis_reply **reply, shmx_error *err)
{
	*reply = NULL;
	return not_built(err);
}

shmx_status shmx_redis_eval(shmx_redis *r, const char *src, char sha[41], int nkeys, int argc, const char **argv,
	const size_t *lens, shmx_redis_reply **reply, shmx_error *err)
{
	*reply = NULL;
	return not_built(err);
}

shmx_status shmx_redis_command_blocking(shmx_redis *r, double block_s, int argc, const char **argv, const size_t *lens,
	shmx_redis_reply **reply, shmx_error *err)
{
	*reply = NULL;
	return not_built(err);
}

shmx_status shmx_redis_read_pending(shmx_redis *r, shmx_redis_reply **reply, shmx_error *err)
{
	*reply = NULL;
	return not_built(err);
}

int shmx_redis_server_now(shmx_redis *r, int measure, int64_t *now_ms, int64_t *unc_ms, shmx_error *err)
{
	not_built(err);
	return -1;
}

int shmx_redis_fd(const shmx_redis *r) { return -1; }
const char *shmx_redis_script_source(shmx_redis_script s) { return NULL; }
int shmx_redis_reply_type(const shmx_redis_reply *rp) { return SHMX_RR_NIL; }
const char *shmx_redis_reply_str(const shmx_redis_reply *rp, size_t *len) { *len = 0; return ""; }
long long shmx_redis_reply_int(const shmx_redis_reply *rp) { return 0; }
size_t shmx_redis_reply_len(const shmx_redis_reply *rp) { return 0; }
const shmx_redis_reply *shmx_redis_reply_at(const shmx_redis_reply *rp, size_t i) { return NULL; }
void shmx_redis_reply_free(shmx_redis_reply *rp) { }

#endif
