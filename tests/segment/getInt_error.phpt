--TEST--
Shmx: Segment: the int methods need an 8-byte aligned cell inside the segment
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

$s = new Shmx\Segment(null, 20);
foreach ([4, 12, 16, 24, -8, PHP_INT_MAX, PHP_INT_MIN, PHP_INT_MAX - 7] as $offset) {
    attempt(fn() => $s->getInt($offset));
}
attempt(fn() => $s->setInt(3, 1));
attempt(fn() => $s->addInt(16, 1));
attempt(fn() => $s->compareAndSwapInt(-1, 0, 1));
attempt(fn() => $s->getInt(8));

$tiny = new Shmx\Segment(null, 7);
attempt(fn() => $tiny->getInt(0));
attempt(fn() => $tiny->addInt(0, 1));
?>
--EXPECT--
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) must be a multiple of 8
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) must be a multiple of 8
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) must be between 0 and 8 (the last 8-byte cell)
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) must be between 0 and 8 (the last 8-byte cell)
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) must be between 0 and 8 (the last 8-byte cell)
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) must be between 0 and 8 (the last 8-byte cell)
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) must be between 0 and 8 (the last 8-byte cell)
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) must be between 0 and 8 (the last 8-byte cell)
ValueError: Shmx\Segment::setInt(): Argument #1 ($offset) must be a multiple of 8
ValueError: Shmx\Segment::addInt(): Argument #1 ($offset) must be between 0 and 8 (the last 8-byte cell)
ValueError: Shmx\Segment::compareAndSwapInt(): Argument #1 ($offset) must be between 0 and 8 (the last 8-byte cell)
int(0)
ValueError: Shmx\Segment::getInt(): Argument #1 ($offset) cannot name an 8-byte cell in a segment of 7 bytes
ValueError: Shmx\Segment::addInt(): Argument #1 ($offset) cannot name an 8-byte cell in a segment of 7 bytes
