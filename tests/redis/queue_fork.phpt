--TEST--
Shmx: Queue on Redis: 2 forked producers and 2 forked consumers, every value delivered exactly once, each producer's order kept
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__);
$N = 1500;
// A small capacity, so that producers wait for room and consumers for values.
$q = new Shmx\Queue($url, 512, 'n');
$dir = sys_get_temp_dir() . '/shmx-rq-fork-' . getmypid();
@mkdir($dir);
$consumers = [];
for ($c = 0; $c < 2; $c++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $log = [];
        try {
            while (true) {
                $v = $q->pop(10.0);             // the inherited handle: a fork child is a consumer of its own
                $log[] = is_array($v) ? $v['p'] . ':' . $v['i'] : (is_int($v) ? intdiv($v, 1000000) . ':' . $v % 1000000 : $v);
            }
        } catch (Shmx\TimeoutException $e) {
            $log[] = 'TIMEOUT';
        } catch (Shmx\Exception $e) {
            // closed and empty
        }
        file_put_contents("$dir/c$c", implode("\n", $log));
        exit(0);
    }
    $consumers[] = $pid;
}
$producers = [];
for ($p = 0; $p < 2; $p++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $mine = new Shmx\Queue($url, 512, 'w');
        for ($i = 0; $i < $N; $i++) {
            // ints, strings and arrays in turn
            $mine->push($i % 3 === 0 ? ['p' => $p, 'i' => $i] : ($i % 3 === 1 ? $p * 1000000 + $i : "$p:$i"), 10.0);
        }
        exit(0);
    }
    $producers[] = $pid;
}
foreach ($producers as $pid) { pcntl_waitpid($pid, $st); echo 'producer exit ', pcntl_wexitstatus($st), "\n"; }
$q->close();
foreach ($consumers as $pid) { pcntl_waitpid($pid, $st); echo 'consumer exit ', pcntl_wexitstatus($st), "\n"; }
$seen = [];
$dups = 0;
$misordered = 0;
$each = [];
for ($c = 0; $c < 2; $c++) {
    $last = [-1, -1];
    $lines = array_filter(explode("\n", file_get_contents("$dir/c$c")), 'strlen');
    $each[] = count($lines);
    foreach ($lines as $line) {
        if ($line === 'TIMEOUT') { echo "consumer $c timed out\n"; continue; }
        [$p, $i] = array_map('intval', explode(':', $line));
        if (isset($seen[$line])) $dups++;
        $seen[$line] = true;
        if ($i <= $last[$p]) $misordered++;
        $last[$p] = $i;
    }
    unlink("$dir/c$c");
}
rmdir($dir);
var_dump(count($seen) === 2 * $N, $dups, $misordered, min($each) > 0);
$i = $q->info();
var_dump($i['count'], $i['used'], $i['in_flight'], $i['pushed'] === 2 * $N, $i['popped'] === 2 * $N);
$q->destroy();
?>
--EXPECT--
producer exit 0
producer exit 0
consumer exit 0
consumer exit 0
bool(true)
int(0)
int(0)
bool(true)
int(0)
int(0)
int(0)
bool(true)
bool(true)
