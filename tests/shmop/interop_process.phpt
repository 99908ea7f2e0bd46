--TEST--
Shmx: shmop: a process running the real ext/shmop (no shmx) and one running shmx share a key
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
$key = shmx_test_key(__FILE__);

/* The other process has shmop.so and not shmx.so. */
echo shmx_test_php(sprintf('
    var_dump(extension_loaded("shmx"));
    $s = shmop_open(%d, "n", 0644, 4096);
    shmop_write($s, "written by shmop in pid " . getmypid(), 0);
', $key), ['shmop'], false);

$mine = shmx_open($key, 'w', 0, 0);
var_dump(shmx_size($mine), preg_match('/^written by shmop in pid \d+\0/', shmx_read($mine, 0, 40)));
shmx_write($mine, 'answered by shmx', 2048);

echo shmx_test_php(sprintf('
    $s = shmop_open(%d, "a", 0, 0);
    var_dump(shmop_read($s, 2048, 16));
    shmop_delete(shmop_open(%1$d, "w", 0, 0));
', $key), ['shmop'], false);
var_dump(@shmx_open($key, 'w', 0, 0));
?>
--CLEAN--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
bool(false)
int(4096)
int(1)
string(16) "answered by shmx"
bool(false)
