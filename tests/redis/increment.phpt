--TEST--
Shmx: Store on Redis: increment()/decrement(): ints exact, overflow an ArithmeticError with the value unchanged
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$s = new Shmx\Store(redis_url(__FILE__));
var_dump($s->increment('n'), $s->increment('n', 10), $s->decrement('n', 3), $s->decrement('n'));
$s->set('big', PHP_INT_MAX - 1);
var_dump($s->increment('big'));                 // exact: no detour through a double
try { $s->increment('big'); } catch (ArithmeticError $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
var_dump($s->get('big'));
$s->set('low', PHP_INT_MIN);
try { $s->decrement('low'); } catch (ArithmeticError $e) { echo $e->getMessage(), "\n"; }
var_dump($s->get('low'));
$s->set('m', -1);
var_dump($s->decrement('m', PHP_INT_MIN));      // -1 - PHP_INT_MIN = PHP_INT_MAX
$s->set('z', 0);
try { $s->decrement('z', PHP_INT_MIN); } catch (ArithmeticError $e) { echo $e->getMessage(), "\n"; }
var_dump($s->get('z'));
// Either side of where a script adds in Lua (|both| < 10^15) or through INCRBY (64-bit).
$s->set('e', 999999999999999);
var_dump($s->increment('e', 999999999999999), $s->increment('e'), $s->decrement('e', -1));
$s->set('e', -99999999999999);
var_dump($s->decrement('e', 99999999999999), $s->increment('e', PHP_INT_MAX), $s->increment('e', 1));
$s->set('e', 4503599627370495);
var_dump($s->increment('e', 2));                // 2^52 + 1: exact where a double is not
$s->set('f', 1.5);
var_dump($s->increment('f', 1), $s->increment('f', 0.25), $s->decrement('f', 0.75));
var_dump($s->increment('i2f', 2), $s->increment('i2f', 0.5));
foreach (['str' => '5', 'arr' => [1], 'nul' => null, 'bool' => true] as $k => $v) {
    $s->set($k, $v);
    try { $s->increment($k); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
    var_dump($s->get($k) === $v);
}
$s->set('ttl', 1, 100);
$s->increment('ttl');
/* The expiry is kept: the entry is still 'e<deadline ms>:2', the deadline over 90 s away. */
$cli = 'redis-cli -u ' . escapeshellarg(getenv('SHMX_TEST_REDIS'));
$raw = trim(shell_exec("$cli hget " . escapeshellarg('{' . basename(redis_url(__FILE__)) . '}:h') . ' ttl'));
[$sec, $usec] = explode("\n", trim(shell_exec("$cli time")));
var_dump(preg_match('/^e(\d+):2$/', $raw, $m) === 1 && (int)$m[1] - ((int)$sec * 1000 + intdiv((int)$usec, 1000)) > 90000);
$s->destroy();
?>
--EXPECT--
int(1)
int(11)
int(8)
int(7)
int(9223372036854775807)
ArithmeticError: Integer overflow: 9223372036854775807 + 1 does not fit in an int
int(9223372036854775807)
Integer overflow: -9223372036854775808 - 1 does not fit in an int
int(-9223372036854775808)
int(9223372036854775807)
Integer overflow: 0 + 9223372036854775808 does not fit in an int
int(0)
int(1999999999999998)
int(1999999999999999)
int(2000000000000000)
int(-199999999999998)
int(9223172036854775809)
int(9223172036854775810)
int(4503599627370497)
float(2.5)
float(2.75)
float(2)
int(2)
float(2.5)
cannot increment the value of key "str": it is string, not an int or float
bool(true)
cannot increment the value of key "arr": it is array or object, not an int or float
bool(true)
cannot increment the value of key "nul": it is null, not an int or float
bool(true)
cannot increment the value of key "bool": it is bool, not an int or float
bool(true)
bool(true)
