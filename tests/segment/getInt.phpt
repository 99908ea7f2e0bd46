--TEST--
Shmx: Segment: getInt(), setInt(), addInt(), compareAndSwapInt(): 64-bit cells that wrap around
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Segment(null, 32);
var_dump($s->getInt(0));
$s->setInt(8, 42);
var_dump($s->getInt(8), $s->addInt(8, 8), $s->addInt(8, -100), $s->getInt(8));

/* Raw memory: wraps like the C atomics, no ArithmeticError. */
$s->setInt(16, PHP_INT_MAX);
var_dump($s->addInt(16, 1) === PHP_INT_MIN);
var_dump($s->addInt(16, -1) === PHP_INT_MAX);
var_dump($s->addInt(16, PHP_INT_MIN) === -1);

/* Little-endian bytes in the segment: what a C program reading an int64_t sees. */
$s->setInt(24, 0x0102030405060708);
var_dump(bin2hex($s->read(24, 8)));
$s->write(pack('q', -5), 0);
var_dump($s->getInt(0));

var_dump($s->compareAndSwapInt(8, 0, 1), $s->getInt(8));
var_dump($s->compareAndSwapInt(8, -50, PHP_INT_MIN), $s->getInt(8));
var_dump($s->compareAndSwapInt(8, PHP_INT_MIN, 7), $s->getInt(8));
?>
--EXPECT--
int(0)
int(42)
int(50)
int(-50)
int(-50)
bool(true)
bool(true)
bool(true)
string(16) "0807060504030201"
int(-5)
bool(false)
int(-50)
bool(true)
int(-9223372036854775808)
bool(true)
int(7)
