--TEST--
Shmx: shmop: shmx_open(): modes "n", "a", "w", "c" as shmop_open() has them
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
$key = shmx_test_key(__FILE__);

$n = shmx_open($key, 'n', 0644, 1024);
var_dump($n, shmx_size($n));
var_dump(shmx_write($n, 'first line', 0));

/* "a": read-only, and the size asked for is ignored. */
$a = shmx_open($key, 'a', 0, 7);
var_dump(shmx_size($a), shmx_read($a, 0, 10));
try {
    shmx_write($a, 'x', 0);
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}

/* "w": read-write on an existing segment; its size is the segment's. */
$w = shmx_open($key, 'w', 0, 5);
var_dump(shmx_size($w), shmx_write($w, ' and second', 10), shmx_read($a, 0, 21));

/* "c" on an existing segment with a smaller size opens it whole. */
$c = shmx_open($key, 'c', 0644, 16);
var_dump(shmx_size($c), shmx_read($c, 0, 5));

/* A count of 0 reads to the end, as shmop_read() does. */
var_dump(strlen(shmx_read($c, 1000, 0)), strlen(shmx_read($c, 0, 0)), shmx_read($c, 1024, 0));

var_dump(shmx_delete($n));
?>
--CLEAN--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
object(Shmx\Shmop)#1 (0) {
}
int(1024)
int(10)
int(1024)
string(10) "first line"
Error: Read-only segment cannot be written
int(1024)
int(11)
string(21) "first line and second"
int(1024)
string(5) "first"
int(24)
int(1024)
string(0) ""
bool(true)
