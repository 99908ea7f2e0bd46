--TEST--
Shmx: compat: shmx_get_var() on a chunk whose data runs to the segment's last byte reads nothing past it
--EXTENSIONS--
shmx
--SKIPIF--
<?php if (PHP_INT_SIZE !== 8) die('skip the forged heads assume a 64-bit zend_long'); ?>
--FILE--
<?php
/* php_var_unserialize may look past its end while a token still matches, so the data must be
 * parsed from a terminated copy: here the digits of "i:" and "d:" run to the very last byte of
 * the mapping, and of a heap copy longer than the stack buffer. */
$key = ftok(__FILE__, 'u');
foreach (['i:' => '7', 'd:1E' => '1', 's:' => '9'] as $prefix => $digit) {
    try {
        (new Shmx\Segment($key, 0, 'w'))->destroy();
    } catch (Shmx\Exception $e) {
    }
    $seg = new Shmx\Segment($key, 4096, 'n');
    $data = $prefix . str_repeat($digit, 4032 - strlen($prefix));
    $seg->write(pack('a8qqqq', 'PHP_SM', 40, 4096, 0, 4096) . pack('qqq', 1, 4032, 4056) . $data);
    $s = shmx_attach($key);
    var_dump(shmx_get_var($s, 1));
    shmx_detach($s);
    $seg->destroy();
}
?>
--EXPECTF--
Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d
bool(false)

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d
bool(false)

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d
bool(false)
