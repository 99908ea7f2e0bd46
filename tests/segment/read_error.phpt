--TEST--
Shmx: Segment: read() and write(): out of range is a ValueError, never a truncation
--EXTENSIONS--
shmx
--FILE--
<?php
function attempt(callable $f): void
{
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}

$s = new Shmx\Segment(null, 16);
$s->write('0123456789abcdef');
attempt(fn() => $s->read(16));
attempt(fn() => $s->read(10));
attempt(fn() => $s->read(10, 6));
attempt(fn() => $s->read(0, 0));
attempt(fn() => $s->read(17));
attempt(fn() => $s->read(-1));
attempt(fn() => $s->read(10, 7));
attempt(fn() => $s->read(0, -1));
attempt(fn() => $s->read(PHP_INT_MAX));
attempt(fn() => $s->read(PHP_INT_MIN));
attempt(fn() => $s->read(1, PHP_INT_MAX));
attempt(fn() => $s->read(16, PHP_INT_MIN));

attempt(fn() => $s->write('', 16));
attempt(fn() => $s->write('XY', 14));
attempt(fn() => $s->write('XYZ', 14));
attempt(fn() => $s->write('X', 17));
attempt(fn() => $s->write('X', -1));
attempt(fn() => $s->write('X', PHP_INT_MAX));
attempt(fn() => $s->write('X', PHP_INT_MIN));
attempt(fn() => $s->write(str_repeat('X', 17)));
/* Nothing partial was written by the failed calls. */
attempt(fn() => $s->read());
?>
--EXPECT--
string(0) ""
string(6) "abcdef"
string(6) "abcdef"
string(0) ""
ValueError: Shmx\Segment::read(): Argument #1 ($offset) must be between 0 and the segment size (16)
ValueError: Shmx\Segment::read(): Argument #1 ($offset) must be between 0 and the segment size (16)
ValueError: Shmx\Segment::read(): Argument #2 ($length) must be between 0 and 6 (the bytes after $offset)
ValueError: Shmx\Segment::read(): Argument #2 ($length) must be between 0 and 16 (the bytes after $offset)
ValueError: Shmx\Segment::read(): Argument #1 ($offset) must be between 0 and the segment size (16)
ValueError: Shmx\Segment::read(): Argument #1 ($offset) must be between 0 and the segment size (16)
ValueError: Shmx\Segment::read(): Argument #2 ($length) must be between 0 and 15 (the bytes after $offset)
ValueError: Shmx\Segment::read(): Argument #2 ($length) must be between 0 and 0 (the bytes after $offset)
int(0)
int(2)
ValueError: Shmx\Segment::write(): Argument #1 ($data) must fit in the segment: 3 bytes at offset 14 exceed its 16 bytes
ValueError: Shmx\Segment::write(): Argument #2 ($offset) must be between 0 and the segment size (16)
ValueError: Shmx\Segment::write(): Argument #2 ($offset) must be between 0 and the segment size (16)
ValueError: Shmx\Segment::write(): Argument #2 ($offset) must be between 0 and the segment size (16)
ValueError: Shmx\Segment::write(): Argument #2 ($offset) must be between 0 and the segment size (16)
ValueError: Shmx\Segment::write(): Argument #1 ($data) must fit in the segment: 17 bytes at offset 0 exceed its 16 bytes
string(16) "0123456789abcdXY"
