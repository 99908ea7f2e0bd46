--TEST--
Shmx: Mutex: lock(): mutual exclusion across 4 forked workers (a non-atomic update ends exact)
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$n = getenv('SHMX_STRESS') && !sync_slow() ? 20000 : 300;
$m = new Shmx\Mutex();
$seg = new Shmx\Segment(null, 16);
$codes = sync_fork(4, function (int $i) use ($m, $seg, $n) {
    for ($k = 0; $k < $n; $k++) {
        $m->lock();
        // read, yield the CPU now and then, write: lost updates unless exclusive
        $v = $seg->getInt(0);
        if ($k % 50 === 0) {
            usleep(10);
        }
        $seg->setInt(0, $v + 1);
        $inside = $seg->addInt(8, 1);
        if ($inside !== 1) {
            throw new Exception("$inside holders at once");
        }
        $seg->addInt(8, -1);
        $m->unlock();
    }
});
echo implode(',', $codes), "\n";
var_dump($seg->getInt(0) === 4 * $n);
?>
--EXPECT--
0,0,0,0
bool(true)
