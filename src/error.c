/*
 * error.c: filling shmx_error, and the few process/clock helpers every layer needs.
 * Messages are truncated to SHMX_ERROR_MSG_MAX, never overflowed.
 *
 * The helpers are the C core's platform layer (with platform.h and the backends os_*.c): the
 * only place outside the backends with #ifs on the operating system. Every helper exists on
 * every platform; where the facility does not (Windows: thread records, pid namespaces, futexes,
 * a boot id), it answers what "unknown" means for it, as each declaration in platform.h says.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <signal.h>
#include <limits.h>
#ifndef _WIN32
# include <sched.h>
# include <fcntl.h>
# include <unistd.h>
# include <sys/stat.h>
# include <pwd.h>
#endif
#if defined(__linux__)
# include <dirent.h>
# include <sys/random.h>
# include <sys/sysmacros.h>
#endif
#if SHMX_HAVE_FUTEX
# include <linux/futex.h>
# include <sys/syscall.h>
#endif

shmx_status shmx_fail(shmx_error *err, shmx_status status, int sys_errno, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->status = status;
		err->sys_errno = sys_errno;
	}
	return status;
}

shmx_status shmx_fail_os(shmx_error *err, int errnum, const char *what_fmt, ...)
{
	if (err) {
		char what[SHMX_ERROR_MSG_MAX - 64];
		va_list ap;
		va_start(ap, what_fmt);
		vsnprintf(what, sizeof(what), what_fmt, ap);
		va_end(ap);
		snprintf(err->msg, sizeof(err->msg), "%s: %s", what, strerror(errnum));
		err->status = SHMX_ERR_OS;
		err->sys_errno = errnum;
	}
	return SHMX_ERR_OS;
}

int64_t shmx_monotonic_ns(void)
{
#ifdef _WIN32
	return (int64_t)GetTickCount64() * 1000000;
#else
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
#endif
}

void shmx_sleep_ns(int64_t ns)
{
#ifdef _WIN32
	Sleep((DWORD)(ns / 1000000 > 0 ? ns / 1000000 : 1));
#else
	struct timespec ts = { (time_t)(ns / 1000000000), (long)(ns % 1000000000) };
	nanosleep(&ts, NULL);
#endif
}

#ifdef _WIN32
shmx_pid shmx_getpid(void)
{
	return (shmx_pid)GetCurrentProcessId();
}

void shmx_yield(void)
{
	SwitchToThread();
}

uint32_t shmx_tid(void)
{
	return (uint32_t)GetCurrentThreadId();
}

uint64_t shmx_thread_start(void)
{
	return 0;
}

int shmx_thread_stat(uint32_t tid, int *exited, uint64_t *start)
{
	(void)tid;
	(void)exited;
	(void)start;
	return 0;
}

int shmx_thread_alive(uint32_t tid)
{
	(void)tid;
	return -1;
}

uint32_t shmx_pidns_tag(void)
{
	return 1;
}

void shmx_futex_wait(uint32_t *word, uint32_t seen, int64_t ns)
{
	if (ns > 0 && __atomic_load_n(word, __ATOMIC_ACQUIRE) == seen) {
		shmx_sleep_ns(ns < 1000000 ? ns : 1000000);
	}
}

void shmx_futex_wake(uint32_t *word, int n)
{
	(void)word;
	(void)n;
}

uint32_t shmx_boot_id(void)
{
	return 0;
}

int shmx_user_name(int64_t uid, char *buf, size_t len)
{
	(void)uid;
	(void)buf;
	(void)len;
	return 0;
}

#else
/* Cached, because lock owners are checked on every lock and write; a fork child refreshes it
 * at once (pthread_atfork), so it never believes it is its parent and owns none of its locks.
 * The per-thread ids are forgotten in the child too (its one thread is the one that forked,
 * whose cache this is); the namespace tag as well, in case the parent unshared one. */
shmx_pid shmx_cached_pid;
#define cached_pid shmx_cached_pid
static pthread_once_t pid_once = PTHREAD_ONCE_INIT;
static __thread uint32_t cached_tid;
static __thread uint64_t cached_start;
static __thread int cached_start_known;
static uint32_t cached_ns_tag;

static void pid_refresh(void)
{
	cached_pid = getpid();
	cached_tid = 0;
	cached_start_known = 0;
	cached_ns_tag = 0;
}

static void pid_setup(void)
{
	pthread_atfork(NULL, NULL, pid_refresh);
	pid_refresh();
}

shmx_pid shmx_getpid_setup(void)
{
	pthread_once(&pid_once, pid_setup);
	return cached_pid;
}

void shmx_yield(void)
{
	sched_yield();
}
#endif

int shmx_pid_alive(shmx_pid pid)
{
#ifdef _WIN32
	return -1;
#else
	if (pid <= 0) {
		return 0;
	}
	if (kill(pid, 0) == 0) {
		return 1;
	}
	return errno == ESRCH ? 0 : -1;
#endif
}

#ifndef _WIN32
uint32_t shmx_tid(void)
{
	if (SHMX_UNLIKELY(cached_tid == 0)) {
		shmx_getpid(); /* installs the fork handler that forgets this cache */
#if SHMX_HAVE_FUTEX
		cached_tid = (uint32_t)syscall(SYS_gettid);
#else
		cached_tid = (uint32_t)getpid();
#endif
	}
	return cached_tid;
}

/* Fields 3 (state) and 22 (start time) of /proc/<tid>/stat. The command name (field 2) is in
 * parentheses and may itself hold spaces and parentheses, so fields are counted from the last
 * ')'. */
static int read_stat(const char *path, char *state, uint64_t *start)
{
	char buf[1024];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return 0;
	}
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		return 0;
	}
	buf[n] = '\0';
	char *p = strrchr(buf, ')');
	if (!p || p[1] != ' ' || !p[2]) {
		return 0;
	}
	*state = p[2];
	/* ") S ppid ...": p + 1 is the space before field 3; 19 more spaces lead to field 22. */
	for (int field = 2; field < 22; field++) {
		p = strchr(p + 1, ' ');
		if (!p) {
			return 0;
		}
	}
	char *end;
	unsigned long long v = strtoull(p + 1, &end, 10);
	if (end == p + 1) {
		return 0;
	}
	*start = (uint64_t)v;
	return 1;
}

uint64_t shmx_thread_start(void)
{
	if (SHMX_UNLIKELY(!cached_start_known)) {
		char path[64], state;
		uint64_t v = 0;
		snprintf(path, sizeof(path), "/proc/self/task/%u/stat", shmx_tid());
		cached_start = read_stat(path, &state, &v) ? v : 0;
		cached_start_known = 1;
	}
	return cached_start;
}

int shmx_thread_alive(uint32_t tid)
{
	/* kill() takes any thread id of this namespace, not only a process's. */
	if (tid == 0 || tid > (uint32_t)INT_MAX) {
		return 0;
	}
	if (kill((pid_t)tid, 0) == 0) {
		return 1;
	}
	return errno == ESRCH ? 0 : -1;
}

int shmx_thread_stat(uint32_t tid, int *exited, uint64_t *start)
{
	char path[64], state;
	/* /proc/<tid> names any thread of this namespace, leader or not. */
	snprintf(path, sizeof(path), "/proc/%u/stat", tid);
	if (!read_stat(path, &state, start)) {
		return 0;
	}
	/* A zombie (Z) has exited and waits for its parent to reap it; X is being reaped. */
	*exited = state == 'Z' || state == 'X';
	return 1;
}

uint32_t shmx_pidns_tag(void)
{
	uint32_t tag = cached_ns_tag;
	if (SHMX_UNLIKELY(tag == 0)) {
		struct stat st;
		/* The namespace's inode number names it; without /proc every process says 1. */
		tag = stat("/proc/self/ns/pid", &st) == 0 ? (uint32_t)(st.st_ino % 511) + 1 : 1;
		cached_ns_tag = tag;
	}
	return tag;
}

void shmx_futex_wait(uint32_t *word, uint32_t seen, int64_t ns)
{
	if (ns <= 0) {
		return;
	}
#if SHMX_HAVE_FUTEX
	/* Not FUTEX_PRIVATE: the word is shared with other processes. */
	struct timespec ts = { (time_t)(ns / 1000000000), (long)(ns % 1000000000) };
	syscall(SYS_futex, word, FUTEX_WAIT, seen, &ts, NULL, 0);
#else
	if (__atomic_load_n(word, __ATOMIC_ACQUIRE) == seen) {
		shmx_sleep_ns(ns < 1000000 ? ns : 1000000);
	}
#endif
}

void shmx_futex_wake(uint32_t *word, int n)
{
#if SHMX_HAVE_FUTEX
	syscall(SYS_futex, word, FUTEX_WAKE, n, NULL, NULL, 0);
#else
	(void)word;
	(void)n;
#endif
}

uint32_t shmx_boot_id(void)
{
	static uint32_t digest;
	static int known;
	if (!__atomic_load_n(&known, __ATOMIC_ACQUIRE)) {
		uint32_t d = 0;
#if SHMX_HAVE_BOOT_ID
		/* A random UUID the kernel chooses at each boot. */
		int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			char buf[64];
			ssize_t n = read(fd, buf, sizeof(buf));
			close(fd);
			uint32_t h = 2166136261u;
			for (ssize_t i = 0; i < n; i++) {
				h = (h ^ (unsigned char)buf[i]) * 16777619u;
			}
			d = n > 0 ? (h ? h : 1) : 0;
		}
#endif
		__atomic_store_n(&digest, d, __ATOMIC_RELAXED);
		__atomic_store_n(&known, 1, __ATOMIC_RELEASE);
	}
	return __atomic_load_n(&digest, __ATOMIC_RELAXED);
}
int shmx_user_name(int64_t uid, char *buf, size_t len)
{
	struct passwd pw, *found = NULL;
	char scratch[2048];
	if (getpwuid_r((uid_t)uid, &pw, scratch, sizeof(scratch), &found) == 0 && found && strlen(found->pw_name) < len) {
		strcpy(buf, found->pw_name);
		return 1;
	}
	return 0;
}

#if defined(__linux__)
static int mapped_cmp(const void *a, const void *b)
{
	const shmx_mapped_file *x = a, *y = b;
	if (x->ino != y->ino) {
		return x->ino < y->ino ? -1 : 1;
	}
	return x->dev < y->dev ? -1 : x->dev > y->dev;
}

int shmx_count_mappers(shmx_mapped_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		files[i].count = 0;
		files[i].last_pid = 0;
	}
	if (n == 0) {
		return 1;
	}
	qsort(files, n, sizeof(*files), mapped_cmp);
	DIR *d = opendir("/proc");
	if (!d) {
		return -1;
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
			/* "start-end perms offset major:minor inode path" */
			if (sscanf(line, "%*s %*s %*s %x:%x %llu", &maj, &min, &ino) == 3 && ino != 0) {
				shmx_mapped_file key;
				memset(&key, 0, sizeof(key));
				key.dev = (uint64_t)makedev(maj, min);
				key.ino = (uint64_t)ino;
				shmx_mapped_file *hit = bsearch(&key, files, n, sizeof(*files), mapped_cmp);
				if (hit && hit->last_pid != (int32_t)pid) {
					hit->last_pid = (int32_t)pid;
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
	return complete;
}
#endif /* __linux__ */
#endif /* !_WIN32 */

/* Linux's /proc and getrandom; anywhere else (Windows included) one stub each. */
#if !defined(__linux__)
int shmx_count_mappers(shmx_mapped_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		files[i].count = 0;
	}
	errno = ENOSYS;
	return -1;
}
#endif

size_t shmx_random_bytes(void *buf, size_t len)
{
	size_t got = 0;
#if defined(__linux__)
	while (got < len) {
		ssize_t n = getrandom((char *)buf + got, len - got, 0);
		if (n <= 0) {
			break;
		}
		got += (size_t)n;
	}
#else
	(void)buf;
	(void)len;
#endif
	return got;
}
