--TEST--
Shmx: shmop: shmx_delete() and shmx_close(): the segment goes when the last handle does; close is deprecated and does nothing
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
$key = shmx_test_key(__FILE__);

$a = shmx_open($key, 'n', 0600, 64);
$b = shmx_open($key, 'w', 0, 0);
var_dump(shmx_delete($a), shmx_delete($a));
/* Marked for deletion: nobody opens it by key any more, the live handles still share it. */
var_dump(@shmx_open($key, 'w', 0, 0));
shmx_write($a, 'still here', 0);
var_dump(shmx_read($b, 0, 10));

shmx_close($a);
var_dump(shmx_read($a, 0, 5));
echo new ReflectionFunction('shmx_close');
?>
--CLEAN--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECTF--
bool(true)
bool(true)
bool(false)
string(10) "still here"

Deprecated: Function shmx_close() is deprecated in %s on line %d
string(5) "still"
Function [ <internal, deprecated:shmx> function shmx_close ] {

  - Parameters [1] {
    Parameter #0 [ <required> Shmx\Shmop $shmop ]
  }
  - Return [ void ]
}
