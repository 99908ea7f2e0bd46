/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: ed844f6cef95a94d58146d10c8c6319ce43e3bf6 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Shmx_objects, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Shmx_inspect, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_Shmx_remove, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_shmx_open, 0, 4, Shmx\\Shmop, MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, mode, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, permissions, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, size, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_read, 0, 3, IS_STRING, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmx\\Shmop, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, size, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_close, 0, 1, IS_VOID, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmx\\Shmop, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_size, 0, 1, IS_LONG, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmx\\Shmop, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_write, 0, 3, IS_LONG, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmx\\Shmop, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_delete, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_OBJ_INFO(0, shmop, Shmx\\Shmop, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_shmx_attach, 0, 1, Shmx\\SysvSharedMemory, MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, size, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permissions, IS_LONG, 0, "0666")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_detach, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_OBJ_INFO(0, shm, Shmx\\SysvSharedMemory, 0)
ZEND_END_ARG_INFO()

#define arginfo_shmx_remove arginfo_shmx_detach

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_put_var, 0, 3, _IS_BOOL, 0)
	ZEND_ARG_OBJ_INFO(0, shm, Shmx\\SysvSharedMemory, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_has_var, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_OBJ_INFO(0, shm, Shmx\\SysvSharedMemory, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_get_var, 0, 2, IS_MIXED, 0)
	ZEND_ARG_OBJ_INFO(0, shm, Shmx\\SysvSharedMemory, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_shmx_remove_var arginfo_shmx_has_var

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_TYPE_MASK_EX(arginfo_shmx_sem_get, 0, 1, Shmx\\SysvSemaphore, MAY_BE_FALSE)
	ZEND_ARG_TYPE_INFO(0, key, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, max_acquire, IS_LONG, 0, "1")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permissions, IS_LONG, 0, "0666")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, auto_release, _IS_BOOL, 0, "true")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_sem_acquire, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_OBJ_INFO(0, semaphore, Shmx\\SysvSemaphore, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, non_blocking, _IS_BOOL, 0, "false")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_shmx_sem_release, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_OBJ_INFO(0, semaphore, Shmx\\SysvSemaphore, 0)
ZEND_END_ARG_INFO()

#define arginfo_shmx_sem_remove arginfo_shmx_sem_release

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Shmx_Segment___construct, 0, 0, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING|MAY_BE_NULL, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, size, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_STRING, 0, "\"c\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permissions, IS_LONG, 0, "0600")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Segment_read, 0, 0, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, offset, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, length, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Segment_write, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, data, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, offset, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Segment_size, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Shmx_Segment_id, 0, 0, MAY_BE_LONG|MAY_BE_STRING|MAY_BE_NULL)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Segment_stat arginfo_Shmx_objects

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Segment_flush, 0, 0, IS_VOID, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Segment_destroy arginfo_class_Shmx_Segment_flush

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Segment_getInt, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Segment_setInt, 0, 2, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Segment_addInt, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, delta, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Segment_compareAndSwapInt, 0, 3, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, expected, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, new, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Shmx_Counter___construct, 0, 0, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING|MAY_BE_NULL, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, initial, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_STRING, 0, "\"c\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permissions, IS_LONG, 0, "0600")
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Counter_get arginfo_class_Shmx_Segment_size

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Counter_set, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Counter_increment, 0, 0, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, by, IS_LONG, 0, "1")
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Counter_decrement arginfo_class_Shmx_Counter_increment

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Counter_compareAndSwap, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, expected, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, new, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Counter_destroy arginfo_class_Shmx_Segment_flush

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Shmx_Mutex___construct, 0, 0, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING|MAY_BE_NULL, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_STRING, 0, "\"c\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permissions, IS_LONG, 0, "0600")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Mutex_lock, 0, 0, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Mutex_tryLock, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Mutex_token, 0, 0, IS_LONG, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Mutex_unlock arginfo_class_Shmx_Segment_flush

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Mutex_synchronized, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, fn, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Mutex_destroy arginfo_class_Shmx_Segment_flush

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Shmx_Semaphore___construct, 0, 0, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING|MAY_BE_NULL, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permits, IS_LONG, 0, "1")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_STRING, 0, "\"c\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permissions, IS_LONG, 0, "0600")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Semaphore_acquire, 0, 0, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Semaphore_tryAcquire arginfo_class_Shmx_Mutex_tryLock

#define arginfo_class_Shmx_Semaphore_release arginfo_class_Shmx_Segment_flush

#define arginfo_class_Shmx_Semaphore_available arginfo_class_Shmx_Segment_size

#define arginfo_class_Shmx_Semaphore_destroy arginfo_class_Shmx_Segment_flush

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Shmx_Queue___construct, 0, 0, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING|MAY_BE_NULL, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, capacityBytes, IS_LONG, 0, "1048576")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_STRING, 0, "\"c\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permissions, IS_LONG, 0, "0600")
	ZEND_ARG_TYPE_MASK(0, allowedClasses, MAY_BE_ARRAY|MAY_BE_BOOL|MAY_BE_NULL, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Queue_push, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Queue_tryPush, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Queue_pop, 0, 0, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, timeout, IS_DOUBLE, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Queue_tryPop, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(1, value, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Queue_count arginfo_class_Shmx_Segment_size

#define arginfo_class_Shmx_Queue_info arginfo_Shmx_objects

#define arginfo_class_Shmx_Queue_close arginfo_class_Shmx_Segment_flush

#define arginfo_class_Shmx_Queue_isClosed arginfo_class_Shmx_Mutex_tryLock

#define arginfo_class_Shmx_Queue_destroy arginfo_class_Shmx_Segment_flush

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Shmx_Store___construct, 0, 0, 0)
	ZEND_ARG_TYPE_MASK(0, id, MAY_BE_LONG|MAY_BE_STRING|MAY_BE_NULL, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, size, IS_LONG, 0, "16 * 1024 * 1024")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, mode, IS_STRING, 0, "\"c\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, permissions, IS_LONG, 0, "0600")
	ZEND_ARG_TYPE_MASK(0, allowedClasses, MAY_BE_ARRAY|MAY_BE_BOOL|MAY_BE_NULL, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_get, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, default, IS_MIXED, 0, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_set, 0, 2, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, ttl, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_add, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, ttl, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_has, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Store_delete arginfo_class_Shmx_Store_has

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_MASK_EX(arginfo_class_Shmx_Store_increment, 0, 1, MAY_BE_LONG|MAY_BE_DOUBLE)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_MASK(0, by, MAY_BE_LONG|MAY_BE_DOUBLE, "1")
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Store_decrement arginfo_class_Shmx_Store_increment

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_compareAndSwap, 0, 3, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, key, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, expected, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, new, IS_MIXED, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Store_lock arginfo_class_Shmx_Mutex_synchronized

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_keys, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, prefix, IS_STRING, 0, "\"\"")
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Store_count arginfo_class_Shmx_Segment_size

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_Shmx_Store_getIterator, 0, 0, Iterator, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_Store_clear arginfo_class_Shmx_Segment_flush

#define arginfo_class_Shmx_Store_info arginfo_Shmx_objects

#define arginfo_class_Shmx_Store_destroy arginfo_class_Shmx_Segment_flush

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_offsetExists, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_offsetGet, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_offsetSet, 0, 2, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_Store_offsetUnset, 0, 1, IS_VOID, 0)
	ZEND_ARG_TYPE_INFO(0, offset, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_Shmx_StoreIterator___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_StoreIterator_current, 0, 0, IS_MIXED, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_Shmx_StoreIterator_key, 0, 0, IS_STRING, 1)
ZEND_END_ARG_INFO()

#define arginfo_class_Shmx_StoreIterator_next arginfo_class_Shmx_Segment_flush

#define arginfo_class_Shmx_StoreIterator_rewind arginfo_class_Shmx_Segment_flush

#define arginfo_class_Shmx_StoreIterator_valid arginfo_class_Shmx_Mutex_tryLock


ZEND_FUNCTION(Shmx_objects);
ZEND_FUNCTION(Shmx_inspect);
ZEND_FUNCTION(Shmx_remove);
ZEND_FUNCTION(shmx_open);
ZEND_FUNCTION(shmx_read);
ZEND_FUNCTION(shmx_close);
ZEND_FUNCTION(shmx_size);
ZEND_FUNCTION(shmx_write);
ZEND_FUNCTION(shmx_delete);
ZEND_FUNCTION(shmx_attach);
ZEND_FUNCTION(shmx_detach);
ZEND_FUNCTION(shmx_remove);
ZEND_FUNCTION(shmx_put_var);
ZEND_FUNCTION(shmx_has_var);
ZEND_FUNCTION(shmx_get_var);
ZEND_FUNCTION(shmx_remove_var);
ZEND_FUNCTION(shmx_sem_get);
ZEND_FUNCTION(shmx_sem_acquire);
ZEND_FUNCTION(shmx_sem_release);
ZEND_FUNCTION(shmx_sem_remove);
ZEND_METHOD(Shmx_Segment, __construct);
ZEND_METHOD(Shmx_Segment, read);
ZEND_METHOD(Shmx_Segment, write);
ZEND_METHOD(Shmx_Segment, size);
ZEND_METHOD(Shmx_Segment, id);
ZEND_METHOD(Shmx_Segment, stat);
ZEND_METHOD(Shmx_Segment, flush);
ZEND_METHOD(Shmx_Segment, destroy);
ZEND_METHOD(Shmx_Segment, getInt);
ZEND_METHOD(Shmx_Segment, setInt);
ZEND_METHOD(Shmx_Segment, addInt);
ZEND_METHOD(Shmx_Segment, compareAndSwapInt);
ZEND_METHOD(Shmx_Counter, __construct);
ZEND_METHOD(Shmx_Counter, get);
ZEND_METHOD(Shmx_Counter, set);
ZEND_METHOD(Shmx_Counter, increment);
ZEND_METHOD(Shmx_Counter, decrement);
ZEND_METHOD(Shmx_Counter, compareAndSwap);
ZEND_METHOD(Shmx_Counter, destroy);
ZEND_METHOD(Shmx_Mutex, __construct);
ZEND_METHOD(Shmx_Mutex, lock);
ZEND_METHOD(Shmx_Mutex, tryLock);
ZEND_METHOD(Shmx_Mutex, token);
ZEND_METHOD(Shmx_Mutex, unlock);
ZEND_METHOD(Shmx_Mutex, synchronized);
ZEND_METHOD(Shmx_Mutex, destroy);
ZEND_METHOD(Shmx_Semaphore, __construct);
ZEND_METHOD(Shmx_Semaphore, acquire);
ZEND_METHOD(Shmx_Semaphore, tryAcquire);
ZEND_METHOD(Shmx_Semaphore, release);
ZEND_METHOD(Shmx_Semaphore, available);
ZEND_METHOD(Shmx_Semaphore, destroy);
ZEND_METHOD(Shmx_Queue, __construct);
ZEND_METHOD(Shmx_Queue, push);
ZEND_METHOD(Shmx_Queue, tryPush);
ZEND_METHOD(Shmx_Queue, pop);
ZEND_METHOD(Shmx_Queue, tryPop);
ZEND_METHOD(Shmx_Queue, count);
ZEND_METHOD(Shmx_Queue, info);
ZEND_METHOD(Shmx_Queue, close);
ZEND_METHOD(Shmx_Queue, isClosed);
ZEND_METHOD(Shmx_Queue, destroy);
ZEND_METHOD(Shmx_Store, __construct);
ZEND_METHOD(Shmx_Store, get);
ZEND_METHOD(Shmx_Store, set);
ZEND_METHOD(Shmx_Store, add);
ZEND_METHOD(Shmx_Store, has);
ZEND_METHOD(Shmx_Store, delete);
ZEND_METHOD(Shmx_Store, increment);
ZEND_METHOD(Shmx_Store, decrement);
ZEND_METHOD(Shmx_Store, compareAndSwap);
ZEND_METHOD(Shmx_Store, lock);
ZEND_METHOD(Shmx_Store, keys);
ZEND_METHOD(Shmx_Store, count);
ZEND_METHOD(Shmx_Store, getIterator);
ZEND_METHOD(Shmx_Store, clear);
ZEND_METHOD(Shmx_Store, info);
ZEND_METHOD(Shmx_Store, destroy);
ZEND_METHOD(Shmx_Store, offsetExists);
ZEND_METHOD(Shmx_Store, offsetGet);
ZEND_METHOD(Shmx_Store, offsetSet);
ZEND_METHOD(Shmx_Store, offsetUnset);
ZEND_METHOD(Shmx_StoreIterator, __construct);
ZEND_METHOD(Shmx_StoreIterator, current);
ZEND_METHOD(Shmx_StoreIterator, key);
ZEND_METHOD(Shmx_StoreIterator, next);
ZEND_METHOD(Shmx_StoreIterator, rewind);
ZEND_METHOD(Shmx_StoreIterator, valid);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("Shmx", objects, Shmx_objects, arginfo_Shmx_objects)
	ZEND_NS_FALIAS("Shmx", inspect, Shmx_inspect, arginfo_Shmx_inspect)
	ZEND_NS_FALIAS("Shmx", remove, Shmx_remove, arginfo_Shmx_remove)
	ZEND_FE(shmx_open, arginfo_shmx_open)
	ZEND_FE(shmx_read, arginfo_shmx_read)
	ZEND_DEP_FE(shmx_close, arginfo_shmx_close)
	ZEND_FE(shmx_size, arginfo_shmx_size)
	ZEND_FE(shmx_write, arginfo_shmx_write)
	ZEND_FE(shmx_delete, arginfo_shmx_delete)
	ZEND_FE(shmx_attach, arginfo_shmx_attach)
	ZEND_FE(shmx_detach, arginfo_shmx_detach)
	ZEND_FE(shmx_remove, arginfo_shmx_remove)
	ZEND_FE(shmx_put_var, arginfo_shmx_put_var)
	ZEND_FE(shmx_has_var, arginfo_shmx_has_var)
	ZEND_FE(shmx_get_var, arginfo_shmx_get_var)
	ZEND_FE(shmx_remove_var, arginfo_shmx_remove_var)
	ZEND_FE(shmx_sem_get, arginfo_shmx_sem_get)
	ZEND_FE(shmx_sem_acquire, arginfo_shmx_sem_acquire)
	ZEND_FE(shmx_sem_release, arginfo_shmx_sem_release)
	ZEND_FE(shmx_sem_remove, arginfo_shmx_sem_remove)
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_FullException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_TimeoutException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_CorruptException_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_Segment_methods[] = {
	ZEND_ME(Shmx_Segment, __construct, arginfo_class_Shmx_Segment___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, read, arginfo_class_Shmx_Segment_read, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, write, arginfo_class_Shmx_Segment_write, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, size, arginfo_class_Shmx_Segment_size, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, id, arginfo_class_Shmx_Segment_id, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, stat, arginfo_class_Shmx_Segment_stat, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, flush, arginfo_class_Shmx_Segment_flush, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, destroy, arginfo_class_Shmx_Segment_destroy, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, getInt, arginfo_class_Shmx_Segment_getInt, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, setInt, arginfo_class_Shmx_Segment_setInt, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, addInt, arginfo_class_Shmx_Segment_addInt, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Segment, compareAndSwapInt, arginfo_class_Shmx_Segment_compareAndSwapInt, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_Counter_methods[] = {
	ZEND_ME(Shmx_Counter, __construct, arginfo_class_Shmx_Counter___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Counter, get, arginfo_class_Shmx_Counter_get, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Counter, set, arginfo_class_Shmx_Counter_set, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Counter, increment, arginfo_class_Shmx_Counter_increment, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Counter, decrement, arginfo_class_Shmx_Counter_decrement, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Counter, compareAndSwap, arginfo_class_Shmx_Counter_compareAndSwap, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Counter, destroy, arginfo_class_Shmx_Counter_destroy, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_Mutex_methods[] = {
	ZEND_ME(Shmx_Mutex, __construct, arginfo_class_Shmx_Mutex___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Mutex, lock, arginfo_class_Shmx_Mutex_lock, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Mutex, tryLock, arginfo_class_Shmx_Mutex_tryLock, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Mutex, token, arginfo_class_Shmx_Mutex_token, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Mutex, unlock, arginfo_class_Shmx_Mutex_unlock, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Mutex, synchronized, arginfo_class_Shmx_Mutex_synchronized, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Mutex, destroy, arginfo_class_Shmx_Mutex_destroy, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_Semaphore_methods[] = {
	ZEND_ME(Shmx_Semaphore, __construct, arginfo_class_Shmx_Semaphore___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Semaphore, acquire, arginfo_class_Shmx_Semaphore_acquire, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Semaphore, tryAcquire, arginfo_class_Shmx_Semaphore_tryAcquire, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Semaphore, release, arginfo_class_Shmx_Semaphore_release, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Semaphore, available, arginfo_class_Shmx_Semaphore_available, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Semaphore, destroy, arginfo_class_Shmx_Semaphore_destroy, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_Queue_methods[] = {
	ZEND_ME(Shmx_Queue, __construct, arginfo_class_Shmx_Queue___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, push, arginfo_class_Shmx_Queue_push, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, tryPush, arginfo_class_Shmx_Queue_tryPush, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, pop, arginfo_class_Shmx_Queue_pop, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, tryPop, arginfo_class_Shmx_Queue_tryPop, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, count, arginfo_class_Shmx_Queue_count, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, info, arginfo_class_Shmx_Queue_info, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, close, arginfo_class_Shmx_Queue_close, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, isClosed, arginfo_class_Shmx_Queue_isClosed, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Queue, destroy, arginfo_class_Shmx_Queue_destroy, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_Shmop_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_SysvSharedMemory_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_SysvSemaphore_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_Store_methods[] = {
	ZEND_ME(Shmx_Store, __construct, arginfo_class_Shmx_Store___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, get, arginfo_class_Shmx_Store_get, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, set, arginfo_class_Shmx_Store_set, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, add, arginfo_class_Shmx_Store_add, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, has, arginfo_class_Shmx_Store_has, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, delete, arginfo_class_Shmx_Store_delete, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, increment, arginfo_class_Shmx_Store_increment, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, decrement, arginfo_class_Shmx_Store_decrement, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, compareAndSwap, arginfo_class_Shmx_Store_compareAndSwap, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, lock, arginfo_class_Shmx_Store_lock, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, keys, arginfo_class_Shmx_Store_keys, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, count, arginfo_class_Shmx_Store_count, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, getIterator, arginfo_class_Shmx_Store_getIterator, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, clear, arginfo_class_Shmx_Store_clear, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, info, arginfo_class_Shmx_Store_info, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, destroy, arginfo_class_Shmx_Store_destroy, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, offsetExists, arginfo_class_Shmx_Store_offsetExists, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, offsetGet, arginfo_class_Shmx_Store_offsetGet, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, offsetSet, arginfo_class_Shmx_Store_offsetSet, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_Store, offsetUnset, arginfo_class_Shmx_Store_offsetUnset, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_Shmx_StoreIterator_methods[] = {
	ZEND_ME(Shmx_StoreIterator, __construct, arginfo_class_Shmx_StoreIterator___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(Shmx_StoreIterator, current, arginfo_class_Shmx_StoreIterator_current, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_StoreIterator, key, arginfo_class_Shmx_StoreIterator_key, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_StoreIterator, next, arginfo_class_Shmx_StoreIterator_next, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_StoreIterator, rewind, arginfo_class_Shmx_StoreIterator_rewind, ZEND_ACC_PUBLIC)
	ZEND_ME(Shmx_StoreIterator, valid, arginfo_class_Shmx_StoreIterator_valid, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_Shmx_Exception(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "Exception", class_Shmx_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);

	return class_entry;
}

static zend_class_entry *register_class_Shmx_FullException(zend_class_entry *class_entry_Shmx_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "FullException", class_Shmx_FullException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Shmx_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Shmx_TimeoutException(zend_class_entry *class_entry_Shmx_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "TimeoutException", class_Shmx_TimeoutException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Shmx_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Shmx_CorruptException(zend_class_entry *class_entry_Shmx_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "CorruptException", class_Shmx_CorruptException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_Shmx_Exception);

	return class_entry;
}

static zend_class_entry *register_class_Shmx_Segment(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "Segment", class_Shmx_Segment_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Shmx_Counter(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "Counter", class_Shmx_Counter_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Shmx_Mutex(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "Mutex", class_Shmx_Mutex_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Shmx_Semaphore(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "Semaphore", class_Shmx_Semaphore_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Shmx_Queue(zend_class_entry *class_entry_Countable)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "Queue", class_Shmx_Queue_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_Countable);

	return class_entry;
}

static zend_class_entry *register_class_Shmx_Shmop(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "Shmop", class_Shmx_Shmop_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Shmx_SysvSharedMemory(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "SysvSharedMemory", class_Shmx_SysvSharedMemory_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Shmx_SysvSemaphore(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "SysvSemaphore", class_Shmx_SysvSemaphore_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;

	return class_entry;
}

static zend_class_entry *register_class_Shmx_Store(zend_class_entry *class_entry_ArrayAccess, zend_class_entry *class_entry_Countable, zend_class_entry *class_entry_IteratorAggregate)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "Store", class_Shmx_Store_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 3, class_entry_ArrayAccess, class_entry_Countable, class_entry_IteratorAggregate);

	return class_entry;
}

static zend_class_entry *register_class_Shmx_StoreIterator(zend_class_entry *class_entry_Iterator)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "Shmx", "StoreIterator", class_Shmx_StoreIterator_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL|ZEND_ACC_NO_DYNAMIC_PROPERTIES|ZEND_ACC_NOT_SERIALIZABLE;
	zend_class_implements(class_entry, 1, class_entry_Iterator);

	return class_entry;
}
