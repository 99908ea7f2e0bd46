--TEST--
Shmx: Store: increment()/decrement(): types, overflow, expiry kept
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Store(null, 1 << 20);
var_dump($s->increment('n'), $s->increment('n', 5), $s->decrement('n', 10), $s->decrement('m'));
var_dump($s->increment('n', 0.5), $s->get('n'));              // int + float is a float
var_dump($s->increment('f', 1.25), $s->increment('f', 2), $s->decrement('f', 0.25));
$s->set('big', PHP_INT_MAX);
try { $s->increment('big'); } catch (ArithmeticError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
var_dump($s->get('big'));
$s->set('small', PHP_INT_MIN);
try { $s->decrement('small'); } catch (ArithmeticError $e) { echo get_class($e), "\n"; }
try { $s->decrement('big', PHP_INT_MIN); } catch (ArithmeticError $e) { echo $e->getMessage(), "\n"; }
var_dump($s->get('small'));
foreach (['s' => '5', 'a' => [1], 'b' => true, 'z' => null] as $k => $v) {
    $s->set($k, $v);
    try { $s->increment($k); } catch (Shmx\Exception $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
    var_dump($s->get($k) === $v);
}
// keeps the entry's expiry (set replaces it)
$s->set('t', 1, 1);
$s->increment('t', 1);
$s->increment('t', 0.5);
$s->set('u', 1, 1);
$s->set('u', 5);
sleep(2);
var_dump($s->get('t'), $s->get('u'));
var_dump($s->increment('t'));   // an expired key starts again at 0
?>
--EXPECT--
int(1)
int(6)
int(-4)
int(-1)
float(-3.5)
float(-3.5)
float(1.25)
float(3.25)
float(3)
ArithmeticError: Integer overflow: 9223372036854775807 + 1 does not fit in an int
int(9223372036854775807)
ArithmeticError
Integer overflow: 9223372036854775807 + 9223372036854775808 does not fit in an int
int(-9223372036854775808)
Shmx\Exception: anonymous: cannot increment the value of key "s": it is string, not an int or float
bool(true)
Shmx\Exception: anonymous: cannot increment the value of key "a": it is array or object, not an int or float
bool(true)
Shmx\Exception: anonymous: cannot increment the value of key "b": it is bool, not an int or float
bool(true)
Shmx\Exception: anonymous: cannot increment the value of key "z": it is null, not an int or float
bool(true)
NULL
int(5)
int(1)
