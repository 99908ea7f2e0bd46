--TEST--
Shmx: compat: shmx_attach() and the variable functions behave like ext/sysvshm's
--EXTENSIONS--
shmx
--FILE--
<?php
$key = ftok(__FILE__, 'a');
$s = shmx_attach($key, 2048, 0600);
var_dump($s);
var_dump(shmx_has_var($s, 1));
var_dump(shmx_put_var($s, 1, ['x' => 1, 'y' => [2.5, null, true]]));
var_dump(shmx_put_var($s, -7, new ArrayObject([1, 2])));
var_dump(shmx_put_var($s, PHP_INT_MAX, "max"));
var_dump(shmx_has_var($s, 1), shmx_has_var($s, 2));
var_dump(shmx_get_var($s, 1), shmx_get_var($s, -7)->count(), shmx_get_var($s, PHP_INT_MAX));

// Replacing a value keeps the others; a second handle sees the same memory.
var_dump(shmx_put_var($s, 1, "replaced"));
$t = shmx_attach($key);
var_dump(shmx_get_var($t, 1), shmx_get_var($t, PHP_INT_MAX));
var_dump(shmx_remove_var($t, 1), shmx_has_var($s, 1));
var_dump(shmx_get_var($s, -7)->count());

// A value that does not fit leaves the old one in place (as later PHP releases do).
var_dump(shmx_put_var($s, 5, "small"));
var_dump(shmx_put_var($s, 5, str_repeat("z", 4096)));
var_dump(shmx_get_var($s, 5));

var_dump(shmx_detach($t));
var_dump(shmx_remove($s));
var_dump(shmx_detach($s));
?>
--EXPECTF--
object(Shmx\SysvSharedMemory)#%d (0) {
}
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
array(2) {
  ["x"]=>
  int(1)
  ["y"]=>
  array(3) {
    [0]=>
    float(2.5)
    [1]=>
    NULL
    [2]=>
    bool(true)
  }
}
int(2)
string(3) "max"
bool(true)
string(8) "replaced"
string(3) "max"
bool(true)
bool(false)
int(2)
bool(true)

Warning: shmx_put_var(): Not enough shared memory left in %s on line %d
bool(false)
string(5) "small"
bool(true)
bool(true)
bool(true)
