--TEST--
Shmx: Mutex, Semaphore and Counter on Redis: one that exists opens at maxmemory (in any mode, in another process too); taking a lease or writing is then a Shmx\FullException, unlock()/release() still work, and a new one cannot be made
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$srv = redis_spawn();
$base = "redis://127.0.0.1:{$srv['port']}";
$mid = "$base/mx?lease=5";
$sid = "$base/sm?lease=5";
$cid = "$base/ct";

function show(string $what, callable $fn): void
{
    try {
        $r = $fn();
        echo "$what: ", is_object($r) ? get_class($r) : var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', preg_replace('/^redis:\S*: /', '', strtok($e->getMessage(), "\n")), "\n";
    }
}

$m = new Shmx\Mutex($mid);
$s = new Shmx\Semaphore($sid, 2);
$c = new Shmx\Counter($cid, 5);
$m->lock();
$s->acquire();
echo redis_cli($srv['port'], 'CONFIG', 'SET', 'maxmemory', '1'), "\n";

foreach (['c', 'w', 'a'] as $mode) {
    show("Mutex '$mode'", fn () => new Shmx\Mutex($mid, $mode));
    show("Semaphore '$mode'", fn () => new Shmx\Semaphore($sid, 3, $mode));
    show("Counter '$mode'", fn () => new Shmx\Counter($cid, 0, $mode));
}
show("Mutex 'n'", fn () => new Shmx\Mutex($mid, 'n'));
show("Semaphore 'n'", fn () => new Shmx\Semaphore($sid, 3, 'n'));
show("Counter 'n'", fn () => new Shmx\Counter($cid, 0, 'n'));

$m2 = new Shmx\Mutex($mid);
$s2 = new Shmx\Semaphore($sid, 3);
$c2 = new Shmx\Counter($cid);
show('Semaphore available (the creator\'s 2 permits, 1 held)', fn () => $s2->available());
show('Counter get', fn () => $c2->get());
show('Semaphore tryAcquire', fn () => $s2->tryAcquire());
show('Counter increment', fn () => $c2->increment());
show('Mutex unlock', fn () => $m->unlock());
show('Mutex tryLock', fn () => $m2->tryLock());
show('Semaphore release', fn () => $s->release());
show('Semaphore available', fn () => $s2->available());

/* Another process opens the same three at maxmemory. */
$pid = pcntl_fork();
if ($pid === 0) {
    $ok = true;
    $mm = new Shmx\Mutex($mid);
    $ss = new Shmx\Semaphore($sid, 1);
    $cc = new Shmx\Counter($cid);
    $ok = $ok && $ss->available() === 2 && $cc->get() === 5;
    try { $mm->tryLock(); $ok = false; } catch (Shmx\FullException $e) {}
    exit($ok ? 0 : 1);
}
pcntl_waitpid($pid, $st);
echo 'child: ', pcntl_wexitstatus($st), "\n";

/* Making one is still refused. */
show('new Mutex', fn () => new Shmx\Mutex("$base/mx-new"));
show('new Semaphore', fn () => new Shmx\Semaphore("$base/sm-new", 2));
show('new Counter', fn () => new Shmx\Counter("$base/ct-new"));

echo redis_cli($srv['port'], 'CONFIG', 'SET', 'maxmemory', '0'), "\n";
show('Mutex tryLock', fn () => $m2->tryLock());
$m2->unlock();
show('Semaphore tryAcquire', fn () => $s2->tryAcquire());
$s2->release();
show('Counter increment', fn () => $c2->increment());
show('new Mutex', fn () => new Shmx\Mutex("$base/mx-new"));
unset($m, $m2, $s, $s2, $c, $c2);
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECT--
OK
Mutex 'c': Shmx\Mutex
Semaphore 'c': Shmx\Semaphore
Counter 'c': Shmx\Counter
Mutex 'w': Shmx\Mutex
Semaphore 'w': Shmx\Semaphore
Counter 'w': Shmx\Counter
Mutex 'a': Shmx\Mutex
Semaphore 'a': Shmx\Semaphore
Counter 'a': Shmx\Counter
Mutex 'n': Shmx\Exception: a mutex exists there (mode "n")
Semaphore 'n': Shmx\Exception: a semaphore exists there (mode "n")
Counter 'n': Shmx\Exception: the counter exists (mode "n")
Semaphore available (the creator's 2 permits, 1 held): 1
Counter get: 5
Semaphore tryAcquire: Shmx\FullException: the server says: OOM command not allowed when used memory > 'maxmemory'.
Counter increment: Shmx\FullException: the server says: OOM command not allowed when used memory > 'maxmemory'.
Mutex unlock: NULL
Mutex tryLock: Shmx\FullException: the server says: OOM command not allowed when used memory > 'maxmemory'.
Semaphore release: NULL
Semaphore available: 2
child: 0
new Mutex: Shmx\FullException: the server says: OOM command not allowed when used memory > 'maxmemory'.
new Semaphore: Shmx\FullException: the server says: OOM command not allowed when used memory > 'maxmemory'.
new Counter: Shmx\FullException: the server says: OOM command not allowed when used memory > 'maxmemory'.
OK
Mutex tryLock: true
Semaphore tryAcquire: true
Counter increment: 6
new Mutex: Shmx\Mutex
