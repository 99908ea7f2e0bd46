--TEST--
Shmx: Store: a made-up holder written into the writer lock costs a write at most shmx.lock_timeout, in every process, and a dead one nothing
--EXTENSIONS--
shmx
pcntl
posix
--INI--
shmx.lock_timeout=0.5
--FILE--
<?php
require __DIR__ . '/store.inc';
const LOCK_AT = 128;
/* The lock word: thread id in bits 0-21, this pid namespace's tag in bits 22-30. */
function lock_word(int $tid): string
{
    $tag = stat('/proc/self/ns/pid')['ino'] % 511 + 1;
    return pack('V', $tid | ($tag << 22));
}
function attempt(callable $fn): string
{
    try {
        $fn();
        return 'done';
    } catch (Shmx\TimeoutException $e) {
        return 'TimeoutException: ' . preg_replace('/^.*: (timed out after [0-9.]+ seconds)[^(]*\(held by thread \d+\)$/', '$1 (held by thread N)', $e->getMessage());
    }
}
$name = store_test_name('hostile-lock-owner');
store_test_destroy($name);
$s = new Shmx\Store($name, 1 << 20, 'n');
$raw = new Shmx\Segment($name, 0, 'w');
$s->set('k', 'v');

// A thread id nobody has: a child that has exited and been reaped.
$gone = pcntl_fork();
if ($gone === 0) {
    exit(0);
}
pcntl_waitpid($gone, $status);
$raw->write(lock_word($gone), LOCK_AT);
echo "dead holder, set: ", attempt(fn() => $s->set('k', 'recovered')), ", ", $s->get('k'), "\n";

// A live process that never locked it (any other process would do): it cannot be told from a
// holder that keeps the lock, so writes wait out the timeout, and fail with nothing changed.
$sleeper = pcntl_fork();
if ($sleeper === 0) {
    sleep(60);
    exit(0);
}
$raw->write(lock_word($sleeper), LOCK_AT);
echo "live stranger, set: ", attempt(fn() => $s->set('k', 'lost')), "\n";
echo "live stranger, delete: ", attempt(fn() => $s->delete('k')), "\n";
echo "live stranger, lock(): ", attempt(fn() => $s->lock(fn() => null)), "\n";
ini_set('shmx.lock_timeout', '0.2');
echo "live stranger, lock(fn, 0.1): ", attempt(fn() => $s->lock(fn() => null, 0.1)), "\n";
$codes = store_test_fork(2, function () use ($s) {
    return str_starts_with(attempt(fn() => $s->set('k', 'child')), 'TimeoutException') ? 7 : 1;
});
echo "in other processes: ", implode(',', $codes), "\n";
echo "value unchanged: ", $s->get('k'), "\n";
// When that process ends, the next write takes the lock over.
posix_kill($sleeper, SIGKILL);
pcntl_waitpid($sleeper, $status);
echo "stranger gone, set: ", attempt(fn() => $s->set('k', 'again')), ", ", $s->get('k'), "\n";
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('hostile-lock-owner'));
?>
--EXPECT--
dead holder, set: done, recovered
live stranger, set: TimeoutException: timed out after 0.5 seconds (held by thread N)
live stranger, delete: TimeoutException: timed out after 0.5 seconds (held by thread N)
live stranger, lock(): TimeoutException: timed out after 0.5 seconds (held by thread N)
live stranger, lock(fn, 0.1): TimeoutException: timed out after 0.1 seconds (held by thread N)
in other processes: 7,7
value unchanged: recovered
stranger gone, set: done, again
