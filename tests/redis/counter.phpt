--TEST--
Shmx: Counter on Redis: get/set/increment/decrement/compareAndSwap/destroy, modes, overflow leaves the value
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__);
try { new Shmx\Counter($url, 0, 'w'); } catch (Shmx\Exception $e) { echo str_replace($url, 'URL', $e->getMessage()), "\n"; }
$c = new Shmx\Counter($url, 10);
$d = new Shmx\Counter($url, 99);                 // $initial only when created
var_dump($c->get(), $d->get());
try { new Shmx\Counter($url, 0, 'n'); } catch (Shmx\Exception $e) { echo str_replace($url, 'URL', $e->getMessage()), "\n"; }
var_dump($c->increment(), $c->increment(5), $d->decrement(), $d->decrement(20), $c->get());
var_dump($c->compareAndSwap(-4, 7), $c->compareAndSwap(-5, 7), $d->get());
$c->set(PHP_INT_MAX);
try { $c->increment(); } catch (ArithmeticError $e) { echo $e->getMessage(), "\n"; }
var_dump($c->get() === PHP_INT_MAX);
$c->set(PHP_INT_MIN);
try { $c->decrement(); } catch (ArithmeticError $e) { echo $e->getMessage(), "\n"; }
try { $c->increment(PHP_INT_MIN); } catch (ArithmeticError $e) { echo $e->getMessage(), "\n"; }
var_dump($c->get() === PHP_INT_MIN);
$c->set(-1);
var_dump($c->decrement(PHP_INT_MIN) === PHP_INT_MAX);
$c->set(0);
try { $c->decrement(PHP_INT_MIN); } catch (ArithmeticError $e) { echo $e->getMessage(), "\n"; }
var_dump($c->get(), $c->compareAndSwap(0, PHP_INT_MIN), $c->get() === PHP_INT_MIN);
$ro = new Shmx\Counter($url, 0, 'a');
var_dump($ro->get() === PHP_INT_MIN);
try { $ro->increment(); } catch (Error $e) { echo $e->getMessage(), "\n"; }
$c->destroy();
var_dump($d->get());                             // gone: reads 0
try { new Shmx\Counter($url, 0, 'w'); } catch (Shmx\Exception $e) { echo "gone\n"; }
?>
--EXPECT--
URL: no counter there (mode "w" opens an existing one)
int(10)
int(10)
URL: the counter exists (mode "n")
int(11)
int(16)
int(15)
int(-5)
int(-5)
bool(false)
bool(true)
int(7)
Shmx\Counter::increment(): 9223372036854775807 + 1 is out of the integer range; the counter was not changed
bool(true)
Shmx\Counter::decrement(): -9223372036854775808 - 1 is out of the integer range; the counter was not changed
Shmx\Counter::increment(): -9223372036854775808 + -9223372036854775808 is out of the integer range; the counter was not changed
bool(true)
bool(true)
Shmx\Counter::decrement(): 0 - -9223372036854775808 is out of the integer range; the counter was not changed
int(0)
bool(true)
bool(true)
bool(true)
Cannot modify a Shmx\Counter opened read-only (mode "a")
int(0)
gone
