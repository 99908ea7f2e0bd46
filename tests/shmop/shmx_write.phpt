--TEST--
Shmx: shmop: shmx_write(): writes what fits and says how much, as in PHP 8.2
--EXTENSIONS--
shmx
--FILE--
<?php
$shm = shmx_open(0, 'c', 0600, 16);
shmx_delete($shm);
var_dump(shmx_write($shm, str_repeat('a', 16), 0));
var_dump(shmx_write($shm, str_repeat('b', 8), 11));
var_dump(shmx_write($shm, 'c', 16));
var_dump(shmx_write($shm, '', 3));
var_dump(shmx_read($shm, 0, 16));
foreach ([-1, 17, PHP_INT_MAX, PHP_INT_MIN] as $offset) {
    try {
        shmx_write($shm, 'x', $offset);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
int(16)
int(5)
int(0)
int(0)
string(16) "aaaaaaaaaaabbbbb"
shmx_write(): Argument #3 ($offset) is out of range
shmx_write(): Argument #3 ($offset) is out of range
shmx_write(): Argument #3 ($offset) is out of range
shmx_write(): Argument #3 ($offset) is out of range
