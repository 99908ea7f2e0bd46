/*
 * fault.c: surviving a file or POSIX object that shrinks (or cannot be backed) under a live
 * mapping.
 *
 * A MAP_SHARED mapping of a file stays as long as it was made, whatever later happens to the
 * file: if another process ftruncate()s it, or the filesystem cannot supply a page (a full
 * tmpfs or disk where no space was reserved, an I/O error), the next touch of such a page is
 * SIGBUS, and by default that kills PHP in the middle of whatever it was doing.
 *
 * What this file does instead: every mapping of an fd-backed object is kept in a registry
 * [addr, addr + len) with its fd. A SIGBUS handler, installed at MINIT, looks the faulting
 * address up; inside one of ours, it maps private anonymous zero pages (MAP_FIXED) over the
 * pages that can no longer be backed (from the object's new end to the end of the mapping, or
 * just the one page the system could not supply), marks that mapping damaged and increments
 * shmx_fault_generation. The interrupted access then completes harmlessly on a zero page, and
 * the operation runs to its end: the code above treats shared memory as hostile anyway, so
 * zeros where data was are just one more kind of bad bytes, bounds-checked like the others.
 * Every operation compares shmx_fault_generation with what its handle last saw before it
 * starts and after it has touched the mapping (one load and a compare, see fault.h); only
 * when they differ does it look its own mapping up, and a damaged mapping fails the operation
 * and every later one on that handle (SHMX_ERR_CORRUPT for a truncation). Anything else is
 * passed on to the handler that was there before us, or to the default action, so a crash
 * that is not ours still crashes as it would have.
 *
 * Why not the alternatives: an fstat() per operation costs a system call (hundreds of ns on a
 * Store get of ~25 ns) and still loses the race with a truncation that lands mid-operation;
 * sigsetjmp()/siglongjmp() around each operation would abandon it half-way, with a lock held
 * or a write half-published. Only the pages past the new end are replaced, so what is left of
 * the object stays shared: a lock word there is still the real one, and a lock this process
 * holds is released for the others. Writes that land on the zero pages reach nobody.
 *
 * Invariants and limits:
 * - The registry is touched only under `registry_lock`, a spinlock that no code holds while it
 *   touches a registered mapping, so the handler (which runs in the faulting thread) never
 *   waits for itself; another thread holds it for a few instructions only.
 * - The handler uses only fstat(), mmap() and atomics. mmap() is not on POSIX's list of
 *   async-signal-safe functions, but on the systems with SIGBUS semantics it is a bare system
 *   call with no user-space state; this is what lets the interrupted access complete.
 * - A page that faults again right after we replaced it is not ours to fix (an alignment
 *   fault, say): it goes to the previous handler, so the handler cannot loop.
 * - fork(): the child inherits the mappings, the zero pages, the registry and the handler, all
 *   still true for it.
 * - A damaged mapping is never unmapped (os_fd.c's detach replaces it with anonymous memory
 *   and keeps the range), so that no later mapping lands at addresses an interrupted
 *   operation, or a stale pointer into the old mapping, may still use.
 * - A later sigaction(SIGBUS) by someone else (pcntl_signal(SIGBUS, ...)) replaces the guard;
 *   MSHUTDOWN puts back the previous handler only if ours is still installed.
 */
#include "fault.h"

#include <stdio.h>
#include <stdlib.h>

uint32_t shmx_fault_generation;

#ifndef _WIN32
#include <signal.h>

typedef struct fault_entry {
	uintptr_t start;      /* first byte of the mapping */
	size_t len;           /* bytes mapped (the handler rounds up to pages) */
	int fd;               /* the object's descriptor, for fstat() in the handler */
	int prot;             /* PROT_* of the mapping, given to the zero pages */
	int damage;           /* 0 or SHMX_FAULT_*; only ever raised, by the handler */
	uintptr_t last_page;  /* the page the handler last replaced, 0 before any */
} fault_entry;

static fault_entry *entries;   /* [count] used of [capacity]; owned by registry_lock */
static size_t count, capacity;
static int registry_lock;      /* 0 free, 1 held */
static size_t page_size;       /* sysconf(_SC_PAGESIZE), read outside the handler */
static struct sigaction previous;
static int installed;

static void registry_acquire(void)
{
	while (__atomic_exchange_n(&registry_lock, 1, __ATOMIC_ACQUIRE)) {
		SHMX_CPU_RELAX();
	}
}

static void registry_release(void)
{
	__atomic_store_n(&registry_lock, 0, __ATOMIC_RELEASE);
}

static fault_entry *find(uintptr_t addr)
{
	for (size_t i = 0; i < count; i++) {
		if (addr >= entries[i].start && addr - entries[i].start < entries[i].len) {
			return &entries[i];
		}
	}
	return NULL;
}

static uintptr_t round_up_page(uintptr_t v)
{
	return (v + page_size - 1) & ~(uintptr_t)(page_size - 1);
}

/* In the handler: replaces what cannot be backed any more with zero pages. 1 if the fault was
 * ours and the access can be retried, 0 to pass the signal on. */
static int repair(uintptr_t addr)
{
	int fixed = 0;
	registry_acquire();
	fault_entry *e = find(addr);
	uintptr_t page = addr & ~(uintptr_t)(page_size - 1);
	if (e && !(e->damage && e->last_page == page)) {
		uintptr_t end = e->start + round_up_page(e->len);
		uintptr_t from = page;
		int damage = SHMX_FAULT_UNBACKED;
		struct stat sb;
		if (fstat(e->fd, &sb) == 0 && sb.st_size >= 0 && (uint64_t)sb.st_size < e->len) {
			uintptr_t eof = e->start + round_up_page((uintptr_t)sb.st_size);
			if (eof <= page) {
				/* Everything past the new end faults alike: replace it all at once. */
				from = eof;
				damage = SHMX_FAULT_TRUNCATED;
			}
		}
		size_t len = damage == SHMX_FAULT_TRUNCATED ? end - from : page_size;
		void *p = mmap((void *)from, len, e->prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (p != MAP_FAILED) {
			/* A truncation is the more telling reason; a later unbacked page does not hide it. */
			if (e->damage != SHMX_FAULT_TRUNCATED) {
				e->damage = damage;
			}
			e->last_page = page;
			__atomic_add_fetch(&shmx_fault_generation, 1, __ATOMIC_SEQ_CST);
			fixed = 1;
		}
	}
	registry_release();
	return fixed;
}

/* Not ours: do what would have happened without us. */
static void pass_on(int sig, siginfo_t *info, void *uctx)
{
	if (previous.sa_flags & SA_SIGINFO) {
		if (previous.sa_sigaction) {
			previous.sa_sigaction(sig, info, uctx);
		}
		return;
	}
	int sent = info == NULL || info->si_code <= 0; /* kill(), sigqueue(): no access to retry */
	if (previous.sa_handler == SIG_IGN && sent) {
		return;
	}
	if (previous.sa_handler == SIG_DFL || previous.sa_handler == SIG_IGN) {
		/* Back to the default action: a fault is retried when we return and takes it (a
		 * fault cannot be ignored); a sent signal is sent again, pending until we return. */
		struct sigaction dfl;
		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		sigaction(sig, &dfl, NULL);
		if (sent) {
			raise(sig);
		}
		return;
	}
	previous.sa_handler(sig);
}

static void on_sigbus(int sig, siginfo_t *info, void *uctx)
{
	int saved_errno = errno;
	/* BUS_ADRERR: past the end of the object or not supplied; BUS_OBJERR: an I/O error;
	 * BUS_MCEERR_AR: a broken memory page that was just consumed. An alignment fault
	 * (BUS_ADRALN) or a sent signal is no mapping's doing. */
	int ours = info && page_size && (info->si_code == BUS_ADRERR || info->si_code == BUS_OBJERR
#ifdef BUS_MCEERR_AR
		|| info->si_code == BUS_MCEERR_AR
#endif
		) && repair((uintptr_t)info->si_addr);
	if (!ours) {
		pass_on(sig, info, uctx);
	}
	errno = saved_errno;
}

void shmx_fault_install(void)
{
	struct sigaction sa;
	if (installed) {
		return;
	}
	if (!page_size) {
		page_size = (size_t)sysconf(_SC_PAGESIZE);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &previous) == 0) {
		installed = 1;
	}
}

int shmx_fault_guard_state(void)
{
	struct sigaction cur;
	if (!installed) {
		return SHMX_FAULT_GUARD_FAILED;
	}
	if (sigaction(SIGBUS, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_sigbus) {
		return SHMX_FAULT_GUARD_ACTIVE;
	}
	return SHMX_FAULT_GUARD_REPLACED;
}

void shmx_fault_uninstall(void)
{
	struct sigaction cur;
	if (!installed) {
		return;
	}
	if (sigaction(SIGBUS, NULL, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) && cur.sa_sigaction == on_sigbus) {
		sigaction(SIGBUS, &previous, NULL);
	}
	installed = 0;
	registry_acquire();
	if (count == 0) {
		free(entries);
		entries = NULL;
		capacity = 0;
	}
	registry_release();
}

shmx_status shmx_fault_register(void *addr, size_t len, int fd, int readonly, shmx_error *err)
{
	if (!page_size) {
		page_size = (size_t)sysconf(_SC_PAGESIZE);
	}
	for (;;) {
		registry_acquire();
		if (count < capacity) {
			break;
		}
		size_t want = capacity ? capacity * 2 : 16;
		registry_release();
		/* malloc, not emalloc: the registry is the process's, and the handler reads it. */
		fault_entry *grown = malloc(want * sizeof(*grown));
		if (!grown) {
			return shmx_fail_os(err, ENOMEM, "cannot register a mapping of %zu bytes", len);
		}
		fault_entry *old = grown;
		registry_acquire();
		if (capacity < want) {
			if (count) {
				memcpy(grown, entries, count * sizeof(*grown));
			}
			old = entries;
			entries = grown;
			capacity = want;
		}
		registry_release();
		free(old);
	}
	fault_entry *e = &entries[count];
	e->start = (uintptr_t)addr;
	e->len = len;
	e->fd = fd;
	e->prot = readonly ? PROT_READ : PROT_READ | PROT_WRITE;
	e->damage = 0;
	e->last_page = 0;
	count++;
	registry_release();
	return SHMX_OK;
}

int shmx_fault_unregister(void *addr)
{
	int damage = 0;
	registry_acquire();
	for (size_t i = 0; i < count; i++) {
		if (entries[i].start == (uintptr_t)addr) {
			damage = entries[i].damage;
			entries[i] = entries[--count];
			break;
		}
	}
	registry_release();
	return damage;
}

/* The damage the handler recorded for the mapping at `addr`, 0 for none or not registered. */
static int damage_of(const void *addr)
{
	int damage = 0;
	registry_acquire();
	for (size_t i = 0; i < count; i++) {
		if (entries[i].start == (uintptr_t)addr) {
			damage = entries[i].damage;
			break;
		}
	}
	registry_release();
	return damage;
}

#else

void shmx_fault_install(void)
{
}

int shmx_fault_guard_state(void)
{
	return SHMX_FAULT_GUARD_NONE;
}

void shmx_fault_uninstall(void)
{
}

shmx_status shmx_fault_register(void *addr, size_t len, int fd, int readonly, shmx_error *err)
{
	return SHMX_OK;
}

int shmx_fault_unregister(void *addr)
{
	return 0;
}

static int damage_of(const void *addr)
{
	return 0;
}

#endif

shmx_status shmx_map_check_slow(shmx_map *m, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	if (!m->damaged) {
		/* Read before looking: a fault after this read makes the next check look again. */
		uint32_t generation = SHMX_LOAD(&shmx_fault_generation);
		int damage = m->addr ? damage_of(m->addr) : 0;
#ifndef _WIN32
		/* Another handle of this process faulted: if it was this very object that shrank,
		 * this handle is as broken, even if it has not touched the lost pages yet. */
		struct stat sb;
		if (!damage && m->addr && m->fd >= 0 && fstat(m->fd, &sb) == 0 && (uint64_t)sb.st_size < m->size) {
			damage = SHMX_FAULT_TRUNCATED;
		}
#endif
		if (!damage) {
			m->fault_seen = generation;
			return SHMX_OK;
		}
		m->damaged = damage;
	}
	shmx_id_describe(&m->id, desc, sizeof(desc));
	if (m->damaged == SHMX_FAULT_TRUNCATED) {
		return shmx_fail(err, SHMX_ERR_CORRUPT, 0,
			"%s: was truncated by another process while mapped here; this handle cannot be used any more", desc);
	}
	return shmx_fail(err, SHMX_ERR_OS, EIO,
		"%s: the system could not supply a page of it (no space left on its filesystem, or an I/O error); "
		"this handle cannot be used any more", desc);
}
