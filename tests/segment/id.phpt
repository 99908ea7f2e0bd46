--TEST--
Shmx: Segment: id(): "name" and "/name" are one object; keys of 2^31 and more read as key_t does
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

$name = shmx_test_name(__FILE__);
$a = new Shmx\Segment($name, 16, 'n');
$b = new Shmx\Segment("/$name", 0, 'w');
$a->write('one object');
var_dump($b->read(0, 10), $a->id() === "/$name", $b->id() === $a->id());
$a->destroy();

/* 0x80000000 and more: the 32-bit two's-complement reading, as ftok() and ipcs show it. */
$high = shmx_test_key(__FILE__) | 0x80000000;
$h = new Shmx\Segment($high, 16, 'n');
$same = new Shmx\Segment($high - 0x100000000, 0, 'w');
$h->write('same key');
var_dump($h->id() === $high - 0x100000000, $h->id() < 0, $same->read(0, 8), $h->stat()['id'] === $h->id());
$h->destroy();

$f = new Shmx\Segment('file:' . shmx_test_path(__FILE__), 16);
var_dump($f->id() === 'file:' . shmx_test_path(__FILE__));
$f->destroy();
var_dump((new Shmx\Segment(null, 16))->id());
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
try {
    (new Shmx\Segment(shmx_test_key(__FILE__) | 0x80000000, 0, 'w'))->destroy();
} catch (Throwable $e) {
}
?>
--EXPECT--
string(10) "one object"
bool(true)
bool(true)
bool(true)
bool(true)
string(8) "same key"
bool(true)
bool(true)
NULL
