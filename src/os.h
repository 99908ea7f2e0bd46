/*
 * os.h: the backend interface. A shared object is named by a shmx_id and mapped into this
 * process as a shmx_map; everything above this file works on shmx_map and never asks which
 * backend it came from (only stat() reports it, because users ask).
 *
 * Backends (os_*.c): anonymous MAP_SHARED (id null), System V (int key), POSIX shm_open
 * ("name"), and a regular file ("file:/path"). Each implements shmx_backend_ops.
 *
 * Sizes: creating needs size > 0. Opening an existing object with size 0, or less than it
 * has, maps all of it; asking for more than it has is SHMX_ERR_SIZE naming both sizes.
 */
#ifndef SHMX_OS_H
#define SHMX_OS_H

#include "error.h"

typedef enum shmx_backend_kind {
	SHMX_BACKEND_ANON = 0,
	SHMX_BACKEND_SYSV = 1,
	SHMX_BACKEND_POSIX = 2,
	SHMX_BACKEND_FILE = 3
} shmx_backend_kind;

#define SHMX_NAME_MAX 4096

typedef struct shmx_id {
	shmx_backend_kind backend;
	int32_t key;              /* SysV key as key_t reads it; 0 is IPC_PRIVATE */
	char name[SHMX_NAME_MAX]; /* POSIX: "/name"; file: the path (no "file:" prefix); else "" */
} shmx_id;

/* Open flags; the PHP modes map as c = CREATE, n = CREATE|EXCL, w = 0, a = READONLY. */
#define SHMX_OPEN_CREATE   0x1
#define SHMX_OPEN_EXCL     0x2
#define SHMX_OPEN_READONLY 0x4
/* The caller is a region kind (region.h), whose destroy() marks the region removed: a cached
 * mapping of it is then reused after checking that mark, and the name itself at most once per
 * SHMX_MAP_RECHECK_NS (see shmx_map_open). */
#define SHMX_OPEN_REGION   0x10
#define SHMX_MAP_RECHECK_NS 1000000LL

/* Unused mappings a process keeps for reopening (see shmx_map_open). */
#define SHMX_MAP_CACHE_IDLE 32

/* The size given is for creating only: an existing object of any size is taken as it is. */
#define SHMX_OPEN_ANY_SIZE 0x8

typedef struct shmx_map {
	void *addr;                 /* where it is mapped in this process, NULL when detached */
	size_t size;                /* bytes mapped */
	int shmid;                  /* SysV shmid, -1 elsewhere */
	int fd;                     /* POSIX/file descriptor kept for stat(), -1 elsewhere */
	uint64_t dev, ino;          /* POSIX/file: the file mapped, for same() */
	int created;                /* 1 if this open created the object */
	int readonly;               /* mapped PROT_READ only */
	uint32_t fault_seen;        /* shmx_fault_generation when this map was last found intact */
	int damaged;                /* 0, or SHMX_FAULT_* once found damaged: then for good (fault.h) */
	shmx_id id;
	const struct shmx_backend_ops *ops;
	struct shmx_map_cached *cached; /* the process's mapping this one shares (see shmx_map_open), or NULL */
} shmx_map;

/* What stat() can tell; a *_known flag of 0 means the backend cannot know it (PHP null). */
typedef struct shmx_stat {
	int64_t shmid;          int shmid_known;
	uint64_t size;
	uint32_t permissions;
	int64_t uid, gid;       int owner_known;
	int64_t creator_pid;    int creator_pid_known;
	int64_t last_pid;       int last_pid_known;
	int64_t attached;       int attached_known;
	int64_t atime;          int atime_known;
	int64_t dtime;          int dtime_known;
	int64_t ctime;          int ctime_known;
	int destroyed;          int destroyed_known;
} shmx_stat;

typedef struct shmx_backend_ops {
	const char *name; /* "anon", "sysv", "posix", "file": what stat()/info() report */
	shmx_status (*open)(shmx_map *m, int flags, size_t size, uint32_t perms, shmx_error *err);
	shmx_status (*stat)(const shmx_map *m, shmx_stat *st, shmx_error *err);
	shmx_status (*flush)(const shmx_map *m, shmx_error *err);
	void (*detach)(shmx_map *m);
	shmx_status (*remove)(shmx_map *m, shmx_error *err);
	/* Whether the id still names the very object m maps (not removed, not recreated): the
	 * check that lets a reopen reuse a mapping. NULL: never reused (anonymous objects). */
	int (*same)(const shmx_map *m);
} shmx_backend_ops;

/* Building an id. Return SHMX_ERR_RANGE (message says why) for what API.md calls invalid. */
void shmx_id_anon(shmx_id *id);
shmx_status shmx_id_from_key(shmx_id *id, int64_t key, shmx_error *err);
shmx_status shmx_id_from_string(shmx_id *id, const char *s, size_t len, shmx_error *err);

/* "anonymous", "key 0x0000162e", "/name", "file:/path": how messages name the object. */
const char *shmx_id_describe(const shmx_id *id, char *buf, size_t len);

/* Whether this build has the backend the id asks for. */
int shmx_backend_available(shmx_backend_kind kind);
/* Its table of calls, NULL where it is compiled out. */
const shmx_backend_ops *shmx_backend_get(shmx_backend_kind kind);
/* "sysv posix anon file", for phpinfo(). */
const char *shmx_backends_compiled(void);

/* A map that holds nothing (what every handle starts as, and what detach leaves). */
void shmx_map_init(shmx_map *m);

/* Map the object (creating it as flags say). On failure *m is left detached (addr NULL).
 *
 * Mappings are shared within a process: opening an id this process already maps (with the
 * same read-only-ness, not mode 'n') reuses that mapping once the backend's same() says the id
 * still names that object, which costs one syscall instead of open + stat + mmap. A mapping no
 * handle uses stays cached (at most SHMX_MAP_CACHE_IDLE of them) until the process ends, its
 * object is removed through shmx_map_remove, or a reopen finds the name gone or reused. */
shmx_status shmx_map_open(shmx_map *m, const shmx_id *id, int flags, size_t size, uint32_t perms, shmx_error *err);
shmx_status shmx_map_stat(const shmx_map *m, shmx_stat *st, shmx_error *err);
shmx_status shmx_map_flush(const shmx_map *m, shmx_error *err);
/* Remove the name; the mapping stays usable where the backend allows it. */
shmx_status shmx_map_remove(shmx_map *m, shmx_error *err);
/* Unmap; idempotent. Never removes anything. */
void shmx_map_detach(shmx_map *m);
const char *shmx_map_backend_name(const shmx_map *m);

/* ext/shmop's way of opening (the shmx_open() family): exactly one shmget() with the caller's
 * own flags and permission bits, then IPC_STAT, then shmat(); never sysv_open's get-then-create,
 * so that every outcome, down to which errno a refused call gives, is the one PHP 8.2's
 * shmop_open() meets on the same segment. `perm_bits` is OR'ed into shmget()'s flags as shmop
 * does. The map is sized by the segment, as shmop does, whatever `size` asked; on failure
 * *failed says which of the three calls refused (shmop words its warning by it). */
typedef enum shmx_sysv_call {
	SHMX_SYSV_CALL_GET = 0,
	SHMX_SYSV_CALL_STAT = 1,
	SHMX_SYSV_CALL_ATTACH = 2
} shmx_sysv_call;

shmx_status shmx_sysv_open_once(shmx_map *m, const shmx_id *id, int flags, size_t size, int perm_bits,
	shmx_sysv_call *failed, shmx_error *err);

/* Backend tables, NULL where compiled out. */
extern const shmx_backend_ops shmx_backend_anon;
extern const shmx_backend_ops shmx_backend_sysv;
extern const shmx_backend_ops shmx_backend_posix;
extern const shmx_backend_ops shmx_backend_file;

/* ---- reading from outside: what inspect.c (`shmx ls`, `stat`, `dump`, `rm`) asks the backends
 *
 * The OS's own ways of finding and reading objects some other process made, one call for each
 * thing inspect.c needs, so that inspect.c has no #if. Each exists in every build; where the
 * platform has no way to do it, it fails with ENOSYS (a listing is then empty, and a named
 * object says "not available on this platform"). Plain ints are -1 with errno on failure. */

/* A System V segment's kernel record. */
typedef struct shmx_sysv_record {
	int shmid;
	int32_t key;          /* as key_t reads it; valid only if key_known (Linux reports it) */
	int key_known;
	uint64_t size;
	uint32_t permissions; /* the mode's 0777 bits */
	int64_t uid, gid;
	int64_t attached;     /* shm_nattch */
	int64_t creator_pid, last_pid;
	int64_t ctime;
	int destroyed;        /* marked for removal (IPC_RMID while attached); if destroyed_known */
	int destroyed_known;
} shmx_sysv_record;

/* The segment a key names: its shmid, or -1 with errno (ENOENT: there is none). */
int shmx_sysv_find(int32_t key);
/* Segment shmid's record: 0, or -1 with errno (EINVAL or EIDRM: no such segment). One this
 * process may not IPC_STAT is taken from the kernel's list of all segments where there is one
 * (shmx_sysv_each); errno is IPC_STAT's when it is not there either. */
int shmx_sysv_record_of(int shmid, shmx_sysv_record *r);
/* Calls fn with every segment the kernel lists, whoever owns it, until fn returns non-zero:
 * 0, or -1 with ENOSYS where the kernel keeps no list (only Linux's SHM_INFO + SHM_STAT_ANY,
 * or SHM_STAT before 4.17, gives one). */
int shmx_sysv_each(int (*fn)(const shmx_sysv_record *r, void *ctx), void *ctx);
/* Attaches segment r->shmid read-only as m (r->size bytes), to be let go with
 * shmx_map_detach: 0, or -1 with shmat()'s errno. */
int shmx_sysv_attach_readonly(shmx_map *m, const shmx_sysv_record *r);
/* Removes segment shmid (IPC_RMID): 0, or -1 with errno. */
int shmx_sysv_rmid(int shmid);

/* An fd-backed object's file (POSIX name or file: path). */
typedef struct shmx_fd_record {
	uint64_t size;
	uint32_t permissions; /* the mode's 0777 bits */
	int64_t uid, gid;
	int64_t ctime;
	uint64_t dev, ino;    /* which file (for shmx_count_mappers) */
	int open_errno;       /* 0, or why it could not be opened (then *fd is -1) */
} shmx_fd_record;

/* Looks at the object a POSIX or file: id names and opens it read-only, never blocking (a FIFO
 * put there must not hang the caller), refusing anything but a regular file. SHMX_OK: *r is
 * filled and *fd open (let go with shmx_fd_map_readonly or shmx_fd_close); or, where the OS
 * shows the object as a file by name (file: paths; POSIX names on Linux, in /dev/shm) and it
 * was described by that but could not be opened, *fd is -1 and r->open_errno says why.
 * SHMX_ERR_NOT_FOUND when nothing has that name; SHMX_ERR_OS when it is not a regular file
 * (EINVAL) or cannot be looked at or opened. Messages name the object. */
shmx_status shmx_fd_inspect_open(const shmx_id *id, shmx_fd_record *r, int *fd, shmx_error *err);
/* Maps fd (from shmx_fd_inspect_open, `size` bytes, 0 < size) read-only as m, registered with
 * the SIGBUS guard (fault.h), to be let go with shmx_map_detach (which closes fd). Takes fd:
 * on failure it is closed, and err's message is "cannot map: <why>" or the guard's. */
shmx_status shmx_fd_map_readonly(shmx_map *m, const shmx_id *id, int fd, size_t size, shmx_error *err);
void shmx_fd_close(int fd);
/* Removes the name a POSIX or file: id gives (nothing needs to be mapped). A file: path only
 * if it is a regular file: anything else (a symlink, a FIFO, a directory) stays, SHMX_ERR_OS
 * EINVAL. SHMX_ERR_NOT_FOUND when there is no such name. */
shmx_status shmx_fd_unlink_name(const shmx_id *id, shmx_error *err);
/* Whether a POSIX name or file: path names a regular file itself (lstat: a symlink, FIFO or
 * device is not one). 0 where the platform has neither. */
int shmx_fd_name_regular(const shmx_id *id);

/* The names shm_open() has now, each as it appears in the listing ("name", no '/'; the dot-
 * files and names over 255 bytes left out), in *names (malloc'ed, *n of them, unsorted; free
 * with shmx_posix_names_free): 0, or -1 with errno (ENOMEM; ENOSYS where the OS does not show
 * them as files, which only Linux does, in /dev/shm; else why the directory cannot be read). */
int shmx_posix_names(char ***names, size_t *n);
void shmx_posix_names_free(char **names, size_t n);

/* The POSIX backend's own calls, for the above: a name opened read-only without blocking, and
 * removed. -1 with errno as shm_open()/shm_unlink() set it; ENOSYS where there is no shm_open. */
int shmx_posix_open_readonly(const char *name);
int shmx_posix_unlink(const char *name);
/* The file by which this OS shows a POSIX name ("/dev/shm/name" on Linux) into buf: 0, or -1
 * with ENOSYS where it shows none (or ENAMETOOLONG). */
int shmx_posix_path(const char *name, char *buf, size_t len);

/* Helpers shared by the fd-based backends (posix, file): size an fd after open (reserving the
 * space of an object it creates, so that a full filesystem is an error now and not a SIGBUS on
 * first touch), map it, and register the mapping with the SIGBUS guard (fault.h). */
shmx_status shmx_fd_size_and_map(shmx_map *m, int fd, int flags, size_t size, shmx_error *err);

#endif
