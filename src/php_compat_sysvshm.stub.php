<?php

/**
 * shmx.compat=1: ext/sysvshm's names, registered by shmx only where ext/sysvshm is not loaded.
 * Each function is the shmx_ one; it takes and returns \SysvSharedMemory when called by this name.
 *
 * @generate-class-entries
 */

/**
 * @strict-properties
 * @not-serializable
 */
final class SysvSharedMemory
{
}

/** @alias shmx_attach */
function shm_attach(int $key, ?int $size = null, int $permissions = 0666): SysvSharedMemory|false {}

/** @alias shmx_detach */
function shm_detach(SysvSharedMemory $shm): bool {}

/** @alias shmx_has_var */
function shm_has_var(SysvSharedMemory $shm, int $key): bool {}

/** @alias shmx_remove */
function shm_remove(SysvSharedMemory $shm): bool {}

/** @alias shmx_put_var */
function shm_put_var(SysvSharedMemory $shm, int $key, mixed $value): bool {}

/** @alias shmx_get_var */
function shm_get_var(SysvSharedMemory $shm, int $key): mixed {}

/** @alias shmx_remove_var */
function shm_remove_var(SysvSharedMemory $shm, int $key): bool {}
