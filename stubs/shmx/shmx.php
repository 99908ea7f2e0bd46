<?php

/**
 * IDE stubs for the shmx extension (shared memory for PHP processes), in the layout of
 * JetBrains' phpstorm-stubs: declarations only, never loaded at run time. The signatures are
 * the extension's own (tests/packaging/stubs_reflection.phpt compares them with Reflection of
 * the loaded extension); the text says what each call does, as README.md describes it.
 *
 * Every class takes the same int|string|null $id first: null is an anonymous mapping shared
 * with the children this process forks afterwards, an int a System V key (ftok()), "name" or
 * "/name" a POSIX object in /dev/shm, "file:/path" a regular file mapped MAP_SHARED. $mode is
 * 'c' (create or open), 'n' (create, fail if it exists), 'w' (open existing, read-write) or 'a'
 * (open existing, read-only); $permissions defaults to 0600 and is applied exactly.
 *
 * shmx defines no constants. With shmx.compat=1 it also registers ext/shmop's, ext/sysvshm's and
 * ext/sysvsem's own names (shmop_open(), Shmop, shm_attach(), ...) where those extensions are
 * not loaded; they are not declared here, since the standard stubs of those extensions
 * already describe them and a second declaration would clash in the IDE.
 */

namespace Shmx {
    /**
     * An operation the operating system refused, or one that cannot be done (a key not found,
     * a size that does not match, a value of the wrong type for increment()). The message names
     * the object (key 0x0000162e, /name, file:/path) and the reason; getCode() is the errno
     * where there is one.
     *
     * @since 0.1.0
     */
    class Exception extends \RuntimeException {}

    /**
     * No room left for a value. Nothing was evicted, and the key's old value is still there.
     *
     * @since 0.1.0
     */
    class FullException extends Exception {}

    /**
     * A lock, a semaphore permit or a wait ran out of time.
     *
     * @since 0.1.0
     */
    class TimeoutException extends Exception {}

    /**
     * The memory is not a valid shmx layout (another program's segment, another layout version,
     * damaged bytes), or a POSIX or file: object was truncated by another process while mapped
     * here. Opening such memory never crashes the process.
     *
     * @since 0.1.0
     */
    class CorruptException extends Exception {}

    /**
     * Raw shared bytes with no header, so that C programs, other languages and ext/shmop can
     * share them byte for byte. Any 8-byte aligned offset also holds a 64-bit integer that every
     * process can update atomically.
     *
     * @since 0.1.0
     */
    final class Segment
    {
        /**
         * Creates or opens a segment.
         *
         * @param int|string|null $id null (anonymous: this process and the children it forks
         *        afterwards), a System V key, a POSIX name ("name" or "/name") or "file:/path"
         * @param int $size bytes; needed (> 0) to create; when the segment exists, 0 or less
         *        than it has maps all of it, more than it has is a Shmx\Exception
         * @param string $mode 'c' create or open, 'n' create only, 'w' open read-write,
         *        'a' open read-only
         * @param int $permissions the permission bits of a new segment (0 to 0777), applied
         *        exactly whatever the umask
         * @throws \ValueError for a bad id, size, mode or permissions
         * @throws Exception when the system refuses (code: errno; EEXIST for 'n', ENOENT for
         *         'w'/'a', ENOSPC when a new POSIX or file: object does not fit its filesystem)
         * @since 0.1.0
         */
        public function __construct(int|string|null $id = null, int $size = 0, string $mode = "c", int $permissions = 0600) {}

        /**
         * Reads bytes.
         *
         * @param int $offset where to start, 0 to size() (size() gives "")
         * @param int|null $length how many bytes; null reads to the end
         * @return string the bytes
         * @throws \ValueError when the range leaves the segment
         * @throws CorruptException when the object was truncated by another process
         * @since 0.1.0
         */
        public function read(int $offset = 0, ?int $length = null): string {}

        /**
         * Writes bytes; never truncates silently.
         *
         * @param string $data the bytes to write
         * @param int $offset where to write them
         * @return int the number of bytes written (strlen($data))
         * @throws \ValueError when the data would not fit from $offset
         * @throws \Error through a handle opened read-only ('a')
         * @throws CorruptException when the object was truncated by another process
         * @since 0.1.0
         */
        public function write(string $data, int $offset = 0): int {}

        /**
         * @return int the size of the mapping in bytes
         * @since 0.1.0
         */
        public function size(): int {}

        /**
         * @return int|string|null null for an anonymous segment, the System V key (as ipcs
         *         shows it), "/name" or "file:/path"
         * @since 0.1.0
         */
        public function id(): int|string|null {}

        /**
         * What the system knows about the segment.
         *
         * @return array id, backend ('anon', 'sysv', 'posix', 'file'), shmid, size, permissions,
         *         uid, gid, creator_pid, last_pid, attached, atime, dtime, ctime, destroyed;
         *         a value the backend cannot know is null
         * @throws Exception when the system refuses
         * @since 0.1.0
         */
        public function stat(): array {}

        /**
         * Writes a file: segment's bytes to disk (msync); does nothing on other backends.
         *
         * @return void
         * @throws Exception when msync fails
         * @since 0.1.0
         */
        public function flush(): void {}

        /**
         * Removes the name (IPC_RMID, shm_unlink, unlink) so that nobody can open it again;
         * handles already open keep working.
         *
         * @return void
         * @throws Exception when the system refuses
         * @since 0.1.0
         */
        public function destroy(): void {}

        /**
         * Reads a 64-bit integer atomically.
         *
         * @param int $offset a multiple of 8 with 8 bytes after it
         * @return int the value (little-endian int64_t)
         * @throws \ValueError for an unaligned or out-of-range offset
         * @since 0.1.0
         */
        public function getInt(int $offset): int {}

        /**
         * Stores a 64-bit integer atomically.
         *
         * @param int $offset a multiple of 8 with 8 bytes after it
         * @param int $value the value to store
         * @return void
         * @throws \ValueError for an unaligned or out-of-range offset
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function setInt(int $offset, int $value): void {}

        /**
         * Adds to a 64-bit integer atomically; wraps around like the C atomic it is.
         *
         * @param int $offset a multiple of 8 with 8 bytes after it
         * @param int $delta what to add (negative to subtract)
         * @return int the new value
         * @throws \ValueError for an unaligned or out-of-range offset
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function addInt(int $offset, int $delta): int {}

        /**
         * Replaces a 64-bit integer if it holds the expected value, atomically.
         *
         * @param int $offset a multiple of 8 with 8 bytes after it
         * @param int $expected the value it must hold
         * @param int $new the value to store then
         * @return bool true if it held $expected and now holds $new
         * @throws \ValueError for an unaligned or out-of-range offset
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function compareAndSwapInt(int $offset, int $expected, int $new): bool {}
    }

    /**
     * A shared 64-bit integer that needs no lock: every call is one atomic operation, exact
     * with any number of processes, and overflow is refused instead of wrapping.
     *
     * @since 0.1.0
     */
    final class Counter
    {
        /**
         * Creates or opens a counter.
         *
         * @param int|string|null $id null, a System V key, a POSIX name or "file:/path"
         * @param int $initial the value when this call creates the counter (ignored otherwise)
         * @param string $mode 'c', 'n', 'w' or 'a' (read-only: only get())
         * @param int $permissions the permission bits of a new counter (0 to 0777)
         * @throws \ValueError for a bad id, mode or permissions
         * @throws Exception when the system refuses
         * @throws CorruptException when the id holds something that is not a Counter
         * @since 0.1.0
         */
        public function __construct(int|string|null $id = null, int $initial = 0, string $mode = "c", int $permissions = 0600) {}

        /**
         * @return int the current value
         * @since 0.1.0
         */
        public function get(): int {}

        /**
         * @param int $value the new value
         * @return void
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function set(int $value): void {}

        /**
         * @param int $by what to add
         * @return int the new value
         * @throws \ArithmeticError past PHP_INT_MAX or PHP_INT_MIN (the value is unchanged)
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function increment(int $by = 1): int {}

        /**
         * @param int $by what to subtract
         * @return int the new value
         * @throws \ArithmeticError past PHP_INT_MAX or PHP_INT_MIN (the value is unchanged)
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function decrement(int $by = 1): int {}

        /**
         * @param int $expected the value it must hold
         * @param int $new the value to store then
         * @return bool true if it held $expected and now holds $new
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function compareAndSwap(int $expected, int $new): bool {}

        /**
         * Removes the name; handles already open keep working.
         *
         * @return void
         * @throws Exception when the system refuses
         * @since 0.1.0
         */
        public function destroy(): void {}
    }

    /**
     * A cross-process mutex owned by the process that locked it (two handles in one process
     * are one owner). When the holder dies, however it dies, the next process that looks gets
     * it; an object freed while it holds the lock releases it. On a redis:// id it is a lease
     * renewed while held: a dead holder's lock passes on once its lease (lease= in the id)
     * runs out, not at once.
     *
     * Every acquisition gets a fencing token, larger than that of every earlier acquisition
     * of this mutex by any process: pass it to storage that refuses tokens smaller than the
     * largest it has seen, and a holder whose lock ran out (paused, cut off) cannot write.
     *
     * @since 0.1.0
     */
    final class Mutex
    {
        /**
         * Creates or opens a mutex.
         *
         * @param int|string|null $id null, a System V key, a POSIX name, "file:/path" or a
         *        Redis id (redis://host:port/prefix?lease=SECONDS...)
         * @param string $mode 'c', 'n', 'w' or 'a' (read-only: cannot lock)
         * @param int $permissions the permission bits of a new mutex (0 to 0777)
         * @throws \ValueError for a bad id, mode or permissions
         * @throws Exception when the system refuses, or on a platform without shmx's locks
         * @throws CorruptException when the id holds something that is not a Mutex
         * @since 0.1.0
         */
        public function __construct(int|string|null $id = null, string $mode = "c", int $permissions = 0600) {}

        /**
         * Waits for the mutex and takes it.
         *
         * @param float|null $timeout seconds to wait at most; null waits as long as it takes,
         *        0 tries once
         * @return int the fencing token of this acquisition (1 or more)
         * @throws TimeoutException when the time ran out
         * @throws \Error when this process already holds it, or through a read-only handle
         * @throws \ValueError for a negative timeout
         * @throws Exception on Redis: the server is down, refuses, or holds another type there
         * @since 0.1.0
         */
        public function lock(?float $timeout = null): int {}

        /**
         * Takes the mutex if it is free.
         *
         * @return bool true if this process now holds it (token() gives its fencing token),
         *         false if another one does
         * @throws \Error when this process already holds it, or through a read-only handle
         * @since 0.1.0
         */
        public function tryLock(): bool {}

        /**
         * The fencing token of the acquisition this process holds (what lock() returned, for
         * tryLock() and inside synchronized()), or null when it does not hold the mutex.
         *
         * @return int|null
         * @since 0.1.0
         */
        public function token(): ?int {}

        /**
         * @return void
         * @throws \Error when this process does not hold the mutex
         * @throws Exception on Redis: the lease ran out before unlock() (another process may
         *         have held it since), or the server could not be reached (the lease then runs out)
         * @since 0.1.0
         */
        public function unlock(): void {}

        /**
         * Calls $fn() holding the mutex, and unlocks however it ends (return, exception,
         * exit(), fatal error).
         *
         * @param callable $fn called with no arguments
         * @param float|null $timeout seconds to wait for the mutex at most; null: no limit
         * @return mixed what $fn returned
         * @throws TimeoutException when the mutex could not be taken in time
         * @throws \Error when this process already holds it
         * @since 0.1.0
         */
        public function synchronized(callable $fn, ?float $timeout = null): mixed {}

        /**
         * Removes the name; handles already open keep working.
         *
         * @return void
         * @throws Exception when the system refuses
         * @since 0.1.0
         */
        public function destroy(): void {}
    }

    /**
     * A cross-process counting semaphore. A process that dies holding permits gives them back
     * at once.
     *
     * @since 0.1.0
     */
    final class Semaphore
    {
        /**
         * Creates or opens a semaphore.
         *
         * @param int|string|null $id null, a System V key, a POSIX name or "file:/path"
         * @param int $permits 1 to 65536, fixed when this call creates the semaphore (ignored
         *        otherwise)
         * @param string $mode 'c', 'n', 'w' or 'a'
         * @param int $permissions the permission bits of a new semaphore (0 to 0777)
         * @throws \ValueError for a bad id, permit count, mode or permissions
         * @throws Exception when the system refuses, or on a platform without shmx's locks
         * @throws CorruptException when the id holds something that is not a Semaphore
         * @since 0.1.0
         */
        public function __construct(int|string|null $id = null, int $permits = 1, string $mode = "c", int $permissions = 0600) {}

        /**
         * Waits for a permit and takes it.
         *
         * @param float|null $timeout seconds to wait at most; null waits as long as it takes
         * @return void
         * @throws TimeoutException when the time ran out
         * @throws \Error when this process already holds every permit
         * @throws \ValueError for a negative timeout
         * @since 0.1.0
         */
        public function acquire(?float $timeout = null): void {}

        /**
         * Takes a permit if one is free.
         *
         * @return bool true if a permit was taken
         * @since 0.1.0
         */
        public function tryAcquire(): bool {}

        /**
         * Gives back one permit this process holds.
         *
         * @return void
         * @throws \Error when this process holds none
         * @since 0.1.0
         */
        public function release(): void {}

        /**
         * @return int the permits not held by a live process (a snapshot)
         * @since 0.1.0
         */
        public function available(): int {}

        /**
         * Removes the name; handles already open keep working.
         *
         * @return void
         * @throws Exception when the system refuses
         * @since 0.1.0
         */
        public function destroy(): void {}
    }

    /**
     * The handle shmx_open() returns (ext/shmop's Shmop under shmx's name): final, not
     * constructible, not clonable, not serializable.
     *
     * @since 0.1.0
     */
    final class Shmop {}

    /**
     * A segment in ext/sysvshm's own layout, returned by shmx_attach(): final, not
     * constructible, not clonable, not serializable.
     *
     * @since 0.1.0
     */
    final class SysvSharedMemory {}

    /**
     * A semaphore in ext/sysvsem's own scheme, returned by shmx_sem_get(): final, not
     * constructible, not clonable, not serializable.
     *
     * @since 0.1.0
     */
    final class SysvSemaphore {}

    /**
     * Typed variables in one shared memory region, shared by forked workers and unrelated
     * processes. Values keep their PHP type (null, bool, int, float and string natively; arrays
     * and objects serialized by shmx.serializer); every operation on a key is atomic; reads take
     * no lock; a process killed at any instant leaves a store the others go on using.
     *
     * @since 0.1.0
     */
    final class Store implements \ArrayAccess, \Countable, \IteratorAggregate
    {
        /**
         * Creates or opens a store.
         *
         * @param int|string|null $id null, a System V key, a POSIX name or "file:/path"
         * @param int $size the whole region in bytes (header and index included), at least
         *        20480 to create; 0 or less opens what is there
         * @param string $mode 'c', 'n', 'w' or 'a' (read-only: writes are an \Error)
         * @param int $permissions the permission bits of a new store (0 to 0777)
         * @param array|bool|null $allowedClasses which classes get() may create for this handle:
         *        true any, false none, a list of class names; null follows shmx.allowed_classes
         * @throws \ValueError for a bad id, size, mode, permissions or class list
         * @throws Exception when the system refuses (ENOSPC when it does not fit its filesystem)
         * @throws CorruptException when the memory is not a Store of this layout version
         * @since 0.1.0
         */
        public function __construct(int|string|null $id = null, int $size = 16 * 1024 * 1024, string $mode = "c", int $permissions = 0600, array|bool|null $allowedClasses = null) {}

        /**
         * @param string $key 1 to 65535 bytes, binary-safe
         * @param mixed $default returned when the key is missing or expired
         * @return mixed the value, with its type, or $default
         * @throws \ValueError for an empty or too long key
         * @throws Exception when the value's serializer is not loaded here
         * @since 0.1.0
         */
        public function get(string $key, mixed $default = null): mixed {}

        /**
         * Stores a value, replacing any old one.
         *
         * @param string $key 1 to 65535 bytes
         * @param mixed $value anything but a resource
         * @param int $ttl seconds until it expires; 0 never
         * @return void
         * @throws FullException when there is no room (nothing changed)
         * @throws TimeoutException when the writer lock was not free within shmx.lock_timeout
         * @throws \ValueError for a bad key or a negative ttl
         * @throws \TypeError for a resource
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function set(string $key, mixed $value, int $ttl = 0): void {}

        /**
         * Stores a value only if the key is missing (or expired): exactly one process wins.
         *
         * @param string $key 1 to 65535 bytes
         * @param mixed $value anything but a resource
         * @param int $ttl seconds until it expires; 0 never
         * @return bool true if it was stored, false if the key exists
         * @throws FullException when there is no room
         * @throws TimeoutException when the writer lock was not free in time
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function add(string $key, mixed $value, int $ttl = 0): bool {}

        /**
         * @param string $key 1 to 65535 bytes
         * @return bool whether the key has a live value
         * @since 0.1.0
         */
        public function has(string $key): bool {}

        /**
         * @param string $key 1 to 65535 bytes
         * @return bool true if a live value was removed, false if there was none
         * @throws TimeoutException when the writer lock was not free in time
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function delete(string $key): bool {}

        /**
         * Adds to an int or float atomically; a missing key starts at 0; the expiry is kept.
         *
         * @param string $key 1 to 65535 bytes
         * @param int|float $by what to add; int + float gives a float
         * @return int|float the new value
         * @throws Exception when the value is not an int or a float (it is unchanged)
         * @throws \ArithmeticError on int overflow (the value is unchanged)
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function increment(string $key, int|float $by = 1): int|float {}

        /**
         * Subtracts from an int or float atomically; a missing key starts at 0.
         *
         * @param string $key 1 to 65535 bytes
         * @param int|float $by what to subtract
         * @return int|float the new value
         * @throws Exception when the value is not an int or a float (it is unchanged)
         * @throws \ArithmeticError on int overflow (the value is unchanged)
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function decrement(string $key, int|float $by = 1): int|float {}

        /**
         * Replaces the value if it is the expected one: === for scalars, the same serialized
         * form for arrays and objects. A missing key never matches.
         *
         * @param string $key 1 to 65535 bytes
         * @param mixed $expected the value it must hold
         * @param mixed $new the value to store then
         * @return bool true if it was replaced
         * @throws FullException when there is no room for $new
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function compareAndSwap(string $key, mixed $expected, mixed $new): bool {}

        /**
         * Calls $fn($store) holding the writer lock: no other process writes meanwhile (reads go
         * on). Writes inside $fn through any handle of this process do not deadlock; an
         * exception, exit() or a fatal error releases the lock.
         *
         * @param callable $fn called with this Store
         * @param float|null $timeout seconds to wait for the lock; null: shmx.lock_timeout
         * @return mixed what $fn returned
         * @throws TimeoutException when the lock was not free in time
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function lock(callable $fn, ?float $timeout = null): mixed {}

        /**
         * @param string $prefix only keys that start with it; "" for all
         * @return array the live keys (strings)
         * @since 0.1.0
         */
        public function keys(string $prefix = ""): array {}

        /**
         * @return int the number of live entries
         * @since 0.1.0
         */
        public function count(): int {}

        /**
         * A snapshot taken when iteration starts: its keys, then each value as get() reads it.
         *
         * @return \Iterator key => value for the live entries
         * @since 0.1.0
         */
        public function getIterator(): \Iterator {}

        /**
         * Removes every entry.
         *
         * @return void
         * @throws TimeoutException when the writer lock was not free in time
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function clear(): void {}

        /**
         * @return array id, backend, size, used, free (used + free == size), entries, hits,
         *         misses, layout_version
         * @since 0.1.0
         */
        public function info(): array {}

        /**
         * Removes the name; handles already open keep working.
         *
         * @return void
         * @throws Exception when the system refuses
         * @since 0.1.0
         */
        public function destroy(): void {}

        /**
         * isset($store[$key]).
         *
         * @param mixed $offset the key (an int is its decimal string)
         * @return bool whether it has a live value
         * @since 0.1.0
         */
        public function offsetExists(mixed $offset): bool {}

        /**
         * $store[$key]: get($key).
         *
         * @param mixed $offset the key (an int is its decimal string)
         * @return mixed the value, or null
         * @since 0.1.0
         */
        public function offsetGet(mixed $offset): mixed {}

        /**
         * $store[$key] = $value: set($key, $value).
         *
         * @param mixed $offset the key; null ($store[] = ...) is an \Error
         * @param mixed $value anything but a resource
         * @return void
         * @throws FullException when there is no room
         * @throws \Error for $store[] = ..., or through a read-only handle
         * @since 0.1.0
         */
        public function offsetSet(mixed $offset, mixed $value): void {}

        /**
         * unset($store[$key]): delete($key).
         *
         * @param mixed $offset the key
         * @return void
         * @throws \Error through a read-only handle
         * @since 0.1.0
         */
        public function offsetUnset(mixed $offset): void {}
    }

    /**
     * What Store::getIterator() returns: a snapshot of the store taken when iteration starts,
     * its keys the strings they were set with (a key "123" stays the string "123"). Final, not
     * constructible from PHP code.
     *
     * @since 0.1.0
     */
    final class StoreIterator implements \Iterator
    {
        /**
         * Not callable: Store::getIterator() makes these.
         *
         * @since 0.1.0
         */
        private function __construct() {}

        /**
         * @return mixed the value at the current position, null past the end
         * @since 0.1.0
         */
        public function current(): mixed {}

        /**
         * @return string|null the key at the current position, as set; null past the end
         * @since 0.1.0
         */
        public function key(): ?string {}

        /**
         * Moves to the next entry.
         *
         * @return void
         * @since 0.1.0
         */
        public function next(): void {}

        /**
         * Goes back to the first entry of the snapshot.
         *
         * @return void
         * @since 0.1.0
         */
        public function rewind(): void {}

        /**
         * @return bool whether the current position holds an entry
         * @since 0.1.0
         */
        public function valid(): bool {}
    }

    /**
     * A multi-producer, multi-consumer FIFO queue of PHP values in shared memory. Values are
     * typed as in the Store; a process killed inside push() or pop() never loses a message
     * whose push returned, never delivers one twice and never blocks the others.
     *
     * @since 0.1.0
     */
    final class Queue implements \Countable
    {
        /**
         * Creates or opens a queue.
         *
         * @param int|string|null $id null, a System V key, a POSIX name or "file:/path"
         * @param int $capacityBytes the ring's size in bytes when creating; an existing queue
         *        is opened whatever its capacity
         * @param string $mode 'c', 'n', 'w' or 'a' (read-only: push and pop are an \Error)
         * @param int $permissions the permission bits of a new queue (0 to 0777)
         * @param array|bool|null $allowedClasses which classes pop() may create for this handle:
         *        true any, false none, a list of class names; null follows shmx.allowed_classes
         * @throws \ValueError for a bad id, capacity, mode, permissions or class list
         * @throws Exception when the system refuses
         * @throws CorruptException when the memory is not a Queue of this layout version
         * @since 0.1.0
         */
        public function __construct(int|string|null $id = null, int $capacityBytes = 1048576, string $mode = "c", int $permissions = 0600, array|bool|null $allowedClasses = null) {}

        /**
         * Appends a value, waiting for room.
         *
         * @param mixed $value anything but a resource
         * @param float|null $timeout seconds to wait for room; null forever
         * @return void
         * @throws TimeoutException when there was no room in time
         * @throws Exception when the queue is closed
         * @throws \ValueError for a value larger than the capacity
         * @since 0.1.0
         */
        public function push(mixed $value, ?float $timeout = null): void {}

        /**
         * Appends a value if there is room now.
         *
         * @param mixed $value anything but a resource
         * @return bool false when the queue is full
         * @throws Exception when the queue is closed
         * @throws \ValueError for a value larger than the capacity
         * @since 0.1.0
         */
        public function tryPush(mixed $value): bool {}

        /**
         * Takes the oldest value, waiting for one.
         *
         * @param float|null $timeout seconds to wait for a message; null forever
         * @return mixed the value, with its type
         * @throws TimeoutException when no message came in time
         * @throws Exception when the queue is closed and empty
         * @since 0.1.0
         */
        public function pop(?float $timeout = null): mixed {}

        /**
         * Takes the oldest value if there is one now.
         *
         * @param mixed $value receives the value
         * @return bool false when the queue is empty
         * @since 0.1.0
         */
        public function tryPop(mixed &$value): bool {}

        /**
         * @return int the number of messages waiting
         * @since 0.1.0
         */
        public function count(): int {}

        /**
         * @return array id, backend, capacity, used, free, count, pushed, popped, closed, layout_version
         * @since 0.1.0
         */
        public function info(): array {}

        /**
         * Closes the queue for good: pushes fail from now on, pops drain what is left.
         *
         * @return void
         * @since 0.1.0
         */
        public function close(): void {}

        /**
         * @return bool whether close() was called
         * @since 0.1.0
         */
        public function isClosed(): bool {}

        /**
         * Removes the name; handles already open keep working.
         *
         * @return void
         * @since 0.1.0
         */
        public function destroy(): void {}
    }

    /**
     * Every System V segment and every /dev/shm object, each described as inspect() does.
     *
     * @return array a list of arrays with inspect()'s keys
     * @since 0.1.0
     */
    function objects(): array {}

    /**
     * What an object is and holds, read without changing it; foreign or damaged memory is
     * reported in "status", never trusted.
     *
     * @param int|string $id a System V key (or "0x..."), "shmid:N", "/name" or "file:/path"
     * @return array backend, size, owner, permissions, attached, creator, kind, status and the
     *         kind's facts (entries, value, holder, permits...), null where unknown
     * @throws Exception (code ENOENT) when nothing has that id
     * @throws \ValueError for a malformed id
     * @since 0.1.0
     */
    function inspect(int|string $id): array {}

    /**
     * Removes an object's name (IPC_RMID, shm_unlink, unlink).
     *
     * @param int|string $id a System V key (or "0x..."), "shmid:N", "/name" or "file:/path"
     * @return void
     * @throws Exception (code ENOENT) when nothing has that id
     * @throws \ValueError for a malformed id
     * @since 0.1.0
     */
    function remove(int|string $id): void {}
}

namespace {
    /**
     * shmop_open() under shmx's name: opens or creates a System V segment, with PHP 8.2's
     * signature and behaviour (warnings and false).
     *
     * @param int $key the System V key (ftok()); 0 is IPC_PRIVATE
     * @param string $mode "a" read-only, "w" read-write, "c" create or open, "n" create only
     * @param int $permissions the permission bits of a new segment
     * @param int $size the size of a new segment in bytes (0 to open an existing one)
     * @return Shmx\Shmop|false the handle, or false with a warning
     * @throws ValueError for a bad mode, size or out-of-range key
     * @since 0.1.0
     */
    function shmx_open(int $key, string $mode, int $permissions, int $size): Shmx\Shmop|false {}

    /**
     * shmop_read() under shmx's name.
     *
     * @param Shmx\Shmop $shmop the handle
     * @param int $offset where to start
     * @param int $size how many bytes
     * @return string the bytes
     * @throws ValueError when the range leaves the segment
     * @since 0.1.0
     */
    function shmx_read(Shmx\Shmop $shmop, int $offset, int $size): string {}

    /**
     * shmop_close() under shmx's name: does nothing (the handle is freed with its object).
     *
     * @param Shmx\Shmop $shmop the handle
     * @return void
     * @since 0.1.0
     * @deprecated as shmop_close() is since PHP 8.0
     */
    function shmx_close(Shmx\Shmop $shmop): void {}

    /**
     * shmop_size() under shmx's name.
     *
     * @param Shmx\Shmop $shmop the handle
     * @return int the segment's size in bytes
     * @since 0.1.0
     */
    function shmx_size(Shmx\Shmop $shmop): int {}

    /**
     * shmop_write() under shmx's name: writes what fits (PHP 8.2's partial write).
     *
     * @param Shmx\Shmop $shmop the handle
     * @param string $data the bytes
     * @param int $offset where to write them
     * @return int the number of bytes written
     * @throws ValueError for an offset outside the segment
     * @throws Error through a handle opened with "a"
     * @since 0.1.0
     */
    function shmx_write(Shmx\Shmop $shmop, string $data, int $offset): int {}

    /**
     * shmop_delete() under shmx's name: marks the segment for removal (IPC_RMID).
     *
     * @param Shmx\Shmop $shmop the handle
     * @return bool true on success, false with a warning
     * @since 0.1.0
     */
    function shmx_delete(Shmx\Shmop $shmop): bool {}

    /**
     * shm_attach() under shmx's name: a segment in ext/sysvshm's own layout, shared with
     * processes that use the original.
     *
     * @param int $key the System V key
     * @param int|null $size the size of a new segment; null: sysvshm.init_mem (10000)
     * @param int $permissions the permission bits of a new segment
     * @return Shmx\SysvSharedMemory|false the handle, or false with a warning
     * @throws ValueError for a size below 1 or an out-of-range key
     * @since 0.1.0
     */
    function shmx_attach(int $key, ?int $size = null, int $permissions = 0666): Shmx\SysvSharedMemory|false {}

    /**
     * shm_detach() under shmx's name.
     *
     * @param Shmx\SysvSharedMemory $shm the handle
     * @return bool true
     * @since 0.1.0
     */
    function shmx_detach(Shmx\SysvSharedMemory $shm): bool {}

    /**
     * shm_remove() under shmx's name: removes the segment (IPC_RMID).
     *
     * @param Shmx\SysvSharedMemory $shm the handle
     * @return bool true on success, false with a warning
     * @since 0.1.0
     */
    function shmx_remove(Shmx\SysvSharedMemory $shm): bool {}

    /**
     * shm_put_var() under shmx's name: stores serialize($value) under $key; a value that does
     * not fit leaves the old one in place.
     *
     * @param Shmx\SysvSharedMemory $shm the handle
     * @param int $key the variable's key
     * @param mixed $value the value
     * @return bool true, or false with a warning
     * @since 0.1.0
     */
    function shmx_put_var(Shmx\SysvSharedMemory $shm, int $key, mixed $value): bool {}

    /**
     * shm_has_var() under shmx's name.
     *
     * @param Shmx\SysvSharedMemory $shm the handle
     * @param int $key the variable's key
     * @return bool whether the variable exists
     * @since 0.1.0
     */
    function shmx_has_var(Shmx\SysvSharedMemory $shm, int $key): bool {}

    /**
     * shm_get_var() under shmx's name, parsed from a private copy.
     *
     * @param Shmx\SysvSharedMemory $shm the handle
     * @param int $key the variable's key
     * @return mixed the value, or false with a warning when it is missing or damaged
     * @since 0.1.0
     */
    function shmx_get_var(Shmx\SysvSharedMemory $shm, int $key): mixed {}

    /**
     * shm_remove_var() under shmx's name.
     *
     * @param Shmx\SysvSharedMemory $shm the handle
     * @param int $key the variable's key
     * @return bool true, or false with a warning when it is missing
     * @since 0.1.0
     */
    function shmx_remove_var(Shmx\SysvSharedMemory $shm, int $key): bool {}

    /**
     * sem_get() under shmx's name: a semaphore in ext/sysvsem's own scheme, shared with
     * processes that use the original.
     *
     * @param int $key the System V key
     * @param int $max_acquire how many processes may hold it at once (set by its first user)
     * @param int $permissions the permission bits of a new semaphore set
     * @param bool $auto_release release what this handle holds when it is freed
     * @return Shmx\SysvSemaphore|false the handle, or false with a warning
     * @throws ValueError for an out-of-range key
     * @since 0.1.0
     */
    function shmx_sem_get(int $key, int $max_acquire = 1, int $permissions = 0666, bool $auto_release = true): Shmx\SysvSemaphore|false {}

    /**
     * sem_acquire() under shmx's name.
     *
     * @param Shmx\SysvSemaphore $semaphore the handle
     * @param bool $non_blocking return false at once instead of waiting
     * @return bool true when acquired, false (silently, with $non_blocking) otherwise
     * @since 0.1.0
     */
    function shmx_sem_acquire(Shmx\SysvSemaphore $semaphore, bool $non_blocking = false): bool {}

    /**
     * sem_release() under shmx's name.
     *
     * @param Shmx\SysvSemaphore $semaphore the handle
     * @return bool true, or false with a warning when it is not acquired
     * @since 0.1.0
     */
    function shmx_sem_release(Shmx\SysvSemaphore $semaphore): bool {}

    /**
     * sem_remove() under shmx's name: removes the semaphore set (IPC_RMID).
     *
     * @param Shmx\SysvSemaphore $semaphore the handle
     * @return bool true, or false with a warning
     * @since 0.1.0
     */
    function shmx_sem_remove(Shmx\SysvSemaphore $semaphore): bool {}
}
