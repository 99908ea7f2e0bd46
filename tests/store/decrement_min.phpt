--TEST--
Shmx: Store: decrement(): by PHP_INT_MIN subtracts, and throws only when the result overflows
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Store(null, 1 << 20);
$run = function (Shmx\Store $s) {
    $s->set('m1', -1);
    $s->set('min', PHP_INT_MIN);
    $s->set('f', 1.5);
    $s->set('zero', 0);
    $s->delete('missing');
    var_dump($s->decrement('m1', PHP_INT_MIN) === PHP_INT_MAX);
    var_dump($s->decrement('min', PHP_INT_MIN));
    var_dump($s->decrement('f', PHP_INT_MIN) === 1.5 - (float)PHP_INT_MIN);
    foreach (['zero', 'missing'] as $k) {
        try {
            $s->decrement($k, PHP_INT_MIN);
            echo "no error\n";
        } catch (ArithmeticError $e) {
            echo $e->getMessage(), "\n";
        }
    }
    var_dump($s->get('zero'), $s->has('missing'));
    var_dump($s->decrement('min', -1), $s->decrement('missing', -3), $s->decrement('missing'));
};
$run($s);                                // lock-free where it can be
$s->lock(function (Shmx\Store $st) use ($run) { $run($st); });   // under the writer lock
?>
--EXPECT--
bool(true)
int(0)
bool(true)
Integer overflow: 0 + 9223372036854775808 does not fit in an int
Integer overflow: 0 + 9223372036854775808 does not fit in an int
int(0)
bool(false)
int(1)
int(3)
int(2)
bool(true)
int(0)
bool(true)
Integer overflow: 0 + 9223372036854775808 does not fit in an int
Integer overflow: 0 + 9223372036854775808 does not fit in an int
int(0)
bool(false)
int(1)
int(3)
int(2)
