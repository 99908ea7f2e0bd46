--TEST--
Shmx: Counter, Mutex, Semaphore: bad arguments, another kind of object, read-only handles
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/sync.inc';
function attempt(string $what, callable $f)
{
    try {
        $r = $f();
        echo "$what: ", is_object($r) ? get_class($r) : var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$name = sync_name(__FILE__);
attempt('empty name', fn() => new Shmx\Counter(''));
attempt('bad key', fn() => new Shmx\Mutex(1 << 40));
attempt('bad mode', fn() => new Shmx\Mutex(null, 'x'));
attempt('bad permissions', fn() => new Shmx\Counter(null, 0, 'c', 01000));
attempt('0 permits', fn() => new Shmx\Semaphore(null, 0));
attempt('too many permits', fn() => new Shmx\Semaphore(null, 65537));
attempt('open missing', fn() => new Shmx\Mutex($name . '-missing', 'w'));

$c = new Shmx\Counter($name . '-c', 1);
$m = new Shmx\Mutex($name . '-m');
$s = new Shmx\Semaphore($name . '-s', 4);
attempt('Counter as Mutex', fn() => new Shmx\Mutex($name . '-c'));
attempt('Mutex as Semaphore', fn() => new Shmx\Semaphore($name . '-m'));
attempt('Semaphore as Counter', fn() => new Shmx\Counter($name . '-s'));
attempt('Counter as Semaphore, mode w', fn() => new Shmx\Semaphore($name . '-c', 1, 'w'));
$seg = new Shmx\Segment($name . '-g', 4096);
$seg->write('not a shmx header');
attempt('foreign bytes', fn() => new Shmx\Counter($name . '-g'));
attempt('exists, mode n', fn() => new Shmx\Mutex($name . '-m', 'n'));

$rc = new Shmx\Counter($name . '-c', 0, 'a');
attempt('read-only get', fn() => $rc->get());
attempt('read-only increment', fn() => $rc->increment());
$rm = new Shmx\Mutex($name . '-m', 'a');
attempt('read-only lock', fn() => $rm->lock());
attempt('read-only synchronized', fn() => $rm->synchronized(fn() => 1));
$rs = new Shmx\Semaphore($name . '-s', 1, 'a');
attempt('read-only available', fn() => $rs->available());
attempt('read-only acquire', fn() => $rs->acquire());

attempt('construct twice', fn() => $c->__construct());
attempt('serialize', fn() => serialize($m));
attempt('negative timeout', fn() => $m->synchronized(fn() => 1, -1));
foreach ([$c, $m, $s, $seg] as $o) {
    $o->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
foreach (['-c', '-m', '-s', '-g'] as $k) {
    @unlink('/dev/shm/' . sync_name(__FILE__) . $k);
}
?>
--EXPECTF--
empty name: ValueError: Shmx\Counter::__construct(): Argument #1 ($id) must be a non-empty name
bad key: ValueError: Shmx\Mutex::__construct(): Argument #1 ($id) must be a System V key between -2147483648 and 4294967295
bad mode: ValueError: Shmx\Mutex::__construct(): Argument #2 ($mode) must be one of "c", "n", "w" or "a"
bad permissions: ValueError: Shmx\Counter::__construct(): Argument #4 ($permissions) must be between 0 and 0777
0 permits: ValueError: Shmx\Semaphore::__construct(): Argument #2 ($permits) must be greater than 0
too many permits: ValueError: Shmx\Semaphore::__construct(): Argument #2 ($permits) must be less than or equal to 65536
open missing: Shmx\Exception: /shmx-sync-%s-sync_error-missing: does not exist
Counter as Mutex: Shmx\CorruptException: /shmx-sync-%s-sync_error-c: it holds a shmx Counter, not a Mutex
Mutex as Semaphore: Shmx\CorruptException: /shmx-sync-%s-sync_error-m: it holds a shmx Mutex, not a Semaphore
Semaphore as Counter: Shmx\CorruptException: /shmx-sync-%s-sync_error-s: it holds a shmx Semaphore, not a Counter
Counter as Semaphore, mode w: Shmx\CorruptException: /shmx-sync-%s-sync_error-c: %s
foreign bytes: Shmx\CorruptException: /shmx-sync-%s-sync_error-g: not a shmx Counter (bad magic 0x%x)
exists, mode n: Shmx\Exception: /shmx-sync-%s-sync_error-m: already exists
read-only get: 1
read-only increment: Error: Cannot modify a Shmx\Counter opened read-only (mode "a")
read-only lock: Error: Cannot lock or unlock a Shmx\Mutex opened read-only (mode "a")
read-only synchronized: Error: Cannot lock or unlock a Shmx\Mutex opened read-only (mode "a")
read-only available: 4
read-only acquire: Error: Cannot acquire or release a Shmx\Semaphore opened read-only (mode "a")
construct twice: Error: Cannot call Shmx\Counter::__construct() twice
serialize: Exception: Serialization of 'Shmx\Mutex' is not allowed
negative timeout: ValueError: Shmx\Mutex::synchronized(): Argument #2 ($timeout) must be null or greater than or equal to 0
