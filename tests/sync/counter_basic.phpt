--TEST--
Shmx: Counter: get(), set(), increment(), decrement(), compareAndSwap()
--EXTENSIONS--
shmx
--FILE--
<?php
$c = new Shmx\Counter();
var_dump($c->get());
var_dump($c->increment(), $c->increment(10), $c->decrement(), $c->decrement(-5), $c->get());
$c->set(-3);
var_dump($c->get());
var_dump($c->compareAndSwap(1, 2), $c->get());
var_dump($c->compareAndSwap(-3, 42), $c->get());
$d = new Shmx\Counter(null, PHP_INT_MIN);
var_dump($d->get() === PHP_INT_MIN);
try {
    clone $c;
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
int(0)
int(1)
int(11)
int(10)
int(15)
int(15)
int(-3)
bool(false)
int(-3)
bool(true)
int(42)
bool(true)
Error: Trying to clone an uncloneable object of class Shmx\Counter
