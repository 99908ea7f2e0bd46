--TEST--
Shmx: Semaphore: acquire(): at most $permits holders at once across 6 forked workers
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$rounds = getenv('SHMX_STRESS') && !sync_slow() ? 300 : 15;
$s = new Shmx\Semaphore(null, 2);
$seg = new Shmx\Segment(null, 16);      // 0: holders now, 8: most holders seen
$codes = sync_fork(6, function (int $i) use ($s, $seg, $rounds) {
    for ($k = 0; $k < $rounds; $k++) {
        $s->acquire();
        $now = $seg->addInt(0, 1);
        do {
            $max = $seg->getInt(8);
        } while ($now > $max && !$seg->compareAndSwapInt(8, $max, $now));
        usleep(2000);
        $seg->addInt(0, -1);
        $s->release();
    }
});
echo implode(',', $codes), "\n";
echo "most holders at once: ", $seg->getInt(8), ", available: ", $s->available(), "\n";
?>
--EXPECT--
0,0,0,0,0,0
most holders at once: 2, available: 2
