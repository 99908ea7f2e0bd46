/*
 * os_fd.h: the part of the POSIX and file backends that is the same once a descriptor is open.
 * Each of the two supplies how to open and how to unlink a name; os_fd.c does the rest.
 */
#ifndef SHMX_OS_FD_H
#define SHMX_OS_FD_H

#include "os.h"

#ifndef _WIN32
typedef struct shmx_fd_calls {
	int (*open)(const char *name, int oflag, mode_t mode);
	int (*unlink)(const char *name);
	int regular_only;   /* refuse what is not a regular file (FIFOs, devices, directories) */
} shmx_fd_calls;

shmx_status shmx_fd_open(shmx_map *m, const shmx_fd_calls *calls, int flags, size_t size, uint32_t perms, shmx_error *err);
shmx_status shmx_fd_stat(const shmx_map *m, const shmx_fd_calls *calls, shmx_stat *st, shmx_error *err);
void shmx_fd_detach(shmx_map *m);
shmx_status shmx_fd_remove(shmx_map *m, const shmx_fd_calls *calls, shmx_error *err);
/* Whether `path` (or, with path NULL, the name opened through calls) is still m's file. */
int shmx_fd_same(const shmx_map *m, const shmx_fd_calls *calls, const char *path);
#endif

#endif
