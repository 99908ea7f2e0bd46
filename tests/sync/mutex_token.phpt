--TEST--
Shmx: Mutex: lock() returns a fencing token that strictly increases over every acquisition by any process (tryLock and synchronized too, read with token()), also past a SIGKILLed holder
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
$m = new Shmx\Mutex(sync_name(__FILE__));
var_dump($m->token());
$t0 = $m->lock();
var_dump($t0, $m->token());
$m->unlock();
var_dump($m->token());
var_dump($m->tryLock(), $m->token());
$m->unlock();
var_dump($m->synchronized(fn() => $m->token()));

/* Three processes, 40 holds each; each appends its token under the lock, so the file is in
 * the order of the holds. */
$log = sys_get_temp_dir() . '/shmx-mutex-token-' . getmypid();
@unlink($log);
$codes = sync_fork(3, function (int $i) use ($m, $log) {
    for ($k = 0; $k < 40; $k++) {
        if ($k % 2) {
            $t = $m->lock();
        } else {
            while (!$m->tryLock()) { usleep(100); }
            $t = $m->token();
        }
        if ($m->token() !== $t) {
            throw new Exception("token() says " . var_export($m->token(), true) . ", lock() said $t");
        }
        file_put_contents($log, "$t\n", FILE_APPEND);
        $m->unlock();
    }
});
echo implode(',', $codes), "\n";
$tokens = array_map('intval', file($log, FILE_IGNORE_NEW_LINES));
unlink($log);
$sorted = $tokens;
sort($sorted);
var_dump(count($tokens), $tokens === $sorted, count(array_unique($tokens)), min($tokens), max($tokens));

/* A holder killed holding it: the next lock() takes it over with the next token. */
$seen = new Shmx\Counter();
$codes = sync_fork(1, function () use ($m, $seen) {
    $seen->set($m->lock());
    posix_kill(getmypid(), SIGKILL);
});
var_dump($codes[0] === -SIGKILL, $seen->get());
var_dump($m->lock(5.0), $m->token());
$m->unlock();
/* Another handle, opened later, continues the same sequence. */
$other = new Shmx\Mutex(sync_name(__FILE__));
var_dump($other->lock());
$other->unlock();
$m->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECT--
NULL
int(1)
int(1)
NULL
bool(true)
int(2)
int(3)
0,0,0
int(120)
bool(true)
int(120)
int(4)
int(123)
bool(true)
int(124)
int(125)
int(125)
int(126)
