--TEST--
Shmx: Counter: increment()/decrement(): overflow is an ArithmeticError and leaves the value as it was
--EXTENSIONS--
shmx
--FILE--
<?php
$c = new Shmx\Counter(null, PHP_INT_MAX - 1);
var_dump($c->increment() === PHP_INT_MAX);
foreach ([
    fn() => $c->increment(),
    fn() => $c->increment(PHP_INT_MAX),
    fn() => $c->decrement(-1),
    fn() => $c->decrement(PHP_INT_MIN),
] as $f) {
    try {
        $f();
        echo "no error\n";
    } catch (ArithmeticError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
    var_dump($c->get() === PHP_INT_MAX);
}
$c->set(PHP_INT_MIN + 1);
var_dump($c->decrement() === PHP_INT_MIN);
try {
    $c->increment(PHP_INT_MIN);
} catch (ArithmeticError $e) {
    echo $e->getMessage(), "\n";
}
try {
    $c->decrement();
} catch (ArithmeticError $e) {
    echo $e->getMessage(), "\n";
}
var_dump($c->get() === PHP_INT_MIN);
var_dump($c->decrement(PHP_INT_MIN), $c->increment(PHP_INT_MAX));
?>
--EXPECT--
bool(true)
ArithmeticError: Shmx\Counter::increment(): 9223372036854775807 + 1 is out of the integer range; the counter was not changed
bool(true)
ArithmeticError: Shmx\Counter::increment(): 9223372036854775807 + 9223372036854775807 is out of the integer range; the counter was not changed
bool(true)
ArithmeticError: Shmx\Counter::decrement(): 9223372036854775807 - -1 is out of the integer range; the counter was not changed
bool(true)
ArithmeticError: Shmx\Counter::decrement(): 9223372036854775807 - -9223372036854775808 is out of the integer range; the counter was not changed
bool(true)
bool(true)
Shmx\Counter::increment(): -9223372036854775808 + -9223372036854775808 is out of the integer range; the counter was not changed
Shmx\Counter::decrement(): -9223372036854775808 - 1 is out of the integer range; the counter was not changed
bool(true)
int(0)
int(9223372036854775807)
