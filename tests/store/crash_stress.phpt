--TEST--
Shmx: Store: workers killed at random during concurrent writes lose no committed value
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php if (!getenv('SHMX_STRESS')) die('skip heavy stress test: set SHMX_STRESS=1'); ?>
--FILE--
<?php
require __DIR__ . '/store.inc';
/*
 * Each worker w writes, in order, slot "k:w:(i % 40)" = [i, payload(i)], then increments
 * "ctr:w", then sets "p:w" = i (its progress). A write is committed once the call returned,
 * so after a kill every slot must hold the last committed value for it, or the one write that
 * was in flight (i = p + 1), and ctr:w must be p + 1 or p + 2. 100 workers are killed, two at
 * a time, at random moments; a killed worker's successor resumes where the store says it was.
 */
$valgrind = store_test_under_valgrind();
$s = new Shmx\Store(store_test_name('crash-stress'), 8 << 20, 'c');
$s->clear();
$payload = fn(int $i) => str_repeat(chr(65 + $i % 26), 10 + ($i * 7) % 900);
$check = function (int $w) use ($s, $payload): ?string {
    $p = $s->get("p:$w", -1);
    for ($j = 0; $j < 40; $j++) {
        $last = $p - ((($p - $j) % 40) + 40) % 40;       // the last committed i with i % 40 == j
        $v = $s->get("k:$w:$j");
        $next = $p + 1;
        $ok = ($last < 0 ? $v === null : $v === [$last, $payload($last)])
            || ($next % 40 === $j && $v === [$next, $payload($next)]);
        if (!$ok) {
            return "worker $w slot $j: progress $p, found " . json_encode($v === null ? null : $v[0]);
        }
    }
    $c = $s->get("ctr:$w", 0);
    if ($c !== $p + 1 && $c !== $p + 2) {
        return "worker $w counter $c, progress $p";
    }
    return null;
};
$work = function (int $w) use ($s, $payload) {
    $i = $s->get("p:$w", -1) + 1;
    if ($s->get("ctr:$w", 0) === $i + 1) {
        $s->set("p:$w", $i);                     // the increment of i committed, its progress not
        $i++;
    }
    for (;; $i++) {
        $s->set("k:$w:" . ($i % 40), [$i, $payload($i)]);
        $s->increment("ctr:$w");
        if ($i % 7 === 0) {
            $s->lock(function (Shmx\Store $st) use ($w, $i) {
                $st->set("locked:$w", $i);
            });
        }
        $s->set("p:$w", $i);
    }
};
$kills = 0;
$errors = [];
$start = microtime(true);
while ($kills < 100) {
    $pids = [];
    foreach ([0, 1] as $w) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            pcntl_alarm(120);
            $work($w);
            exit(0);
        }
        $pids[$w] = $pid;
    }
    foreach ($pids as $w => $pid) {
        usleep(mt_rand($valgrind ? 20000 : 1000, $valgrind ? 200000 : 20000));
        posix_kill($pid, SIGKILL);
        pcntl_waitpid($pid, $status);
        $kills++;
    }
    foreach ([0, 1] as $w) {
        if (($e = $check($w)) !== null) {
            $errors[] = $e;
        }
    }
}
var_dump($kills, $errors);
$progress = $s->get('p:0') + $s->get('p:1');
var_dump($progress > 100);
// leaked blocks are reclaimed: after deleting everything, the data area is all free
foreach ($s->keys() as $k) {
    $s->delete($k);
}
$info = $s->info();
$s->set('big', str_repeat('b', (int)($info['free'] * 0.95)));
var_dump(count($s), microtime(true) - $start < 600);
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('crash-stress'));
?>
--EXPECT--
int(100)
array(0) {
}
bool(true)
int(1)
bool(true)
