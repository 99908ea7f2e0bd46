/*
 * os_posix.c: the POSIX backend ("name" or "/name"): shm_open, which on Linux is a file in
 * /dev/shm. The name is normalised to "/name" by shmx_id_from_string.
 *
 * Also what inspect.c needs of it (os.h, "reading from outside"): the file that shows a name
 * and the list of all names, both only where the OS shows them as files (Linux's /dev/shm;
 * elsewhere shm_open's names are found by nothing but shm_open itself).
 */
#include "os_fd.h"

#include <stdio.h>
#include <stdlib.h>

#if defined(__linux__)
# include <dirent.h>
# define SHMX_POSIX_DIR "/dev/shm"
#endif

int shmx_posix_path(const char *name, char *buf, size_t len)
{
#ifdef SHMX_POSIX_DIR
	int n = snprintf(buf, len, SHMX_POSIX_DIR "%s", name);
	if (n < 0 || (size_t)n >= len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
#else
	(void)name;
	(void)buf;
	(void)len;
	errno = ENOSYS;
	return -1;
#endif
}

void shmx_posix_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
}

int shmx_posix_names(char ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
#ifdef SHMX_POSIX_DIR
	DIR *d = opendir(SHMX_POSIX_DIR);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	if (!d) {
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strlen(de->d_name) > 255) {
			continue;
		}
		if (n == cap) {
			char **grown = realloc(names, (cap = cap ? cap * 2 : 32) * sizeof(*names));
			if (!grown) {
				break;
			}
			names = grown;
		}
		if (!(names[n] = strdup(de->d_name))) {
			break;
		}
		n++;
	}
	int oom = de != NULL;
	closedir(d);
	if (oom) {
		shmx_posix_names_free(names, n);
		errno = ENOMEM;
		return -1;
	}
	*out = names;
	*count = n;
	return 0;
#else
	errno = ENOSYS;
	return -1;
#endif
}

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

/* One stat() of the file that shows the name where there is one (Linux: /dev/shm), else an
 * shm_open() + fstat(). */
static int posix_same(const shmx_map *m)
{
	char path[SHMX_NAME_MAX + 16];
	return shmx_fd_same(m, &posix_calls, shmx_posix_path(m->id.name, path, sizeof(path)) == 0 ? path : NULL);
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
