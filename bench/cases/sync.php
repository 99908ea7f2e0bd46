<?php
/*
 * Mutex against sysvsem (sem_acquire + sem_release), uncontended and with 2 forked workers
 * contending; Counter::increment against apcu_inc from 2 forked workers, with lost updates.
 * Forked cases are timed by bench_fork() (bench/fork.php).
 */

require_once __DIR__ . '/../fork.php';

$mutex = new Shmx\Mutex(null);
$sem = extension_loaded('sysvsem') ? sem_get(ftok(__FILE__, 'b'), 1, 0600, true) : null;
$counter = new Shmx\Counter(null);
$sync_cases = [];

$sync_cases[] = [
    'group' => 'Mutex', 'case' => 'lock+unlock, uncontended', 'target' => 10.0, 'needs' => ['sysvsem'],
    'shmx' => ['label' => 'Mutex::lock/unlock', 'run' => function (int $n) use ($mutex) {
        for ($i = 0; $i < $n; $i++) { $mutex->lock(); $mutex->unlock(); }
    }],
    'peer' => ['label' => 'sem_acquire/release', 'run' => function (int $n) use ($sem) {
        for ($i = 0; $i < $n; $i++) { sem_acquire($sem); sem_release($sem); }
    }],
];

$sync_cases[] = [
    'group' => 'Mutex', 'case' => 'lock+unlock, 2 workers', 'target' => 5.0, 'needs' => ['sysvsem', 'pcntl'],
    'shmx' => ['label' => 'Mutex::lock/unlock', 'run' => function (int $n) use ($mutex) {
        $per = intdiv($n, 2);
        return ['seconds' => bench_fork(2, $per, function (int $k) use ($mutex) {
            for ($i = 0; $i < $k; $i++) { $mutex->lock(); $mutex->unlock(); }
        })];
    }],
    'peer' => ['label' => 'sem_acquire/release', 'run' => function (int $n) use ($sem) {
        $per = intdiv($n, 2);
        return ['seconds' => bench_fork(2, $per, function (int $k) use ($sem) {
            for ($i = 0; $i < $k; $i++) { sem_acquire($sem); sem_release($sem); }
        })];
    }],
];

$sync_cases[] = [
    'group' => 'Counter', 'case' => 'increment, 2 workers', 'target' => 2.0, 'needs' => ['apcu', 'pcntl'],
    'shmx' => ['label' => 'Counter::increment', 'run' => function (int $n) use ($counter) {
        $per = intdiv($n, 2);
        $counter->set(0);
        $t = bench_fork(2, $per, function (int $k) use ($counter) {
            for ($i = 0; $i < $k; $i++) { $counter->increment(); }
        });
        return ['seconds' => $t, 'lost' => 2 * $per - $counter->get()];
    }],
    'peer' => ['label' => 'apcu_inc', 'run' => function (int $n) {
        $per = intdiv($n, 2);
        apcu_store('shmx-bench-counter', 0);
        $t = bench_fork(2, $per, function (int $k) {
            for ($i = 0; $i < $k; $i++) { apcu_inc('shmx-bench-counter'); }
        });
        return ['seconds' => $t, 'lost' => 2 * $per - (int)apcu_fetch('shmx-bench-counter')];
    }],
];

return $sync_cases;
