--TEST--
Shmx: Store: a process stopped (SIGSTOP) in the middle of increments never blocks other writers for good, and nothing is lost
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
// A writer that retires an int entry (here: delete) waits for increments from hints that are
// under way. One whose process is stopped right there makes it give up after 2 seconds with a
// TimeoutException and change nothing; once the process runs again, so does the writer.
$id = store_test_name('increment-stopped');
$s = new Shmx\Store($id, 1 << 20);
$s->clear();
$s->set('k', 0);
$board = new Shmx\Segment(null, 16);     // [0]: stop flag, [8]: increments the worker saw return
$pid = pcntl_fork();
if ($pid === 0) {
    pcntl_alarm(120);
    $h = new Shmx\Store($id, 0);
    $n = 0;
    while ($board->getInt(0) === 0) {
        $h->increment('k');
        $board->setInt(8, ++$n);
    }
    exit(0);
}
$rounds = store_test_under_valgrind() ? 4 : 16;
$ok = true;
$timeouts = 0;
for ($r = 0; $r < $rounds; $r++) {
    $s->set("other$r", $r);
    usleep(mt_rand(1000, 20000));
    posix_kill($pid, SIGSTOP);
    pcntl_waitpid($pid, $status, WUNTRACED);
    $t = microtime(true);
    try {
        $s->delete("other$r");
    } catch (Shmx\TimeoutException $e) {
        $timeouts++;
        if (!str_contains($e->getMessage(), "process $pid is stopped in the middle of an increment")) {
            echo "round $r: ", $e->getMessage(), "\n";
            $ok = false;
        }
        if ($s->get("other$r") !== $r) {
            echo "round $r: the failed delete changed the value\n";
            $ok = false;
        }
    }
    $took = microtime(true) - $t;
    if ($took > 8) {
        echo "round $r: delete() took $took s\n";
        $ok = false;
    }
    // a compareAndSwap that does not match changes nothing, so it has nothing to wait for
    $s->set('j', 7);
    $t = microtime(true);
    if ($s->compareAndSwap('j', 5, PHP_INT_MAX) !== false || $s->get('j') !== 7) {
        echo "round $r: compareAndSwap swapped a value that did not match\n";
        $ok = false;
    }
    if (($took = microtime(true) - $t) > 1) {
        echo "round $r: a compareAndSwap that does not match took $took s\n";
        $ok = false;
    }
    posix_kill($pid, SIGCONT);
    $s->delete("other$r");                // runs now, whatever happened above
    if ($s->has("other$r")) {
        echo "round $r: not deleted\n";
        $ok = false;
    }
}
$board->setInt(0, 1);
pcntl_waitpid($pid, $status);
var_dump($ok, pcntl_wifexited($status) && pcntl_wexitstatus($status) === 0);
var_dump($s->get('k') === $board->getInt(8) ? 'exact' : $s->get('k') . ' vs ' . $board->getInt(8));
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('increment-stopped'));
?>
--EXPECT--
bool(true)
bool(true)
string(5) "exact"
