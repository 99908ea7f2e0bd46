/*
 * platform.h: where shmx asks which operating system it is on.
 *
 * It sets the SHMX_HAVE_* switches, always to 0 or 1, and declares the platform helpers every
 * other file uses instead of the facility itself (clock, pid and thread ids, thread liveness
 * and start times, the processes mapping a file, user names, futex waits, the boot id:
 * error.c; a 16-byte CAS: below). The only #ifs on the operating system, the CPU or a feature
 * are here, in error.c and in the backends os_*.c (which also answer what inspect.c reads from
 * outside: os.h); the rest of the core (locks, structures, inspect.c) and the PHP layer test a
 * switch, if at all, with a plain `if`, so that every file compiles on every platform and the
 * compiler drops the branch that cannot run. On Windows only the System V backend exists (PHP's TSRM emulates
 * shmget/shmat on top of file mappings); the POSIX, anonymous and file backends and everything
 * that needs shmx's cross-process lock (lock.c) refuse at open there. redis.c's hiredis switch
 * (SHMX_HAVE_REDIS) is a library backend, not a platform one, and stays in that backend.
 */
#ifndef SHMX_PLATFORM_H
#define SHMX_PLATFORM_H

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>

#ifdef _WIN32
/* TSRM's tsrm_win32.h provides shmget/shmat/shmdt/shmctl and struct shmid_ds. */
# include "tsrm_win32.h"
# define SHMX_HAVE_POSIX 0
# define SHMX_HAVE_ANON 0
# define SHMX_HAVE_FILE 0
# define SHMX_HAVE_ROBUST 0
/* TSRM emulates shared memory but not semaphores (ext/sysvsem is not built on Windows). */
# define SHMX_HAVE_SYSVSEM 0
typedef int shmx_pid;
#else
# include <sys/types.h>
# include <sys/ipc.h>
# include <sys/shm.h>
# include <sys/mman.h>
# include <sys/stat.h>
# include <fcntl.h>
# include <unistd.h>
# include <pthread.h>
# include <sys/sem.h>
# define SHMX_HAVE_SYSVSEM 1
/* semctl()'s fourth argument: glibc and musl leave the union to the caller, the BSDs and macOS
 * declare it in <sys/sem.h>. */
# if defined(_SEM_SEMUN_UNDEFINED) || (defined(__linux__) && !defined(HAVE_UNION_SEMUN))
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};
# endif
# define SHMX_HAVE_ANON 1
# define SHMX_HAVE_FILE 1
/* config.m4 found shm_open (in libc or librt). */
# ifdef HAVE_SHMX_SHM_OPEN
#  define SHMX_HAVE_POSIX 1
# else
#  define SHMX_HAVE_POSIX 0
# endif
/* shmx's own lock (lock.c) needs only atomics and kill(); Windows has no such locks here. */
# define SHMX_HAVE_ROBUST 1
typedef pid_t shmx_pid;
#endif

/* Waits sleep on a futex word (error.c); elsewhere they poll. */
#if defined(__linux__)
# define SHMX_HAVE_FUTEX 1
#else
# define SHMX_HAVE_FUTEX 0
#endif

/* Linux names each boot (/proc/sys/kernel/random/boot_id): sync.c uses it to re-initialise
 * the locks of a file: region that a crashed machine left held. */
#if defined(__linux__)
# define SHMX_HAVE_BOOT_ID 1
#else
# define SHMX_HAVE_BOOT_ID 0
#endif

/* A spin-wait hint (sync.c spins briefly before sleeping on a contended lock). */
#if defined(__x86_64__) || defined(__i386__)
# define SHMX_CPU_RELAX() __builtin_ia32_pause()
#elif defined(__aarch64__)
# define SHMX_CPU_RELAX() __asm__ __volatile__("yield" ::: "memory")
#else
# define SHMX_CPU_RELAX() __atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif

/* A 16-byte compare-and-swap (store_fast.c's lock-free writes): 1 swapped, else 0 with *lo and
 * *hi set to what the 16 bytes hold. p must be 16-byte aligned. Where the CPU has none
 * (SHMX_HAVE_CAS16 0) it never swaps; the Store tests SHMX_HAVE_CAS16 (a constant, in a plain
 * `if`) and takes its writer lock instead, so that this is never called there. */
typedef uint64_t shmx_u64_alias __attribute__((may_alias));
#if defined(__x86_64__) && defined(__GNUC__)
# define SHMX_HAVE_CAS16 1
static inline int shmx_cas16(void *p, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
	unsigned char ok;
	__asm__ __volatile__("lock cmpxchg16b %1\n\tsete %0"
		: "=q"(ok), "+m"(*(volatile shmx_u64_alias (*)[2])p), "+a"(*lo), "+d"(*hi)
		: "b"(nlo), "c"(nhi)
		: "memory", "cc");
	return ok;
}
/* Asks for a cache line in exclusive state before reading it and then CASing it: one
 * transfer between cores instead of two when processes take turns on the same entry. */
# define SHMX_PREFETCH_W(p) __asm__ __volatile__("prefetchw %0" :: "m"(*(const char *)(p)))
#else
# define SHMX_HAVE_CAS16 0
static inline int shmx_cas16(void *p, uint64_t *lo, uint64_t *hi, uint64_t nlo, uint64_t nhi)
{
	(void)nlo;
	(void)nhi;
	*lo = __atomic_load_n(&((shmx_u64_alias *)p)[0], __ATOMIC_ACQUIRE);
	*hi = __atomic_load_n(&((shmx_u64_alias *)p)[1], __ATOMIC_ACQUIRE);
	return 0;
}
# define SHMX_PREFETCH_W(p) ((void)0)
#endif

/* Reading objects from outside (inspect.c: `shmx ls`, `stat`, `dump`, `rm`) needs a read-only
 * attach, the owner's user name and the fd-backed objects' files: POSIX systems only. On
 * Windows it refuses (ENOSYS); TSRM's emulation was never tried for it. */
#ifdef _WIN32
# define SHMX_HAVE_INSPECT 0
#else
# define SHMX_HAVE_INSPECT 1
#endif

/* printf-style checking of a function's format (argument `f`, variadic from `a`). */
#ifdef __GNUC__
# define SHMX_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
# define SHMX_PRINTF(f, a)
#endif

/* Thread-local storage for the helpers' caches. */
#ifdef _MSC_VER
# define SHMX_THREAD_LOCAL __declspec(thread)
#else
# define SHMX_THREAD_LOCAL __thread
#endif

#define SHMX_LIKELY(x)   __builtin_expect(!!(x), 1)
#define SHMX_UNLIKELY(x) __builtin_expect(!!(x), 0)

/* Shared cells are touched only through these, so every cross-process access is explicit. */
#define SHMX_LOAD(p)            __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define SHMX_LOAD_RELAXED(p)    __atomic_load_n((p), __ATOMIC_RELAXED)
#define SHMX_STORE(p, v)        __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define SHMX_STORE_RELAXED(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define SHMX_CAS(p, expected_ptr, v) \
	__atomic_compare_exchange_n((p), (expected_ptr), (v), 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)
#define SHMX_ADD_FETCH(p, v)    __atomic_add_fetch((p), (v), __ATOMIC_ACQ_REL)
#define SHMX_FETCH_ADD(p, v)    __atomic_fetch_add((p), (v), __ATOMIC_ACQ_REL)

/* Monotonic clock in nanoseconds, for timeouts that a clock change must not stretch. */
int64_t shmx_monotonic_ns(void);
/* Sleeps about `ns` nanoseconds (a poll interval; a signal may cut it short). */
void shmx_sleep_ns(int64_t ns);
/* Current process id: cached, and refreshed in a fork child before it runs any code. Inline,
 * because every counted get compares it (the first call of a process sets the cache up). */
#ifdef _WIN32
shmx_pid shmx_getpid(void);
#else
extern shmx_pid shmx_cached_pid;
shmx_pid shmx_getpid_setup(void);
static inline shmx_pid shmx_getpid(void)
{
	shmx_pid pid = __atomic_load_n(&shmx_cached_pid, __ATOMIC_RELAXED);
	return __builtin_expect(pid != 0, 1) ? pid : shmx_getpid_setup();
}
#endif
/* Gives the CPU to another runnable process (a spin that has gone on too long). */
void shmx_yield(void);
/* Whether a process with this pid is alive (1), dead (0), or unknown (-1: EPERM etc.; always
 * on Windows). */
int shmx_pid_alive(shmx_pid pid);

/* The calling thread's kernel id (the pid on systems without one), cached per thread and
 * refreshed in a fork child. */
uint32_t shmx_tid(void);
/* When the calling thread started, in kernel ticks since boot (Linux /proc), 0 if unknown. */
uint64_t shmx_thread_start(void);
/* Whether a thread with kernel id `tid` exists in this pid namespace (1; a zombie counts),
 * does not (0), or cannot be told (-1: EPERM; always on Windows). */
int shmx_thread_alive(uint32_t tid);
/* Thread `tid` of this pid namespace: 1 if /proc could tell, with *exited (it is a zombie: dead,
 * not yet reaped by its parent) and *start, else 0 (always without /proc). */
int shmx_thread_stat(uint32_t tid, int *exited, uint64_t *start);
/* A tag of this process's pid namespace, 1..511: equal tags mean the same thread ids
 * (different namespaces collide only by chance, 1 in 511). 1 where there are no namespaces. */
uint32_t shmx_pidns_tag(void);
/* A digest of the running kernel's boot id (never 0), or 0 where there is none
 * (!SHMX_HAVE_BOOT_ID): region.c's reboot recovery of the locks of file: regions. */
uint32_t shmx_boot_id(void);

/* Up to len bytes from the kernel's random source (getrandom on Linux); how many it gave, 0
 * where there is none (the caller then mixes its own). */
size_t shmx_random_bytes(void *buf, size_t len);

/* The name of user `uid` into buf (len bytes with its '\0'): 1, or 0 when there is none, it
 * does not fit, or the platform has no user database (Windows). */
int shmx_user_name(int64_t uid, char *buf, size_t len);

/* A file some processes may have mapped (st_dev, st_ino), for shmx_count_mappers. */
typedef struct shmx_mapped_file {
	uint64_t dev, ino;
	int64_t count;      /* out: how many processes other than this one map it */
	void *tag;          /* the caller's, left alone (the array is sorted in place) */
	int32_t last_pid;   /* the helper's own: the process that last counted it */
} shmx_mapped_file;
/* Counts, for each of the n files, the processes other than this one that map it, from every
 * process's /proc/<pid>/maps (Linux). Sorts files[] (by file). 1: every process's maps were
 * read; 0: some could not be (another user's), so the counts are at least these; -1 with errno
 * when nothing could be counted (ENOSYS where there is no such /proc, else why /proc could not
 * be listed), counts 0. */
int shmx_count_mappers(shmx_mapped_file *files, size_t n);

/* Sleep until *word may differ from `seen`, `ns` nanoseconds pass, or a signal arrives
 * (the caller re-checks). The word may be in memory shared between processes. Where there is
 * no futex, a poll of at most a millisecond. */
void shmx_futex_wait(uint32_t *word, uint32_t seen, int64_t ns);
/* Wake up to n sleepers on word (INT_MAX: all). */
void shmx_futex_wake(uint32_t *word, int n);

#endif
