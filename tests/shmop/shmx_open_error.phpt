--TEST--
Shmx: shmop: shmx_open(): ValueErrors, and warnings with false where shmop_open() warns
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
$key = shmx_test_key(__FILE__);

function attempt(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

echo "-- arguments\n";
attempt(fn() => shmx_open($key, '', 0644, 1024));
attempt(fn() => shmx_open($key, 'cc', 0644, 1024));
attempt(fn() => shmx_open($key, 'b', 0644, 1024));
attempt(fn() => shmx_open($key, 'C', 0644, 1024));
attempt(fn() => shmx_open($key, 'c', 0644, 0));
attempt(fn() => shmx_open($key, 'n', 0644, -1));
attempt(fn() => shmx_open($key, 'c', 0644, PHP_INT_MIN));
/* The one difference from PHP 8.2: keys that key_t cannot hold are refused, not truncated. */
attempt(fn() => shmx_open(4294967296, 'c', 0644, 1));
attempt(fn() => shmx_open(-2147483649, 'c', 0644, 1));
attempt(fn() => shmx_open(PHP_INT_MAX, '', 0644, 1));
attempt(fn() => shmx_open("1", 'c', 0644, 'x'));

echo "-- refused by the system\n";
attempt(fn() => shmx_open($key, 'a', 0644, 0));
attempt(fn() => shmx_open($key, 'w', 0644, 0));
$seg = shmx_open($key, 'n', 0600, 100);
attempt(fn() => shmx_open($key, 'n', 0600, 100));
attempt(fn() => shmx_open($key, 'c', 0600, 101));
shmx_delete($seg);
?>
--CLEAN--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECTF--
-- arguments
ValueError: shmx_open(): Argument #2 ($mode) must be a valid access mode
ValueError: shmx_open(): Argument #2 ($mode) must be a valid access mode
ValueError: shmx_open(): Argument #2 ($mode) must be a valid access mode
ValueError: shmx_open(): Argument #2 ($mode) must be a valid access mode
ValueError: shmx_open(): Argument #4 ($size) must be greater than 0 for the "c" and "n" access modes
ValueError: shmx_open(): Argument #4 ($size) must be greater than 0 for the "c" and "n" access modes
ValueError: shmx_open(): Argument #4 ($size) must be greater than 0 for the "c" and "n" access modes
ValueError: shmx_open(): Argument #1 ($key) is out of range
ValueError: shmx_open(): Argument #1 ($key) is out of range
ValueError: shmx_open(): Argument #1 ($key) is out of range
TypeError: shmx_open(): Argument #4 ($size) must be of type int, string given
-- refused by the system

Warning: shmx_open(): Unable to attach or create shared memory segment "No such file or directory" in %s on line %d
bool(false)

Warning: shmx_open(): Unable to attach or create shared memory segment "No such file or directory" in %s on line %d
bool(false)

Warning: shmx_open(): Unable to attach or create shared memory segment "File exists" in %s on line %d
bool(false)

Warning: shmx_open(): Unable to attach or create shared memory segment "Invalid argument" in %s on line %d
bool(false)
