--TEST--
Shmx: Segment: hostile ids, sizes and offsets give errors, never a crash
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

function attempt(callable $f): void
{
    try {
        $r = $f();
        echo $r instanceof Shmx\Segment ? 'Segment of ' . $r->size() . ' bytes' : var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$dir = sys_get_temp_dir() . '/shmx-test-' . shmx_test_tag(__FILE__);
@mkdir($dir);
touch("$dir/empty");

attempt(fn() => new Shmx\Segment('file:' . str_repeat('x', 5000), 1));
attempt(fn() => new Shmx\Segment(str_repeat('n', 300), 1));
attempt(fn() => new Shmx\Segment("file:$dir", 10));
attempt(fn() => new Shmx\Segment("file:$dir", 10, 'w'));
attempt(fn() => new Shmx\Segment("file:$dir/empty", 10, 'w'));
attempt(fn() => new Shmx\Segment("file:$dir/empty", 0, 'a'));
attempt(fn() => new Shmx\Segment('file:/dev/null', 10, 'w'));
attempt(fn() => new Shmx\Segment(null, PHP_INT_MAX));
attempt(fn() => new Shmx\Segment(shmx_test_key(__FILE__), PHP_INT_MAX, 'n'));
attempt(fn() => new Shmx\Segment(-1, 1, 'w'));
attempt(fn() => new Shmx\Segment(PHP_INT_MIN, 1));
attempt(fn() => new Shmx\Segment(PHP_INT_MAX, 1));
attempt(fn() => new Shmx\Segment(null, 8, str_repeat('c', 100)));
attempt(fn() => new Shmx\Segment(null, 8, "\0"));
attempt(fn() => new Shmx\Segment(null, 8, 'c', PHP_INT_MIN));

/* An empty file opened with 'c' is taken over and sized (after waiting for a creator). */
attempt(fn() => new Shmx\Segment("file:$dir/empty", 10));

$s = new Shmx\Segment(null, 64);
foreach ([[PHP_INT_MAX, PHP_INT_MAX], [PHP_INT_MIN, PHP_INT_MIN], [64, 0], [63, 1], [0, 64]] as [$o, $l]) {
    attempt(fn() => strlen($s->read($o, $l)));
}
attempt(fn() => $s->write(str_repeat('z', 65), PHP_INT_MIN));
attempt(fn() => $s->setInt(PHP_INT_MAX & ~7, 1));
attempt(fn() => $s->addInt(56, PHP_INT_MIN));
attempt(fn() => $s->addInt(56, PHP_INT_MIN));
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
$dir = sys_get_temp_dir() . '/shmx-test-' . shmx_test_tag(__FILE__);
@unlink("$dir/empty");
@rmdir($dir);
?>
--EXPECTF--
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a path shorter than 4096 bytes
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a name of at most 255 bytes
Shmx\Exception: file:%s: cannot open: Is a directory
Shmx\Exception: file:%s: cannot open: Is a directory
Shmx\Exception: file:%s/empty: asked for 10 bytes but it has only 0
Shmx\Exception: file:%s/empty: it is empty (0 bytes)
Shmx\Exception: file:/dev/null: not a regular file
Shmx\Exception: anonymous: cannot map %d bytes: %s
Shmx\Exception: key 0x%x: cannot create %d bytes: %s
Shmx\Exception: key 0xffffffff: does not exist
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a System V key between -2147483648 and 4294967295
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a System V key between -2147483648 and 4294967295
ValueError: Shmx\Segment::__construct(): Argument #3 ($mode) must be one of "c", "n", "w" or "a"
ValueError: Shmx\Segment::__construct(): Argument #3 ($mode) must be one of "c", "n", "w" or "a"
ValueError: Shmx\Segment::__construct(): Argument #4 ($permissions) must be between 0 and 0777
Segment of 10 bytes
ValueError: Shmx\Segment::read(): Argument #1 ($offset) must be between 0 and the segment size (64)
ValueError: Shmx\Segment::read(): Argument #1 ($offset) must be between 0 and the segment size (64)
0
1
64
ValueError: Shmx\Segment::write(): Argument #2 ($offset) must be between 0 and the segment size (64)
ValueError: Shmx\Segment::setInt(): Argument #1 ($offset) must be between 0 and 56 (the last 8-byte cell)
-9223372036854775807-1
0
