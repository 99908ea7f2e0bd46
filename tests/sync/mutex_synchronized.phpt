--TEST--
Shmx: Mutex: synchronized(): returns the callable's value and unlocks on return, throw, exit() and a fatal error
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$m = new Shmx\Mutex();
/* Whether another process can take the mutex right now. */
function free_elsewhere(Shmx\Mutex $m): string
{
    $codes = sync_fork(1, function () use ($m) {
        if (!$m->tryLock()) {
            exit(7);
        }
        $m->unlock();
    });
    return $codes[0] === 0 ? 'free' : 'held';
}
var_dump($m->synchronized(function () use ($m) {
    echo "inside: ", free_elsewhere($m), "\n";
    return 42;
}));
echo "after return: ", free_elsewhere($m), "\n";
try {
    $m->synchronized(function () {
        throw new RuntimeException('boom');
    });
} catch (RuntimeException $e) {
    echo "caught ", $e->getMessage(), "\n";
}
echo "after throw: ", free_elsewhere($m), "\n";

$codes = sync_fork(1, function () use ($m) {
    register_shutdown_function(function () use ($m) {
        // The process still lives: had synchronized() not unlocked, this would be an \Error.
        echo "exit: shutdown sees the mutex ", $m->tryLock() ? 'free' : 'held', "\n";
        $m->unlock();
    });
    $m->synchronized(fn() => exit(3));
});
echo "exit: exit code $codes[0]\n";
/* A fatal error ends PHP without freeing what the script still holds (PHP's unclean shutdown,
 * which valgrind would report as this test's leak): it runs in a php of its own, on PHP's
 * allocator, with a named mutex. */
$name = sync_name(__FILE__);
$named = new Shmx\Mutex($name);
echo trim(sync_unrelated('$m = new Shmx\Mutex(' . var_export($name, true) . ');
    register_shutdown_function(function () use ($m) {
        echo "fatal error: shutdown sees the mutex ", $m->tryLock() ? "free" : "held", "\n";
        $m->unlock();
    });
    $m->synchronized(fn() => trigger_error("deliberate", E_USER_ERROR));', ['USE_ZEND_ALLOC' => '1'], $exit)), "\n";
echo "fatal error: exit code $exit, the mutex is ", free_elsewhere($named), "\n";
$named->destroy();

$flag = new Shmx\Counter();
$codes = sync_fork(1, function () use ($m, $flag) {
    $m->lock();
    $flag->set(1);
    while ($flag->get() !== 2) {
        usleep(1000);
    }
}, 60, function () use ($m, $flag) {
    while ($flag->get() !== 1) {
        usleep(1000);
    }
    try {
        $m->synchronized(function () {
            echo "not reached\n";
        }, 0.05);
    } catch (Shmx\TimeoutException $e) {
        echo get_class($e), "\n";
    }
    $flag->set(2);
});
// The worker exited holding the lock: its handle released it.
echo "after holder exited: ", free_elsewhere($m), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECTF--
inside: held
int(42)
after return: free
caught boom
after throw: free
exit: shutdown sees the mutex free
exit: exit code 3
%AFatal error: deliberate in %s on line %d
fatal error: shutdown sees the mutex free
fatal error: exit code 255, the mutex is free
Shmx\TimeoutException
after holder exited: free
