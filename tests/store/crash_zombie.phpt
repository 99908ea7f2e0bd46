--TEST--
Shmx: Store, Mutex, Semaphore: a holder killed and not yet reaped by its parent (a zombie) holds nothing
--EXTENSIONS--
shmx
pcntl
posix
--INI--
shmx.lock_timeout=5
--FILE--
<?php
require __DIR__ . '/store.inc';
/* A killed process stays a zombie until its parent waits for it, and a zombie still answers
 * kill(pid, 0). Its locks must be free at once all the same: here the parent, which has not
 * reaped it yet, is the one that needs them. */
$s = new Shmx\Store(null, 1 << 20);
$m = new Shmx\Mutex();
$p = new Shmx\Semaphore(null, 1);
$state = fn(int $pid) => preg_match('/\) (\S)/', (string)@file_get_contents("/proc/$pid/stat"), $mm) ? $mm[1] : '?';
foreach (['Store::lock()', 'Mutex', 'Semaphore'] as $what) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        match ($what) {
            'Store::lock()' => $s->lock(fn() => posix_kill(getmypid(), SIGKILL)),
            'Mutex' => [$m->lock(), posix_kill(getmypid(), SIGKILL)],
            'Semaphore' => [$p->acquire(), posix_kill(getmypid(), SIGKILL)],
        };
        exit(1);
    }
    while ($state($pid) !== 'Z') {
        usleep(1000);
    }
    echo "$what: holder is a zombie; ";
    match ($what) {
        'Store::lock()' => $s->set('k', 'written'),
        'Mutex' => [$m->lock(5.0), $m->unlock()],
        'Semaphore' => [$p->acquire(5.0), $p->release()],
    };
    echo "taken over, still a zombie: ", var_export($state($pid) === 'Z', true), "\n";
    pcntl_waitpid($pid, $status);
}
var_dump($s->get('k'));
?>
--EXPECT--
Store::lock(): holder is a zombie; taken over, still a zombie: true
Mutex: holder is a zombie; taken over, still a zombie: true
Semaphore: holder is a zombie; taken over, still a zombie: true
string(7) "written"
