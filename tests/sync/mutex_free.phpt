--TEST--
Shmx: Mutex: an object freed while it holds the lock releases it; a fork child owns nothing of its parent's
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$name = sync_name(__FILE__);
$m = new Shmx\Mutex($name);
$other = new Shmx\Mutex($name);

$m->lock();
unset($m);
var_dump($other->tryLock());        // freed while locked: released
$other->unlock();

$m = new Shmx\Mutex($name);
$m->lock();
$codes = sync_fork(1, function () use ($m, $other) {
    foreach ([$m, $other] as $h) {
        try {
            $h->unlock();
            echo "child unlocked the parent's lock\n";
        } catch (Error $e) {
            echo "child: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
    var_dump($m->tryLock());        // held by the parent
    // exit: the child's copies of $m and $other are freed here and must not unlock anything
});
echo implode(',', $codes), "\n";
$codes = sync_fork(1, function () use ($other) {
    var_dump($other->tryLock());    // still held by the parent
});
echo implode(',', $codes), "\n";
$m->unlock();                       // still ours

// Locked through $m, unlocked and re-locked through $other: freeing $m releases nothing.
$m->lock();
$other->unlock();
$other->lock();
unset($m);
$codes = sync_fork(1, function () use ($other) {
    var_dump($other->tryLock());
});
$other->unlock();
$other->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECTF--
bool(true)
child: Error: /shmx-sync-%s-mutex_free: this process does not hold the mutex
child: Error: /shmx-sync-%s-mutex_free: this process does not hold the mutex
bool(false)
0
bool(false)
0
bool(false)
