--TEST--
Shmx: shmop: shmx_read(): offsets and sizes outside the segment are ValueErrors
--EXTENSIONS--
shmx
--FILE--
<?php
$shm = shmx_open(0, 'c', 0600, 100);
shmx_delete($shm);
foreach ([[-10, 0], [101, 0], [PHP_INT_MIN, 0], [0, -10], [0, 101], [50, 51], [1, PHP_INT_MAX], [100, 1], [100, 0], [99, 1]] as [$offset, $size]) {
    try {
        var_dump(bin2hex(shmx_read($shm, $offset, $size)));
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
shmx_read(): Argument #2 ($offset) must be between 0 and the segment size
shmx_read(): Argument #2 ($offset) must be between 0 and the segment size
shmx_read(): Argument #2 ($offset) must be between 0 and the segment size
shmx_read(): Argument #3 ($size) is out of range
shmx_read(): Argument #3 ($size) is out of range
shmx_read(): Argument #3 ($size) is out of range
shmx_read(): Argument #3 ($size) is out of range
shmx_read(): Argument #3 ($size) is out of range
string(0) ""
string(2) "00"
