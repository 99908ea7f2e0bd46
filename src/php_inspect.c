/*
 * php_inspect.c: Shmx\objects(), Shmx\inspect() and Shmx\remove(), what the `shmx` command
 * (bin/shmx) is built on: the core's object reports (inspect.h) as arrays with one fixed set of
 * keys, null where a value is unknown or does not apply.
 *
 * Ids are the command line's: an int or a numeric string is a System V key ("0x162e" too),
 * "shmid:N" a segment by its id, "/name" or "name" a POSIX object, "file:/path" a file.
 */
#include "php_common.h"
#include "inspect.h"

static void add_opt(zval *arr, const char *key, const shmx_opt *v)
{
	if (v->known) {
		add_assoc_long(arr, key, (zend_long)v->v);
	} else {
		add_assoc_null(arr, key);
	}
}

static void add_opt_bool(zval *arr, const char *key, const shmx_opt *v)
{
	if (v->known) {
		add_assoc_bool(arr, key, v->v != 0);
	} else {
		add_assoc_null(arr, key);
	}
}

static const char *backend_name(shmx_backend_kind b)
{
	switch (b) {
		case SHMX_BACKEND_SYSV: return "sysv";
		case SHMX_BACKEND_POSIX: return "posix";
		case SHMX_BACKEND_FILE: return "file";
		default: return "anon";
	}
}

static void object_to_array(const shmx_object_info *o, zval *rv)
{
	array_init_size(rv, 32);
	add_assoc_string(rv, "id", o->ref);
	add_assoc_string(rv, "backend", backend_name(o->backend));
	if (o->backend == SHMX_BACKEND_SYSV) {
		add_assoc_long(rv, "key", (zend_long)o->key);
		add_assoc_long(rv, "shmid", (zend_long)o->shmid);
		add_assoc_null(rv, "name");
	} else {
		add_assoc_null(rv, "key");
		add_assoc_null(rv, "shmid");
		add_assoc_string(rv, "name", o->name);
	}
	add_assoc_long(rv, "size", (zend_long)o->size);
	add_assoc_long(rv, "permissions", (zend_long)o->permissions);
	add_assoc_long(rv, "uid", (zend_long)o->uid);
	if (o->user[0]) {
		add_assoc_string(rv, "user", o->user);
	} else {
		add_assoc_null(rv, "user");
	}
	add_assoc_long(rv, "gid", (zend_long)o->gid);
	add_opt(rv, "attached", &o->attached);
	add_opt(rv, "attached_min", &o->attached_min);
	add_opt(rv, "creator_pid", &o->creator_pid);
	add_opt_bool(rv, "creator_alive", &o->creator_alive);
	add_opt(rv, "last_pid", &o->last_pid);
	add_opt(rv, "ctime", &o->ctime);
	add_opt_bool(rv, "destroyed", &o->destroyed);
	add_assoc_bool(rv, "shmx", o->shmx);
	if (o->kind[0]) {
		add_assoc_string(rv, "kind", o->kind);
	} else {
		add_assoc_null(rv, "kind");
	}
	add_opt(rv, "layout_version", &o->layout_version);
	add_assoc_string(rv, "status", o->status);
	add_opt(rv, "used", &o->used);
	add_opt(rv, "free", &o->free);
	add_opt(rv, "entries", &o->entries);
	add_opt(rv, "hits", &o->hits);
	add_opt(rv, "misses", &o->misses);
	add_opt(rv, "value", &o->value);
	add_opt(rv, "holder", &o->holder);
	add_opt_bool(rv, "holder_alive", &o->holder_alive);
	add_opt(rv, "permits", &o->permits);
	add_opt(rv, "available", &o->available);
	add_opt_bool(rv, "closed", &o->closed);
}

/* The one int|string $id argument -> target; TypeError/ValueError for argument 1 and FAILURE
 * when it names nothing valid. */
static zend_result target_from_args(zend_execute_data *execute_data, shmx_inspect_target *t)
{
	zend_string *name = NULL;
	zend_long key = 0;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR_OR_LONG(name, key)
	ZEND_PARSE_PARAMETERS_END_EX(return FAILURE);
	shmx_status st = name ? shmx_inspect_parse(ZSTR_VAL(name), ZSTR_LEN(name), t, &err)
		: shmx_inspect_key((int64_t)key, t, &err);
	if (st != SHMX_OK) {
		zend_argument_value_error(1, "%s", err.msg);
		return FAILURE;
	}
	return SUCCESS;
}

PHP_FUNCTION(Shmx_objects)
{
	shmx_object_info *list;
	size_t n;
	shmx_error err;

	ZEND_PARSE_PARAMETERS_NONE();
	if (shmx_inspect_list(&list, &n, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
	array_init_size(return_value, (uint32_t)n);
	for (size_t i = 0; i < n; i++) {
		zval o;
		object_to_array(&list[i], &o);
		add_next_index_zval(return_value, &o);
	}
	free(list);
}

PHP_FUNCTION(Shmx_inspect)
{
	shmx_inspect_target t;
	shmx_error err;

	if (target_from_args(execute_data, &t) == FAILURE) {
		RETURN_THROWS();
	}
	/* About 8 KiB: on the heap, not PHP's stack. */
	shmx_object_info *o = emalloc(sizeof(*o));
	if (shmx_inspect_one(&t, o, &err) != SHMX_OK) {
		efree(o);
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
	object_to_array(o, return_value);
	efree(o);
}

PHP_FUNCTION(Shmx_remove)
{
	shmx_inspect_target t;
	shmx_error err;

	if (target_from_args(execute_data, &t) == FAILURE) {
		RETURN_THROWS();
	}
	if (shmx_inspect_remove(&t, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}
