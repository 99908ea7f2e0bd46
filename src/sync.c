/*
 * sync.c: Mutex and Semaphore over shmx's own locks (lock.h; see sync.h for the model).
 *
 * Invariants kept here:
 * - A shmx_owner record names its holder only while that holder holds the lock: the holder
 *   writes it right after locking and clears its pid right before unlocking, and nobody else
 *   writes it. A stale record can only belong to a dead process, whose lock the next taker recovers.
 * - Every release of a Semaphore slot bumps `generation` after unlocking and wakes sleepers if
 *   any announced themselves (Dekker order: waiters++ then sleep on the old generation, versus
 *   generation++ then read waiters, both sequentially consistent), so no wake-up is lost.
 * - Every wait is bounded by an absolute CLOCK_MONOTONIC deadline that is computed once, so a
 *   signal that interrupts a wait resumes it with only the time that remains.
 * - Nothing here allocates: lock and unlock are the hot path of every PHP call.
 */
#include "sync.h"

#include <stdio.h>
#include <time.h>
#include <limits.h>


/* How long a contended lock() spins (test, then try) before it sleeps in the kernel. A handful
 * of microseconds: long enough to catch a holder that is between unlock and its next lock,
 * short enough not to burn a time slice when the holder really is busy. */
#define SHMX_MUTEX_SPINS 400

uint32_t shmx_sync_handle_id(void)
{
	static uint32_t next;
	uint32_t id = __atomic_add_fetch(&next, 1, __ATOMIC_RELAXED);
	/* 0 never names a handle, so a zeroed record matches nobody. */
	return id ? id : __atomic_add_fetch(&next, 1, __ATOMIC_RELAXED);
}

shmx_status shmx_sync_attach(shmx_map *m, const shmx_id *id, int flags, uint32_t perms, shmx_region_kind kind,
	size_t create_payload, size_t min_payload, shmx_region_init_fn init, void *arg,
	void **payload, size_t *payload_size, shmx_error *err)
{
	size_t size = (flags & SHMX_OPEN_CREATE) ? SHMX_REGION_HEADER_SIZE + create_payload : 0;
	shmx_status st = shmx_map_open(m, id, flags | SHMX_OPEN_REGION, size, perms, err);
	if (st == SHMX_ERR_SIZE && !(flags & SHMX_OPEN_EXCL)) {
		/* It exists and is smaller than a new one would be (a Semaphore with fewer permits,
		 * another kind, foreign bytes): take it as it is and let the header say what it is. */
		st = shmx_map_open(m, id, (flags & ~SHMX_OPEN_CREATE) | SHMX_OPEN_REGION, 0, perms, err);
	}
	if (st != SHMX_OK) {
		return st;
	}
	/* A region that is already formatted is checked for its kind before its size, so that
	 * opening a Counter as a Semaphore says what it holds rather than that it is small. */
	size_t min = min_payload;
	if (m->size >= SHMX_REGION_HEADER_SIZE
		&& SHMX_LOAD(&((shmx_region_header *)m->addr)->magic) == SHMX_REGION_MAGIC) {
		min = 0;
	}
	st = shmx_region_attach(m, kind, min, (flags & SHMX_OPEN_CREATE) != 0, init, arg,
		payload, payload_size, err);
	if (st == SHMX_OK && *payload_size < min_payload) {
		char desc[SHMX_NAME_MAX + 16];
		st = shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: the shmx %s is corrupted (%zu bytes of payload, it needs %zu)",
			shmx_id_describe(&m->id, desc, sizeof(desc)), shmx_region_kind_name(kind), *payload_size, min_payload);
	}
	if (st != SHMX_OK) {
		shmx_map_detach(m);
	}
	return st;
}

static const char *describe(const shmx_map *m, char *buf, size_t len)
{
	return shmx_id_describe(&m->id, buf, len);
}

/* ------------------------------------------------------------------------------------------
 * Mutex
 */

static int mutex_init(void *payload, size_t payload_size, void *arg)
{
	shmx_mutex_shared *s = payload;
	s->boot_tag = shmx_region_boot_ready();
	shmx_lock_init(&s->lock);
	return 0;
}

static void mutex_reset(void *ctx)
{
	shmx_mutex_shared *s = ctx;
	shmx_lock_init(&s->lock);
	s->owner.handle = 0;
	SHMX_STORE(&s->owner.pid, 0);
}

/* Mutex and Semaphore are shmx locks; where there are none (Windows), say so at once. */
static shmx_status sync_unsupported(const char *what, shmx_error *err)
{
	return shmx_fail(err, SHMX_ERR_OS, ENOSYS, "a shmx %s needs cross-process locks, which shmx does not have on this platform", what);
}

shmx_status shmx_mutex_open(shmx_mutex *mx, const shmx_id *id, int flags, uint32_t perms, shmx_error *err)
{
	void *payload;
	size_t payload_size;
	if (!SHMX_HAVE_ROBUST) {
		return sync_unsupported("Mutex", err);
	}
	shmx_status st = shmx_sync_attach(&mx->map, id, flags, perms, SHMX_KIND_MUTEX,
		sizeof(shmx_mutex_shared), sizeof(shmx_mutex_shared), mutex_init, NULL, &payload, &payload_size, err);
	if (st != SHMX_OK) {
		return st;
	}
	st = shmx_region_boot_check(&mx->map, &((shmx_mutex_shared *)payload)->boot_tag, mutex_reset, payload, err);
	if (st != SHMX_OK) {
		shmx_map_detach(&mx->map);
		return st;
	}
	mx->s = payload;
	mx->handle = shmx_sync_handle_id();
	return SHMX_OK;
}

/* Spin while the owner record says someone holds it, trying whenever it looks free. */
static shmx_status mutex_spin(shmx_mutex *mx, int *recovered)
{
	shmx_status st = SHMX_ERR_TIMEOUT;
	for (int i = 0; i < SHMX_MUTEX_SPINS; i++) {
		SHMX_CPU_RELAX();
		if (SHMX_LOAD_RELAXED(&mx->s->owner.pid) == 0) {
			st = shmx_lock_acquire(&mx->s->lock, 0, recovered, NULL);
			if (st != SHMX_ERR_TIMEOUT) {
				break;
			}
		}
	}
	return st;
}

shmx_status shmx_mutex_lock(shmx_mutex *mx, int64_t timeout_ns, int *recovered, uint64_t *fence, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	int64_t start = 0;
	shmx_status st = shmx_lock_acquire(&mx->s->lock, 0, recovered, NULL);

	if (st == SHMX_ERR_TIMEOUT && timeout_ns != 0) {
		if (timeout_ns > 0) {
			start = shmx_monotonic_ns();
		}
		st = mutex_spin(mx, recovered);
		if (st == SHMX_ERR_TIMEOUT) {
			int64_t left = timeout_ns;
			if (timeout_ns > 0) {
				left = timeout_ns - (shmx_monotonic_ns() - start);
				/* 1 ns rather than 0: 0 would mean "try", and the caller asked to wait. */
				left = left > 0 ? left : 1;
			}
			st = shmx_lock_acquire(&mx->s->lock, left, recovered, err);
		}
	}
	switch (st) {
		case SHMX_OK:
			if (*recovered) {
				/* The mutex guards user state shmx cannot repair: taking it over is all. */
				SHMX_ADD_FETCH(&mx->s->recoveries, 1);
			}
			/* Only the holder writes it, so a plain increment under the lock is enough; the
			 * atomic store keeps a reader of shmx_mutex_token() in another process from
			 * seeing a torn value. */
			*fence = SHMX_LOAD_RELAXED(&mx->s->fence) + 1;
			SHMX_STORE_RELAXED(&mx->s->fence, *fence);
			mx->s->owner.handle = mx->handle;
			SHMX_STORE_RELAXED(&mx->s->owner.pid, (int32_t)shmx_getpid());
			return SHMX_OK;
		case SHMX_ERR_TIMEOUT:
			if (timeout_ns == 0) {
				return shmx_fail(err, SHMX_ERR_TIMEOUT, 0, "%s: the mutex is held by another process",
					describe(&mx->map, desc, sizeof(desc)));
			}
			return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "%s: timed out after %.6g seconds waiting for the mutex",
				describe(&mx->map, desc, sizeof(desc)), (double)timeout_ns / 1e9);
		case SHMX_ERR_STATE:
			if (!shmx_lock_held(&mx->s->lock)) {
				/* The word names this thread, the record an earlier thread with its id. */
				return shmx_fail(err, SHMX_ERR_STATE, EDEADLK, "%s: the mutex is held by a dead process whose id this "
					"process now has; a lock() in another process takes it over", describe(&mx->map, desc, sizeof(desc)));
			}
			return shmx_fail(err, SHMX_ERR_STATE, EDEADLK, "%s: this process already holds the mutex",
				describe(&mx->map, desc, sizeof(desc)));
		default:
			/* SHMX_ERR_CORRUPT, the only other answer of a lock (the tries gave no message). */
			return shmx_fail(err, st, 0, "%s: the mutex is unusable: its lock word holds 0x%08x, which no shmx process writes",
				describe(&mx->map, desc, sizeof(desc)), SHMX_LOAD_RELAXED(&mx->s->lock.word));
	}
}

shmx_status shmx_mutex_unlock(shmx_mutex *mx, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	int32_t self = (int32_t)shmx_getpid();

	if (SHMX_LOAD_RELAXED(&mx->s->owner.pid) != self) {
		/* Only the holder writes the record, so this process does not hold the mutex. */
		return shmx_fail(err, SHMX_ERR_STATE, EPERM, "%s: this process does not hold the mutex",
			describe(&mx->map, desc, sizeof(desc)));
	}
	SHMX_STORE_RELAXED(&mx->s->owner.pid, 0);
	if (shmx_lock_release(&mx->s->lock, NULL) != SHMX_OK) {
		/* Our pid, but not our lock: a holder in another pid namespace, or a dead process whose
		 * pid we reuse. Put its record back. */
		SHMX_STORE_RELAXED(&mx->s->owner.pid, self);
		return shmx_fail(err, SHMX_ERR_STATE, EPERM, "%s: this process does not hold the mutex",
			describe(&mx->map, desc, sizeof(desc)));
	}
	return SHMX_OK;
}

uint64_t shmx_mutex_token(const shmx_mutex *mx)
{
	if (SHMX_LOAD_RELAXED(&mx->s->owner.pid) != (int32_t)shmx_getpid()) {
		return 0;
	}
	return SHMX_LOAD_RELAXED(&mx->s->fence);
}

void shmx_mutex_close(shmx_mutex *mx)
{
	if (!mx->map.addr) {
		return;
	}
	if (!mx->map.readonly && SHMX_LOAD_RELAXED(&mx->s->owner.pid) == (int32_t)shmx_getpid()
		&& mx->s->owner.handle == mx->handle) {
		shmx_mutex_unlock(mx, NULL);
	}
	shmx_map_detach(&mx->map);
	mx->s = NULL;
}

/* ------------------------------------------------------------------------------------------
 * Semaphore
 */

static uint32_t sem_fit(size_t payload_size)
{
	if (payload_size < SHMX_SEM_PAYLOAD(1)) {
		return 0;
	}
	size_t n = (payload_size - sizeof(shmx_sem_header)) / (sizeof(shmx_lock) + sizeof(shmx_owner));
	return n > SHMX_SEM_MAX_PERMITS ? SHMX_SEM_MAX_PERMITS : (uint32_t)n;
}

static int sem_init(void *payload, size_t payload_size, void *arg)
{
	shmx_sem_header *h = payload;
	uint32_t permits = *(const uint32_t *)arg;
	uint32_t fit = sem_fit(payload_size);
	shmx_lock *slots = (shmx_lock *)(h + 1);

	/* Smaller than asked only when another opener created it with fewer permits. */
	if (permits > fit) {
		permits = fit;
	}
	for (uint32_t i = 0; i < permits; i++) {
		shmx_lock_init(&slots[i]);
	}
	h->permits = permits;
	h->boot_tag = shmx_region_boot_ready();
	return 0;
}

static void sem_reset(void *ctx)
{
	shmx_sem *sem = ctx;
	for (uint32_t i = 0; i < sem->permits; i++) {
		shmx_lock_init(&sem->slots[i]);
		sem->owners[i].handle = 0;
		SHMX_STORE(&sem->owners[i].pid, 0);
	}
	SHMX_STORE(&sem->h->waiters, 0);
}

shmx_status shmx_sem_open(shmx_sem *sem, const shmx_id *id, uint32_t permits, int flags, uint32_t perms, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	void *payload;
	size_t payload_size;
	if (!SHMX_HAVE_ROBUST) {
		return sync_unsupported("Semaphore", err);
	}
	shmx_status st = shmx_sync_attach(&sem->map, id, flags, perms, SHMX_KIND_SEMAPHORE,
		SHMX_SEM_PAYLOAD(permits), SHMX_SEM_PAYLOAD(1), sem_init, &permits, &payload, &payload_size, err);
	if (st != SHMX_OK) {
		return st;
	}
	shmx_sem_header *h = payload;
	uint32_t n = SHMX_LOAD(&h->permits);
	if (n == 0 || n > SHMX_SEM_MAX_PERMITS || SHMX_SEM_PAYLOAD(n) > payload_size) {
		st = shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: the shmx Semaphore is corrupted (%u permits do not fit its %zu bytes)",
			describe(&sem->map, desc, sizeof(desc)), n, payload_size);
		shmx_map_detach(&sem->map);
		return st;
	}
	sem->h = h;
	sem->permits = n;
	sem->slots = (shmx_lock *)(h + 1);
	sem->owners = (shmx_owner *)(sem->slots + n);
	st = shmx_region_boot_check(&sem->map, &h->boot_tag, sem_reset, sem, err);
	if (st != SHMX_OK) {
		shmx_map_detach(&sem->map);
		return st;
	}
	sem->handle = shmx_sync_handle_id();
	/* Spread processes over the slots so that they do not all contend for slot 0. */
	sem->hint = (uint32_t)shmx_getpid() % n;
	return SHMX_OK;
}

/* 1 if slot i is now ours, 0 if it is busy; *failure keeps the worst error seen and *mine
 * counts the slots this process already holds. `thorough`: check a holder's start time too
 * (see lock.h), which costs a few system calls. */
static int sem_try_slot(shmx_sem *sem, uint32_t i, int32_t self, int thorough, shmx_status *failure, uint32_t *mine)
{
	int recovered;
	shmx_status st = thorough ? shmx_lock_try_thorough(&sem->slots[i], &recovered, NULL)
		: shmx_lock_acquire(&sem->slots[i], 0, &recovered, NULL);
	if (st != SHMX_OK) {
		if (st == SHMX_ERR_STATE) {
			/* Ours, or an earlier process's with our id that died holding it (busy). */
			*mine += shmx_lock_held(&sem->slots[i]) ? 1 : 0;
		} else if (st != SHMX_ERR_TIMEOUT) {
			*failure = st;
		}
		return 0;
	}
	if (recovered) {
		/* A permit holds no data: taking the slot over is all the repair there is. */
		SHMX_ADD_FETCH(&sem->h->recoveries, 1);
	}
	sem->owners[i].handle = sem->handle;
	SHMX_STORE(&sem->owners[i].pid, self);
	sem->hint = i;
	return 1;
}

/* Free-looking slots first (cheap reads), then every other slot, which finds those whose
 * holder died and those caught between locking and recording; thoroughly when the caller has
 * waited a whole slice without a release. */
static int sem_scan(shmx_sem *sem, int32_t self, int thorough, shmx_status *failure, uint32_t *mine)
{
	uint32_t n = sem->permits, start = sem->hint < n ? sem->hint : 0;
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t k = 0; k < n; k++) {
			uint32_t i = start + k < n ? start + k : start + k - n;
			int free_looking = SHMX_LOAD_RELAXED(&sem->owners[i].pid) == 0;
			/* A thorough pass looks at every slot: a record that says free can sit beside a
			 * word naming a thread (a holder that died before recording, a reused id). */
			int look = pass == 0 ? free_looking : (thorough || !free_looking);
			if (look && sem_try_slot(sem, i, self, thorough && pass == 1, failure, mine)) {
				return 1;
			}
		}
	}
	return 0;
}

static void sem_wake(shmx_sem *sem)
{
	__atomic_add_fetch(&sem->h->generation, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&sem->h->waiters, __ATOMIC_SEQ_CST) != 0) {
		shmx_futex_wake(&sem->h->generation, INT_MAX);
	}
}

shmx_status shmx_sem_acquire(shmx_sem *sem, int64_t timeout_ns, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	int32_t self = (int32_t)shmx_getpid();
	int64_t deadline = timeout_ns > 0 ? shmx_monotonic_ns() + timeout_ns : 0;
	shmx_status failure = SHMX_OK;
	int thorough = 0;

	for (;;) {
		uint32_t seen = __atomic_load_n(&sem->h->generation, __ATOMIC_SEQ_CST);
		uint32_t mine = 0;
		if (sem_scan(sem, self, thorough, &failure, &mine)) {
			return SHMX_OK;
		}
		if (mine == sem->permits && timeout_ns != 0) {
			/* Only this process could release them: waiting would be a silent deadlock. */
			return shmx_fail(err, SHMX_ERR_STATE, EDEADLK, "%s: this process already holds all %u permits of the semaphore",
				describe(&sem->map, desc, sizeof(desc)), sem->permits);
		}
		if (failure != SHMX_OK) {
			return shmx_fail(err, failure, 0, "%s: the semaphore's slots are unusable (not a working shmx Semaphore)",
				describe(&sem->map, desc, sizeof(desc)));
		}
		int64_t slice = SHMX_SEM_SLICE_NS;
		if (timeout_ns == 0) {
			return shmx_fail(err, SHMX_ERR_TIMEOUT, 0, "%s: no permit is free", describe(&sem->map, desc, sizeof(desc)));
		}
		if (timeout_ns > 0) {
			int64_t left = deadline - shmx_monotonic_ns();
			if (left <= 0) {
				return shmx_fail(err, SHMX_ERR_TIMEOUT, ETIMEDOUT, "%s: timed out after %.6g seconds waiting for a permit",
					describe(&sem->map, desc, sizeof(desc)), (double)timeout_ns / 1e9);
			}
			slice = left < slice ? left : slice;
		}
		__atomic_add_fetch(&sem->h->waiters, 1, __ATOMIC_SEQ_CST);
		shmx_futex_wait(&sem->h->generation, seen, slice);
		thorough = __atomic_load_n(&sem->h->generation, __ATOMIC_SEQ_CST) == seen;
		__atomic_sub_fetch(&sem->h->waiters, 1, __ATOMIC_SEQ_CST);
	}
}

/* Unlock slot i, whose record names this process; 0 if the record was not ours after all
 * (a holder in another pid namespace, or a dead process whose pid we reuse). */
static int sem_release_slot(shmx_sem *sem, uint32_t i)
{
	int32_t pid = SHMX_LOAD_RELAXED(&sem->owners[i].pid);
	SHMX_STORE_RELAXED(&sem->owners[i].pid, 0);
	if (shmx_lock_release(&sem->slots[i], NULL) != SHMX_OK) {
		SHMX_STORE_RELAXED(&sem->owners[i].pid, pid);
		return 0;
	}
	return 1;
}

shmx_status shmx_sem_release(shmx_sem *sem, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	int32_t self = (int32_t)shmx_getpid();
	uint32_t n = sem->permits, h = sem->hint < n ? sem->hint : 0;

	if (SHMX_LOAD_RELAXED(&sem->owners[h].pid) == self && sem->owners[h].handle == sem->handle
		&& sem_release_slot(sem, h)) {
		sem_wake(sem);
		return SHMX_OK;
	}
	/* A permit taken through this handle first, then any this process holds. */
	for (int pass = 0; pass < 2; pass++) {
		for (uint32_t i = 0; i < n; i++) {
			if (SHMX_LOAD_RELAXED(&sem->owners[i].pid) == self
				&& (pass == 1 || sem->owners[i].handle == sem->handle) && sem_release_slot(sem, i)) {
				sem_wake(sem);
				return SHMX_OK;
			}
		}
	}
	return shmx_fail(err, SHMX_ERR_STATE, EPERM, "%s: this process holds no permit of the semaphore",
		describe(&sem->map, desc, sizeof(desc)));
}

uint32_t shmx_sem_available(const shmx_sem *sem)
{
	int32_t self = (int32_t)shmx_getpid();
	uint32_t free_slots = 0;
	for (uint32_t i = 0; i < sem->permits; i++) {
		int32_t pid = SHMX_LOAD_RELAXED(&sem->owners[i].pid);
		/* A dead holder's permit is as good as free: the next acquire takes it over. */
		if (pid == 0 || (pid != self && shmx_pid_alive((shmx_pid)pid) == 0)) {
			free_slots++;
		}
	}
	return free_slots;
}

void shmx_sem_close(shmx_sem *sem)
{
	if (!sem->map.addr) {
		return;
	}
	if (!sem->map.readonly) {
		int32_t self = (int32_t)shmx_getpid();
		int released = 0;
		for (uint32_t i = 0; i < sem->permits; i++) {
			if (SHMX_LOAD_RELAXED(&sem->owners[i].pid) == self && sem->owners[i].handle == sem->handle) {
				released |= sem_release_slot(sem, i);
			}
		}
		if (released) {
			sem_wake(sem);
		}
	}
	shmx_map_detach(&sem->map);
	sem->h = NULL;
}
