--TEST--
Shmx: Mutex, Semaphore: bytes written into their lock words by another process are a CorruptException, a bounded wait or a recovered lock, never a crash
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
function lock_word(int $tid): int
{
    return $tid | ((stat('/proc/self/ns/pid')['ino'] % 511 + 1) << 22);
}
function outcome(callable $fn): string
{
    try {
        $r = $fn();
        return $r === false ? 'busy' : 'taken';
    } catch (Shmx\CorruptException $e) {
        return 'CorruptException: ' . preg_replace('/^[^:]*: /', '', $e->getMessage());
    } catch (Shmx\TimeoutException $e) {
        return 'TimeoutException';
    }
}
$sleeper = pcntl_fork();
if ($sleeper === 0) {
    sleep(60);
    exit(0);
}
$gone = pcntl_fork();
if ($gone === 0) {
    exit(0);
}
pcntl_waitpid($gone, $status);
$cases = [
    'no namespace tag' => 12345,
    'waiters bit alone' => 0x80000000,
    'a live stranger' => lock_word($sleeper),
    'a dead thread' => lock_word($gone),
];
// Mutex: its lock is the 64 bytes after the region header; Semaphore: slot 0 after its header.
foreach (['Mutex' => 64, 'Semaphore' => 128] as $class => $at) {
    $name = sync_name(__FILE__, "-$class");
    $obj = $class === 'Mutex' ? new Shmx\Mutex($name) : new Shmx\Semaphore($name, 1);
    $raw = new Shmx\Segment($name, 0, 'w');
    foreach ($cases as $what => $word) {
        $raw->write(pack('V', $word) . str_repeat("\0", 60), $at);
        $try = $class === 'Mutex' ? fn() => $obj->tryLock() : fn() => $obj->tryAcquire();
        $wait = $class === 'Mutex' ? fn() => $obj->lock(0.2) : fn() => $obj->acquire(0.2);
        $r = outcome($try);
        if ($r === 'busy') {
            $r .= ', then waiting: ' . outcome($wait);
        }
        echo "$class, $what: $r\n";
        if (str_starts_with($r, 'taken') || str_ends_with($r, 'taken')) {
            $class === 'Mutex' ? $obj->unlock() : $obj->release();
        }
    }
    $raw->write(str_repeat("\0", 64), $at);
    echo "$class, zeroed again: ", outcome($class === 'Mutex' ? fn() => $obj->tryLock() : fn() => $obj->tryAcquire()), "\n";
    unset($obj);
    $raw->destroy();
}
posix_kill($sleeper, SIGKILL);
pcntl_waitpid($sleeper, $status);
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
foreach (['Mutex', 'Semaphore'] as $c) {
    try { (new Shmx\Segment(sync_name(__FILE__, "-$c"), 0, 'w'))->destroy(); } catch (Throwable $e) {}
}
?>
--EXPECT--
Mutex, no namespace tag: CorruptException: the mutex is unusable: its lock word holds 0x00003039, which no shmx process writes
Mutex, waiters bit alone: CorruptException: the mutex is unusable: its lock word holds 0x80000000, which no shmx process writes
Mutex, a live stranger: busy, then waiting: TimeoutException
Mutex, a dead thread: taken
Mutex, zeroed again: taken
Semaphore, no namespace tag: CorruptException: the semaphore's slots are unusable (not a working shmx Semaphore)
Semaphore, waiters bit alone: CorruptException: the semaphore's slots are unusable (not a working shmx Semaphore)
Semaphore, a live stranger: busy, then waiting: TimeoutException
Semaphore, a dead thread: taken
Semaphore, zeroed again: taken
