--TEST--
Shmx: Mutex, Semaphore: a process whose pid is that of a dead holder does not own the dead holder's lock (no unlock or release frees it); another process takes it over
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php
if (!is_readable('/proc/self/stat')) die('skip needs /proc start times');
?>
--FILE--
<?php
require __DIR__ . '/sync.inc';
/* A holder that died leaves its pid in the lock word and in the owner record, and the record
 * says when that process started. Simulate a process that later got the same pid: lock, keep
 * the bytes, unlock, then write them back with another start time. The word and the owner
 * record then name this process, but the lock is the dead one's. */
$path = sys_get_temp_dir() . '/' . sync_name(__FILE__);
/* Where the lock and its owner record are: the Mutex's at 64 and 128, the one-permit
 * Semaphore's slot at 128 and its owner record right after the slot, at 192. */
foreach (['Mutex' => [64, 128], 'Semaphore' => [128, 192]] as $class => [$lockAt, $ownerAt]) {
    @unlink($path);
    $open = fn() => $class === 'Mutex' ? new Shmx\Mutex("file:$path") : new Shmx\Semaphore("file:$path", 1);
    $take = fn($o, $t) => $class === 'Mutex' ? $o->lock($t) : $o->acquire($t);
    $give = fn($o) => $class === 'Mutex' ? $o->unlock() : $o->release();
    $m = $open();
    $raw = new Shmx\Segment("file:$path", 0, 'w');
    $take($m, null);
    $lock = $raw->read($lockAt, 64);
    $owner = $raw->read($ownerAt, 8);
    $give($m);
    [, $word, $holder] = unpack('V2', $lock);
    echo "$class: word and records name this process: ", var_export(($word & 0x3fffff) === getmypid()
        && $holder === getmypid() && unpack('V', $owner)[1] === getmypid(), true), "\n";
    $dead = pack('VVP', $word, $holder, 1) . substr($lock, 16);
    $raw->write($dead, $lockAt);
    $raw->write($owner, $ownerAt);
    $try = fn() => $class === 'Mutex' ? $m->tryLock() : $m->tryAcquire();
    foreach (['give back' => fn() => $give($m), 'try' => $try] as $what => $f) {
        try {
            $r = var_export($f(), true);
            echo "$class: $what: $r\n";
        } catch (Error $e) {
            echo "$class: $what: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
    echo "$class: the dead holder's bytes are intact: ", var_export($raw->read($lockAt, 64) === $dead
        && $raw->read($ownerAt, 8) === $owner, true), "\n";
    /* Another process's wait looks at the record, finds the holder gone and takes it over. */
    $codes = sync_fork(1, function () use ($open, $take, $give) {
        $other = $open();
        $take($other, sync_bound(2.0));
        $give($other);
    });
    echo "$class: another process took it over: ", var_export($codes === [0], true), "\n";
    $take($m, 0);
    $give($m);
    echo "$class: then this process takes it normally\n";
    unset($m, $raw);
}
@unlink($path);
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink(sys_get_temp_dir() . '/' . sync_name(__FILE__));
?>
--EXPECTF--
Mutex: word and records name this process: true
Mutex: give back: Error: %s: this process does not hold the mutex
Mutex: try: Error: %s: the mutex is held by a dead process whose id this process now has; a lock() in another process takes it over
Mutex: the dead holder's bytes are intact: true
Mutex: another process took it over: true
Mutex: then this process takes it normally
Semaphore: word and records name this process: true
Semaphore: give back: Error: %s: this process holds no permit of the semaphore
Semaphore: try: false
Semaphore: the dead holder's bytes are intact: true
Semaphore: another process took it over: true
Semaphore: then this process takes it normally
