--TEST--
Shmx: compat: shmx_sem_get(), acquire, release and remove behave like ext/sysvsem's
--EXTENSIONS--
shmx
--FILE--
<?php
$key = ftok(__FILE__, 's');
$sem = shmx_sem_get($key, 2, 0600);
var_dump($sem);
var_dump(shmx_sem_acquire($sem), shmx_sem_acquire($sem), shmx_sem_acquire($sem, true));
var_dump(shmx_sem_release($sem), shmx_sem_acquire($sem, true));
var_dump(shmx_sem_release($sem), shmx_sem_release($sem), shmx_sem_release($sem));

// A second handle counts separately; unset with auto_release gives back what it held.
$other = shmx_sem_get($key, 2, 0600);
var_dump(shmx_sem_acquire($other), shmx_sem_acquire($other));
var_dump(shmx_sem_acquire($sem, true));
unset($other);
var_dump(shmx_sem_acquire($sem, true), shmx_sem_release($sem));

// Without auto_release, an unset handle keeps its units until the process exits.
$keeper = shmx_sem_get($key, 2, 0600, false);
var_dump(shmx_sem_acquire($keeper), shmx_sem_acquire($keeper));
unset($keeper);
var_dump(shmx_sem_acquire($sem, true));

var_dump(shmx_sem_remove($sem));
var_dump(shmx_sem_remove($sem));
var_dump(shmx_sem_acquire($sem));

foreach ([0x100000000, -0x80000001] as $k) {
    try {
        shmx_sem_get($k);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
try {
    new Shmx\SysvSemaphore();
} catch (Error $e) {
    echo $e->getMessage(), "\n";
}
try {
    serialize(shmx_sem_get($key, 1, 0600));
} catch (Exception $e) {
    echo $e->getMessage(), "\n";
}
try {
    shmx_sem_release(new stdClass);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
shmx_sem_remove(shmx_sem_get($key, 1, 0600));
?>
--EXPECTF--
object(Shmx\SysvSemaphore)#%d (0) {
}
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)

Warning: shmx_sem_release(): SysV semaphore for key 0x%x is not currently acquired in %s on line %d
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(true)

Warning: shmx_sem_remove(): SysV semaphore for key 0x%x does not (any longer) exist in %s on line %d
bool(false)

Warning: shmx_sem_acquire(): Failed to acquire key 0x%x: Invalid argument in %s on line %d
bool(false)
shmx_sem_get(): Argument #1 ($key) is out of range
shmx_sem_get(): Argument #1 ($key) is out of range
Cannot directly construct Shmx\SysvSemaphore, use shmx_sem_get() instead
Serialization of 'Shmx\SysvSemaphore' is not allowed
shmx_sem_release(): Argument #1 ($semaphore) must be of type Shmx\SysvSemaphore, stdClass given
