<?php

/**
 * shmx: shared memory for PHP processes. This stub is the authority for the public API
 * (../shared/API.md says the same); shmx_arginfo.h is generated from it by gen-stub.
 *
 * @generate-class-entries
 */

namespace Shmx {
    /** An operation the OS refused or that cannot be done; the code is errno where there is one. */
    class Exception extends \RuntimeException {}

    /** No room left for a value; nothing was evicted and the old value is still there. */
    class FullException extends Exception {}

    /** A lock, semaphore or wait ran out of time. */
    class TimeoutException extends Exception {}

    /** The memory is not a valid shmx layout. */
    class CorruptException extends Exception {}

    /**
     * Raw shared bytes with no header.
     * @strict-properties
     * @not-serializable
     */
    final class Segment
    {
        public function __construct(int|string|null $id = null, int $size = 0, string $mode = "c", int $permissions = 0600) {}

        public function read(int $offset = 0, ?int $length = null): string {}

        public function write(string $data, int $offset = 0): int {}

        public function size(): int {}

        public function id(): int|string|null {}

        public function stat(): array {}

        public function flush(): void {}

        public function destroy(): void {}

        public function getInt(int $offset): int {}

        public function setInt(int $offset, int $value): void {}

        public function addInt(int $offset, int $delta): int {}

        public function compareAndSwapInt(int $offset, int $expected, int $new): bool {}
    }

    /**
     * A lock-free shared 64-bit integer.
     * @strict-properties
     * @not-serializable
     */
    final class Counter
    {
        public function __construct(int|string|null $id = null, int $initial = 0, string $mode = "c", int $permissions = 0600) {}

        public function get(): int {}

        public function set(int $value): void {}

        public function increment(int $by = 1): int {}

        public function decrement(int $by = 1): int {}

        public function compareAndSwap(int $expected, int $new): bool {}

        public function destroy(): void {}
    }

    /**
     * A cross-process mutex owned by the process that locked it; a dead holder's lock passes on.
     * @strict-properties
     * @not-serializable
     */
    final class Mutex
    {
        public function __construct(int|string|null $id = null, string $mode = "c", int $permissions = 0600) {}

        public function lock(?float $timeout = null): int {}

        public function tryLock(): bool {}

        public function token(): ?int {}

        public function unlock(): void {}

        public function synchronized(callable $fn, ?float $timeout = null): mixed {}

        public function destroy(): void {}
    }

    /**
     * A cross-process counting semaphore; a dead holder's permits are given back.
     * @strict-properties
     * @not-serializable
     */
    final class Semaphore
    {
        public function __construct(int|string|null $id = null, int $permits = 1, string $mode = "c", int $permissions = 0600) {}

        public function acquire(?float $timeout = null): void {}

        public function tryAcquire(): bool {}

        public function release(): void {}

        public function available(): int {}

        public function destroy(): void {}
    }

    /**
     * A multi-producer, multi-consumer FIFO of typed values between processes; a process
     * killed inside push() or pop() loses no value whose push returned and delivers none twice.
     * @strict-properties
     * @not-serializable
     */
    final class Queue implements \Countable
    {
        public function __construct(int|string|null $id = null, int $capacityBytes = 1048576, string $mode = "c", int $permissions = 0600, array|bool|null $allowedClasses = null) {}

        public function push(mixed $value, ?float $timeout = null): void {}

        public function tryPush(mixed $value): bool {}

        public function pop(?float $timeout = null): mixed {}

        /** @param mixed $value */
        public function tryPop(mixed &$value): bool {}

        public function count(): int {}

        public function info(): array {}

        public function close(): void {}

        public function isClosed(): bool {}

        public function destroy(): void {}
    }

    /**
     * The handle shmx_open() returns: ext/shmop's Shmop under shmx's name.
     * @strict-properties
     * @not-serializable
     */
    final class Shmop {}

    /**
     * A segment in ext/sysvshm's layout, returned by shmx_attach() (section 9 of API.md).
     * @strict-properties
     * @not-serializable
     */
    final class SysvSharedMemory
    {
    }

    /**
     * A semaphore in ext/sysvsem's scheme, returned by shmx_sem_get().
     * @strict-properties
     * @not-serializable
     */
    final class SysvSemaphore
    {
    }

    /**
     * Typed variables in shared memory, shared by forked workers and unrelated processes.
     * @strict-properties
     * @not-serializable
     */
    final class Store implements \ArrayAccess, \Countable, \IteratorAggregate
    {
        public function __construct(int|string|null $id = null, int $size = 16 * 1024 * 1024, string $mode = "c", int $permissions = 0600, array|bool|null $allowedClasses = null) {}

        public function get(string $key, mixed $default = null): mixed {}

        public function set(string $key, mixed $value, int $ttl = 0): void {}

        public function add(string $key, mixed $value, int $ttl = 0): bool {}

        public function has(string $key): bool {}

        public function delete(string $key): bool {}

        public function increment(string $key, int|float $by = 1): int|float {}

        public function decrement(string $key, int|float $by = 1): int|float {}

        public function compareAndSwap(string $key, mixed $expected, mixed $new): bool {}

        public function lock(callable $fn, ?float $timeout = null): mixed {}

        public function keys(string $prefix = ""): array {}

        public function count(): int {}

        public function getIterator(): \Iterator {}

        public function clear(): void {}

        public function info(): array {}

        public function destroy(): void {}

        public function offsetExists(mixed $offset): bool {}

        public function offsetGet(mixed $offset): mixed {}

        public function offsetSet(mixed $offset, mixed $value): void {}

        public function offsetUnset(mixed $offset): void {}
    }

    /**
     * What Store::getIterator() returns: a snapshot of the store, its keys the strings they
     * were set with (a key "123" stays a string).
     * @strict-properties
     * @not-serializable
     */
    final class StoreIterator implements \Iterator
    {
        private function __construct() {}

        public function current(): mixed {}

        public function key(): ?string {}

        public function next(): void {}

        public function rewind(): void {}

        public function valid(): bool {}
    }

    /*
     * Looking at objects from outside, for the `shmx` command (bin/shmx). An id is an int or
     * numeric string (a System V key, "0x162e" too), "shmid:N" (a segment by its id),
     * "/name" or "name" (POSIX), or "file:/path". Objects are attached read-only and never
     * changed; foreign or damaged bytes are reported in "status", never a crash.
     */

    /** Every System V segment and every /dev/shm object, each as inspect() describes it. */
    function objects(): array {}

    /** What the object is and holds; Shmx\Exception (code ENOENT) if nothing has that id. */
    function inspect(int|string $id): array {}

    /** Removes the name (IPC_RMID, shm_unlink, unlink); Shmx\Exception (code ENOENT) if nothing has it. */
    function remove(int|string $id): void {}
}

/* ext/shmop's functions under the shmx_ prefix, with PHP 8.2's signatures and behaviour. */
namespace {
    function shmx_open(int $key, string $mode, int $permissions, int $size): Shmx\Shmop|false {}

    function shmx_read(Shmx\Shmop $shmop, int $offset, int $size): string {}

    /** @deprecated */
    function shmx_close(Shmx\Shmop $shmop): void {}

    function shmx_size(Shmx\Shmop $shmop): int {}

    function shmx_write(Shmx\Shmop $shmop, string $data, int $offset): int {}

    function shmx_delete(Shmx\Shmop $shmop): bool {}

    /* ext/sysvshm's functions under the shmx_ prefix, same signatures and behaviour. */

    function shmx_attach(int $key, ?int $size = null, int $permissions = 0666): Shmx\SysvSharedMemory|false {}

    function shmx_detach(Shmx\SysvSharedMemory $shm): bool {}

    function shmx_remove(Shmx\SysvSharedMemory $shm): bool {}

    function shmx_put_var(Shmx\SysvSharedMemory $shm, int $key, mixed $value): bool {}

    function shmx_has_var(Shmx\SysvSharedMemory $shm, int $key): bool {}

    function shmx_get_var(Shmx\SysvSharedMemory $shm, int $key): mixed {}

    function shmx_remove_var(Shmx\SysvSharedMemory $shm, int $key): bool {}

    /* ext/sysvsem's functions under the shmx_ prefix, same signatures and behaviour. */

    function shmx_sem_get(int $key, int $max_acquire = 1, int $permissions = 0666, bool $auto_release = true): Shmx\SysvSemaphore|false {}

    function shmx_sem_acquire(Shmx\SysvSemaphore $semaphore, bool $non_blocking = false): bool {}

    function shmx_sem_release(Shmx\SysvSemaphore $semaphore): bool {}

    function shmx_sem_remove(Shmx\SysvSemaphore $semaphore): bool {}
}

