--TEST--
Shmx: Mutex: lock(): a signal neither breaks nor lengthens the wait
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$m = new Shmx\Mutex();
$flag = new Shmx\Counter();
$signals = 0;
pcntl_async_signals(true);
pcntl_signal(SIGALRM, function () use (&$signals) {
    $signals++;
});
$codes = sync_fork(2, function (int $i) use ($m, $flag) {
    if ($i === 1) {
        // SIGALRM to the waiting parent every 20 ms until it is done
        while ($flag->get() !== 3) {
            posix_kill(posix_getppid(), SIGALRM);
            usleep(20000);
        }
        return;
    }
    $m->lock();
    $flag->set(1);
    while ($flag->get() !== 2) {
        usleep(1000);
    }
    usleep(300000);
    $m->unlock();
}, 60, function () use ($m, $flag) {
    while ($flag->get() !== 1) {
        usleep(1000);
    }
    $t0 = hrtime(true);
    try {
        $m->lock(0.4);
        echo "locked\n";
    } catch (Shmx\TimeoutException $e) {
        $t = (hrtime(true) - $t0) / 1e9;
        echo "timed out, elapsed >= 0.4: ", var_export($t >= 0.4, true), ", not lengthened: ",
            var_export($t < 0.4 + sync_bound(0.3), true), "\n";
    }
    // and during an unbounded wait that the holder ends after 0.3 s
    $flag->set(2);
    $m->lock();
    echo "locked after the holder released\n";
    $m->unlock();
    $flag->set(3);
});
echo "workers: ", implode(',', $codes), ", signals handled: ", $signals > 3 ? 'yes' : "only $signals", "\n";
?>
--EXPECT--
timed out, elapsed >= 0.4: true, not lengthened: true
locked after the holder released
workers: 0,0, signals handled: yes
