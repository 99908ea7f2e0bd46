/*
 * value.h: a PHP value as shmx keeps it in shared memory, shared by the Store and the Queue:
 * null, bool, int and float natively, strings as their bytes, arrays and objects as the bytes
 * of the serializer named beside them. The type tags and serializer ids are part of both
 * layouts (stored in entries and records), so their numbers never change.
 */
#ifndef SHMX_VALUE_H
#define SHMX_VALUE_H

#include "platform.h"

typedef enum shmx_value_type {
	SHMX_T_NULL = 1,
	SHMX_T_FALSE = 2,
	SHMX_T_TRUE = 3,
	SHMX_T_INT = 4,
	SHMX_T_FLOAT = 5,
	SHMX_T_STRING = 6,
	SHMX_T_SERIALIZED = 7
} shmx_value_type;

/* Which serializer wrote a SHMX_T_SERIALIZED value; stored with it. */
typedef enum shmx_serializer_id {
	SHMX_SER_NONE = 0,
	SHMX_SER_PHP = 1,
	SHMX_SER_IGBINARY = 2,
	SHMX_SER_MSGPACK = 3,
	SHMX_SER_NATIVE = 4       /* shmx's own binary form of arrays of scalars (php_value.c) */
} shmx_serializer_id;

/* A value going in or coming out. */
typedef struct shmx_value {
	uint8_t type;             /* shmx_value_type */
	uint8_t serializer;
	uint8_t subtract;         /* shmx_store_increment's int `by` only: subtract l rather than add it
	                             (so that decrementing by PHP_INT_MIN needs no negation) */
	int64_t l;                /* SHMX_T_INT */
	double d;                 /* SHMX_T_FLOAT */
	const char *bytes;        /* SHMX_T_STRING / SERIALIZED going in */
	size_t len;
} shmx_value;

#endif
