/*
 * php_common.h: what every PHP-facing file of shmx shares: turning zvals into core arguments
 * (ids, modes) with php-src style argument errors, and core failures into exceptions.
 */
#ifndef SHMX_PHP_COMMON_H
#define SHMX_PHP_COMMON_H

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "zend_exceptions.h"
#include "php_shmx.h"
#include "os.h"
#include "fault.h"

/* int|string|null $id -> shmx_id. Throws ValueError for argument `arg_num` and returns FAILURE. */
zend_result php_shmx_id_from_zval(zval *zid, shmx_id *id, uint32_t arg_num);

/* The id as PHP sees it: null, the key as key_t reads it, "/name" or "file:/path". */
void php_shmx_id_to_zval(const shmx_id *id, zval *rv);

/* 'c', 'n', 'w', 'a' -> SHMX_OPEN_* flags. Throws ValueError for argument `arg_num`. */
zend_result php_shmx_mode_from_string(const zend_string *mode, int *flags, uint32_t arg_num);

/* $permissions must fit 0..0777. Throws ValueError for argument `arg_num`. */
zend_result php_shmx_check_permissions(zend_long perms, uint32_t arg_num);

/* Whether v is a value shmx.allowed_classes takes: "auto", "*", "none" or comma-separated
 * class names; *bad points at the first name that is not one. */
bool php_shmx_allowed_classes_valid(const char *v, const char **bad);

/* Throws the exception that matches err->status, with err->msg and err->sys_errno as code. */
void php_shmx_throw(const shmx_error *err);

/* Whether the handle's mapping is still whole (fault.h): false, with Shmx\CorruptException
 * ("... was truncated by another process") or Shmx\Exception thrown, once it is not, and on
 * every later call. Call it before an operation touches shared memory, and after, before
 * trusting what it read; until a fault happens in this process it is one load and a compare. */
bool php_shmx_map_recheck(shmx_map *m);

static zend_always_inline bool php_shmx_map_intact(shmx_map *m)
{
	return EXPECTED(!shmx_map_fault_suspect(m)) || php_shmx_map_recheck(m);
}

/* Fills `rv` (an initialised array) with Segment::stat()'s keys for an open mapping. */
zend_result php_shmx_stat_array(const shmx_map *m, zval *rv);

/* $timeout (?float seconds, null = forever) -> nanoseconds (-1 = forever). ValueError if < 0. */
zend_result php_shmx_timeout_ns(bool is_null, double seconds, int64_t *ns, uint32_t arg_num);

/* zend_object_alloc() for a handle object of obj_size bytes holding a shmx_map at map_offset:
 * everything zeroed except that map's 4 KiB name buffer (only its first byte), which would
 * otherwise be most of what opening a cached object costs. */
static zend_always_inline void *php_shmx_object_alloc(size_t obj_size, zend_class_entry *ce, size_t map_offset)
{
	char *obj = emalloc(obj_size + zend_object_properties_size(ce));
	size_t name_at = map_offset + offsetof(shmx_map, id) + offsetof(shmx_id, name);
	size_t clear = obj_size - sizeof(zend_object);
	memset(obj, 0, name_at + 1);
	memset(obj + name_at + SHMX_NAME_MAX, 0, clear - name_at - SHMX_NAME_MAX);
	return obj;
}

/* Raises "Allowed memory size ... exhausted" (E_ERROR) if `size` more bytes would pass
 * memory_limit. Only large sizes are looked at (PHP's allocator handles small ones as usual),
 * and only with PHP's allocator (USE_ZEND_ALLOC=0 has no limit). */
void php_shmx_check_memory_limit_slow(size_t size);
static zend_always_inline void php_shmx_check_memory_limit(size_t size)
{
	if (UNEXPECTED(size >= 1024 * 1024) && is_zend_mm()) {
		php_shmx_check_memory_limit_slow(size);
	}
}

/* A string of len bytes for what shared memory holds (len chosen by whoever wrote it). One past
 * what memory_limit leaves is PHP's normal fatal error "Allowed memory size of N bytes
 * exhausted", raised here: left to the allocator, a request past twice the limit ends the
 * process instead ("Hard memory limit ... exhausted", exit status 137, no shutdown functions). */
static zend_always_inline zend_string *php_shmx_string_alloc(size_t len)
{
	php_shmx_check_memory_limit(_ZSTR_STRUCT_SIZE(len));
	return zend_string_alloc(len, 0);
}

static zend_always_inline zend_string *php_shmx_string_copy(const char *p, size_t len)
{
	zend_string *s = php_shmx_string_alloc(len);
	memcpy(ZSTR_VAL(s), p, len);
	ZSTR_VAL(s)[len] = '\0';
	return s;
}

/* Calls the callable; true when it ended in a fatal error (a bailout, which unwinds past every
 * C frame), so that the caller can let go of the lock it holds and then re-raise it with
 * zend_bailout(). An exception or exit() returns false, with EG(exception) set. For
 * Store::lock() and Mutex::synchronized(). */
bool php_shmx_call_catching_bailout(zend_fcall_info *fci, zend_fcall_info_cache *fcc);

/* After a clean-up that ran with EG(exception) set aside as `pending` (NULL: none) and may
 * have thrown: exit() stays an exit (the clean-up's exception is dropped), any other pending
 * exception becomes the previous of the clean-up's, or comes back as it was. */
void php_shmx_restore_pending(zend_object *pending);

/* The object boilerplate of a handle class `type` (a struct ending in `zend_object std` that
 * holds a shmx_map at `map_member`): its handlers `prefix##_handlers`, `prefix##_from_obj()`,
 * and `prefix##_create()` for create_object (allocated with php_shmx_object_alloc(), the map
 * detached). Each class keeps its own free_obj and methods. */
#define PHP_SHMX_HANDLE_CLASS(type, prefix, map_member) \
	static zend_object_handlers prefix##_handlers; \
	static inline type *prefix##_from_obj(zend_object *obj) \
	{ \
		return (type *)((char *)obj - XtOffsetOf(type, std)); \
	} \
	static zend_object *prefix##_create(zend_class_entry *ce) \
	{ \
		type *o = php_shmx_object_alloc(sizeof(type), ce, XtOffsetOf(type, map_member)); \
		zend_object_std_init(&o->std, ce); \
		object_properties_init(&o->std, ce); \
		o->std.handlers = &prefix##_handlers; \
		shmx_map_init(&o->map_member); \
		return &o->std; \
	}

/* The handlers every shmx handle class shares: std handlers with the object at `offset`,
 * `free_obj` (which lets go only of what this process holds), not clonable, not comparable. */
void php_shmx_handlers_init(zend_object_handlers *h, size_t offset, zend_object_free_obj_t free_obj);

/* One per class, each in its own src/php_<class>.c, called from shmx.c's MINIT. */
void php_shmx_segment_minit(zend_class_entry *ce);
void php_shmx_shmop_minit(zend_class_entry *ce);

/* For shmx.compat: registers another final, non-constructible, non-serializable, non-clonable
 * class (`name`, e.g. "Shmop") with the handlers of Shmx\Shmop, after php_shmx_shmop_minit().
 * The shmx_open() family then accepts objects of either class, and when called under a name
 * that starts with "shmop_" creates this class and names it in type errors. One such class. */
zend_class_entry *php_shmx_shmop_register_class(const char *name);
void php_shmx_sysvshm_minit(zend_class_entry *ce);
void php_shmx_sysvsem_minit(zend_class_entry *ce);
/* shmx.compat=1: the original names where the originals are not loaded (src/php_compat.c). */
void php_shmx_compat_minit(void);
/* "shmop, sysvshm, sysvsem" or fewer: the originals whose names it registered ("" for none). */
const char *php_shmx_compat_registered(void);

/* sync */
void php_shmx_counter_minit(zend_class_entry *ce);
void php_shmx_mutex_minit(zend_class_entry *ce);
void php_shmx_semaphore_minit(zend_class_entry *ce);

/* store */
void php_shmx_store_minit(zend_class_entry *ce, zend_class_entry *iter_ce);

/* queue */
void php_shmx_queue_minit(zend_class_entry *ce);

#endif
