--TEST--
Shmx: Mutex: a holder killed with SIGKILL never blocks the others; the next lock() gets it within a second
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$m = new Shmx\Mutex(sync_name(__FILE__));
$step = new Shmx\Counter();

// 1. The holder dies; a later lock() gets the mutex.
$codes = sync_fork(1, function () use ($m) {
    $m->lock();
    posix_kill(getmypid(), SIGKILL);
});
echo "holder: ", $codes[0] === -SIGKILL ? 'killed' : $codes[0], "\n";
$t0 = hrtime(true);
$m->lock(5.0);
$t = (hrtime(true) - $t0) / 1e9;
echo "recovered within a second: ", var_export($t < sync_bound(1.0), true), "\n";
$m->unlock();

// 2. A waiter already blocked in lock() (no timeout) when the holder dies.
$codes = sync_fork(2, function (int $i) use ($m, $step) {
    if ($i === 0) {
        $m->lock();
        $step->set(1);
        while ($step->get() < 2) {
            usleep(1000);
        }
        usleep(100000);             // let the waiter block
        $step->set(hrtime(true));
        posix_kill(getmypid(), SIGKILL);
    }
    while ($step->get() < 1) {
        usleep(1000);
    }
    $step->set(2);
    $m->lock();
    $waited = (hrtime(true) - $step->get()) / 1e9;
    if ($waited > sync_bound(1.0)) {
        throw new Exception("got it $waited s after the holder died");
    }
    $m->unlock();
});
echo "holder: ", $codes[0] === -SIGKILL ? 'killed' : $codes[0], ", waiter: $codes[1]\n";

// 3. The same with a timeout, and the mutex stays usable by everyone.
$codes = sync_fork(1, function () use ($m) {
    $m->lock();
    posix_kill(getmypid(), SIGKILL);
});
var_dump($m->tryLock());
$m->unlock();
$codes = sync_fork(1, function () use ($m) {
    $m->lock(1.0);
    $m->unlock();
});
echo "another process: $codes[0]\n";
$m->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECT--
holder: killed
recovered within a second: true
holder: killed, waiter: 0
bool(true)
another process: 0
