--TEST--
Shmx: Store on Redis: increment() and Counter::increment() exact across 4 forked workers, each with its own connection
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__);
const WORKERS = 4, N = 500;
$s = new Shmx\Store($url);
$c = new Shmx\Counter($url);
$s->set('n', 0);
$c->set(0);
$pids = [];
for ($w = 0; $w < WORKERS; $w++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        /* The inherited handles reconnect in the child (never share the parent's socket). */
        $mine = new Shmx\Store($url);
        for ($i = 0; $i < N; $i++) {
            $mine->increment('n');
            $s->increment('n');          // the parent's handle, used in the child
            $c->increment(2);
            $mine->compareAndSwap("w$w", $i === 0 ? null : $i - 1, $i) || $mine->set("w$w", $i);
        }
        exit(0);
    }
    $pids[] = $pid;
}
$ok = true;
foreach ($pids as $pid) {
    pcntl_waitpid($pid, $status);
    $ok = $ok && pcntl_wifexited($status) && pcntl_wexitstatus($status) === 0;
}
var_dump($ok, $s->get('n') === WORKERS * N * 2, $c->get() === WORKERS * N * 2);
var_dump($s->get('w0'), $s->get('w3'));
$s->destroy();
$c->destroy();
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
int(499)
int(499)
