/*
 * tools/nodeepbind.c: an LD_PRELOAD shim for the sanitizer run (tools/run.sh sanitize). php
 * loads extensions with dlopen(..., RTLD_DEEPBIND), which the AddressSanitizer runtime refuses;
 * this dlopen() drops that flag and passes the call on, so that an ASan build of shmx loads in
 * Debian's php. Symbol lookup order changes only for the extensions loaded that way, which do
 * not define symbols of their own that php defines too.
 */
#define _GNU_SOURCE
#include <dlfcn.h>

void *dlopen(const char *file, int mode)
{
	static void *(*next)(const char *, int);
	if (!next) {
		next = (void *(*)(const char *, int))dlsym(RTLD_NEXT, "dlopen");
	}
	return next(file, mode & ~RTLD_DEEPBIND);
}
