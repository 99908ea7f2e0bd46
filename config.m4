dnl config.m4 for shmx: PHP shared memory that survives crashed processes.

PHP_ARG_ENABLE([shmx],
  [whether to enable shmx support],
  [AS_HELP_STRING([--enable-shmx], [Enable shmx shared memory support])],
  [no])

PHP_ARG_WITH([shmx-redis],
  [for Redis support in shmx (hiredis)],
  [AS_HELP_STRING([--without-shmx-redis], [Build shmx without the redis:// backend even if hiredis is there])],
  [yes],
  [no])

if test "$PHP_SHMX" != "no"; then
  dnl The redis:// backend (issue #12) needs hiredis (Debian: libhiredis-dev). Without it the
  dnl extension still builds, and a redis:// id says how to get it.
  if test "$PHP_SHMX_REDIS" != "no"; then
    shmx_hiredis=no
    AC_CHECK_HEADER([hiredis/hiredis.h], [
      AC_CHECK_LIB([hiredis], [redisConnectWithTimeout], [shmx_hiredis=yes])
    ])
    if test "$shmx_hiredis" = "yes"; then
      PHP_ADD_LIBRARY([hiredis], [1], [SHMX_SHARED_LIBADD])
      AC_DEFINE([SHMX_HAVE_REDIS], [1], [Whether the redis:// backend is built (hiredis)])
    else
      AC_MSG_WARN([hiredis not found (Debian: libhiredis-dev): shmx is built without redis:// support])
    fi
  fi

  dnl POSIX shared memory: glibc before 2.34 keeps shm_open in librt.
  AC_SEARCH_LIBS([shm_open], [rt], [
    AC_DEFINE([HAVE_SHMX_SHM_OPEN], [1], [Whether shm_open() is available])
    if test "$ac_cv_search_shm_open" != "none required"; then
      PHP_ADD_LIBRARY([rt], [1], [SHMX_SHARED_LIBADD])
    fi
  ])

  dnl pthread_atfork and pthread_once (a fork child forgets its parent's thread ids).
  AC_SEARCH_LIBS([pthread_atfork], [pthread], [
    if test "$ac_cv_search_pthread_atfork" != "none required"; then
      PHP_ADD_LIBRARY([pthread], [1], [SHMX_SHARED_LIBADD])
    fi
  ])
  dnl Reserving the space of a new object (Linux calls fallocate() itself; see src/os_common.c).
  AC_CHECK_FUNCS([posix_fallocate])

  AC_CACHE_CHECK([for __atomic builtins on 64-bit integers], [shmx_cv_atomic], [
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <stdint.h>]], [[
  int64_t v = 0, e = 0;
  __atomic_add_fetch(&v, 1, __ATOMIC_SEQ_CST);
  __atomic_compare_exchange_n(&v, &e, 2, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return (int)__atomic_load_n(&v, __ATOMIC_ACQUIRE);
]])], [shmx_cv_atomic=yes], [shmx_cv_atomic=no])
  ])
  if test "$shmx_cv_atomic" != "yes"; then
    AC_MSG_ERROR([shmx needs the __atomic builtins (GCC 4.7 or later, or clang)])
  fi

  dnl One source per line, so that each component's files merge cleanly.
  SHMX_SOURCES="shmx.c \
    src/error.c \
    src/os_common.c \
    src/os_anon.c \
    src/os_sysv.c \
    src/os_fd.c \
    src/os_posix.c \
    src/os_file.c \
    src/fault.c \
    src/region.c \
    src/lock.c \
    src/php_common.c \
    src/php_segment.c \
    src/php_shmop.c \
    src/counter.c \
    src/sync.c \
    src/php_counter.c \
    src/php_mutex.c \
    src/php_semaphore.c \
    src/compat_sysvshm.c \
    src/compat_sysvsem.c \
    src/php_sysvshm.c \
    src/php_sysvsem.c \
    src/php_compat.c \
    src/alloc.c \
    src/store.c \
    src/store_read.c \
    src/store_write.c \
    src/store_fast.c \
    src/php_store.c \
    src/php_value.c \
    src/queue.c \
    src/php_queue.c \
    src/inspect.c \
    src/php_inspect.c \
    src/redis.c \
    src/php_redis.c \
    src/redis_queue.c \
    src/php_redis_queue.c \
    src/redis_lease.c \
    src/redis_cache.c \
    src/php_redis_sync.c \
  "
  PHP_NEW_EXTENSION([shmx], [$SHMX_SOURCES], [$ext_shared],, [-DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers])
  PHP_ADD_BUILD_DIR([$ext_builddir/src])
  PHP_SUBST([SHMX_SHARED_LIBADD])
fi
