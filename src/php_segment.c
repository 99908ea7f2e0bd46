/*
 * php_segment.c: Shmx\Segment, raw shared bytes with no header (API.md section 4).
 *
 * Every offset and length from PHP is checked against the mapped size before any byte moves:
 * out of range is a ValueError, never a truncation. The 64-bit integer methods are single
 * __atomic operations on 8-byte aligned cells, so they are atomic across processes.
 * free_obj only unmaps; removing the name is always an explicit destroy().
 * Methods that touch the bytes check the mapping before and after (php_shmx_map_intact): a
 * POSIX or file segment cut short by another process fails them with Shmx\CorruptException.
 */
#include "php_common.h"

typedef struct php_shmx_segment {
	shmx_map map;     /* addr NULL until constructed */
	zend_object std;
} php_shmx_segment;

PHP_SHMX_HANDLE_CLASS(php_shmx_segment, segment, map)

#define Z_SEGMENT_P(zv) segment_from_obj(Z_OBJ_P(zv))

static void segment_free(zend_object *obj)
{
	php_shmx_segment *seg = segment_from_obj(obj);
	shmx_map_detach(&seg->map);
	zend_object_std_dtor(obj);
}

/* The open segment, or NULL with an Error thrown for an object that was never constructed. */
static php_shmx_segment *segment_open(zval *zobj)
{
	php_shmx_segment *seg = Z_SEGMENT_P(zobj);
	if (!seg->map.addr) {
		zend_throw_error(NULL, "Shmx\\Segment object is not initialized");
		return NULL;
	}
	return seg;
}

/* segment_open, for the methods that touch the bytes: NULL too once the mapping is damaged. */
static php_shmx_segment *segment_live(zval *zobj)
{
	php_shmx_segment *seg = segment_open(zobj);
	return seg && php_shmx_map_intact(&seg->map) ? seg : NULL;
}

static bool segment_writable(php_shmx_segment *seg)
{
	if (seg->map.readonly) {
		zend_throw_error(NULL, "Cannot write to a Shmx\\Segment opened read-only (mode \"a\")");
		return false;
	}
	return true;
}

/* The address of the aligned 8-byte cell at `offset`, or NULL with a ValueError thrown. */
static int64_t *segment_cell(php_shmx_segment *seg, zend_long offset)
{
	if (seg->map.size < 8) {
		zend_argument_value_error(1, "cannot name an 8-byte cell in a segment of %zu bytes", seg->map.size);
		return NULL;
	}
	if (offset < 0 || (zend_ulong)offset > seg->map.size - 8) {
		zend_argument_value_error(1, "must be between 0 and %zu (the last 8-byte cell)", (seg->map.size - 8) & ~(size_t)7);
		return NULL;
	}
	if (offset % 8 != 0) {
		zend_argument_value_error(1, "must be a multiple of 8");
		return NULL;
	}
	return (int64_t *)((char *)seg->map.addr + offset);
}

PHP_METHOD(Shmx_Segment, __construct)
{
	zval *zid = NULL;
	zend_long size = 0, perms = 0600;
	zend_string *mode = NULL;
	int flags = SHMX_OPEN_CREATE;
	shmx_id id;
	shmx_error err;
	php_shmx_segment *seg = Z_SEGMENT_P(ZEND_THIS);

	ZEND_PARSE_PARAMETERS_START(0, 4)
		Z_PARAM_OPTIONAL
		Z_PARAM_ZVAL(zid)
		Z_PARAM_LONG(size)
		Z_PARAM_STR(mode)
		Z_PARAM_LONG(perms)
	ZEND_PARSE_PARAMETERS_END();

	if (seg->map.addr) {
		zend_throw_error(NULL, "Cannot call Shmx\\Segment::__construct() twice");
		RETURN_THROWS();
	}
	if (php_shmx_id_from_zval(zid, &id, 1) == FAILURE) {
		RETURN_THROWS();
	}
	if (size < 0) {
		zend_argument_value_error(2, "must be greater than or equal to 0");
		RETURN_THROWS();
	}
	if (mode && php_shmx_mode_from_string(mode, &flags, 3) == FAILURE) {
		RETURN_THROWS();
	}
	if (php_shmx_check_permissions(perms, 4) == FAILURE) {
		RETURN_THROWS();
	}
	if (size == 0 && (flags & SHMX_OPEN_EXCL)) {
		zend_argument_value_error(2, "must be greater than 0");
		RETURN_THROWS();
	}
	shmx_status st = shmx_map_open(&seg->map, &id, flags, (size_t)size, (uint32_t)perms, &err);
	if (st == SHMX_ERR_RANGE) {
		zend_argument_value_error(2, "must be greater than 0 to create a segment");
		RETURN_THROWS();
	}
	if (st != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Segment, read)
{
	zend_long offset = 0, length = 0;
	bool length_null = true;
	php_shmx_segment *seg;

	ZEND_PARSE_PARAMETERS_START(0, 2)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(offset)
		Z_PARAM_LONG_OR_NULL(length, length_null)
	ZEND_PARSE_PARAMETERS_END();

	if (!(seg = segment_live(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (offset < 0 || (zend_ulong)offset > seg->map.size) {
		zend_argument_value_error(1, "must be between 0 and the segment size (%zu)", seg->map.size);
		RETURN_THROWS();
	}
	size_t avail = seg->map.size - (size_t)offset;
	if (length_null) {
		length = (zend_long)avail;
	} else if (length < 0 || (zend_ulong)length > avail) {
		zend_argument_value_error(2, "must be between 0 and %zu (the bytes after $offset)", avail);
		RETURN_THROWS();
	}
	RETVAL_STR(php_shmx_string_copy((char *)seg->map.addr + offset, (size_t)length));
	if (!php_shmx_map_intact(&seg->map)) {
		zval_ptr_dtor(return_value);
		ZVAL_NULL(return_value);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Segment, write)
{
	zend_string *data;
	zend_long offset = 0;
	php_shmx_segment *seg;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_STR(data)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(offset)
	ZEND_PARSE_PARAMETERS_END();

	if (!(seg = segment_live(ZEND_THIS)) || !segment_writable(seg)) {
		RETURN_THROWS();
	}
	if (offset < 0 || (zend_ulong)offset > seg->map.size) {
		zend_argument_value_error(2, "must be between 0 and the segment size (%zu)", seg->map.size);
		RETURN_THROWS();
	}
	if (ZSTR_LEN(data) > seg->map.size - (size_t)offset) {
		zend_argument_value_error(1, "must fit in the segment: %zu bytes at offset " ZEND_LONG_FMT " exceed its %zu bytes",
			ZSTR_LEN(data), offset, seg->map.size);
		RETURN_THROWS();
	}
	memcpy((char *)seg->map.addr + offset, ZSTR_VAL(data), ZSTR_LEN(data));
	if (!php_shmx_map_intact(&seg->map)) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)ZSTR_LEN(data));
}

PHP_METHOD(Shmx_Segment, size)
{
	php_shmx_segment *seg;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(seg = segment_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)seg->map.size);
}

PHP_METHOD(Shmx_Segment, id)
{
	php_shmx_segment *seg;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(seg = segment_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	php_shmx_id_to_zval(&seg->map.id, return_value);
}

PHP_METHOD(Shmx_Segment, stat)
{
	php_shmx_segment *seg;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(seg = segment_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	array_init(return_value);
	if (php_shmx_stat_array(&seg->map, return_value) == FAILURE) {
		zval_ptr_dtor(return_value);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Segment, flush)
{
	php_shmx_segment *seg;
	shmx_error err;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(seg = segment_live(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (shmx_map_flush(&seg->map, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Segment, destroy)
{
	php_shmx_segment *seg;
	shmx_error err;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(seg = segment_open(ZEND_THIS))) {
		RETURN_THROWS();
	}
	if (shmx_map_remove(&seg->map, &err) != SHMX_OK) {
		php_shmx_throw(&err);
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Segment, getInt)
{
	zend_long offset;
	php_shmx_segment *seg;
	int64_t *cell;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_LONG(offset)
	ZEND_PARSE_PARAMETERS_END();

	if (!(seg = segment_live(ZEND_THIS)) || !(cell = segment_cell(seg, offset))) {
		RETURN_THROWS();
	}
	int64_t v = SHMX_LOAD(cell);
	if (!php_shmx_map_intact(&seg->map)) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)v);
}

PHP_METHOD(Shmx_Segment, setInt)
{
	zend_long offset, value;
	php_shmx_segment *seg;
	int64_t *cell;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(offset)
		Z_PARAM_LONG(value)
	ZEND_PARSE_PARAMETERS_END();

	if (!(seg = segment_live(ZEND_THIS)) || !(cell = segment_cell(seg, offset)) || !segment_writable(seg)) {
		RETURN_THROWS();
	}
	__atomic_store_n(cell, (int64_t)value, __ATOMIC_SEQ_CST);
	if (!php_shmx_map_intact(&seg->map)) {
		RETURN_THROWS();
	}
}

PHP_METHOD(Shmx_Segment, addInt)
{
	zend_long offset, delta;
	php_shmx_segment *seg;
	int64_t *cell;

	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_LONG(offset)
		Z_PARAM_LONG(delta)
	ZEND_PARSE_PARAMETERS_END();

	if (!(seg = segment_live(ZEND_THIS)) || !(cell = segment_cell(seg, offset)) || !segment_writable(seg)) {
		RETURN_THROWS();
	}
	/* Unsigned arithmetic: wrapping is defined, as with the C atomics a Segment mirrors. */
	uint64_t now = __atomic_add_fetch((uint64_t *)cell, (uint64_t)delta, __ATOMIC_SEQ_CST);
	if (!php_shmx_map_intact(&seg->map)) {
		RETURN_THROWS();
	}
	RETURN_LONG((zend_long)(int64_t)now);
}

PHP_METHOD(Shmx_Segment, compareAndSwapInt)
{
	zend_long offset, expected, desired;
	php_shmx_segment *seg;
	int64_t *cell;

	ZEND_PARSE_PARAMETERS_START(3, 3)
		Z_PARAM_LONG(offset)
		Z_PARAM_LONG(expected)
		Z_PARAM_LONG(desired)
	ZEND_PARSE_PARAMETERS_END();

	if (!(seg = segment_live(ZEND_THIS)) || !(cell = segment_cell(seg, offset)) || !segment_writable(seg)) {
		RETURN_THROWS();
	}
	int64_t exp = (int64_t)expected;
	bool swapped = __atomic_compare_exchange_n(cell, &exp, (int64_t)desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	if (!php_shmx_map_intact(&seg->map)) {
		RETURN_THROWS();
	}
	RETURN_BOOL(swapped);
}

void php_shmx_segment_minit(zend_class_entry *ce)
{
	ce->create_object = segment_create;
	php_shmx_handlers_init(&segment_handlers, XtOffsetOf(php_shmx_segment, std), segment_free);
}
