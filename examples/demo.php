<?php
/*
 * shmx demo: forked workers share memory with their parent.
 *
 * The parent maps one anonymous shared segment, then forks 4 workers. Each worker adds to a
 * shared counter (an atomic 64-bit cell, so no increment is lost however the workers
 * interleave) and writes one line into its own slot. The parent waits for them and prints what
 * they produced: memory the workers wrote, read by a process that never ran their code.
 */
if (!extension_loaded('shmx') || !function_exists('pcntl_fork')) {
    fwrite(STDERR, "the demo needs the shmx and pcntl extensions\n");
    exit(1);
}

const WORKERS = 4;
const ADDS = 100000;   /* per worker */
const COUNTER = 0;     /* offset of the shared counter (8-byte aligned) */
const SLOTS = 64;      /* each worker's line lives at SLOTS + SLOT_SIZE * $i */
const SLOT_SIZE = 64;

$shared = new Shmx\Segment(null, SLOTS + SLOT_SIZE * WORKERS);

$pids = [];
for ($i = 0; $i < WORKERS; $i++) {
    $pid = pcntl_fork();
    if ($pid === -1) {
        exit("fork failed\n");
    }
    if ($pid === 0) {
        $t = hrtime(true);
        for ($n = 0; $n < ADDS; $n++) {
            $shared->addInt(COUNTER, 1);
        }
        $line = sprintf('worker %d (pid %d) added %d in %.1f ms', $i, getmypid(), ADDS, (hrtime(true) - $t) / 1e6);
        $shared->write(str_pad($line, SLOT_SIZE, "\0"), SLOTS + SLOT_SIZE * $i);
        exit(0);
    }
    $pids[] = $pid;
}
foreach ($pids as $pid) {
    pcntl_waitpid($pid, $status);
}

echo "parent (pid ", getmypid(), ") reads what its ", WORKERS, " workers wrote:\n";
for ($i = 0; $i < WORKERS; $i++) {
    echo '  ', rtrim($shared->read(SLOTS + SLOT_SIZE * $i, SLOT_SIZE), "\0"), "\n";
}
printf("shared counter: %d (expected %d: no update lost)\n", $shared->getInt(COUNTER), WORKERS * ADDS);
