/*
 * redis_lease.c: the list of leases this process holds on Redis, and the keeper thread that
 * renews them (see redis_lease.h).
 *
 * Threads: the list, its ids and the keeper's state are guarded by one pthread mutex, which is
 * never held across the network: the keeper copies what it needs out of a due lease, lets go,
 * renews on a connection of its own (hiredis's default allocator is malloc: redis.c installs
 * none, so nothing here reaches PHP's per-request heap), then takes the mutex again and looks
 * the lease up by id, since its holder may have let go of it meanwhile. A renewal racing a
 * release is harmless: the scripts compare the token first, and ZADD XX adds nothing back.
 *
 * Timing: a lease is due a third of its length after it was taken or last pushed back, so two
 * renewals can fail (a slow or restarting server) before it runs out. A failed renewal (no
 * connection, a timeout) is tried again after a tenth of the lease; only the server saying the
 * token is not there any more marks a lease lost. The keeper's connections time out after the
 * id's timeout= or a third of the lease, whichever is shorter.
 *
 * Fork: the prepare handler takes the mutex, so the child's copy of the list is consistent; the
 * child then forgets every lease (they are its parent's) and has no keeper. The handlers live
 * in this module's code, so the first lease pins the module in memory (RTLD_NODELETE): a server
 * that unloads and reloads PHP modules (an Apache graceful restart) must not fork into code
 * that is gone.
 */
#ifndef _GNU_SOURCE
# define _GNU_SOURCE
#endif
#include "redis_lease.h"

#include <stdlib.h>
#include <string.h>

#ifdef SHMX_HAVE_REDIS

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

typedef struct lease {
	struct lease *next;
	uint64_t id;
	shmx_redis_addr a;
	shmx_lease_kind kind;
	char *key;
	char token[33];
	int64_t fence;
	uint32_t handle;
	int64_t lease_ns;
	int64_t due;       /* CLOCK_MONOTONIC ns of the next renewal */
	int lost;
} lease;

static pthread_mutex_t mtx = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wake;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static lease *head;
static uint64_t last_id;
static pthread_t keeper;
static int running;   /* the keeper thread exists (in this process) */
static int stopping;  /* shmx_lease_shutdown() asked it to end */
/* When the keeper's current wait ends (INT64_MAX: until signalled; 0: it is not waiting). A
 * new lease due later needs no wake-up, so a lock/unlock loop costs the keeper nothing. */
static int64_t sleeping_until;
/* The keeper's connection, kept from one renewal to the next while they go to the same server
 * with the same timeout. Only the keeper thread uses it, outside mtx; `renewing` (under mtx)
 * says it is in use, which a fork child needs to know (after_fork_child). */
static shmx_redis conn;
static int conn_open;
static int renewing;
/* A connection a fork child found in use: never touched again, only kept referenced. */
static void *abandoned;

static int64_t lease_ns_of(const shmx_redis_addr *a)
{
	return (int64_t)(a->lease * 1e9);
}

static void free_all(void)
{
	lease *l = head;
	head = NULL;
	while (l) {
		lease *next = l->next;
		free(l->key);
		free(l);
		l = next;
	}
}

/* ---- fork ------------------------------------------------------------------------------------ */

static void init_wake(void)
{
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&wake, &ca);
	pthread_condattr_destroy(&ca);
}

static void before_fork(void)
{
	pthread_mutex_lock(&mtx);
}

static void after_fork_parent(void)
{
	pthread_mutex_unlock(&mtx);
}

/* By the keeper (in renew()), or with it gone or not running (after a fork, at shutdown). */
static void conn_close(void)
{
	if (conn_open) {
		shmx_redis_close(&conn);
		conn_open = 0;
	}
}

static void after_fork_child(void)
{
	/* The parent's leases are the parent's: the child holds none and renews none. */
	free_all();
	if (conn_open && renewing) {
		/* The keeper was using it when the parent forked: its buffers may be half changed.
		 * Only the socket goes (the parent's stays open); the memory stays referenced. */
		int fd = shmx_redis_fd(&conn);
		if (fd >= 0) {
			close(fd);
		}
		abandoned = conn.ctx;
		conn_open = 0;
	}
	/* An idle one is whole: freeing it closes this process's copy of the socket only. */
	conn_close();
	renewing = 0;
	running = 0;
	stopping = 0;
	sleeping_until = 0;
	init_wake();
	pthread_mutex_unlock(&mtx);
}

static void setup(void)
{
	init_wake();
	pthread_atfork(before_fork, after_fork_parent, after_fork_child);
#if defined(RTLD_NODELETE) && defined(RTLD_NOLOAD)
	Dl_info info;
	if (dladdr((void *)&shmx_lease_hold, &info) && info.dli_fname) {
		/* Deliberately never closed: this reference is what keeps the module mapped. */
		(void)dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
	}
#endif
}

/* ---- the keeper ------------------------------------------------------------------------------ */

/* 1 pushed back, 0 not ours any more, -1 could not tell (no connection, a timeout, an error). */
static int renew(const shmx_redis_addr *addr, shmx_lease_kind kind, const char *key, const char *token, int64_t lease_ns)
{
	shmx_redis_addr a = *addr;
	shmx_error err;
	shmx_redis_reply *rp;
	double third = (double)lease_ns / 3e9;
	char ms[24];
	int out = -1;

	if (third < a.timeout) {
		a.timeout = third < 0.001 ? 0.001 : third;
	}
	if (conn_open && (strcmp(conn.a.host, a.host) || conn.a.port != a.port || strcmp(conn.a.path, a.path)
		|| conn.a.db != a.db || conn.a.timeout != a.timeout)) {
		conn_close();
	}
	if (!conn_open) {
		if (shmx_redis_open(&conn, &a, &err) != SHMX_OK) {
			return -1;
		}
		conn_open = 1;
	}
	const char *src = shmx_redis_script_source(kind == SHMX_LEASE_KEY ? SHMX_RS_RENEW_KEY
		: kind == SHMX_LEASE_MARKER ? SHMX_RS_RENEW_MARKER : SHMX_RS_RENEW_MEMBER);
	snprintf(ms, sizeof(ms), "%lld", (long long)(lease_ns / 1000000 > 0 ? lease_ns / 1000000 : 1));
	const char *argv[6] = {"EVAL", src, "1", key, token, ms};
	size_t lens[6] = {4, strlen(src), 1, strlen(key), strlen(token), strlen(ms)};
	if (shmx_redis_command(&conn, 6, argv, lens, &rp, &err) == SHMX_OK) {
		if (shmx_redis_reply_type(rp) == SHMX_RR_INTEGER) {
			out = shmx_redis_reply_int(rp) == 1 ? 1 : 0;
		}
		shmx_redis_reply_free(rp);
	}
	if (out < 0) {
		/* A timeout or a lost connection: the next renewal connects afresh. */
		conn_close();
	}
	return out;
}

static lease *by_id(uint64_t id)
{
	for (lease *l = head; l; l = l->next) {
		if (l->id == id) {
			return l;
		}
	}
	return NULL;
}

static void *keeper_main(void *arg)
{
	pthread_mutex_lock(&mtx);
	while (!stopping) {
		lease *due = NULL;
		for (lease *l = head; l; l = l->next) {
			if (!l->lost && (!due || l->due < due->due)) {
				due = l;
			}
		}
		if (!due) {
			sleeping_until = INT64_MAX;
			pthread_cond_wait(&wake, &mtx);
			sleeping_until = 0;
			continue;
		}
		int64_t now = shmx_monotonic_ns();
		if (due->due > now) {
			struct timespec ts = {.tv_sec = (time_t)(due->due / 1000000000LL), .tv_nsec = (long)(due->due % 1000000000LL)};
			sleeping_until = due->due;
			pthread_cond_timedwait(&wake, &mtx, &ts);
			sleeping_until = 0;
			continue;
		}
		uint64_t id = due->id;
		shmx_lease_kind kind = due->kind;
		int64_t lease_ns = due->lease_ns;
		shmx_redis_addr a = due->a;
		char token[33];
		memcpy(token, due->token, sizeof(token));
		char *key = strdup(due->key);
		if (!key) {
			due->due = now + lease_ns / 10;
			continue;
		}
		renewing = 1;
		pthread_mutex_unlock(&mtx);
		int r = renew(&a, kind, key, token, lease_ns);
		free(key);
		pthread_mutex_lock(&mtx);
		renewing = 0;
		lease *l = by_id(id);
		if (l) {
			if (r == 1) {
				l->due = now + lease_ns / 3;
			} else if (r == 0) {
				l->lost = 1;
			} else {
				int64_t retry = lease_ns / 10;
				l->due = shmx_monotonic_ns() + (retry > 10000000 ? retry : 10000000);
			}
		}
	}
	pthread_mutex_unlock(&mtx);
	return NULL;
}

/* With mtx held. */
static void start_keeper(void)
{
	sigset_t all, old;
	if (running || stopping) {
		return;
	}
	/* The thread inherits this mask: it takes no signal, so PHP's (SIGALRM/SIGPROF timeouts,
	 * pcntl handlers) are always delivered to the main thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	running = pthread_create(&keeper, NULL, keeper_main, NULL) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* ---- the list ---------------------------------------------------------------------------------- */

uint64_t shmx_lease_hold(const shmx_redis_addr *a, shmx_lease_kind kind, const char *key, const char token[33],
	uint32_t handle, int64_t fence)
{
	pthread_once(&once, setup);
	lease *l = calloc(1, sizeof(*l));
	if (!l || !(l->key = strdup(key))) {
		free(l);
		return 0;
	}
	l->a = *a;
	l->kind = kind;
	memcpy(l->token, token, 32);
	l->token[32] = '\0';
	l->fence = fence;
	l->handle = handle;
	l->lease_ns = lease_ns_of(a);
	l->due = shmx_monotonic_ns() + l->lease_ns / 3;
	pthread_mutex_lock(&mtx);
	l->id = ++last_id;
	l->next = head;
	head = l;
	start_keeper();
	if (l->due < sleeping_until) {
		pthread_cond_signal(&wake);
	}
	pthread_mutex_unlock(&mtx);
	return l->id;
}

int shmx_lease_drop(uint64_t id)
{
	int out = -1;
	pthread_mutex_lock(&mtx);
	for (lease **p = &head; *p; p = &(*p)->next) {
		if ((*p)->id == id) {
			lease *l = *p;
			*p = l->next;
			out = !l->lost;
			free(l->key);
			free(l);
			break;
		}
	}
	pthread_mutex_unlock(&mtx);
	return out;
}

static int same_place(const lease *l, const shmx_redis_addr *a, const char *key)
{
	return l->a.port == a->port && l->a.db == a->db && !strcmp(l->a.host, a->host) && !strcmp(l->a.path, a->path)
		&& !strcmp(l->key, key);
}

int shmx_lease_find(const shmx_redis_addr *a, const char *key, uint32_t handle, int handle_only, shmx_lease_info *out)
{
	lease *found = NULL;
	pthread_mutex_lock(&mtx);
	for (lease *l = head; l; l = l->next) {
		if (same_place(l, a, key)) {
			if (l->handle == handle) {
				found = l;
				break;
			}
			if (!found && !handle_only) {
				found = l;
			}
		}
	}
	if (found) {
		out->id = found->id;
		memcpy(out->token, found->token, sizeof(out->token));
		out->fence = found->fence;
		out->handle = found->handle;
		out->lost = found->lost;
	}
	pthread_mutex_unlock(&mtx);
	return found != NULL;
}

uint32_t shmx_lease_count(const shmx_redis_addr *a, const char *key)
{
	uint32_t n = 0;
	pthread_mutex_lock(&mtx);
	for (lease *l = head; l; l = l->next) {
		n += same_place(l, a, key);
	}
	pthread_mutex_unlock(&mtx);
	return n;
}

int shmx_lease_live(uint64_t id)
{
	pthread_mutex_lock(&mtx);
	lease *l = by_id(id);
	int live = l && !l->lost;
	pthread_mutex_unlock(&mtx);
	return live;
}

void shmx_lease_shutdown(void)
{
	pthread_mutex_lock(&mtx);
	int join = running;
	if (join) {
		stopping = 1;
		pthread_cond_signal(&wake);
	}
	pthread_mutex_unlock(&mtx);
	if (join) {
		pthread_join(keeper, NULL);
	}
	pthread_mutex_lock(&mtx);
	free_all();
	conn_close();
	running = 0;
	stopping = 0;
	pthread_mutex_unlock(&mtx);
}

#else /* !SHMX_HAVE_REDIS: no lease is ever taken */

uint64_t shmx_lease_hold(const shmx_redis_addr *a, shmx_lease_kind kind, const char *key, const char token[33],
	uint32_t handle, int64_t fence)
{
	return 0;
}

int shmx_lease_drop(uint64_t id) { return -1; }

int shmx_lease_find(const shmx_redis_addr *a, const char *key, uint32_t handle, int handle_only, shmx_lease_info *out)
{
	return 0;
}

uint32_t shmx_lease_count(const shmx_redis_addr *a, const char *key) { return 0; }
int shmx_lease_live(uint64_t id) { return 0; }
void shmx_lease_shutdown(void) { }

#endif
