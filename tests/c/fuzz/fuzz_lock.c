/*
 * fuzz_lock.c: the lock word and holder record (src/lock.c) as another process could leave
 * them. The input's first 64 bytes are the shmx_lock; the next byte picks whether the word is
 * kept or replaced by a valid word naming this thread, a dead thread or a live one (see
 * fuzz_pick_word), so that the fuzzer reaches the take-over and error-checking paths, which a
 * random word (its namespace tag unknown) would almost never hit. Then every entry point runs,
 * and what each returned must agree with the word: taken means held by us and released to 0,
 * SHMX_ERR_CORRUPT means a word no shmx thread writes, and nothing ever crashes or hangs.
 */
#include "fuzz_common.h"

static shmx_map map;

static int word_valid(uint32_t v)
{
	return v == 0 || ((v & SHMX_LOCK_TID_MASK) != 0 && (v & SHMX_LOCK_NS_MASK) != 0);
}

static uint32_t own(void)
{
	return fuzz_word(shmx_tid());
}

/* Checks one acquire's outcome against the word it met (w) and releases what it took. */
static void after_acquire(shmx_lock *l, shmx_status st, uint32_t w, int recovered)
{
	shmx_error err;
	switch (st) {
		case SHMX_OK:
			FUZZ_ASSERT(shmx_lock_held(l));
			FUZZ_ASSERT((l->word & ~SHMX_LOCK_WAITERS) == own());
			FUZZ_ASSERT(l->holder == shmx_tid());
			FUZZ_ASSERT(!recovered || (w & ~SHMX_LOCK_WAITERS) != 0);
			FUZZ_ASSERT(!shmx_lock_abandoned(l));
			FUZZ_ASSERT(shmx_lock_release(l, &err) == SHMX_OK);
			FUZZ_ASSERT(l->word == 0 && l->holder == 0);
			break;
		case SHMX_ERR_STATE:
			FUZZ_ASSERT((w & ~SHMX_LOCK_WAITERS) == own());
			FUZZ_ASSERT(l->word == w);
			break;
		case SHMX_ERR_CORRUPT:
			FUZZ_ASSERT(!word_valid(w));
			FUZZ_ASSERT(l->word == w);
			FUZZ_ASSERT(shmx_lock_abandoned(l));
			break;
		case SHMX_ERR_TIMEOUT:
			FUZZ_ASSERT(word_valid(w) && w != 0 && (w & ~SHMX_LOCK_WAITERS) != own());
			FUZZ_ASSERT((l->word & ~SHMX_LOCK_WAITERS) == (w & ~SHMX_LOCK_WAITERS));
			break;
		default:
			FUZZ_ASSERT(!"unexpected status");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	shmx_error err;
	int recovered;
	if (!map.addr) {
		fuzz_map(&map, 4096);
	}
	shmx_lock *l = map.addr;
	memset(l, 0, sizeof(*l));
	memcpy(l, data, size < sizeof(*l) ? size : sizeof(*l));
	uint8_t sel = size > sizeof(*l) ? data[sizeof(*l)] : 0;
	fuzz_pick_word(l, sel);
	shmx_lock saved = *l;

	/* Questions that change nothing. */
	(void)shmx_lock_held(l);
	(void)shmx_lock_abandoned(l);
	FUZZ_ASSERT(memcmp(l, &saved, sizeof(saved)) == 0);

	/* Releasing what we may not hold. */
	uint32_t w = l->word;
	shmx_status st = shmx_lock_release(l, &err);
	if (st == SHMX_OK) {
		FUZZ_ASSERT((w & ~SHMX_LOCK_WAITERS) == own());
		FUZZ_ASSERT(l->word == 0);
	} else {
		FUZZ_ASSERT(st == (word_valid(w) ? SHMX_ERR_STATE : SHMX_ERR_CORRUPT));
		FUZZ_ASSERT(memcmp(l, &saved, sizeof(saved)) == 0);
	}

	*l = saved;
	w = l->word;
	st = shmx_lock_acquire(l, 0, &recovered, &err);
	after_acquire(l, st, w, recovered);

	*l = saved;
	w = l->word;
	st = shmx_lock_try_thorough(l, &recovered, &err);
	after_acquire(l, st, w, recovered);

	if (sel & 0x10) {
		/* A short wait: sleeps, sets the waiters bit, looks thoroughly after its slice. */
		*l = saved;
		w = l->word;
		st = shmx_lock_acquire(l, 2000000LL, &recovered, &err);
		after_acquire(l, st, w, recovered);
	}
	return 0;
}
