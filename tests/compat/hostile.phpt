--TEST--
Shmx: compat: hostile, foreign and undersized segments give warnings, never a crash
--EXTENSIONS--
shmx
--SKIPIF--
<?php if (PHP_INT_SIZE !== 8) die('skip the forged heads assume a 64-bit zend_long'); ?>
--FILE--
<?php
$key = ftok(__FILE__, 'h');

/* A raw segment of $size bytes at $key holding $bytes at offset 0, replacing any old one. */
function forge(int $key, int $size, string $bytes): Shmx\Segment {
    try {
        (new Shmx\Segment($key, 0, 'w'))->destroy();
    } catch (Shmx\Exception $e) {
    }
    $seg = new Shmx\Segment($key, $size, 'n');
    $seg->write($bytes);
    return $seg;
}
function head(int $start, int $end, int $free, int $total): string {
    return pack('a8qqqq', 'PHP_SM', $start, $end, $free, $total);
}
function chunk(int $key, int $length, int $next, string $data = ''): string {
    return pack('qqq', $key, $length, $next) . $data;
}

echo "-- too small to hold the head\n";
$seg = forge($key, 16, '');
var_dump(shmx_attach($key, 1024));

echo "-- head out of bounds\n";
foreach ([[40, 1 << 30], [-(1 << 40), 4096], [39, 40], [5000, 5000], [100, 60], [PHP_INT_MAX, PHP_INT_MAX]] as [$start, $end]) {
    $seg = forge($key, 4096, head($start, $end, 0, 4096));
    var_dump(shmx_attach($key));
}

echo "-- chunk lengths and links that leave the segment\n";
$seg = forge($key, 4096, head(40, 4096, 0, 4096) . chunk(1, PHP_INT_MAX, 4056, 'i:42;'));
$s = shmx_attach($key);
var_dump(shmx_has_var($s, 1), shmx_get_var($s, 1), shmx_has_var($s, 2));
var_dump(shmx_put_var($s, 3, 'x'));

$seg = forge($key, 4096, head(40, 200, 0, 4096) . chunk(1, 5, 0, 'i:42;'));
$s = shmx_attach($key);
var_dump(shmx_has_var($s, 1), shmx_get_var($s, 1), shmx_remove_var($s, 1), shmx_has_var($s, 2));

$seg = forge($key, 4096, head(40, 200, 0, 4096) . chunk(1, 5, 1 << 40, 'i:42;'));
$s = shmx_attach($key);
var_dump(shmx_get_var($s, 1), shmx_has_var($s, 9), shmx_remove_var($s, 1));

$seg = forge($key, 4096, head(40, 200, 0, 4096) . chunk(1, -3, 64, 'i:42;'));
$s = shmx_attach($key);
var_dump(shmx_get_var($s, 1));

echo "-- a chunk header that crosses the end\n";
$seg = forge($key, 4096, head(40, 50, 0, 4096) . chunk(7, 5, 64, 'i:42;'));
$s = shmx_attach($key);
var_dump(shmx_has_var($s, 7), shmx_get_var($s, 7), shmx_put_var($s, 8, 1));

echo "-- a head that lies about free space\n";
$seg = forge($key, 256, head(40, 40, 1 << 40, 1 << 40));
$s = shmx_attach($key);
var_dump(shmx_put_var($s, 1, str_repeat('y', 300)));
var_dump(shmx_put_var($s, 1, 'fits'), shmx_get_var($s, 1));

echo "-- garbage serialized data\n";
$seg = forge($key, 4096, head(40, 72, 4024, 4096) . chunk(1, 5, 32, 'a:9:{'));
$s = shmx_attach($key);
var_dump(shmx_get_var($s, 1));

echo "-- the head changes after attaching\n";
$seg = forge($key, 4096, '');
$s = shmx_attach($key);
shmx_put_var($s, 1, 'before');
$seg->write(pack('q', 1 << 50), 16);
var_dump(shmx_has_var($s, 1), shmx_get_var($s, 1), shmx_put_var($s, 2, 2), shmx_remove_var($s, 1));

echo "-- a foreign segment is formatted, as ext/sysvshm does\n";
$seg = forge($key, 128, str_repeat("\xff", 128));
$s = shmx_attach($key);
var_dump(shmx_put_var($s, 1, 'mine'), shmx_get_var($s, 1));
var_dump(substr($seg->read(0, 8), 0, 6));
$seg->destroy();
?>
--EXPECTF--
-- too small to hold the head

Warning: shmx_attach(): Failed for key 0x%x: segment too small in %s on line %d
bool(false)
-- head out of bounds

Warning: shmx_attach(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)

Warning: shmx_attach(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)

Warning: shmx_attach(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)

Warning: shmx_attach(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)

Warning: shmx_attach(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)

Warning: shmx_attach(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)
-- chunk lengths and links that leave the segment

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d
bool(true)
bool(false)
bool(false)

Warning: shmx_put_var(): Not enough shared memory left in %s on line %d
bool(false)

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d

Warning: shmx_remove_var(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(true)
bool(false)
bool(false)
bool(false)

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d

Warning: shmx_remove_var(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)
bool(false)
bool(false)

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d
bool(false)
-- a chunk header that crosses the end

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d

Warning: shmx_put_var(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)
bool(false)
bool(false)
-- a head that lies about free space

Warning: shmx_put_var(): Not enough shared memory left in %s on line %d
bool(false)
bool(true)
string(4) "fits"
-- garbage serialized data

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d
bool(false)
-- the head changes after attaching

Warning: shmx_get_var(): Variable data in shared memory is corrupted in %s on line %d

Warning: shmx_put_var(): Failed for key 0x%x: segment header is corrupted in %s on line %d

Warning: shmx_remove_var(): Failed for key 0x%x: segment header is corrupted in %s on line %d
bool(false)
bool(false)
bool(false)
bool(false)
-- a foreign segment is formatted, as ext/sysvshm does
bool(true)
string(4) "mine"
string(6) "PHP_SM"
