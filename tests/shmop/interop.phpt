--TEST--
Shmx: shmop: a segment written by ext/shmop reads back byte for byte through shmx, and the other way round
--EXTENSIONS--
shmx
shmop
--FILE--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
$bytes = '';
for ($i = 0; $i < 256; $i++) {
    $bytes .= chr($i);
}
$bytes = str_repeat($bytes, 4);

echo "-- shmop writes, shmx reads\n";
$key = shmx_test_key(__FILE__, 0);
$orig = shmop_open($key, 'n', 0644, 1024);
var_dump(shmop_write($orig, $bytes, 0));
$mine = shmx_open($key, 'a', 0, 0);
var_dump(shmx_size($mine), shmx_read($mine, 0, 0) === $bytes);
$seg = new Shmx\Segment($key, 0, 'a');
var_dump($seg->size(), $seg->read() === $bytes, sprintf('%04o', $seg->stat()['permissions']));
var_dump(shmx_delete($mine));
var_dump(@shmop_open($key, 'w', 0, 0));

echo "-- shmx writes, shmop reads\n";
$key = shmx_test_key(__FILE__, 1);
$mine = shmx_open($key, 'n', 0600, 1024);
var_dump(shmx_write($mine, strrev($bytes), 0));
$orig = shmop_open($key, 'w', 0, 0);
var_dump(shmop_size($orig), shmop_read($orig, 0, 0) === strrev($bytes));
shmop_write($orig, 'shmop was here', 100);
var_dump(shmx_read($mine, 100, 14));
var_dump(shmop_delete($orig));
var_dump(@shmx_open($key, 'w', 0, 0));

echo "-- a key of 2^31 or more is the same segment for both\n";
$high = shmx_test_key(__FILE__, 2) | 0x80000000;
$orig = shmop_open($high, 'n', 0600, 64);
shmop_write($orig, 'high key', 0);
$mine = shmx_open($high, 'w', 0, 0);
$same = shmx_open($high - 0x100000000, 'w', 0, 0);
var_dump(shmx_read($mine, 0, 8), shmx_read($same, 0, 8));
$seg = new Shmx\Segment($high, 0, 'w');
var_dump($seg->id() === $high - 0x100000000, $seg->read(0, 8));
shmx_delete($mine);
?>
--CLEAN--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
shmx_test_clean(__FILE__, 2);
try {
    (new Shmx\Segment(shmx_test_key(__FILE__, 2) | 0x80000000, 0, 'w'))->destroy();
} catch (Throwable $e) {
}
?>
--EXPECT--
-- shmop writes, shmx reads
int(1024)
int(1024)
bool(true)
int(1024)
bool(true)
string(4) "0644"
bool(true)
bool(false)
-- shmx writes, shmop reads
int(1024)
int(1024)
bool(true)
string(14) "shmop was here"
bool(true)
bool(false)
-- a key of 2^31 or more is the same segment for both
string(8) "high key"
string(8) "high key"
bool(true)
string(8) "high key"
