/*
 * compat_sysvshm.h: ext/sysvshm's own segment layout, read and written byte for byte, so that a
 * process running the original extension and one running shmx share variables.
 *
 * The layout (PHP 4 to 8, unchanged): a 40-byte head at offset 0 and, from head.start, chunks
 * laid end to end up to head.end. Every field is a zend_long, which is pointer-sized on every
 * platform PHP builds for, hence intptr_t here. The original trusts every field; this code
 * trusts none: each offset and length is checked against the mapped size before use, on every
 * call, because any process that can attach the segment can write anything into it.
 */
#ifndef SHMX_COMPAT_SYSVSHM_H
#define SHMX_COMPAT_SYSVSHM_H

#include "error.h"
#include "os.h"

typedef intptr_t shmx_sysvshm_long; /* ext/sysvshm's zend_long */

#define SHMX_SYSVSHM_MAGIC "PHP_SM"

typedef struct shmx_sysvshm_head {
	char magic[8];            /* "PHP_SM\0" once formatted; anything else means "format me" */
	shmx_sysvshm_long start;  /* offset of the first chunk; sizeof(head) as written by anyone */
	shmx_sysvshm_long end;    /* offset just past the last chunk; start <= end <= segment size */
	shmx_sysvshm_long free;   /* bytes the writer believes are left after end (not trusted) */
	shmx_sysvshm_long total;  /* size the segment was formatted for (not trusted) */
} shmx_sysvshm_head;

typedef struct shmx_sysvshm_chunk {
	shmx_sysvshm_long key;    /* the variable key given to shm_put_var() */
	shmx_sysvshm_long length; /* bytes of serialized data that follow the three fields */
	shmx_sysvshm_long next;   /* this chunk's size, header included: the offset to the next one */
	char mem;                 /* first data byte; the original's sizeof() includes its padding */
} shmx_sysvshm_chunk;

/* Bytes of chunk header before the data (the data starts at offsetof(mem)). */
#define SHMX_SYSVSHM_CHUNK_HDR offsetof(shmx_sysvshm_chunk, mem)

/* A mapped sysvshm segment. addr NULL: detached. */
typedef struct shmx_sysvshm {
	shmx_map map;  /* the attachment, through the System V backend (os_sysv.c) */
	char *addr;    /* where the segment is attached in this process (map.addr) */
	size_t size;   /* the segment's real size, from the kernel (IPC_STAT) */
	int shmid;     /* System V id, for shm_remove() */
	int32_t key;   /* the key as key_t reads it */
} shmx_sysvshm;

/*
 * Opens the segment for `key` (creating it with `size` bytes and `perms` when it does not
 * exist, as ext/sysvshm does; `perms` goes to shmget() as given, other flag bits included), attaches it and formats or validates the head.
 * On failure err->msg is the reason alone ("memorysize too small", "segment too small",
 * "segment header is corrupted", or strerror), for the caller to prefix as the original does.
 */
shmx_status shmx_sysvshm_attach(shmx_sysvshm *s, int32_t key, int64_t size, int perms, shmx_error *err);

/* Detaches (never removes); idempotent. */
void shmx_sysvshm_detach(shmx_sysvshm *s);

/* IPC_RMID; err->msg is strerror. */
shmx_status shmx_sysvshm_remove(shmx_sysvshm *s, shmx_error *err);

/*
 * Finds variable `key`. SHMX_OK: *data and *len are the serialized bytes inside the mapping, valid
 * until the next call that changes the segment. SHMX_ERR_NOT_FOUND: no such key.
 * SHMX_ERR_CORRUPT: the chunk for the key (or the head) is out of bounds.
 */
shmx_status shmx_sysvshm_get(const shmx_sysvshm *s, int64_t key, const char **data, size_t *len);

/* Whether a chunk for `key` exists (what shm_has_var answers; a corrupt head answers no). */
int shmx_sysvshm_has(const shmx_sysvshm *s, int64_t key);

/*
 * Stores `len` bytes for `key`, replacing any chunk with that key. SHMX_ERR_FULL: no room, and
 * the old value (if any) is left in place. SHMX_ERR_CORRUPT: head or chain out of bounds.
 */
shmx_status shmx_sysvshm_put(shmx_sysvshm *s, int64_t key, const char *data, size_t len);

/* Removes the chunk for `key`. SHMX_ERR_NOT_FOUND, SHMX_ERR_CORRUPT as above. */
shmx_status shmx_sysvshm_remove_var(shmx_sysvshm *s, int64_t key);

#endif
