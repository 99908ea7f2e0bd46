--TEST--
Shmx: kill storm: workers mixing Store, Counter, Mutex and Semaphore operations are SIGKILLed at random; every acknowledged operation is there and nothing stays locked
--EXTENSIONS--
shmx
pcntl
posix
--INI--
shmx.lock_timeout=20
--FILE--
<?php
/*
 * W workers loop over random operations. After each operation returns, the worker
 * acknowledges it in its own cells of a Segment (one atomic 8-byte add), so a kill loses at
 * most the acknowledgement of the one operation in flight. After the storm:
 *  - Counter, Store increment: total = sum of acks + at most one per kill;
 *  - Mutex and Store::lock(): a non-atomic read-modify-write inside the lock; a lost update
 *    (two holders at once) would leave the total below the acks;
 *  - Store set: each worker's last acknowledged sequence number (or the one in flight) is there;
 *  - Semaphore(2): no living holder loses its permit (its release() would be an \Error), and
 *    both permits are free at the end;
 *  - nothing stays held: the parent then takes every lock at once, and count() == keys().
 * Under SHMX_STRESS=1 (CI) 400 kills, else 40 (12 under valgrind).
 */
$valgrind = getenv('USE_ZEND_ALLOC') === '0' && getenv('USE_TRACKED_ALLOC') !== '1';   // not the --asan run
$kills = getenv('SHMX_STRESS') ? 400 : ($valgrind ? 12 : 40);
$tag = substr(md5(__DIR__), 0, 6);
$store = new Shmx\Store("/shmx-storm-$tag-store", 4 << 20, 'c');
$store->clear();
$counter = new Shmx\Counter("/shmx-storm-$tag-counter");
$counter->set(0);
$mutex = new Shmx\Mutex("/shmx-storm-$tag-mutex");
$sem = new Shmx\Semaphore("/shmx-storm-$tag-sem", 2);
// Cells: per worker 8 acks (see A_*), then shared cells from 512 on.
$cells = new Shmx\Segment(null, 4096);
const W = 4;
$W = W;
const A_COUNTER = 0, A_INCR = 1, A_MUTEX = 2, A_LOCK = 3, A_SET = 4, A_SEM = 5;
const C_MUTEX_SUM = 512, C_STOP = 536;
$ack = fn(int $w, int $a) => $w * 64 + $a * 8;

$work = function (int $w) use ($store, $counter, $mutex, $sem, $cells, $ack) {
    mt_srand(getmypid());
    $seq = $cells->getInt($ack($w, A_SET));
    while ($cells->getInt(C_STOP) === 0) {
        switch (mt_rand(0, 6)) {
            case 0:
                $counter->increment();
                $cells->addInt($ack($w, A_COUNTER), 1);
                break;
            case 1:
                $store->increment('incr');
                $cells->addInt($ack($w, A_INCR), 1);
                break;
            case 2:
                $mutex->synchronized(function () use ($cells) {
                    $v = $cells->getInt(C_MUTEX_SUM);
                    usleep(mt_rand(0, 200));
                    $cells->setInt(C_MUTEX_SUM, $v + 1);
                }, 20.0);
                $cells->addInt($ack($w, A_MUTEX), 1);
                break;
            case 3:
                $store->lock(function (Shmx\Store $s) {
                    $s->set('locked', $s->get('locked', 0) + 1);
                    $s->set('scratch', str_repeat('x', mt_rand(1, 3000)));
                });
                $cells->addInt($ack($w, A_LOCK), 1);
                break;
            case 4:
                $seq++;
                $store->set("seq:$w", $seq);
                $store->set("blob:$w:" . ($seq % 16), str_repeat(chr(65 + $seq % 26), $seq % 2000));
                $cells->setInt($ack($w, A_SET), $seq);
                break;
            case 5:
                // A permit taken from a living holder would make that holder's release() an
                // \Error (the slot no longer names it), which ends the worker with 3.
                $sem->acquire(20.0);
                usleep(mt_rand(0, 300));
                $sem->release();
                $cells->addInt($ack($w, A_SEM), 1);
                break;
            case 6:
                $store->delete("blob:$w:" . mt_rand(0, 15));
                $store->add("once:$w:" . mt_rand(0, 50), 1);
                break;
        }
    }
};
$spawn = function (int $w) use ($work) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        pcntl_alarm(300);
        try {
            $work($w);
        } catch (Throwable $e) {
            fwrite(STDERR, "worker $w: " . get_class($e) . ': ' . $e->getMessage() . "\n");
            exit(3);
        }
        exit(0);
    }
    return $pid;
};
$pids = [];
for ($w = 0; $w < $W; $w++) {
    $pids[$w] = $spawn($w);
}
$failures = [];
$killsOf = array_fill(0, $W, 0);
for ($k = 0; $k < $kills; $k++) {
    usleep(mt_rand(1000, $valgrind ? 200000 : 15000));
    $w = mt_rand(0, $W - 1);
    posix_kill($pids[$w], SIGKILL);
    pcntl_waitpid($pids[$w], $status);
    if (!pcntl_wifsignaled($status)) {
        $failures[] = "worker $w ended by itself with " . pcntl_wexitstatus($status);
    }
    $killsOf[$w]++;
    $pids[$w] = $spawn($w);
}
$cells->setInt(C_STOP, 1);
foreach ($pids as $w => $pid) {
    pcntl_waitpid($pid, $status);
    if (!pcntl_wifexited($status) || pcntl_wexitstatus($status) !== 0) {
        $failures[] = "worker $w's last run ended with " . (pcntl_wifexited($status) ? pcntl_wexitstatus($status) : 'signal ' . pcntl_wtermsig($status));
    }
}
$sum = fn(int $a) => array_sum(array_map(fn($w) => $cells->getInt($ack($w, $a)), range(0, $W - 1)));
$within = function (string $what, int $got, int $acked) use ($kills, &$failures) {
    if ($got < $acked || $got > $acked + $kills) {
        $failures[] = "$what: $got, acknowledged $acked, kills $kills";
    }
};
$within('Counter', $counter->get(), $sum(A_COUNTER));
$within('Store increment', $store->get('incr', 0), $sum(A_INCR));
$within('Mutex read-modify-write', $cells->getInt(C_MUTEX_SUM), $sum(A_MUTEX));
$within('Store::lock() read-modify-write', $store->get('locked', 0), $sum(A_LOCK));
for ($w = 0; $w < $W; $w++) {
    $acked = $cells->getInt($ack($w, A_SET));
    $got = $store->get("seq:$w", 0);
    // The restarted worker resumes from its acknowledgement, so the store holds it or the
    // one after it (in flight when the last kill came).
    if ($got !== $acked && $got !== $acked + 1) {
        $failures[] = "worker $w: seq $got, acknowledged $acked";
    }
}
// Nothing is left held: every lock is free (or recovered) at once.
$mutex->lock(5.0);
$mutex->unlock();
$sem->acquire(5.0);
$sem->acquire(5.0);
$sem->release();
$sem->release();
$store->lock(fn() => null, 5.0);
$store->set('after', 'storm');
if (count($store) !== count($store->keys())) {
    $failures[] = 'count() ' . count($store) . ' but ' . count($store->keys()) . ' keys';
}
echo $failures ? implode("\n", $failures) . "\n" : "no acknowledged operation lost, nothing left held\n";
echo "Semaphore permits available at the end: ", $sem->available(), "\n";
foreach ([$store, $counter, $mutex, $sem] as $o) {
    $o->destroy();
}
?>
--CLEAN--
<?php
$tag = substr(md5(__DIR__), 0, 6);
foreach (['store', 'counter', 'mutex', 'sem'] as $k) {
    try { (new Shmx\Segment("/shmx-storm-$tag-$k", 0, 'w'))->destroy(); } catch (Throwable $e) {}
}
?>
--EXPECT--
no acknowledged operation lost, nothing left held
Semaphore permits available at the end: 2
