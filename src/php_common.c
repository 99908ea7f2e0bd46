/*
 * php_common.c: argument conversion and error mapping shared by every shmx class and function.
 * The mapping from core status to exception class lives here and only here.
 */
#include "php_common.h"
#include "php_globals.h"
#include "redis.h"

#include <math.h>

zend_result php_shmx_id_from_zval(zval *zid, shmx_id *id, uint32_t arg_num)
{
	shmx_error err;

	if (UNEXPECTED(EG(exception))) {
		return FAILURE; /* a Stringable id whose __toString() threw in php_shmx_zval_is_redis() */
	}
	if (!zid || Z_TYPE_P(zid) == IS_NULL) {
		if (!shmx_backend_available(SHMX_BACKEND_ANON)) {
			zend_argument_value_error(arg_num, "cannot be null on this platform (no anonymous shared memory)");
			return FAILURE;
		}
		shmx_id_anon(id);
		return SUCCESS;
	}
	zend_long key = 0;
	zend_string *name = NULL;
	if (Z_TYPE_P(zid) == IS_LONG) {
		key = Z_LVAL_P(zid);
	} else if (Z_TYPE_P(zid) == IS_STRING) {
		name = Z_STR_P(zid);
	} else if (!zend_parse_arg_str_or_long_slow(zid, &name, &key, arg_num)) {
		/* Callers take the id with Z_PARAM_ZVAL, so the int|string|null declaration is
		 * enforced here, with ZPP's own coercions (bool, float, Stringable) and message. */
		if (!EG(exception)) {
			zend_argument_type_error(arg_num, "must be of type string|int|null, %s given", zend_zval_type_name(zid));
		}
		return FAILURE;
	} else if (EG(exception)) {
		return FAILURE; /* a coercion deprecation that an error handler turned into a throw */
	}
	if (name && shmx_redis_id_is(ZSTR_VAL(name), ZSTR_LEN(name))) {
		/* Store, Counter, Mutex, Semaphore and Queue take Redis ids (they check before calling here);
		 * only Segment, whose raw bytes have no Redis meaning, does not. */
		const char *cls = get_active_class_name(NULL);
		if (!shmx_redis_available()) {
			zend_throw_exception(shmx_ce_Exception, "Redis support was not built into shmx (install libhiredis-dev and rebuild)", 0);
		} else {
			zend_throw_exception_ex(shmx_ce_Exception, 0, "%s%s is not available on Redis (raw shared memory has no Redis meaning)",
				cls && *cls ? cls : "this", cls && *cls ? "" : " object");
		}
		return FAILURE;
	}
	if (!name) {
		if (shmx_id_from_key(id, (int64_t)key, &err) != SHMX_OK) {
			zend_argument_value_error(arg_num, "%s", err.msg);
			return FAILURE;
		}
		return SUCCESS;
	}
	if (shmx_id_from_string(id, ZSTR_VAL(name), ZSTR_LEN(name), &err) != SHMX_OK) {
		zend_argument_value_error(arg_num, "%s", err.msg);
		return FAILURE;
	}
	if (id->backend == SHMX_BACKEND_FILE && !IS_ABSOLUTE_PATH(id->name, strlen(id->name))) {
		/* Against the working directory now: a relative path would name another file after a
		 * chdir(), or in a process started elsewhere (FPM and CLI), and id() gives it whole. */
		char abs[MAXPATHLEN];
		size_t n = expand_filepath(id->name, abs) ? strlen(abs) : sizeof(id->name);
		if (n >= sizeof(id->name)) {
			zend_argument_value_error(arg_num, "must be a path that resolves against the working directory to one shorter than %d bytes",
				SHMX_NAME_MAX);
			return FAILURE;
		}
		memcpy(id->name, abs, n + 1);
	}
	if (!shmx_backend_available(id->backend)) {
		zend_argument_value_error(arg_num, "names a backend this platform does not have");
		return FAILURE;
	}
	return SUCCESS;
}

void php_shmx_id_to_zval(const shmx_id *id, zval *rv)
{
	switch (id->backend) {
		case SHMX_BACKEND_SYSV:
			ZVAL_LONG(rv, (zend_long)id->key);
			break;
		case SHMX_BACKEND_POSIX:
			ZVAL_STRING(rv, id->name);
			break;
		case SHMX_BACKEND_FILE:
			ZVAL_STR(rv, zend_strpprintf(0, "file:%s", id->name));
			break;
		default:
			ZVAL_NULL(rv);
			break;
	}
}

zend_result php_shmx_mode_from_string(const zend_string *mode, int *flags, uint32_t arg_num)
{
	if (ZSTR_LEN(mode) == 1) {
		switch (ZSTR_VAL(mode)[0]) {
			case 'c': *flags = SHMX_OPEN_CREATE; return SUCCESS;
			case 'n': *flags = SHMX_OPEN_CREATE | SHMX_OPEN_EXCL; return SUCCESS;
			case 'w': *flags = 0; return SUCCESS;
			case 'a': *flags = SHMX_OPEN_READONLY; return SUCCESS;
		}
	}
	zend_argument_value_error(arg_num, "must be one of \"c\", \"n\", \"w\" or \"a\"");
	return FAILURE;
}

zend_result php_shmx_check_permissions(zend_long perms, uint32_t arg_num)
{
	if (perms < 0 || perms > 0777) {
		zend_argument_value_error(arg_num, "must be between 0 and 0777");
		return FAILURE;
	}
	return SUCCESS;
}

void php_shmx_throw(const shmx_error *err)
{
	zend_class_entry *ce;
	switch (err->status) {
		case SHMX_ERR_FULL: ce = shmx_ce_FullException; break;
		case SHMX_ERR_TIMEOUT: ce = shmx_ce_TimeoutException; break;
		case SHMX_ERR_CORRUPT: ce = shmx_ce_CorruptException; break;
		case SHMX_ERR_STATE: ce = zend_ce_error; break;
		case SHMX_ERR_OVERFLOW: ce = zend_ce_arithmetic_error; break;
		case SHMX_ERR_RANGE: ce = zend_ce_value_error; break;
		default: ce = shmx_ce_Exception; break;
	}
	zend_throw_exception(ce, err->msg, (zend_long)err->sys_errno);
}

bool php_shmx_map_recheck(shmx_map *m)
{
	shmx_error err;
	if (shmx_map_check_slow(m, &err) == SHMX_OK) {
		return true;
	}
	php_shmx_throw(&err);
	return false;
}

static void add_known_long(zval *rv, const char *key, int known, int64_t value)
{
	if (known) {
		add_assoc_long(rv, key, (zend_long)value);
	} else {
		add_assoc_null(rv, key);
	}
}

zend_result php_shmx_stat_array(const shmx_map *m, zval *rv)
{
	shmx_stat st;
	shmx_error err;
	zval id;

	if (shmx_map_stat(m, &st, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		return FAILURE;
	}
	php_shmx_id_to_zval(&m->id, &id);
	add_assoc_zval(rv, "id", &id);
	add_assoc_string(rv, "backend", (char *)shmx_map_backend_name(m));
	add_known_long(rv, "shmid", st.shmid_known, st.shmid);
	add_assoc_long(rv, "size", (zend_long)st.size);
	add_assoc_long(rv, "permissions", (zend_long)st.permissions);
	add_known_long(rv, "uid", st.owner_known, st.uid);
	add_known_long(rv, "gid", st.owner_known, st.gid);
	add_known_long(rv, "creator_pid", st.creator_pid_known, st.creator_pid);
	add_known_long(rv, "last_pid", st.last_pid_known, st.last_pid);
	add_known_long(rv, "attached", st.attached_known, st.attached);
	add_known_long(rv, "atime", st.atime_known, st.atime);
	add_known_long(rv, "dtime", st.dtime_known, st.dtime);
	add_known_long(rv, "ctime", st.ctime_known, st.ctime);
	if (st.destroyed_known) {
		add_assoc_bool(rv, "destroyed", st.destroyed);
	} else {
		add_assoc_null(rv, "destroyed");
	}
	return SUCCESS;
}

zend_result php_shmx_timeout_ns(bool is_null, double seconds, int64_t *ns, uint32_t arg_num)
{
	if (is_null) {
		*ns = -1;
		return SUCCESS;
	}
	if (!(seconds >= 0) || isnan(seconds)) {
		zend_argument_value_error(arg_num, "must be null or greater than or equal to 0");
		return FAILURE;
	}
	/* A year is "forever" in practice and keeps the nanosecond arithmetic in range. */
	if (seconds > 365.0 * 86400.0) {
		seconds = 365.0 * 86400.0;
	}
	*ns = (int64_t)(seconds * 1e9);
	return SUCCESS;
}

void php_shmx_handlers_init(zend_object_handlers *h, size_t offset, zend_object_free_obj_t free_obj)
{
	memcpy(h, &std_object_handlers, sizeof(*h));
	h->offset = (int)offset;
	h->free_obj = free_obj;
	h->clone_obj = NULL;
	h->compare = zend_objects_not_comparable;
}

void php_shmx_check_memory_limit_slow(size_t size)
{
	zend_long limit = PG(memory_limit);
	size_t used = zend_memory_usage(1);
	if (limit > 0 && used <= (size_t)limit && size > (size_t)limit - used) {
		zend_error_noreturn(E_ERROR, "Allowed memory size of " ZEND_LONG_FMT " bytes exhausted (tried to allocate %zu bytes)",
			limit, size);
	}
}

void php_shmx_restore_pending(zend_object *pending)
{
	if (!pending) {
		return;
	}
	if (EG(exception) && (zend_is_unwind_exit(pending) || zend_is_graceful_exit(pending))) {
		zend_clear_exception();
		EG(exception) = pending;
	} else if (EG(exception)) {
		zend_exception_set_previous(EG(exception), pending);
	} else {
		EG(exception) = pending;
	}
}

bool php_shmx_call_catching_bailout(zend_fcall_info *fci, zend_fcall_info_cache *fcc)
{
	volatile bool bailed = false;
	zend_try {
		zend_call_function(fci, fcc);
	} zend_catch {
		bailed = true;
	} zend_end_try();
	return bailed;
}
