/*
 * redis.h: the Redis backend (issue #12, several hosts): parsing a redis:// or redis+unix://
 * id, one hiredis connection per handle, and the Lua scripts that make every multi-step
 * operation of a Store or Counter one atomic step on the server. Plain C: no zvals. Built only
 * with hiredis (SHMX_HAVE_REDIS, found by config.m4); without it shmx_redis_open() fails with
 * a message saying so, and everything else here still compiles.
 *
 * Ids:
 *   redis://HOST[:PORT]/PREFIX[?timeout=SECONDS&db=N&lease=SECONDS&cache=SECONDS]  (PORT 6379)
 *   redis+unix:///path/to/redis.sock/PREFIX[?...]                      (the last path segment
 *                                                                       is the prefix)
 * Every Redis key of one object lives in one hash slot: "{PREFIX}:...", so that a Store works
 * on Redis Cluster too (all its scripts touch that slot only).
 */
#ifndef SHMX_REDIS_H
#define SHMX_REDIS_H

#include "error.h"

#include <stdint.h>
#include <sys/types.h>

#define SHMX_REDIS_PREFIX_MAX 200
#define SHMX_REDIS_URL_MAX 1280

typedef struct shmx_redis_addr {
	char url[SHMX_REDIS_URL_MAX];  /* the id as given, for messages and id() */
	char host[256];                /* TCP host; "" for a unix socket */
	int port;                      /* TCP port, 1..65535 */
	char path[1024];               /* unix socket path; "" for TCP */
	char prefix[SHMX_REDIS_PREFIX_MAX + 1]; /* non-empty, no '{' '}' */
	double timeout;                /* seconds, > 0: bounds connect and every command */
	int db;                        /* SELECTed after connecting, 0..; 0 sends no SELECT */
	double lease;                  /* seconds a Store::lock() lease lasts, > 0 */
	double cache;                  /* a Store's client-side cache: an entry's maximum age in
	                                * seconds, > 0; 0: no cache (redis_cache.h) */
} shmx_redis_addr;

/* The scripts (redis.c); each is loaded once per connection with SCRIPT LOAD, then EVALSHA. */
typedef enum shmx_redis_script {
	SHMX_RS_SET = 0,      /* Store set / add (with a ttl, under a lease, or after a bare
	                       * HSET/HSETNX could not do it) */
	SHMX_RS_DELETE,
	SHMX_RS_INCR,         /* Store increment/decrement (where a bare HINCRBY cannot) */
	SHMX_RS_CAS,          /* Store compareAndSwap */
	SHMX_RS_GET,          /* Store get under a lease, or of a value about to expire */
	SHMX_RS_PRUNE,        /* deletes expired Store entries (after a read met one, when full) */
	SHMX_RS_END_LEASE,    /* ends a Store::lock() lease that ran out (after a read met one) */
	SHMX_RS_EXISTS,       /* whether a Store holds a key (opening with n/w/a) */
	SHMX_RS_LIST,         /* keys / count / iteration (read only) */
	SHMX_RS_CLEAR,        /* clear / destroy */
	SHMX_RS_STORE_LOCK,   /* Store::lock(): the data to {P}:hl, the marker at {P}:h */
	SHMX_RS_STORE_UNLOCK, /* and back */
	SHMX_RS_UNLOCK,       /* compare-and-delete of a lease (Mutex) */
	SHMX_RS_CTR_CAS,      /* Counter compareAndSwap */
	SHMX_RS_CTR_SUBMIN,   /* Counter decrement(PHP_INT_MIN) */
	/* -- Mutex and Semaphore (php_redis_sync.c) and lease renewal (redis_lease.c) -- */
	SHMX_RS_MUTEX_OPEN,   /* checks the keys' types, creates the fence counter (mode c/n) */
	SHMX_RS_MUTEX_PEEK,   /* MUTEX_OPEN read only: does the mutex exist (works at maxmemory) */
	SHMX_RS_MUTEX_ACQUIRE,/* SET NX PX, then INCR of the fence: the fencing token */
	SHMX_RS_SEM_OPEN,     /* checks the keys' types, reads or sets the permit count */
	SHMX_RS_SEM_PEEK,     /* SEM_OPEN read only: the permit count, if any (works at maxmemory) */
	SHMX_RS_SEM_ACQUIRE,  /* prune expired permits, ZADD if fewer than the permits are live */
	SHMX_RS_SEM_RELEASE,  /* ZREM of our permit, telling whether it was still live */
	SHMX_RS_SEM_COUNT,    /* live permits (read only) */
	SHMX_RS_RENEW_KEY,    /* compare-and-PEXPIRE of a string lease */
	SHMX_RS_RENEW_MEMBER, /* compare-and-push-back of a sorted-set permit */
	SHMX_RS_RENEW_MARKER, /* compare-and-push-back of a Store lock marker's deadline */
	/* -- end of Mutex and Semaphore -- */
	SHMX_RS_COUNT_
} shmx_redis_script;

/* A reply, as the core hands it up: a copy of hiredis's tree would cost more than it saves, so
 * the PHP layer reads hiredis's redisReply through this opaque pointer and the accessors below. */
typedef struct shmx_redis_reply shmx_redis_reply;

typedef struct shmx_redis {
	shmx_redis_addr a;
	void *ctx;               /* redisContext *, NULL when not connected */
	pid_t pid;               /* the process that connected: a fork child reconnects */
	char token[33];          /* Store::lock() lease token (hex) while held, else "" */
	pid_t token_pid;         /* the process that took it: a fork child inside the callback holds
	                          * nothing (php_redis.c's own_token()) */
	int lock_depth;          /* nested Store::lock() calls on this handle */
	unsigned long gen;       /* connections made so far: a change means a new connection,
	                          * which has none of the old one's state (CLIENT TRACKING) */
	int no_spin;             /* this command's reply is held back (BLMOVE): read it asleep */
	int spin_misses;         /* spins in a row that ended without the reply */
	int spin_rest;           /* commands left that do not spin (after SPIN_MISSES misses) */
	int error_reply;         /* the last failure was the server's error reply: the command
	                          * ran (or was refused) and the connection is fine */
	unsigned long clock_gen; /* the connection the server clock was measured on (0: never) */
	int64_t clock_at_ns;     /* when (monotonic) */
	int64_t clock_off_ms;    /* server ms since the epoch - our monotonic ms */
	int64_t clock_unc_ms;    /* how far off that may be, either way */
} shmx_redis;

/* How long a command polls its socket for the reply before it sleeps in read() (shmx.redis_spin,
 * redis.c's wait_reply()); 0: it sleeps at once. */
extern int64_t shmx_redis_spin_ns;

/* Whether s starts like a Redis id ("redis://" or "redis+unix://"). */
int shmx_redis_id_is(const char *s, size_t len);

/* Whether this build has Redis support. */
int shmx_redis_available(void);

/* Parses an id. SHMX_ERR_RANGE with a message fit for a ValueError ("must ...") if it is not
 * one. */
shmx_status shmx_redis_parse(shmx_redis_addr *a, const char *s, size_t len, shmx_error *err);

/* Connects (and SELECTs db). SHMX_ERR_OS (connection refused...), SHMX_ERR_TIMEOUT. */
shmx_status shmx_redis_open(shmx_redis *r, const shmx_redis_addr *a, shmx_error *err);
void shmx_redis_close(shmx_redis *r);

/* One command. *reply is the server's answer (free with shmx_redis_reply_free); an error reply
 * is turned into a failure here: OOM -> SHMX_ERR_FULL, anything else SHMX_ERR_OS with the
 * server's words. A connection found broken before the command is reconnected once; a failure
 * during it is reported and the next call reconnects (a write is never sent twice). */
shmx_status shmx_redis_command(shmx_redis *r, int argc, const char **argv, const size_t *lens,
	shmx_redis_reply **reply, shmx_error *err);

/* The connection's socket, -1 when not connected. */
int shmx_redis_fd(const shmx_redis *r);

/* A reply the server sent without being asked (a subscriber's message), without waiting:
 * *reply NULL when none has fully arrived. A failure (EOF, error) drops the connection, as a
 * failed command does. */
shmx_status shmx_redis_read_pending(shmx_redis *r, shmx_redis_reply **reply, shmx_error *err);

/* EVALSHA of a script with nkeys keys then the other arguments; loads the script when the
 * server does not know it (first use, restart, SCRIPT FLUSH). */
shmx_status shmx_redis_script_call(shmx_redis *r, shmx_redis_script s, int nkeys, int argc, const char **argv,
	const size_t *lens, shmx_redis_reply **reply, shmx_error *err);

/* EVALSHA of a script given by its source, whose SHA1 the caller keeps in `sha` ("" until the
 * first call loads it; per process, the same on every server). For scripts outside the enum
 * above (the Queue's, redis_queue.c). */
shmx_status shmx_redis_eval(shmx_redis *r, const char *src, char sha[41], int nkeys, int argc, const char **argv,
	const size_t *lens, shmx_redis_reply **reply, shmx_error *err);

/* A command the server may hold for up to block_s seconds (BLMOVE with that timeout): the
 * socket timeout is timeout= + block_s for it, then timeout= again. */
shmx_status shmx_redis_command_blocking(shmx_redis *r, double block_s, int argc, const char **argv, const size_t *lens,
	shmx_redis_reply **reply, shmx_error *err);
/* The source of a script, for EVAL on a connection of its own (redis_lease.c's thread: the
 * SHA1 cache of shmx_redis_script_call() belongs to the main thread). NULL without hiredis. */
const char *shmx_redis_script_source(shmx_redis_script s);

/* The server's clock (TIME, ms since the epoch) as this process estimates it now: *now_ms, off
 * by at most *unc_ms either way. Measured with one TIME on each connection and every 10 s
 * (measure != 0), else from the last measurement; 0 when there is none and measure == 0. */
int shmx_redis_server_now(shmx_redis *r, int measure, int64_t *now_ms, int64_t *unc_ms, shmx_error *err);

/* A Store entry set with a ttl is 'e<deadline: ms since the epoch, server clock>:<value>'.
 * The length of that head, *until the deadline; 0 when s has none (or a damaged one). */
size_t shmx_redis_entry_head(const char *s, size_t n, int64_t *until);

/* Fills `out` with 32 random hex digits and a NUL. */
void shmx_redis_random_token(char out[33]);

/* Accessors for replies (hiredis's types: string/status, array, integer, nil). */
enum { SHMX_RR_STRING = 1, SHMX_RR_ARRAY = 2, SHMX_RR_INTEGER = 3, SHMX_RR_NIL = 4, SHMX_RR_STATUS = 5, SHMX_RR_ERROR = 6 };
int shmx_redis_reply_type(const shmx_redis_reply *rp);
const char *shmx_redis_reply_str(const shmx_redis_reply *rp, size_t *len);
long long shmx_redis_reply_int(const shmx_redis_reply *rp);
size_t shmx_redis_reply_len(const shmx_redis_reply *rp);
const shmx_redis_reply *shmx_redis_reply_at(const shmx_redis_reply *rp, size_t i);
void shmx_redis_reply_free(shmx_redis_reply *rp);

#endif
