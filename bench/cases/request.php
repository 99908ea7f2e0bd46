<?php
/*
 * What a PHP-FPM request does: open a named object, use it once, let it go; creating a big
 * store; and readers in two processes at once. The file runs in a closure: bench/run.php
 * requires it from its own scope.
 */
return (function (): array {
require_once __DIR__ . '/../fork.php';
$cases = [];
$name = '/shmx-bench-request-' . getmypid();
$key = 0x5b000000 | (getmypid() & 0xffff);
$store = new Shmx\Store($name, 1 << 20, 'c');
$store->set('k', 42);
$counter = new Shmx\Counter($name . '-ctr');
$seg = function_exists('shmop_open') ? shmop_open($key, 'c', 0600, 1 << 20) : null;
$owner = getmypid();
register_shutdown_function(function () use ($store, $counter, $seg, $owner) {
    if (getmypid() !== $owner) {
        return; // a forked worker of another case exiting: not ours to remove
    }
    $store->destroy();
    $counter->destroy();
    $seg && shmop_delete($seg);
});

$cases[] = [
    'group' => 'Request', 'case' => 'open + get int + close', 'target' => 15.0, 'needs' => ['shmop'],
    'shmx' => ['label' => 'new Store(name), get', 'run' => function (int $n) use ($name) {
        for ($i = 0; $i < $n; $i++) {
            $s = new Shmx\Store($name);
            $s->get('k');
            unset($s);
        }
    }],
    'peer' => ['label' => 'shmop_open + shmop_read', 'run' => function (int $n) use ($key) {
        for ($i = 0; $i < $n; $i++) {
            $h = shmop_open($key, 'a', 0, 0);
            shmop_read($h, 0, 8);
            unset($h);
        }
    }],
];
$cases[] = [
    'group' => 'Request', 'case' => 'open + increment + close', 'needs' => ['apcu'],
    'shmx' => ['label' => 'new Counter(name), inc', 'run' => function (int $n) use ($name) {
        for ($i = 0; $i < $n; $i++) {
            $c = new Shmx\Counter($name . '-ctr');
            $c->increment();
            unset($c);
        }
    }],
    'peer' => ['label' => 'apcu_inc (no open)', 'run' => function (int $n) {
        apcu_store('bench:req', 0);
        for ($i = 0; $i < $n; $i++) {
            apcu_inc('bench:req');
        }
    }],
];
$cases[] = [
    'group' => 'Request', 'case' => 'create a 64 MiB store', 'needs' => ['shmop'],
    'shmx' => ['label' => 'new Store(null, 64 MiB)', 'iterations' => 50, 'repeat' => 5, 'run' => function (int $n) {
        for ($i = 0; $i < $n; $i++) {
            $s = new Shmx\Store(null, 64 << 20);
            $s->set('k', 1);
            unset($s);
        }
    }],
    'peer' => ['label' => 'shmop_open 64 MiB + delete', 'iterations' => 50, 'repeat' => 5, 'run' => function (int $n) {
        for ($i = 0; $i < $n; $i++) {
            $h = shmop_open(0, 'c', 0600, 64 << 20);
            shmop_write($h, 'k', 0);
            shmop_delete($h);
        }
    }],
];
/* Per-process rate of gets: two processes reading at once against one alone (target: two are
 * at most 1.3x slower each, i.e. >= 0.77x). Gets write no shared cache line. */
$anon = new Shmx\Store(null, 1 << 20);
$anon->set('k', 42);
$reader = function (int $k) use ($anon) {
    for ($i = 0; $i < $k; $i++) {
        $anon->get('k');
    }
};
$cases[] = [
    'group' => 'Request', 'case' => 'get int, 2 processes vs 1', 'target' => 0.77, 'needs' => ['pcntl'],
    'shmx' => ['label' => 'Store::get, 2 at once', 'run' => fn(int $n) => ['seconds' => bench_fork(2, $n, $reader)]],
    'peer' => ['label' => 'Store::get, 1 alone', 'run' => fn(int $n) => ['seconds' => bench_fork(1, $n, $reader)]],
];
return $cases;
})();
