/*
 * region.c: attaching to and formatting shmx regions (see region.h for the protocol).
 *
 * Invariants: a region whose magic is SHMX_REGION_MAGIC has a header that was fully written
 * before magic was published; its kind, sizes and version are validated against the mapping
 * on every attach, because another process can write anything there.
 */
#include "region.h"
#include "fault.h"

#include <stdio.h>
#include <time.h>

#define SHMX_REGION_WAIT_NS (2LL * 1000000000LL)

const char *shmx_region_kind_name(shmx_region_kind kind)
{
	switch (kind) {
		case SHMX_KIND_STORE: return "Store";
		case SHMX_KIND_COUNTER: return "Counter";
		case SHMX_KIND_MUTEX: return "Mutex";
		case SHMX_KIND_SEMAPHORE: return "Semaphore";
		case SHMX_KIND_QUEUE: return "Queue";
		default: return "unknown object";
	}
}

static int all_zero(const void *addr, size_t n)
{
	const unsigned char *p = addr;
	for (size_t i = 0; i < n; i++) {
		if (p[i]) {
			return 0;
		}
	}
	return 1;
}

static shmx_status validate(const shmx_map *m, const shmx_region_header *h, shmx_region_kind kind,
	size_t min_payload, const char *desc, shmx_error *err)
{
	uint32_t version = h->layout_version;
	uint32_t found = h->kind;
	uint64_t total = h->total_size;

	if (version != SHMX_LAYOUT_VERSION) {
		return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: shmx layout version %u, this build reads version %u",
			desc, version, SHMX_LAYOUT_VERSION);
	}
	if (found != (uint32_t)kind) {
		return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: it holds a shmx %s, not a %s",
			desc, shmx_region_kind_name((shmx_region_kind)found), shmx_region_kind_name(kind));
	}
	if (h->header_size != SHMX_REGION_HEADER_SIZE || total > m->size || total < SHMX_REGION_HEADER_SIZE + min_payload
		|| h->payload_size != total - SHMX_REGION_HEADER_SIZE) {
		return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: the shmx header is corrupted (sizes do not fit the %zu-byte mapping)",
			desc, m->size);
	}
	return SHMX_OK;
}

/* Formats and publishes; if the kind's init fails, un-claims the region (all zeros again)
 * so that a later open can try afresh, and reports the failure. */
static shmx_status format(shmx_region_header *h, shmx_region_kind kind, size_t total, int fresh,
	shmx_region_init_fn init, void *arg, const char *desc, shmx_error *err)
{
	size_t payload_size = total - SHMX_REGION_HEADER_SIZE;
	void *payload = (char *)h + SHMX_REGION_HEADER_SIZE;
	/* A formatter that died may have left part of a payload: start from zeros again. An object
	 * this open created is all zeros already, and clearing it would touch every page (a 64 MiB
	 * store would cost tens of milliseconds and all its memory at once): the kinds' formats
	 * write only their headers, and the rest is used as it is needed. */
	if (!fresh) {
		memset(payload, 0, payload_size);
	}
	h->layout_version = SHMX_LAYOUT_VERSION;
	h->kind = (uint32_t)kind;
	h->header_size = SHMX_REGION_HEADER_SIZE;
	h->total_size = total;
	h->payload_size = payload_size;
	if (init(payload, payload_size, arg) != 0) {
		memset((char *)h + sizeof(h->magic), 0, sizeof(*h) - sizeof(h->magic));
		SHMX_STORE(&h->magic, 0);
		return shmx_fail(err, SHMX_ERR_OS, 0, "%s: cannot initialise a shmx %s here", desc, shmx_region_kind_name(kind));
	}
	SHMX_STORE(&h->magic, SHMX_REGION_MAGIC);
	return SHMX_OK;
}

shmx_status shmx_region_attach(shmx_map *m, shmx_region_kind kind, size_t min_payload, int may_format,
	shmx_region_init_fn init, void *arg, void **payload, size_t *payload_size, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	shmx_region_header *h = (shmx_region_header *)m->addr;
	int64_t deadline = shmx_monotonic_ns() + SHMX_REGION_WAIT_NS;
	int64_t pid0_since = 0; /* when we first saw INITIALISING with no pid yet */

	shmx_id_describe(&m->id, desc, sizeof(desc));
	if (m->size < SHMX_REGION_HEADER_SIZE + min_payload) {
		return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: %zu bytes is too small to hold a shmx %s",
			desc, m->size, shmx_region_kind_name(kind));
	}
	for (;;) {
		uint32_t magic = SHMX_LOAD(&h->magic);
		if (magic == SHMX_REGION_MAGIC) {
			shmx_status st = validate(m, h, kind, min_payload, desc, err);
			if (st == SHMX_OK) {
				/* A page the system could not supply while we formatted (a sparse object on a
				 * full filesystem), or an object cut short under us, is a failed open, not a
				 * handle on zero pages. */
				st = shmx_map_check(m, err);
				if (st != SHMX_OK && m->created) {
					/* Ours, just made, and unusable: leave nothing behind. */
					shmx_map_remove(m, NULL);
				}
			}
			if (st == SHMX_OK) {
				*payload = (char *)m->addr + SHMX_REGION_HEADER_SIZE;
				*payload_size = (size_t)(h->total_size - SHMX_REGION_HEADER_SIZE);
			}
			return st;
		}
		if (magic == 0 && may_format && !m->readonly) {
			if (!all_zero(h, sizeof(*h))) {
				if (SHMX_LOAD(&h->magic) != 0) {
					continue; /* another process claimed it between our two reads */
				}
				return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: not a shmx %s (unknown bytes where the header belongs)",
					desc, shmx_region_kind_name(kind));
			}
			if (!m->created) {
				/* Someone else's object with a zero header: a new one its creator has not
				 * formatted yet is zero throughout; one with data past the header (a raw
				 * Segment, a file) is not ours to format over. */
				shmx_status st = shmx_map_check(m, err);
				if (st != SHMX_OK) {
					return st;
				}
				/* Zero throughout: what a new object holds before its creator formats it. */
				if (SHMX_LOAD(&h->magic) == 0 && !all_zero(m->addr, m->size)) {
					if (SHMX_LOAD(&h->magic) != 0) {
						continue; /* its creator claimed it while we looked */
					}
					return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: not a shmx %s (it holds data but no shmx header; "
						"nothing was changed)", desc, shmx_region_kind_name(kind));
				}
			}
			uint32_t expected = 0;
			if (SHMX_CAS(&h->magic, &expected, SHMX_REGION_INITIALISING)) {
				SHMX_STORE(&h->init_pid, (int32_t)shmx_getpid());
				shmx_status st = format(h, kind, m->size, m->created, init, arg, desc, err);
				if (st != SHMX_OK) {
					return st;
				}
			}
			continue;
		}
		if (magic == SHMX_REGION_INITIALISING && may_format && !m->readonly) {
			int32_t pid = SHMX_LOAD(&h->init_pid);
			/* The claimer stores its pid right after its CAS; a pid still 0 a second later
			 * means it died between the two stores. */
			if (pid == 0 && !pid0_since) {
				pid0_since = shmx_monotonic_ns();
			}
			int dead = pid == 0 ? shmx_monotonic_ns() - pid0_since > SHMX_REGION_WAIT_NS / 2
				: pid != (int32_t)shmx_getpid() && shmx_pid_alive((shmx_pid)pid) == 0;
			if (dead && SHMX_CAS(&h->init_pid, &pid, (int32_t)shmx_getpid())) {
				/* The formatter died before publishing: we own the formatting now, over whatever
				 * part of a payload it wrote (so clear it, even in an object this open created). */
				shmx_status st = format(h, kind, m->size, 0, init, arg, desc, err);
				if (st != SHMX_OK) {
					return st;
				}
				continue;
			}
		}
		if (magic != 0 && magic != SHMX_REGION_INITIALISING) {
			return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: not a shmx %s (bad magic 0x%08x)",
				desc, shmx_region_kind_name(kind), magic);
		}
		if (shmx_monotonic_ns() > deadline) {
			if (magic == 0) {
				return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: not a shmx %s (it was never formatted)",
					desc, shmx_region_kind_name(kind));
			}
			return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: still being formatted by pid %d after 2 seconds",
				desc, (int)SHMX_LOAD(&h->init_pid));
		}
		shmx_sleep_ns(500000);
	}
}

void shmx_region_mark_removed(shmx_map *m)
{
	shmx_region_header *h = (shmx_region_header *)m->addr;
	if (h && !m->readonly && m->size >= SHMX_REGION_HEADER_SIZE && SHMX_LOAD(&h->magic) == SHMX_REGION_MAGIC
		&& shmx_map_check(m, NULL) == SHMX_OK) {
		SHMX_STORE(&h->removed, 1);
	}
}

shmx_status shmx_region_remove(shmx_map *m, shmx_error *err)
{
	shmx_region_mark_removed(m);
	return shmx_map_remove(m, err);
}

int shmx_region_removed(const shmx_map *m)
{
	const shmx_region_header *h = (const shmx_region_header *)m->addr;
	return m->size >= SHMX_REGION_HEADER_SIZE && SHMX_LOAD(&h->magic) == SHMX_REGION_MAGIC
		&& SHMX_LOAD(&h->removed) != 0;
}

shmx_status shmx_region_boot_check(const shmx_map *m, uint64_t *tag, void (*reset)(void *ctx), void *ctx, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	uint32_t boot = shmx_boot_id();
	int64_t deadline = shmx_monotonic_ns() + 2000000000LL;

	if (boot == 0 || m->readonly) {
		return SHMX_OK;
	}
	for (;;) {
		uint64_t t = SHMX_LOAD(tag);
		if (t == SHMX_BOOT_READY(boot)) {
			return SHMX_OK;
		}
		if (t == 0) {
			/* Formatted where the boot was unknown: adopt this boot, nothing to repair. */
			SHMX_CAS(tag, &t, SHMX_BOOT_READY(boot));
			continue;
		}
		uint32_t pid = (uint32_t)t;
		if ((uint32_t)(t >> 32) == boot && pid != 0 && shmx_pid_alive((shmx_pid)pid) != 0) {
			/* Being repaired in this boot by a live process: wait for it. */
			if (shmx_monotonic_ns() > deadline) {
				return shmx_fail(err, SHMX_ERR_CORRUPT, 0, "%s: its locks are still being reset by pid %u after 2 seconds",
					shmx_id_describe(&m->id, desc, sizeof(desc)), pid);
			}
			shmx_sleep_ns(500000);
			continue;
		}
		/* Made usable in an earlier boot (its holders cannot exist any more), or its resetter
		 * died: whoever wins this CAS re-initialises the locks. */
		if (SHMX_CAS(tag, &t, SHMX_BOOT_RESETTING(boot, shmx_getpid()))) {
			reset(ctx);
			SHMX_STORE(tag, SHMX_BOOT_READY(boot));
			return SHMX_OK;
		}
	}
}
