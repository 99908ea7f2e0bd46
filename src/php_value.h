/*
 * php_value.h: PHP values in and out of shared memory, for every class that stores them
 * (Store, Queue): scalars as they are, arrays and objects through shmx.serializer, and the
 * classes unserializing may create (shmx.allowed_classes, or a constructor's $allowedClasses).
 */
#ifndef SHMX_PHP_VALUE_H
#define SHMX_PHP_VALUE_H

#include "php_common.h"
#include "value.h"

/* The classes a handle may create when it reads a serialized value. */
typedef struct php_shmx_allowed {
	HashTable *classes; /* NULL any, else their lowercased names (empty: none), as
	                       unserialize()'s allowed_classes */
	bool pending_auto;  /* shmx.allowed_classes=auto, not yet looked at: see php_shmx_allowed_get() */
} php_shmx_allowed;

/* $allowedClasses (null: the INI setting; true: any; false: none; a list of names) -> a.
 * TypeError / ValueError for argument `arg_num`. */
zend_result php_shmx_allowed_from_zval(php_shmx_allowed *a, zval *z, uint32_t arg_num);

/* The classes a handle on mapping m may create. shmx.allowed_classes=auto is decided the first
 * time (none when anyone but this user can write the memory, else any). */
HashTable *php_shmx_allowed_get(php_shmx_allowed *a, const shmx_map *m);

void php_shmx_allowed_free(php_shmx_allowed *a);

/* zval -> shmx_value, serializing arrays and objects with shmx.serializer. *owned receives the
 * serialized string, for the caller to release once the bytes are written. TypeError for a
 * resource (argument `arg_num`), or the serializer's exception. */
zend_result php_shmx_value_from_zval(zval *zv, shmx_value *v, zend_string **owned, uint32_t arg_num);

/* Serialized bytes (NUL-terminated zend_string) -> rv. `key` names the Store key in messages;
 * NULL: the value came from a Queue. FAILURE with an exception thrown. */
zend_result php_shmx_unserialize(zend_string *bytes, uint8_t id, const zend_string *key, HashTable *allowed, zval *rv);

/* Whether php_shmx_unserialize() can read a value of serializer `id` under `allowed` in this
 * process (its serializer is loaded, and can limit classes where they are limited). Allocates
 * nothing and runs no PHP code. */
bool php_shmx_can_unserialize(uint8_t id, HashTable *allowed);

#endif
