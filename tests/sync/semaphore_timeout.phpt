--TEST--
Shmx: Semaphore: acquire($timeout): Shmx\TimeoutException after the timeout; a signal neither breaks nor lengthens it
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$s = new Shmx\Semaphore(null, 2);
$flag = new Shmx\Counter();
$signals = 0;
pcntl_async_signals(true);
pcntl_signal(SIGALRM, function () use (&$signals) {
    $signals++;
});
$codes = sync_fork(2, function (int $i) use ($s, $flag) {
    if ($i === 1) {
        while ($flag->get() < 1) {
            usleep(1000);
        }
        while ($flag->get() !== 3) {
            posix_kill(posix_getppid(), SIGALRM);
            usleep(20000);
        }
        return;
    }
    $s->acquire();
    $s->acquire();
    $flag->set(1);
    while ($flag->get() !== 2) {
        usleep(1000);
    }
    usleep(300000);
    $s->release();
    $s->release();
}, 60, function () use ($s, $flag) {
    while ($flag->get() < 1) {
        usleep(1000);
    }
    var_dump($s->tryAcquire(), $s->available());
    foreach ([0.0, 0.0005, 0.05, 0.4] as $t) {
        $t0 = hrtime(true);
        try {
            $s->acquire($t);
            echo "acquired\n";
        } catch (Shmx\TimeoutException $e) {
            $elapsed = (hrtime(true) - $t0) / 1e9;
            echo "timed out, elapsed >= timeout: ", var_export($elapsed >= $t, true), ", not lengthened: ",
                var_export($elapsed < $t + sync_bound(0.3), true), "\n";
        }
    }
    echo get_class($e), ': ', $e->getMessage(), "\n";
    try {
        $s->acquire(-1.0);
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    $flag->set(2);
    $t0 = hrtime(true);
    $s->acquire();                      // woken by the release, not by a poll slice
    echo "acquired after release\n";
    $s->release();
    $flag->set(3);
});
echo "workers: ", implode(',', $codes), ", signals handled: ", $signals > 3 ? 'yes' : "only $signals", "\n";
?>
--EXPECT--
bool(false)
int(0)
timed out, elapsed >= timeout: true, not lengthened: true
timed out, elapsed >= timeout: true, not lengthened: true
timed out, elapsed >= timeout: true, not lengthened: true
timed out, elapsed >= timeout: true, not lengthened: true
Shmx\TimeoutException: anonymous: timed out after 0.4 seconds waiting for a permit
ValueError: Shmx\Semaphore::acquire(): Argument #1 ($timeout) must be null or greater than or equal to 0
acquired after release
workers: 0,0, signals handled: yes
