<?php
/*
 * Shmx\Store against APCu (apcu_fetch/apcu_store/apcu_inc) and sysvshm (shm_get_var).
 * Every store here is anonymous (forked workers share it); APCu is the same kind of peer.
 * The file runs in a closure: bench/run.php requires it from its own scope.
 */
return (function (): array {
$cases = [];
$store = new Shmx\Store(null, 64 * 1024 * 1024);
$values = [
    'int' => 123456789,
    '100 B string' => str_repeat('s', 100),
    '10-element array' => range(1, 10),
];
$targets = ['int' => 2.0, '100 B string' => 1.5, '10-element array' => 2.5];
foreach ($values as $label => $value) {
    $store->set("bench:$label", $value);
    if (function_exists('apcu_store')) {
        apcu_store("bench:$label", $value);
    }
    $cases[] = [
        'group' => 'Store', 'case' => "get $label", 'target' => $targets[$label], 'needs' => ['apcu'],
        'shmx' => ['label' => 'Store::get', 'run' => function (int $n) use ($store, $label) {
            $k = "bench:$label";
            for ($i = 0; $i < $n; $i++) { $store->get($k); }
        }],
        'peer' => ['label' => 'apcu_fetch', 'run' => function (int $n) use ($label) {
            $k = "bench:$label";
            for ($i = 0; $i < $n; $i++) { apcu_fetch($k); }
        }],
    ];
    $cases[] = [
        'group' => 'Store', 'case' => "set $label", 'target' => $targets[$label], 'needs' => ['apcu'],
        'shmx' => ['label' => 'Store::set', 'run' => function (int $n) use ($store, $label, $value) {
            $k = "bench:$label";
            for ($i = 0; $i < $n; $i++) { $store->set($k, $value); }
        }],
        'peer' => ['label' => 'apcu_store', 'run' => function (int $n) use ($label, $value) {
            $k = "bench:$label";
            for ($i = 0; $i < $n; $i++) { apcu_store($k, $value); }
        }],
    ];
}

/* Lookups with 10k and 1M keys: the same 1000 keys are read round-robin in both. */
$big = new Shmx\Store(null, 64 * 1024 * 1024);
$probe = [];
for ($i = 0; $i < 1000; $i++) {
    $probe[] = sprintf('key:%012d', $i * 997);
}
$fill = function (int $count) use ($big) {
    $big->clear();
    for ($i = 0; $i < $count; $i++) {
        $big->set(sprintf('key:%012d', $i), $i);
    }
};
$shm = null;
$getCase = function (int $count, string $label) use ($big, $probe, $fill, &$shm) {
    $probeHere = array_map(fn($k) => sprintf('key:%012d', ((int)substr($k, 4)) % $count), $probe);
    return [
        'group' => 'Store', 'case' => "get, $label keys", 'needs' => ['sysvshm'],
        'shmx' => ['label' => "Store::get ($label)", 'setup' => fn() => $fill($count),
            'run' => function (int $n) use ($big, $probeHere) {
                for ($i = 0; $i < $n; $i++) { $big->get($probeHere[$i % 1000]); }
            }],
        'peer' => ['label' => 'shm_get_var (10k vars)', 'setup' => function () use (&$shm) {
                if (!$shm) {
                    $shm = shm_attach(0, 64 * 1024 * 1024, 0600);
                    shm_remove($shm); // gone once the run detaches; usable until then
                    for ($i = 0; $i < 10000; $i++) { shm_put_var($shm, $i, $i); }
                }
            },
            'run' => function (int $n) use (&$shm) {
                for ($i = 0; $i < $n; $i++) { shm_get_var($shm, ($i * 997) % 10000); }
            }],
    ];
};
$cases[] = $getCase(10000, '10k');
$cases[] = $getCase(1000000, '1M');
/* The same two against each other: 1M keys may be at most 1.3x slower than 10k (0.77x). */
$c1m = $getCase(1000000, '1M');
$c10k = $getCase(10000, '10k');
$cases[] = [
    'group' => 'Store', 'case' => 'get, 1M vs 10k keys', 'target' => 0.77,
    'shmx' => $c1m['shmx'], 'peer' => ['label' => 'Store::get (10k)'] + $c10k['shmx'],
];

/* increment from 2 forked workers, timed by bench_fork(); lost updates are counted. */
require_once __DIR__ . '/../fork.php';
$cases[] = [
    'group' => 'Store', 'case' => 'increment, 2 workers', 'target' => 2.0, 'needs' => ['apcu', 'pcntl'],
    'shmx' => ['label' => 'Store::increment', 'run' => function (int $n) use ($store) {
        $per = intdiv($n, 2);
        $store->set('bench:ctr', 0);
        $t = bench_fork(2, $per, function (int $k) use ($store) {
            for ($i = 0; $i < $k; $i++) { $store->increment('bench:ctr'); }
        });
        return ['seconds' => $t, 'lost' => 2 * $per - $store->get('bench:ctr')];
    }],
    'peer' => ['label' => 'apcu_inc', 'run' => function (int $n) {
        $per = intdiv($n, 2);
        apcu_store('bench:ctr', 0);
        $t = bench_fork(2, $per, function (int $k) {
            for ($i = 0; $i < $k; $i++) { apcu_inc('bench:ctr'); }
        });
        return ['seconds' => $t, 'lost' => 2 * $per - (int)apcu_fetch('bench:ctr')];
    }],
];
return $cases;
})();
