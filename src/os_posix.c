/*
 * os_posix.c: the POSIX backend ("name" or "/name"): shm_open, which on Linux is a file in
 * /dev/shm. The name is normalised to "/name" by shmx_id_from_string.
 */
#include "os_fd.h"

#include <stdio.h>

#if SHMX_HAVE_POSIX

static const shmx_fd_calls posix_calls = { shm_open, shm_unlink, 0 };

static shmx_status posix_open(shmx_map *m, int flags, size_t size, uint32_t perms, shmx_error *err)
{
	return shmx_fd_open(m, &posix_calls, flags, size, perms, err);
}

static shmx_status posix_stat(const shmx_map *m, shmx_stat *st, shmx_error *err)
{
	return shmx_fd_stat(m, &posix_calls, st, err);
}

static shmx_status posix_remove(shmx_map *m, shmx_error *err)
{
	return shmx_fd_remove(m, &posix_calls, err);
}

/* One stat() of the name: on Linux shm_open's names are the files of /dev/shm. */
static int posix_same(const shmx_map *m)
{
#ifdef __linux__
	char path[SHMX_NAME_MAX + 16];
	snprintf(path, sizeof(path), "/dev/shm%s", m->id.name);
	return shmx_fd_same(m, &posix_calls, path);
#else
	return shmx_fd_same(m, &posix_calls, NULL);
#endif
}

const shmx_backend_ops shmx_backend_posix = {
	"posix", posix_open, posix_stat, NULL, shmx_fd_detach, posix_remove, posix_same
};

int shmx_posix_open_readonly(const char *name)
{
	return shm_open(name, O_RDONLY | O_NONBLOCK, 0);
}

int shmx_posix_unlink(const char *name)
{
	return shm_unlink(name);
}

#else

int shmx_posix_open_readonly(const char *name)
{
	(void)name;
	errno = ENOSYS;
	return -1;
}

int shmx_posix_unlink(const char *name)
{
	(void)name;
	errno = ENOSYS;
	return -1;
}

#endif
