--TEST--
Shmx: Semaphore: the permits of a process killed with SIGKILL come back within a second
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$s = new Shmx\Semaphore(sync_name(__FILE__), 2);
$step = new Shmx\Counter();

// 1. A holder of both permits dies: available() counts them free, acquire() takes them.
$codes = sync_fork(1, function () use ($s) {
    $s->acquire();
    $s->acquire();
    posix_kill(getmypid(), SIGKILL);
});
echo "holder: ", $codes[0] === -SIGKILL ? 'killed' : $codes[0], ", available: ", $s->available(), "\n";
$t0 = hrtime(true);
$s->acquire(5.0);
$s->acquire(5.0);
echo "recovered within a second: ", var_export((hrtime(true) - $t0) / 1e9 < sync_bound(1.0), true), "\n";
var_dump($s->tryAcquire());
$s->release();
$s->release();

// 2. A waiter already blocked in acquire() (no timeout) when the holder dies.
$codes = sync_fork(2, function (int $i) use ($s, $step) {
    if ($i === 0) {
        $s->acquire();
        $s->acquire();
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
    $s->acquire();
    $waited = (hrtime(true) - $step->get()) / 1e9;
    if ($waited > sync_bound(1.0)) {
        throw new Exception("got a permit $waited s after the holder died");
    }
    $s->release();
});
echo "holder: ", $codes[0] === -SIGKILL ? 'killed' : $codes[0], ", waiter: $codes[1], available: ", $s->available(), "\n";
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECT--
holder: killed, available: 2
recovered within a second: true
bool(false)
holder: killed, waiter: 0, available: 2
