--TEST--
Shmx: compat: shmx_attach() and friends: argument errors, warnings and object rules
--EXTENSIONS--
shmx
--FILE--
<?php
$key = ftok(__FILE__, 'e');

foreach ([[0x100000000, 1024], [-0x80000001, 1024], [$key, 0], [$key, -5]] as [$k, $size]) {
    try {
        shmx_attach($k, $size);
    } catch (ValueError $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
}
// 2^31 and above mean the two's complement key; -1 is the same key as 0xffffffff.
$a = shmx_attach(0xfffffff0, 100);
$b = shmx_attach(-16);
var_dump(shmx_put_var($a, 1, "same"), shmx_get_var($b, 1));
shmx_remove($a);

// Creating needs room for the 40-byte head.
var_dump(shmx_attach($key, 39));

$s = shmx_attach($key, 1024);
var_dump(shmx_get_var($s, 42));
var_dump(shmx_remove_var($s, 42));

try {
    new Shmx\SysvSharedMemory();
} catch (Error $e) {
    echo $e->getMessage(), "\n";
}
try {
    clone $s;
} catch (Error $e) {
    echo $e->getMessage(), "\n";
}
try {
    serialize($s);
} catch (Exception $e) {
    echo $e->getMessage(), "\n";
}
try {
    shmx_put_var(new stdClass, 1, 1);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}

class Leaves {
    public function __serialize(): array {
        global $s;
        shmx_detach($s);
        return [];
    }
}
try {
    shmx_put_var($s, 1, new Leaves);
} catch (Error $e) {
    echo $e->getMessage(), "\n";
}
foreach (['shmx_get_var', 'shmx_has_var', 'shmx_remove_var'] as $f) {
    try {
        $f($s, 1);
    } catch (Error $e) {
        echo "$f: ", $e->getMessage(), "\n";
    }
}
$s = shmx_attach($key);
shmx_remove($s);
?>
--EXPECTF--
ValueError: shmx_attach(): Argument #1 ($key) is out of range
ValueError: shmx_attach(): Argument #1 ($key) is out of range
ValueError: shmx_attach(): Argument #2 ($size) must be greater than 0
ValueError: shmx_attach(): Argument #2 ($size) must be greater than 0
bool(true)
string(4) "same"

Warning: shmx_attach(): Failed for key 0x%x: memorysize too small in %s on line %d
bool(false)

Warning: shmx_get_var(): Variable key 42 doesn't exist in %s on line %d
bool(false)

Warning: shmx_remove_var(): Variable key 42 doesn't exist in %s on line %d
bool(false)
Cannot directly construct Shmx\SysvSharedMemory, use shmx_attach() instead
Trying to clone an uncloneable object of class Shmx\SysvSharedMemory
Serialization of 'Shmx\SysvSharedMemory' is not allowed
shmx_put_var(): Argument #1 ($shm) must be of type Shmx\SysvSharedMemory, stdClass given
Shared memory block has been destroyed by the serialization function
shmx_get_var: Shared memory block has already been destroyed
shmx_has_var: Shared memory block has already been destroyed
shmx_remove_var: Shared memory block has already been destroyed
