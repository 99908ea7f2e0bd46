--TEST--
Shmx under a real PHP-FPM: 4 workers share a named Store and Counter across requests, and a Store and Counter destroyed and recreated between requests are the new ones in every worker
--EXTENSIONS--
shmx
posix
--SKIPIF--
<?php
require __DIR__ . '/fpm.inc';
fpm_test_skipif();
if (!is_executable('/usr/bin/cgi-fcgi')) die('skip cgi-fcgi is not installed (apt-get install libfcgi-bin)');
?>
--FILE--
<?php
require __DIR__ . '/fpm.inc';
$storeId = store_test_name('fpm-share');
$counterId = store_test_name('fpm-share-c');
store_test_destroy($storeId);
try { (new Shmx\Counter($counterId, 0, 'w'))->destroy(); } catch (Throwable $e) {}

$store = new Shmx\Store($storeId, 1 << 20, 'n');
$store->set('gen', 1);
$counter = new Shmx\Counter($counterId, 0, 'n');

$ids = ['storeId' => $storeId, 'counterId' => $counterId];
$fpm = fpm_test_start('share', [
    // Opened by name, no size: the Store made above, whatever its size.
    'count.php' => fpm_test_script($ids, <<<'PHP'
        $store = new Shmx\Store($storeId);
        $counter = new Shmx\Counter($counterId);
        $pid = getmypid();
        $n = $store->increment('n');
        $c = $counter->increment();
        $store->increment("pid:$pid");
        // Only this worker writes its key, one request at a time.
        $list = $store->get("worker:$pid", []);
        $list[] = $_GET['rid'] ?? '';
        $store->set("worker:$pid", $list);
        echo json_encode(['pid' => $pid, 'n' => $n, 'counter' => $c, 'gen' => $store->get('gen')]);
        PHP),
    'read.php' => fpm_test_script($ids, <<<'PHP'
        $store = new Shmx\Store($storeId);
        $counter = new Shmx\Counter($counterId);
        echo json_encode(['pid' => getmypid(), 'n' => $store->get('n'), 'counter' => $counter->get(), 'gen' => $store->get('gen')]);
        PHP),
]);
$workers = $fpm['workers'];
echo "workers: ", count($workers), "\n";

// One request through libfcgi's cgi-fcgi, the rest through the test's own FastCGI client.
$p = proc_open(['env', '-i', "SCRIPT_FILENAME={$fpm['dir']}/count.php", 'REQUEST_METHOD=GET', 'QUERY_STRING=rid=cgi',
    '/usr/bin/cgi-fcgi', '-bind', '-connect', $fpm['sock']], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
fclose($pipes[1]);
fclose($pipes[2]);
$rc = proc_close($p);
$body = json_decode(explode("\r\n\r\n", $out, 2)[1] ?? '', true);
echo "cgi-fcgi: rc $rc, n ", $body['n'] ?? '?', ", counter ", $body['counter'] ?? '?', ", a worker's pid: ",
    var_export(in_array($body['pid'] ?? 0, $workers, true), true), "\n";
if (!is_array($body)) {
    echo $out, $err;
}

// Sequential requests until every worker has served at least two.
$rids = ['cgi'];
$served = [($body['pid'] ?? 0) => 1];
$bad = [];
for ($k = 2; $k <= 200 && (count($served) < 4 || min($served) < 2); $k++) {
    $r = fpm_test_json($fpm, 'count.php', "rid=r$k");
    $rids[] = "r$k";
    if ($r === null || $r['n'] !== $k || $r['counter'] !== $k || $r['gen'] !== 1 || !in_array($r['pid'], $workers, true)) {
        $bad[] = [$k, $r];
        continue;
    }
    $served[$r['pid']] = ($served[$r['pid']] ?? 0) + 1;
}
$total = count($rids);
echo "sequential: ", count($bad), " bad; distinct worker pids: ", count($served), "\n";
if ($bad) {
    var_dump(array_slice($bad, 0, 3));
}

// What the workers wrote, read here.
echo "store n = total: ", var_export($store->get('n') === $total, true), ", counter = total: ", var_export($counter->get() === $total, true), "\n";
$perPid = 0;
foreach ($store->keys('pid:') as $key) {
    $perPid += $store->get($key);
}
$seen = [];
foreach ($store->keys('worker:') as $key) {
    $seen = array_merge($seen, $store->get($key));
}
sort($seen);
$want = $rids;
sort($want);
echo "per-worker counts add up: ", var_export($perPid === $total, true), ", every request id recorded once: ", var_export($seen === $want, true), "\n";

// Every worker reads the same data.
$views = [];
for ($k = 0; $k < 100 && count($views) < 4; $k++) {
    $r = fpm_test_json($fpm, 'read.php');
    if ($r !== null) {
        $views[$r['pid']] = $r['n'] === $total && $r['counter'] === $total && $r['gen'] === 1;
    }
}
echo "workers that read: ", count($views), ", all the same data: ", var_export(!in_array(false, $views, true), true), "\n";

// Destroyed and recreated under the workers' cached mappings: every worker must see the new ones.
$store->destroy();
$counter->destroy();
$store = new Shmx\Store($storeId, 1 << 20, 'n');
$store->set('gen', 2);
$counter = new Shmx\Counter($counterId, 1000, 'n');
$views = [];
$stale = 0;
for ($k = 0; $k < 100 && count($views) < 4; $k++) {
    $r = fpm_test_json($fpm, 'read.php');
    if ($r === null || $r['gen'] !== 2 || $r['n'] !== null || $r['counter'] !== 1000) {
        $stale++;
        continue;
    }
    $views[$r['pid']] = true;
}
echo "after recreate: workers that saw the new store and counter: ", count(array_intersect(array_keys($views), $workers)), ", stale or failed answers: $stale\n";
$r = fpm_test_json($fpm, 'count.php', 'rid=new');
echo "next increment: n ", $r['n'] ?? '?', ", counter ", $r['counter'] ?? '?', "; here: ", $store->get('n'), " ", $counter->get(), "\n";

$master = $fpm['pid'];
echo "killed at stop: ", fpm_test_stop($fpm), "\n";
$alive = array_filter(array_merge([$master], $workers), fn($pid) => posix_kill($pid, 0) && fpm_test_is_fpm($pid));
echo "php-fpm processes left: ", count($alive), ", directory left: ", var_export(is_dir(fpm_test_dir('share')), true), "\n";
$store->destroy();
$counter->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/fpm.inc';
fpm_test_clean('share');
store_test_destroy(store_test_name('fpm-share'));
try { (new Shmx\Counter(store_test_name('fpm-share-c'), 0, 'w'))->destroy(); } catch (Throwable $e) {}
?>
--EXPECT--
workers: 4
cgi-fcgi: rc 0, n 1, counter 1, a worker's pid: true
sequential: 0 bad; distinct worker pids: 4
store n = total: true, counter = total: true
per-worker counts add up: true, every request id recorded once: true
workers that read: 4, all the same data: true
after recreate: workers that saw the new store and counter: 4, stale or failed answers: 0
next increment: n 1, counter 1001; here: 1 1001
killed at stop: 0
php-fpm processes left: 0, directory left: false
