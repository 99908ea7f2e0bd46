--TEST--
Shmx: Mutex: lock(), tryLock(), unlock(): the process is the owner, misuse is an \Error
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/sync.inc';
function attempt(string $what, callable $f)
{
    try {
        $r = $f();
        echo "$what: ", var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$name = sync_name(__FILE__);
$a = new Shmx\Mutex($name);
$b = new Shmx\Mutex($name);
attempt('unlock unheld', fn() => $a->unlock());
attempt('tryLock', fn() => $a->tryLock());
attempt('lock again, same handle', fn() => $a->lock());
attempt('tryLock again, same handle', fn() => $a->tryLock());
attempt('lock through another handle', fn() => $b->lock(0.01));
attempt('unlock through another handle', fn() => $b->unlock());
attempt('unlock again', fn() => $a->unlock());
attempt('lock', fn() => $a->lock());
attempt('unlock', fn() => $a->unlock());
attempt('lock(0)', fn() => $b->lock(0));
attempt('unlock', fn() => $b->unlock());
$a->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECTF--
unlock unheld: Error: /shmx-sync-%s-mutex_basic: this process does not hold the mutex
tryLock: true
lock again, same handle: Error: /shmx-sync-%s-mutex_basic: this process already holds the mutex
tryLock again, same handle: Error: /shmx-sync-%s-mutex_basic: this process already holds the mutex
lock through another handle: Error: /shmx-sync-%s-mutex_basic: this process already holds the mutex
unlock through another handle: NULL
unlock again: Error: /shmx-sync-%s-mutex_basic: this process does not hold the mutex
lock: 2
unlock: NULL
lock(0): 3
unlock: NULL
