--TEST--
Shmx: Store: after a writer is killed between linking an entry and counting it, count() and info() agree with keys() in every process, read-only ones included
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
/* The store header's `entries` is the 8 bytes at offset 24 of the store header, which starts
 * after the 64-byte region header. */
const ENTRIES_AT = 64 + 24;
$name = store_test_name('count-after-kill');
store_test_destroy($name);
$s = new Shmx\Store($name, 1 << 20, 'n');
for ($i = 0; $i < 10; $i++) {
    $s->set("k$i", $i);
}
$agree = function (Shmx\Store $st): string {
    $iterated = 0;
    foreach ($st as $v) {
        $iterated++;
    }
    return sprintf('count %d, info %d, keys %d, iterated %d', count($st), $st->info()['entries'], count($st->keys()), $iterated);
};

// 1. Exactly the state such a kill leaves: the writer lock held by a dead process, `entries`
// one short of what is linked.
$codes = store_test_fork(1, function () use ($s) {
    $s->lock(function () {
        posix_kill(posix_getpid(), SIGKILL);
    });
});
echo "holder: ", $codes[0] === -SIGKILL ? 'killed' : "exit $codes[0]", "\n";
$raw = new Shmx\Segment($name, 0, 'w');
$raw->write(pack('P', 9), ENTRIES_AT);
$ro = new Shmx\Store($name, 0, 'a');
echo "read-only here: ", $agree($ro), "\n";
$cmd = store_test_php_command() . ' -r ' . escapeshellarg('$s = new Shmx\Store(' . var_export($name, true)
    . ', 0, "a"); echo count($s), " ", count($s->keys()), "\n";');
echo "unrelated read-only process: ", shell_exec($cmd);
echo "writable here: ", $agree($s), "\n";
// The next write repairs the counter itself.
$s->set('k10', 10);
echo "after a write: ", $agree($ro), ", stored ", unpack('P', $raw->read(ENTRIES_AT, 8))[1], "\n";

// 2. Real kills: workers adding and deleting keys are SIGKILLed at random moments; before any
// other write, a read-only handle must count what it lists.
$s->clear();
$kills = store_test_under_valgrind() ? 6 : 40;
$bad = [];
for ($k = 0; $k < $kills; $k++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        pcntl_alarm(60);
        for ($i = 0;; $i++) {
            $s->set("w:" . ($i % 64), str_repeat('v', $i % 50));
            if ($i % 3 === 0) {
                $s->delete("w:" . (($i + 32) % 64));
            }
        }
    }
    usleep(mt_rand(500, store_test_under_valgrind() ? 100000 : 5000));
    posix_kill($pid, SIGKILL);
    pcntl_waitpid($pid, $status);
    $c = count($ro);
    $n = count($ro->keys());
    if ($c !== $n) {
        $bad[] = "kill $k: count $c, keys $n";
    }
}
var_dump($bad);
echo "at the end: ", $agree($s) === $agree($ro) ? 'agree' : 'differ', "\n";
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('count-after-kill'));
?>
--EXPECT--
holder: killed
read-only here: count 10, info 10, keys 10, iterated 10
unrelated read-only process: 10 10
writable here: count 10, info 10, keys 10, iterated 10
after a write: count 11, info 11, keys 11, iterated 11, stored 11
array(0) {
}
at the end: agree
