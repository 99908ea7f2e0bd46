--TEST--
Shmx: Store: lock(): a writer SIGKILLed while incrementing lock-free never blocks lock(), and no returned increment is lost
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
// Each child hammers increments through 8 handles (8 fast slots) until it is SIGKILLed at a
// random moment, sometimes inside a lock-free write. More rounds than slots / 8, so later
// children must take over the slots of dead ones.
$id = store_test_name('lock-fast-dead');
$handles = 8;
$rounds = store_test_under_valgrind() ? 10 : 40;
$s = new Shmx\Store($id, 1 << 20);
$s->set('n', 0);
$progress = new Shmx\Segment(null, 8);
$ok = true;
for ($r = 0; $r < $rounds; $r++) {
    $before = $s->get('n');
    $progress->setInt(0, 0);
    $pid = pcntl_fork();
    if ($pid === -1) {
        die("fork failed\n");
    }
    if ($pid === 0) {
        pcntl_alarm(60);
        $h = [];
        for ($i = 0; $i < $handles; $i++) {
            $h[] = new Shmx\Store($id, 0);
        }
        for ($done = 0;; ) {
            $h[$done % $handles]->increment('n');
            $progress->setInt(0, ++$done);   // every increment that returned is recorded
        }
    }
    $target = mt_rand(1, store_test_under_valgrind() ? 40 : 400);
    $deadline = microtime(true) + 30;
    while ($progress->getInt(0) < $target && microtime(true) < $deadline) {
        usleep(50);
    }
    posix_kill($pid, SIGKILL);
    pcntl_waitpid($pid, $status);
    if (!pcntl_wifsignaled($status) || pcntl_wtermsig($status) !== SIGKILL) {
        echo "round $r: the child was not killed by SIGKILL\n";
        $ok = false;
    }
    $t = microtime(true);
    try {
        $after = $s->lock(fn(Shmx\Store $st) => $st->get('n'), 1.0);
    } catch (Shmx\TimeoutException $e) {
        echo "round $r: lock() timed out\n";
        $ok = false;
        break;
    }
    $took = microtime(true) - $t;
    if ($took >= 1.0) {
        echo "round $r: lock() took $took s\n";
        $ok = false;
    }
    // The increment in flight when it died either landed or not: at most one more than recorded.
    $done = $progress->getInt(0);
    $delta = $after - $before;
    if ($delta !== $done && $delta !== $done + 1) {
        echo "round $r: $done increments returned, the count moved by $delta\n";
        $ok = false;
    }
    // This process's own lock-free increments go on.
    $v = $s->increment('n');
    if ($v !== $after + 1) {
        echo "round $r: increment gave $v after $after\n";
        $ok = false;
    }
}
var_dump($ok);
// A last child after all the deaths: its handles get slots again and counts stay exact.
$before = $s->get('n');
$codes = store_test_fork(2, function () use ($id, $handles) {
    $h = [];
    for ($i = 0; $i < $handles; $i++) {
        $h[] = new Shmx\Store($id, 0);
    }
    for ($i = 0; $i < 400; $i++) {
        $h[$i % $handles]->increment('n');
    }
});
var_dump($codes, $s->get('n') === $before + 800, $s->lock(fn() => 'lock ok', 1.0));
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('lock-fast-dead'));
?>
--EXPECT--
bool(true)
array(2) {
  [0]=>
  int(0)
  [1]=>
  int(0)
}
bool(true)
string(7) "lock ok"
