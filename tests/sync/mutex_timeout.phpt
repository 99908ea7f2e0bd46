--TEST--
Shmx: Mutex: lock($timeout): Shmx\TimeoutException after the timeout, measured on a monotonic clock
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$m = new Shmx\Mutex();
$flag = new Shmx\Counter(null);
$codes = sync_fork(1, function () use ($m, $flag) {
    $m->lock();
    $flag->set(1);
    while ($flag->get() !== 2) {
        usleep(1000);
    }
    $m->unlock();
}, 120, function () use ($m, $flag) {
    while ($flag->get() !== 1) {
        usleep(1000);
    }
    var_dump($m->tryLock());
    foreach ([0.0, 0.0005, 0.05, 0.2] as $t) {
        $t0 = hrtime(true);
        try {
            $m->lock($t);
            echo "locked\n";
        } catch (Shmx\TimeoutException $e) {
            $elapsed = (hrtime(true) - $t0) / 1e9;
            echo get_class($e), ' ', $e->getCode() === 0 || $e->getCode() === 110 ? 'code ok' : $e->getCode(),
                ', elapsed >= timeout: ', var_export($elapsed >= $t, true), "\n";
            if ($elapsed > $t + sync_bound(0.5)) {
                echo "too late: $elapsed\n";
            }
        }
    }
    echo get_class($e), ': ', $e->getMessage(), "\n";
    try {
        $m->lock(-0.001);
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    $flag->set(2);
    $m->lock(sync_bound(5.0));
    echo "locked after release\n";
    $m->unlock();
});
echo implode(',', $codes), "\n";
?>
--EXPECT--
bool(false)
Shmx\TimeoutException code ok, elapsed >= timeout: true
Shmx\TimeoutException code ok, elapsed >= timeout: true
Shmx\TimeoutException code ok, elapsed >= timeout: true
Shmx\TimeoutException code ok, elapsed >= timeout: true
Shmx\TimeoutException: anonymous: timed out after 0.2 seconds waiting for the mutex
ValueError: Shmx\Mutex::lock(): Argument #1 ($timeout) must be null or greater than or equal to 0
locked after release
0
