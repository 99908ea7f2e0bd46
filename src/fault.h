/*
 * fault.h: the SIGBUS guard for mappings of POSIX objects and files (see fault.c for how and
 * why). The os layer registers every such mapping while it exists; the handler turns a fault
 * inside one into a damaged mapping instead of a dead process; every operation checks one
 * process-global counter to learn that something was damaged, and only then asks whether its
 * own mapping was.
 */
#ifndef SHMX_FAULT_H
#define SHMX_FAULT_H

#include "os.h"

/* Why a mapping is damaged; 0 (none) is what shmx_map.damaged starts as. */
#define SHMX_FAULT_TRUNCATED 1 /* the object became shorter than the mapping */
#define SHMX_FAULT_UNBACKED  2 /* a page inside the object could not be supplied (full tmpfs/disk, I/O error) */

/* Incremented by the handler each time it repairs a fault; never decremented. A handle whose
 * shmx_map.fault_seen equals it has nothing to check. */
extern uint32_t shmx_fault_generation;

/* Installs the SIGBUS handler (MINIT) and puts back the previous one (MSHUTDOWN), if ours is
 * still the one installed. Registering works without it; only the repair needs it. */
void shmx_fault_install(void);
void shmx_fault_uninstall(void);

/* What the guard is doing now, for phpinfo(). */
#define SHMX_FAULT_GUARD_NONE      0 /* not built on this platform (Windows maps no POSIX objects or files) */
#define SHMX_FAULT_GUARD_ACTIVE    1 /* our SIGBUS handler is the one installed */
#define SHMX_FAULT_GUARD_REPLACED  2 /* installed at startup, since replaced (pcntl_signal(SIGBUS, ...)) */
#define SHMX_FAULT_GUARD_FAILED    3 /* sigaction() refused it at startup */
int shmx_fault_guard_state(void);

/* Adds [addr, addr + len) mapped from `fd` (kept open by the caller until unregistered) to the
 * registry; SHMX_ERR_OS (ENOMEM) if the registry cannot grow. */
shmx_status shmx_fault_register(void *addr, size_t len, int fd, int readonly, shmx_error *err);
/* Removes the mapping at `addr`; call before unmapping it. Returns the damage the handler
 * recorded for it (0 for none): a damaged mapping must not be unmapped (see fault.c). */
int shmx_fault_unregister(void *addr);

/* The slow half of shmx_map_check: looks the mapping up, and fails for good once it is damaged. */
shmx_status shmx_map_check_slow(shmx_map *m, shmx_error *err);

/* SHMX_OK, or (for good, on this handle) SHMX_ERR_CORRUPT "... was truncated by another
 * process" / SHMX_ERR_OS for a page the system could not supply. Call before an operation
 * touches the mapping and again after it did, before trusting what it read. Costs one load
 * and a compare until a fault happens somewhere in this process. */
static inline int shmx_map_fault_suspect(const shmx_map *m)
{
	/* A compiler barrier: the load must not move above the accesses it vouches for (the
	 * handler runs in this thread, so no CPU fence is needed). */
	__atomic_signal_fence(__ATOMIC_SEQ_CST);
	return SHMX_UNLIKELY(SHMX_LOAD_RELAXED(&shmx_fault_generation) != m->fault_seen);
}

static inline shmx_status shmx_map_check(shmx_map *m, shmx_error *err)
{
	return shmx_map_fault_suspect(m) ? shmx_map_check_slow(m, err) : SHMX_OK;
}

#endif
