/*
 * inspect.h: looking at shared memory objects from outside, for the `shmx` command (ipcs/ipcrm
 * that understand shmx): list every System V segment and /dev/shm object, tell what each one
 * holds, and remove one by name.
 *
 * Everything here only reads: objects are attached read-only (SHM_RDONLY, PROT_READ), the
 * bytes are treated as hostile (every size and offset is checked against the mapping before it
 * is followed), and fd-backed mappings are registered with the SIGBUS guard (fault.h), so an
 * object truncated while it is being read makes a "damaged" report, not a dead process.
 * Nothing is ever formatted, repaired or waited for: a region being formatted is reported as
 * such. The only call that changes anything is shmx_inspect_remove().
 */
#ifndef SHMX_INSPECT_H
#define SHMX_INSPECT_H

#include "os.h"

/* A value that may be unknown (PHP null). */
typedef struct shmx_opt {
	int64_t v;
	int known;
} shmx_opt;

#define SHMX_INSPECT_STATUS_MAX 384

/* What an object is and holds. */
typedef struct shmx_object_info {
	shmx_backend_kind backend;   /* SYSV, POSIX or FILE */
	char ref[SHMX_NAME_MAX + 16]; /* how to name it to shmx_inspect_parse: "0x0000162e",
	                                "shmid:12" (key 0), "/name", "file:/path" */
	int32_t key;                 /* SysV key as key_t reads it; 0 elsewhere */
	int64_t shmid;               /* SysV shmid; -1 elsewhere */
	char name[SHMX_NAME_MAX];    /* POSIX "/name", file path; "" for SysV */
	uint64_t size;               /* bytes the object has */
	uint32_t permissions;        /* mode & 0777 */
	int64_t uid, gid;
	char user[64];               /* uid's login name, "" if it has none */
	shmx_opt attached;           /* SysV nattch; POSIX/file: processes mapping it (/proc/.../maps),
	                                unknown when some process's maps could not be read */
	shmx_opt attached_min;       /* at least this many attach it: `attached` where that is known,
	                                else the processes whose maps could be read and map it */
	shmx_opt creator_pid;        /* SysV shm_cpid; shmx regions elsewhere: the pid that formatted
	                                the region (its header's init_pid); else unknown */
	shmx_opt creator_alive;      /* 1 alive, 0 dead (or a zombie), unknown if it cannot be told */
	shmx_opt last_pid;           /* SysV shm_lpid */
	shmx_opt ctime;              /* SysV shm_ctime, fstat's st_ctime elsewhere */
	shmx_opt destroyed;          /* SysV: marked for deletion (SHM_DEST) */

	int shmx;                    /* 1: a shmx layout (a shmx region header, or ext/sysvshm's) */
	char kind[32];               /* "Store", "Counter", "Mutex", "Semaphore", "sysvshm-compat",
	                                "shmx kind N"; "" when not shmx or unreadable */
	shmx_opt layout_version;     /* the region header's layout version */
	int ok;                      /* 1 when status is "ok" */
	char status[SHMX_INSPECT_STATUS_MAX]; /* "ok", "not a shmx object", "damaged: ...",
	                                "unreadable: ...", "empty", "being formatted by pid N", ... */
	shmx_opt used, free, entries, hits, misses; /* Store (used/entries also sysvshm-compat) */
	shmx_opt value;              /* Counter */
	shmx_opt holder, holder_alive; /* Mutex: holder pid while held (unknown: free) */
	shmx_opt permits, available; /* Semaphore */
	shmx_opt closed;             /* Queue: 1 once close() was called */
} shmx_object_info;

/* What shmx_inspect_parse names. */
typedef struct shmx_inspect_target {
	shmx_id id;   /* backend and key / name */
	int64_t shmid; /* >= 0: a SysV segment named by its shmid ("shmid:N"); -1 otherwise */
} shmx_inspect_target;

/* "123", "-5", "0x162e": a SysV key; "shmid:N": a SysV segment by id; "file:/path"; anything
 * else a POSIX name ("name" or "/name"). SHMX_ERR_RANGE with the reason otherwise. */
shmx_status shmx_inspect_parse(const char *s, size_t len, shmx_inspect_target *t, shmx_error *err);
/* A SysV key (what an int id means). */
shmx_status shmx_inspect_key(int64_t key, shmx_inspect_target *t, shmx_error *err);

/* One object. SHMX_ERR_NOT_FOUND when nothing has that name; the object's own troubles
 * (foreign bytes, damage, no permission to read it) are in o->status, not failures. */
shmx_status shmx_inspect_one(const shmx_inspect_target *t, shmx_object_info *o, shmx_error *err);

/* Every System V segment, then every /dev/shm object (names sorted). *out is malloc()ed, to be
 * given to free(); *n may be 0. */
shmx_status shmx_inspect_list(shmx_object_info **out, size_t *n, shmx_error *err);

/* IPC_RMID / shm_unlink / unlink. SHMX_ERR_NOT_FOUND when nothing has that name. */
shmx_status shmx_inspect_remove(const shmx_inspect_target *t, shmx_error *err);

#endif
