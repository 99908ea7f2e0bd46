--TEST--
Shmx: shmop: Shmx\Shmop is final and cannot be constructed, cloned, serialized or compared
--EXTENSIONS--
shmx
--FILE--
<?php
function attempt(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$shm = shmx_open(0, 'c', 0600, 8);
$other = shmx_open(0, 'c', 0600, 8);
shmx_delete($shm);
shmx_delete($other);
$rc = new ReflectionClass(Shmx\Shmop::class);
var_dump($rc->isFinal(), $rc->isInstantiable(), $rc->getMethods(), $rc->getProperties());
attempt(fn() => new Shmx\Shmop());
attempt(fn() => $rc->newInstanceWithoutConstructor());
attempt(fn() => clone $shm);
attempt(fn() => serialize($shm));
attempt(fn() => unserialize('O:10:"Shmx\Shmop":0:{}'));
attempt(function () use ($shm) { $shm->x = 1; });
attempt(fn() => $shm == $other);
attempt(fn() => shmx_read(new stdClass, 0, 0));
attempt(fn() => shmx_size(null));
attempt(fn() => shmx_write(new Shmx\Segment(null, 8), 'x', 0));
attempt(fn() => shmx_delete('shm'));
attempt(fn() => shmx_close(1));
?>
--EXPECTF--
bool(true)
bool(true)
array(0) {
}
array(0) {
}
Error: Cannot directly construct Shmx\Shmop, use shmx_open() instead
ReflectionException: Class Shmx\Shmop is an internal class marked as final that cannot be instantiated without invoking its constructor
Error: Trying to clone an uncloneable object of class Shmx\Shmop
Exception: Serialization of 'Shmx\Shmop' is not allowed
Exception: Unserialization of 'Shmx\Shmop' is not allowed
Error: Cannot create dynamic property Shmx\Shmop::$x
bool(false)
TypeError: shmx_read(): Argument #1 ($shmop) must be of type Shmx\Shmop, stdClass given
TypeError: shmx_size(): Argument #1 ($shmop) must be of type Shmx\Shmop, null given
TypeError: shmx_write(): Argument #1 ($shmop) must be of type Shmx\Shmop, Shmx\Segment given
TypeError: shmx_delete(): Argument #1 ($shmop) must be of type Shmx\Shmop, string given

Deprecated: Function shmx_close() is deprecated in %s on line %d
TypeError: shmx_close(): Argument #1 ($shmop) must be of type Shmx\Shmop, int given
