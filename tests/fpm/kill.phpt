--TEST--
Shmx under a real PHP-FPM: a worker SIGKILLed mid-request inside Store::lock() loses nothing it committed; php-fpm respawns it, the lock is free again at once, and every worker goes on counting
--EXTENSIONS--
shmx
posix
--SKIPIF--
<?php
require __DIR__ . '/fpm.inc';
fpm_test_skipif();
?>
--FILE--
<?php
require __DIR__ . '/fpm.inc';
$storeId = store_test_name('fpm-kill');
$counterId = store_test_name('fpm-kill-c');
store_test_destroy($storeId);
try { (new Shmx\Counter($counterId, 0, 'w'))->destroy(); } catch (Throwable $e) {}
$store = new Shmx\Store($storeId, 1 << 20, 'n');
$counter = new Shmx\Counter($counterId, 0, 'n');
$slow = store_test_under_valgrind() ? 4 : 1;

$ids = ['storeId' => $storeId, 'counterId' => $counterId];
$fpm = fpm_test_start('kill', [
    'count.php' => fpm_test_script($ids, <<<'PHP'
        $store = new Shmx\Store($storeId);
        $counter = new Shmx\Counter($counterId);
        echo json_encode(['pid' => getmypid(), 'n' => $store->increment('n'), 'counter' => $counter->increment()]);
        PHP),
    // Increments, says so (the committed marker, with its pid), then hangs holding the lock.
    'hang.php' => fpm_test_script($ids, <<<'PHP'
        $store = new Shmx\Store($storeId);
        $counter = new Shmx\Counter($counterId);
        $store->lock(function (Shmx\Store $s) use ($counter) {
            $s->increment('n');
            $counter->increment();
            $s->set('hang:pid', getmypid());
            sleep(100);
        }, 5.0);
        echo json_encode(['pid' => getmypid(), 'finished' => true]);
        PHP),
    'lock.php' => fpm_test_script($ids, <<<'PHP'
        $store = new Shmx\Store($storeId);
        $counter = new Shmx\Counter($counterId);
        $t = microtime(true);
        $n = $store->lock(fn(Shmx\Store $s) => $s->increment('n'), 2.0);
        $waited = microtime(true) - $t;
        echo json_encode(['pid' => getmypid(), 'n' => $n, 'counter' => $counter->increment(), 'waited' => $waited]);
        PHP),
]);
$master = $fpm['pid'];
$expected = 0;
$failed = 0;
for ($k = 0; $k < 10; $k++) {
    fpm_test_json($fpm, 'count.php') === null ? $failed++ : $expected++;
}
echo "before: $expected served, $failed failed\n";

$hung = fpm_test_send($fpm, 'hang.php');
$deadline = microtime(true) + 30 * $slow;
while (!$store->has('hang:pid') && microtime(true) < $deadline) {
    usleep(5000);
}
$victim = $store->get('hang:pid');
$expected++;
echo "marker written by a worker: ", var_export(in_array($victim, fpm_test_children($master), true), true), "\n";
try {
    $store->lock(fn() => null, 0.1);
    echo "lock while it hangs: free\n";
} catch (Shmx\TimeoutException $e) {
    echo "lock while it hangs: held\n";
}
posix_kill($victim, SIGKILL);
echo "hung request answered: ", var_export(fpm_test_response($hung) !== null, true), "\n";

// php-fpm respawns it.
$deadline = microtime(true) + 30 * $slow;
do {
    usleep(10000);
    $workers = fpm_test_children($master);
} while ((count($workers) !== 4 || in_array($victim, $workers, true)) && microtime(true) < $deadline);
echo "respawned: ", count($workers), " workers, the killed one gone: ", var_export(!in_array($victim, $workers, true) && posix_kill($victim, 0) === false, true), "\n";
$log = @file_get_contents($fpm['dir'] . '/fpm.log');
echo "php-fpm logged the SIGKILL: ", var_export(str_contains($log, "child $victim exited on signal 9"), true), "\n";

// The committed increments are there, and nothing stays locked.
echo "committed: n ", $store->get('n') === $expected ? 'exact' : $store->get('n') . " != $expected",
    ", counter ", $counter->get() === $expected ? 'exact' : $counter->get() . " != $expected", "\n";
$t = microtime(true);
$store->set('after', 1);
$n = $store->lock(fn(Shmx\Store $s) => $s->increment('n'), 2.0);
$counter->increment();
$expected++;
echo "here: set and lock() at once: ", var_export(microtime(true) - $t < 1.0 * $slow && $n === $expected, true), "\n";

// Every worker, the respawned one too, takes the lock at once and counts.
$seen = [];
$bad = 0;
for ($k = 0; $k < 100 && count($seen) < 4; $k++) {
    $r = fpm_test_json($fpm, 'lock.php');
    if ($r === null || $r['waited'] >= 1.0 * $slow) {
        $bad++;
        continue;
    }
    $expected++;
    $seen[$r['pid']] = true;
}
echo "lock.php: workers ", count(array_intersect(array_keys($seen), $workers)), ", failed or slow: $bad\n";
for ($k = 0; $k < 10; $k++) {
    fpm_test_json($fpm, 'count.php') === null ? $failed++ : $expected++;
}
echo "after: $failed failed; n ", $store->get('n') === $expected ? 'exact' : $store->get('n') . " != $expected",
    ", counter ", $counter->get() === $expected ? 'exact' : $counter->get() . " != $expected", "\n";

echo "killed at stop: ", fpm_test_stop($fpm), "\n";
$alive = array_filter(array_merge([$master], $workers), fn($pid) => posix_kill($pid, 0) && fpm_test_is_fpm($pid));
echo "php-fpm processes left: ", count($alive), "\n";
$store->destroy();
$counter->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/fpm.inc';
fpm_test_clean('kill');
store_test_destroy(store_test_name('fpm-kill'));
try { (new Shmx\Counter(store_test_name('fpm-kill-c'), 0, 'w'))->destroy(); } catch (Throwable $e) {}
?>
--EXPECT--
before: 10 served, 0 failed
marker written by a worker: true
lock while it hangs: held
hung request answered: false
respawned: 4 workers, the killed one gone: true
php-fpm logged the SIGKILL: true
committed: n exact, counter exact
here: set and lock() at once: true
lock.php: workers 4, failed or slow: 0
after: 0 failed; n exact, counter exact
killed at stop: 0
php-fpm processes left: 0
