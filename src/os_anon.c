/*
 * os_anon.c: the anonymous backend (id null). A MAP_SHARED|MAP_ANONYMOUS mapping has no name,
 * so only this process and the children it forks afterwards see it; there is nothing to open
 * again and nothing to remove.
 */
#include "os.h"

#if SHMX_HAVE_ANON

static shmx_status anon_open(shmx_map *m, int flags, size_t size, uint32_t perms, shmx_error *err)
{
	if (!(flags & SHMX_OPEN_CREATE)) {
		return shmx_fail(err, SHMX_ERR_NOT_FOUND, ENOENT,
			"anonymous: there is no existing anonymous mapping to open; use mode 'c' or 'n'");
	}
	if (size == 0) {
		return shmx_fail(err, SHMX_ERR_RANGE, 0, "anonymous: creating needs a size greater than 0");
	}
	void *addr = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (addr == MAP_FAILED) {
		return shmx_fail_os(err, errno, "anonymous: cannot map %zu bytes", size);
	}
	m->addr = addr;
	m->size = size;
	m->created = 1;
	return SHMX_OK;
}

static shmx_status anon_stat(const shmx_map *m, shmx_stat *st, shmx_error *err)
{
	st->permissions = 0600;
	return SHMX_OK;
}

static void anon_detach(shmx_map *m)
{
	munmap(m->addr, m->size);
}

const shmx_backend_ops shmx_backend_anon = {
	"anon", anon_open, anon_stat, NULL, anon_detach, NULL
};

#endif
