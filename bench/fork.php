<?php
/*
 * bench/fork.php: the timer of every case that forks workers. Each worker waits at a start
 * barrier, times its own loop (a plain for loop in the case, the same on both sides), and the
 * slowest worker's time counts: neither fork() nor exit() is inside the measurement.
 */

/* Runs $body($iterations, $worker) in $workers forked children (worker 0, 1, ...); returns the
 * slowest child's seconds. */
function bench_fork(int $workers, int $iterations, callable $body): float
{
    static $board = null;
    $board ??= new Shmx\Segment(null, 8 * 64);
    for ($i = 0; $i < 64; $i++) {
        $board->setInt($i * 8, 0);
    }
    $pids = [];
    for ($w = 0; $w < $workers; $w++) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            $board->addInt(0, 1);
            while ($board->getInt(8) === 0) {
            }
            $t0 = hrtime(true);
            $body($iterations, $w);
            $board->setInt(16 + 8 * $w, hrtime(true) - $t0);
            exit(0);
        }
        $pids[] = $pid;
    }
    while ($board->getInt(0) < $workers) {
        usleep(100);
    }
    $board->setInt(8, 1);
    foreach ($pids as $pid) {
        pcntl_waitpid($pid, $status);
    }
    $slowest = 0;
    for ($w = 0; $w < $workers; $w++) {
        $slowest = max($slowest, $board->getInt(16 + 8 * $w));
    }
    return $slowest / 1e9;
}
