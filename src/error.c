/*
 * error.c: filling shmx_error, and the few process/clock helpers every layer needs.
 * Messages are truncated to SHMX_ERROR_MSG_MAX, never overflowed.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <signal.h>
#ifndef _WIN32
# include <sched.h>
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
#else
/* Cached, because lock owners are checked on every lock and write; a fork child refreshes it
 * at once (pthread_atfork), so it never believes it is its parent and owns none of its locks. */
static shmx_pid cached_pid;
static pthread_once_t pid_once = PTHREAD_ONCE_INIT;

static void pid_refresh(void)
{
	cached_pid = getpid();
}

static void pid_setup(void)
{
	pthread_atfork(NULL, NULL, pid_refresh);
	pid_refresh();
}

shmx_pid shmx_getpid(void)
{
	if (SHMX_UNLIKELY(cached_pid == 0)) {
		pthread_once(&pid_once, pid_setup);
	}
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
