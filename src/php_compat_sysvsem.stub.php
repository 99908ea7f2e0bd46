<?php

/**
 * shmx.compat=1: ext/sysvsem's names, registered by shmx only where ext/sysvsem is not loaded.
 * Each function is the shmx_sem_ one; it takes and returns \SysvSemaphore when called by this name.
 *
 * @generate-class-entries
 */

/**
 * @strict-properties
 * @not-serializable
 */
final class SysvSemaphore
{
}

/** @alias shmx_sem_get */
function sem_get(int $key, int $max_acquire = 1, int $permissions = 0666, bool $auto_release = true): SysvSemaphore|false {}

/** @alias shmx_sem_acquire */
function sem_acquire(SysvSemaphore $semaphore, bool $non_blocking = false): bool {}

/** @alias shmx_sem_release */
function sem_release(SysvSemaphore $semaphore): bool {}

/** @alias shmx_sem_remove */
function sem_remove(SysvSemaphore $semaphore): bool {}
