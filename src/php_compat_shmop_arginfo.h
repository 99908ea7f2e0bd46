/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: f1f8d453afad0b92763545efbd331f13a4580fd1 */

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_shmop_open, 0, 4, Shmop, MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, mode, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, permissions, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, size, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmop_read, 0, 3, IS_STRING, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmop, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, size, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmop_close, 0, 1, IS_VOID, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmop, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmop_size, 0, 1, IS_LONG, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmop, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmop_write, 0, 3, IS_LONG, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmop, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmop_delete, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmop, 0)
ZEND_END_ARG_INFO()


ZEND_FUNCTION(shmx_open);
ZEND_FUNCTION(shmx_read);
ZEND_FUNCTION(shmx_close);
ZEND_FUNCTION(shmx_size);
ZEND_FUNCTION(shmx_write);
ZEND_FUNCTION(shmx_delete);


static const zend_function_entry ext_functions[] = {
	ZEND_FALIAS(shmop_open, shmx_open, arginfo_shmop_open)
	ZEND_FALIAS(shmop_read, shmx_read, arginfo_shmop_read)
	ZEND_DEP_FALIAS(shmop_close, shmx_close, arginfo_shmop_close)
	ZEND_FALIAS(shmop_size, shmx_size, arginfo_shmop_size)
	ZEND_FALIAS(shmop_write, shmx_write, arginfo_shmop_write)
	ZEND_FALIAS(shmop_delete, shmx_delete, arginfo_shmop_delete)
	ZEND_FE_END
};
