--TEST--
Shmx: Store: increment(): exact up to PHP_INT_MAX and down to PHP_INT_MIN, alone and from racing workers, with no wrap-around
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$id = store_test_name('increment-limit');
$s = new Shmx\Store($id, 1 << 20);
$s->clear();
$try = function (callable $f) {
    try {
        return $f();
    } catch (ArithmeticError $e) {
        return get_class($e) . ': ' . $e->getMessage();
    }
};

echo "-- one handle, step by step across 2**62 and up to the ends --\n";
$s->set('k', 2 ** 62 - 2);
for ($i = 0; $i < 4; $i++) {
    var_dump($s->increment('k'));
}
$s->set('k', PHP_INT_MAX - 2);
for ($i = 0; $i < 3; $i++) {
    var_dump($try(fn() => $s->increment('k')));
}
var_dump($s->get('k') === PHP_INT_MAX);
$s->set('k', -(2 ** 62) + 1);
for ($i = 0; $i < 3; $i++) {
    var_dump($s->decrement('k'));
}
$s->set('k', PHP_INT_MIN + 1);
for ($i = 0; $i < 2; $i++) {
    var_dump($try(fn() => $s->decrement('k')));
}
var_dump($s->get('k') === PHP_INT_MIN);
// large steps: 2**55 (the largest a repeated increment adds without a lookup) and beyond
$s->set('k', 0);
var_dump($s->increment('k', 2 ** 55), $s->increment('k', 2 ** 55), $s->increment('k', 2 ** 55 + 1));
var_dump($s->decrement('k', 2 ** 55), $s->increment('k', -(2 ** 56) - 1));
var_dump($try(fn() => $s->increment('k', PHP_INT_MAX)), $try(fn() => $s->increment('k', PHP_INT_MAX)));

echo "-- racing workers run it up to PHP_INT_MAX and down to PHP_INT_MIN --\n";
// Each worker adds 2**55 until the next add would overflow. From 2**62 - 10 * 2**55 there is
// room for exactly 137 such adds below PHP_INT_MAX, and 138 down to PHP_INT_MIN (which is
// -138 * 2**55 away); every one must count, none may wrap.
$step = 2 ** 55;
foreach ([1, -1] as $sign) {
    $start = $sign * (2 ** 62 - 10 * $step);
    $s->set('k', $start);
    $done = new Shmx\Segment(null, 8 * 4);
    $codes = store_test_fork(4, function (int $w) use ($id, $step, $sign, $done) {
        $h = new Shmx\Store($id, 0);
        for ($ok = 0;; $ok++) {
            try {
                $v = $sign > 0 ? $h->increment('k', $step) : $h->decrement('k', $step);
            } catch (ArithmeticError $e) {
                break;
            }
            if ($sign * $v <= 0) {
                fwrite(STDERR, "worker $w saw $v\n");   // wrapped around
                return 5;
            }
        }
        $done->setInt(8 * $w, $ok);
        return 0;
    });
    $adds = 0;
    for ($w = 0; $w < 4; $w++) {
        $adds += $done->getInt(8 * $w);
    }
    $end = $s->get('k');
    var_dump($codes === [0, 0, 0, 0], $adds, $end === $start + $sign * $adds * $step,
        $sign > 0 ? PHP_INT_MAX - $end < $step : $end - PHP_INT_MIN < $step);
}

echo "-- a full store: ints past 2**62 change in place, needing no memory --\n";
$f = new Shmx\Store(null, 1 << 16);
$f->set('big', 2 ** 62 - 1);
$f->set('small', 5);
$f->set('cas', 6);
$f->set('ttl', 7, 3600);
try {
    for ($i = 0; ; $i++) {
        $f->set("fill$i", str_repeat('x', 100));
    }
} catch (Shmx\FullException $e) {
    echo "full\n";
}
var_dump($f->increment('big'), $f->increment('big'), $f->increment('big', 2 ** 60), $f->decrement('big', 2 ** 61));
var_dump($f->set('small', PHP_INT_MAX), $f->increment('small', -1), $f->get('small'));
var_dump($f->compareAndSwap('cas', 6, PHP_INT_MIN), $f->get('cas'));
var_dump($f->increment('ttl', PHP_INT_MAX - 7), $f->increment('ttl', -2));   // keeps its expiry

echo "-- racing workers across 2**62 by 1 --\n";
$n = store_test_under_valgrind() ? 300 : 20000;
$s->set('k', 2 ** 62 - $n);
$codes = store_test_fork(4, function (int $w) use ($id, $n) {
    $h = new Shmx\Store($id, 0);
    for ($i = 0; $i < $n; $i++) {
        $h->increment('k');
    }
    return 0;
});
var_dump($codes === [0, 0, 0, 0], $s->get('k') - (2 ** 62 - $n) === 4 * $n);
$s->clear();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('increment-limit'));
?>
--EXPECT--
-- one handle, step by step across 2**62 and up to the ends --
int(4611686018427387903)
int(4611686018427387904)
int(4611686018427387905)
int(4611686018427387906)
int(9223372036854775806)
int(9223372036854775807)
string(81) "ArithmeticError: Integer overflow: 9223372036854775807 + 1 does not fit in an int"
bool(true)
int(-4611686018427387904)
int(-4611686018427387905)
int(-4611686018427387906)
int(-9223372036854775808)
string(82) "ArithmeticError: Integer overflow: -9223372036854775808 - 1 does not fit in an int"
bool(true)
int(36028797018963968)
int(72057594037927936)
int(108086391056891905)
int(72057594037927937)
int(0)
int(9223372036854775807)
string(99) "ArithmeticError: Integer overflow: 9223372036854775807 + 9223372036854775807 does not fit in an int"
-- racing workers run it up to PHP_INT_MAX and down to PHP_INT_MIN --
bool(true)
int(137)
bool(true)
bool(true)
bool(true)
int(138)
bool(true)
bool(true)
-- a full store: ints past 2**62 change in place, needing no memory --
full
int(4611686018427387904)
int(4611686018427387905)
int(5764607523034234881)
int(3458764513820540929)
NULL
int(9223372036854775806)
int(9223372036854775806)
bool(true)
int(-9223372036854775808)
int(9223372036854775807)
int(9223372036854775805)
-- racing workers across 2**62 by 1 --
bool(true)
bool(true)
