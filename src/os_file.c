/*
 * os_file.c: the file backend ("file:/path"): a regular file mapped MAP_SHARED. It survives
 * reboots; flush() is msync so that what was written reaches the disk.
 */
#include "os_fd.h"

#if SHMX_HAVE_FILE

/* O_NONBLOCK: opening a FIFO must not wait for a writer (shmx_fd_open then refuses anything
 * that is not a regular file); it changes nothing for a regular file. */
static int file_open_name(const char *path, int oflag, mode_t mode)
{
	return open(path, oflag | O_CLOEXEC | O_NONBLOCK, mode);
}

static const shmx_fd_calls file_calls = { file_open_name, unlink, 1 };

static shmx_status file_open(shmx_map *m, int flags, size_t size, uint32_t perms, shmx_error *err)
{
	return shmx_fd_open(m, &file_calls, flags, size, perms, err);
}

static shmx_status file_stat(const shmx_map *m, shmx_stat *st, shmx_error *err)
{
	return shmx_fd_stat(m, &file_calls, st, err);
}

static shmx_status file_flush(const shmx_map *m, shmx_error *err)
{
	char desc[SHMX_NAME_MAX + 16];
	if (msync(m->addr, m->size, MS_SYNC) != 0) {
		return shmx_fail_os(err, errno, "%s: cannot flush", shmx_id_describe(&m->id, desc, sizeof(desc)));
	}
	return SHMX_OK;
}

static shmx_status file_remove(shmx_map *m, shmx_error *err)
{
	return shmx_fd_remove(m, &file_calls, err);
}

static int file_same(const shmx_map *m)
{
	return shmx_fd_same(m, &file_calls, m->id.name);
}

const shmx_backend_ops shmx_backend_file = {
	"file", file_open, file_stat, file_flush, shmx_fd_detach, file_remove, file_same
};

#endif
