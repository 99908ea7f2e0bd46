--TEST--
Shmx under a real PHP-FPM: 8 concurrent clients x 50 requests to 4 workers; the Store key and the Counter end exactly at the number of requests served, and every returned value is unique
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php
require __DIR__ . '/fpm.inc';
fpm_test_skipif();
?>
--FILE--
<?php
require __DIR__ . '/fpm.inc';
$storeId = store_test_name('fpm-concurrent');
$counterId = store_test_name('fpm-concurrent-c');
store_test_destroy($storeId);
try { (new Shmx\Counter($counterId, 0, 'w'))->destroy(); } catch (Throwable $e) {}
$store = new Shmx\Store($storeId, 4 << 20, 'n');
$counter = new Shmx\Counter($counterId, 0, 'n');

$fpm = fpm_test_start('concurrent', [
    'count.php' => fpm_test_script(['storeId' => $storeId, 'counterId' => $counterId], <<<'PHP'
        $store = new Shmx\Store($storeId);
        $counter = new Shmx\Counter($counterId);
        $n = $store->increment('n');
        $c = $counter->increment();
        $store->increment('pid:' . getmypid());
        echo json_encode(['pid' => getmypid(), 'n' => $n, 'counter' => $c]);
        PHP),
]);

[$clients, $each] = store_test_under_valgrind() ? [4, 10] : [8, 50];
// Each client records in the anonymous Segment how many requests it got a valid answer to, and
// in a second one which n and counter values it was given (one bit per value).
$ok = new Shmx\Segment(null, 8 * $clients);
$max = $clients * $each;
$bits = new Shmx\Segment(null, 8 * 2 * ($max + 1));
$codes = store_test_fork($clients, function (int $i) use ($fpm, $each, $ok, $bits, $max) {
    for ($j = 0; $j < $each; $j++) {
        $r = fpm_test_json($fpm, 'count.php', "c=$i&r=$j");
        if ($r === null || !is_int($r['n']) || !is_int($r['counter'])) {
            continue;
        }
        $ok->addInt(8 * $i, 1);
        foreach ([0 => $r['n'], 1 => $r['counter']] as $which => $v) {
            if ($v >= 1 && $v <= $max) {
                $bits->addInt(8 * ($which * ($max + 1) + $v), 1);
            }
        }
    }
    return 0;
}, store_test_under_valgrind() ? 500 : 120);
echo "clients exited 0: ", var_export(array_unique($codes) === [0], true), "\n";
$served = 0;
for ($i = 0; $i < $clients; $i++) {
    $served += $ok->getInt(8 * $i);
}
echo "served all: ", var_export($served === $max, true), "\n";
echo "store n = served: ", var_export($store->get('n') === $served, true), ", counter = served: ", var_export($counter->get() === $served, true), "\n";
if ($store->get('n') !== $served || $counter->get() !== $served) {
    echo "served $served, n ", $store->get('n'), ", counter ", $counter->get(), "\n";
}
// Every value from 1 to served handed out exactly once, by the Store and by the Counter.
foreach (['n' => 0, 'counter' => 1] as $name => $which) {
    $once = 0;
    for ($v = 1; $v <= $served; $v++) {
        $once += $bits->getInt(8 * ($which * ($max + 1) + $v)) === 1 ? 1 : 0;
    }
    echo "$name: each value returned once: ", var_export($once === $served, true), "\n";
}
$perPid = [];
foreach ($store->keys('pid:') as $key) {
    $perPid[(int)substr($key, 4)] = $store->get($key);
}
echo "per-worker counts add up: ", var_export(array_sum($perPid) === $served, true),
    ", served by pool workers only: ", var_export(array_diff(array_keys($perPid), $fpm['workers']) === [], true),
    ", more than one worker: ", var_export(count($perPid) > 1, true), "\n";

echo "killed at stop: ", fpm_test_stop($fpm), "\n";
$store->destroy();
$counter->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/fpm.inc';
fpm_test_clean('concurrent');
store_test_destroy(store_test_name('fpm-concurrent'));
try { (new Shmx\Counter(store_test_name('fpm-concurrent-c'), 0, 'w'))->destroy(); } catch (Throwable $e) {}
?>
--EXPECT--
clients exited 0: true
served all: true
store n = served: true, counter = served: true
n: each value returned once: true
counter: each value returned once: true
per-worker counts add up: true, served by pool workers only: true, more than one worker: true
killed at stop: 0
