--TEST--
Shmx: Store: any bytes written into the writer lock give a CorruptException, a timeout or a recovered lock, never a crash, in every process
--EXTENSIONS--
shmx
pcntl
posix
--INI--
shmx.lock_timeout=0.3
--FILE--
<?php
require __DIR__ . '/store.inc';
/* The writer lock is the 64 bytes at offset 128 of the object (64-byte region header, then the
 * store header's first cache line). With glibc's robust mutex there, one 4-byte write into its
 * __kind field (offset 16) made the next write die with SIGILL/SIGABRT/SIGSEGV. */
const LOCK_AT = 128;
$name = store_test_name('hostile-lock-word');
store_test_destroy($name);
$s = new Shmx\Store($name, 1 << 20, 'n');
$raw = new Shmx\Segment($name, 0, 'w');
$s->set('kept', 'committed');
$outcome = function (callable $write): string {
    try {
        $write();
        return 'ok';
    } catch (Shmx\CorruptException $e) {
        return 'corrupt';
    } catch (Shmx\TimeoutException $e) {
        return 'timeout';
    }
};
mt_srand(14);
$seen = [];
$patterns = [
    'glibc __kind' => [16, pack('V', 0x7fffffff)],
    'all ones (thread 4194303 of another namespace)' => [0, str_repeat("\xff", 64)],
    'waiters bit, no holder' => [0, pack('V', 0x80000000)],
    'holder without namespace' => [0, pack('V', 4242)],
];
for ($i = 0; $i < 12; $i++) {
    $patterns["random $i"] = [4 * mt_rand(0, 15), random_bytes(4 * mt_rand(1, 4))];
}
foreach ($patterns as $what => [$at, $bytes]) {
    $raw->write(str_repeat("\0", 64), LOCK_AT);
    $raw->write($bytes, LOCK_AT + $at);
    $here = $outcome(fn() => $s->set('k', $what));
    // Another process meets the same bytes (a fresh copy of them: the write above may have
    // recovered the lock) and must end as cleanly.
    $raw->write(str_repeat("\0", 64), LOCK_AT);
    $raw->write($bytes, LOCK_AT + $at);
    $codes = store_test_fork(1, function () use ($s, $outcome, $what) {
        $o = $outcome(fn() => $s->delete('k'));
        return ['ok' => 10, 'corrupt' => 11, 'timeout' => 12][$o];
    });
    $there = $codes[0] >= 10 && $codes[0] <= 12 ? ['ok', 'corrupt', 'timeout'][$codes[0] - 10] : "died ($codes[0])";
    $seen[$here] = true;
    if (in_array($what, ['glibc __kind', 'all ones (thread 4194303 of another namespace)', 'waiters bit, no holder', 'holder without namespace'], true)) {
        echo "$what: $here, other process: $there\n";
    } elseif ($here !== $there || !in_array($here, ['ok', 'corrupt', 'timeout'], true)) {
        echo "$what: $here, other process: $there\n";
    }
}
// A zeroed lock is a free one: the store works again and lost nothing committed.
$raw->write(str_repeat("\0", 64), LOCK_AT);
$s->set('after', 'works');
var_dump($s->get('kept'), $s->get('after'));
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('hostile-lock-word'));
?>
--EXPECT--
glibc __kind: ok, other process: ok
all ones (thread 4194303 of another namespace): timeout, other process: timeout
waiters bit, no holder: corrupt, other process: corrupt
holder without namespace: corrupt, other process: corrupt
string(9) "committed"
string(5) "works"
