--TEST--
Shmx: Segment: read() and write() on an anonymous segment
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Segment(null, 64);
var_dump($s->size(), $s->id());
var_dump($s->write("hello", 3));
var_dump($s->read(3, 5), $s->read(64), strlen($s->read()));
?>
--EXPECT--
int(64)
NULL
int(5)
string(5) "hello"
string(0) ""
int(64)
