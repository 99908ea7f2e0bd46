<?php
/*
 * shmx demo: forked workers share memory with their parent, and survive each other's deaths.
 *
 * 1. Shmx\Segment: raw bytes and atomic cells.
 * 2. Shmx\Store: typed keys; one worker is SIGKILLed mid-work; an unrelated process joins in.
 * 3. Shmx\Counter, Shmx\Mutex: exact counts, and a lock whose holder is SIGKILLed.
 *
 * Part 1: the parent maps one anonymous shared segment, then forks 4 workers. Each worker adds to a
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

echo "Shmx\\Segment: parent (pid ", getmypid(), ") reads what its ", WORKERS, " workers wrote:\n";
for ($i = 0; $i < WORKERS; $i++) {
    echo '  ', rtrim($shared->read(SLOTS + SLOT_SIZE * $i, SLOT_SIZE), "\0"), "\n";
}
printf("shared counter: %d (expected %d: no update lost)\n", $shared->getInt(COUNTER), WORKERS * ADDS);

/*
 * Shmx\Store: typed values shared by forked workers and by an unrelated process. The workers
 * count jobs with increment() (lock-free, exact), keep an array of results each, and one of
 * them is killed with SIGKILL in the middle of its work: the others and the parent go on, and
 * everything it had committed is still there. Then a separate php process, started with
 * proc_open and sharing nothing with this one but the store's name, reads and writes it.
 */
echo "\nShmx\\Store\n";
$name = 'shmx-demo-' . getmypid();
$store = new Shmx\Store($name, 8 * 1024 * 1024, 'n');
$store->set('started', date('H:i:s'));
$pids = [];
for ($i = 0; $i < WORKERS; $i++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        for ($n = 1; $n <= 10000; $n++) {
            $store->increment('jobs');
            $store->set("worker:$i", ['pid' => getmypid(), 'done' => $n, 'last' => microtime(true)]);
            if ($i === 0 && $n === 5000) {
                // killed mid-work (posix may not be loaded: kill(1) does the same)
                function_exists('posix_kill') ? posix_kill(getmypid(), 9) : exec('kill -9 ' . getmypid());
            }
        }
        exit(0);
    }
    $pids[] = $pid;
}
foreach ($pids as $pid) {
    pcntl_waitpid($pid, $status);
}
for ($i = 0; $i < WORKERS; $i++) {
    $w = $store->get("worker:$i");
    printf("  worker:%d => pid %d, %d jobs done%s\n", $i, $w['pid'], $w['done'], $i === 0 ? ' (then killed with SIGKILL)' : '');
}
printf("  jobs: %d (expected %d: 3 workers x 10000 + 5000 before the kill)\n", $store->get('jobs'), 3 * 10000 + 5000);

$so = __DIR__ . '/../modules/shmx.so';
if (is_file($so) && function_exists('proc_open')) {
    $code = '$s = new Shmx\Store(' . var_export($name, true) . ', 0, "w");'
        . 'printf("  unrelated pid %d reads started=%s, jobs=%d, and adds one\n", getmypid(), $s->get("started"), $s->increment("jobs"));';
    $cmd = escapeshellarg(PHP_BINARY) . ' -n -d extension=' . escapeshellarg($so) . ' -r ' . escapeshellarg($code);
    passthru($cmd);
    printf("  parent sees jobs=%d; info: %s\n", $store->get('jobs'),
        json_encode(array_intersect_key($store->info(), array_flip(['backend', 'size', 'used', 'entries', 'hits', 'misses']))));
}
$store->destroy();

/*
 * Shmx\Counter and Shmx\Mutex: the workers count with a lock-free Counter; one of them takes
 * the Mutex and is SIGKILLed while holding it. The kernel hands the mutex to the next process
 * that asks, so the parent gets it at once instead of deadlocking.
 */
echo "\nShmx\\Counter and Shmx\\Mutex\n";
$count = new Shmx\Counter();
$mutex = new Shmx\Mutex();
$pids = [];
for ($i = 0; $i < WORKERS; $i++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        for ($n = 0; $n < ADDS; $n++) {
            $count->increment();
        }
        if ($i === 0) {
            $mutex->lock();
            function_exists('posix_kill') ? posix_kill(getmypid(), 9) : exec('kill -9 ' . getmypid());
        }
        exit(0);
    }
    $pids[] = $pid;
}
foreach ($pids as $pid) {
    pcntl_waitpid($pid, $status);
}
printf("  counter: %d (expected %d)\n", $count->get(), WORKERS * ADDS);
$t = hrtime(true);
$mutex->lock(1.0);
printf("  the mutex's holder was killed while holding it; the parent took it over in %.2f ms\n", (hrtime(true) - $t) / 1e6);
$mutex->unlock();
