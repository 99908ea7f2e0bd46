--TEST--
Shmx: Counter and Store on Redis: a value that is not a number shmx wrote (damaged, or written by another client) is a Shmx\CorruptException from increment/decrement/compareAndSwap as from get(), never an overflow; the value stays
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__);
$port = (int)parse_url(getenv('SHMX_TEST_REDIS'), PHP_URL_PORT);
$prefix = substr(parse_url($url, PHP_URL_PATH), 1);

function show(string $what, callable $fn, string $url): void
{
    try {
        $r = $fn();
        echo "$what: ", var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', str_replace($url, 'URL', $e->getMessage()), "\n";
    }
}

$c = new Shmx\Counter($url, 0);
$ck = '{' . $prefix . '}:n';
foreach (['abc', '-abc', '1.5', '99999999999999999999', '-9223372036854775809', '007', ' 5', '-0'] as $bad) {
    echo "== counter holds '$bad'\n";
    redis_cli($port, 'SET', $ck, $bad);
    show('get', fn () => $c->get(), $url);
    show('increment', fn () => $c->increment(), $url);
    show('decrement(3)', fn () => $c->decrement(3), $url);
    show('decrement(PHP_INT_MIN)', fn () => $c->decrement(PHP_INT_MIN), $url);
    show('compareAndSwap(0, 1)', fn () => $c->compareAndSwap(0, 1), $url);
    echo 'still: ', redis_cli($port, 'GET', $ck), "\n";
}
echo "== counter set(-4)\n";
$c->set(-4);
show('increment', fn () => $c->increment(), $url);
show('compareAndSwap(-3, 1)', fn () => $c->compareAndSwap(-3, 1), $url);
show('decrement(PHP_INT_MIN)', fn () => $c->decrement(PHP_INT_MIN), $url);
$c->destroy();

$s = new Shmx\Store($url);
$s->set('x', 1);
/* Entries are fields of the hash {P}:h: an int is its bare decimal (HINCRBY's), an entry with
 * a ttl 'e<deadline ms>:<value>'; 'i' is a Queue value's tag, never an entry's. */
$sk = '{' . $prefix . '}:h';
foreach (['-abc', '1.5', '99999999999999999999', '007', '-0', ' 5', 'dxyz', 'd', 'iabc', 'i5', 'exyz', 'e99999999999999:abc', 'e99999999999999:1.5'] as $bad) {
    echo "== store holds '$bad'\n";
    redis_cli($port, 'HSET', $sk, 'x', $bad);
    show('get', fn () => $s->get('x'), $url);
    show('increment', fn () => $s->increment('x'), $url);
    show('increment(PHP_INT_MAX)', fn () => $s->increment('x', PHP_INT_MAX), $url);
    show('decrement(PHP_INT_MIN)', fn () => $s->decrement('x', PHP_INT_MIN), $url);
    show('increment(0.5)', fn () => $s->increment('x', 0.5), $url);
    echo 'still: ', redis_cli($port, 'HGET', $sk, 'x'), "\n";
}
echo "== store set PHP_INT_MAX\n";
$s->set('x', PHP_INT_MAX);
show('increment', fn () => $s->increment('x'), $url);
show('increment(0.5)', fn () => $s->increment('x', 0.5), $url);
$s->destroy();
?>
--EXPECT--
== counter holds 'abc'
get: Shmx\CorruptException: URL: the counter holds "abc", not an integer
increment: Shmx\CorruptException: URL: the counter holds "abc", not an integer (the server says: ERR value is not an integer or out of range)
decrement(3): Shmx\CorruptException: URL: the counter holds "abc", not an integer (the server says: ERR value is not an integer or out of range)
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the counter holds "abc", not an integer
compareAndSwap(0, 1): Shmx\CorruptException: URL: the counter holds "abc", not an integer
still: abc
== counter holds '-abc'
get: Shmx\CorruptException: URL: the counter holds "-abc", not an integer
increment: Shmx\CorruptException: URL: the counter holds "-abc", not an integer (the server says: ERR value is not an integer or out of range)
decrement(3): Shmx\CorruptException: URL: the counter holds "-abc", not an integer (the server says: ERR value is not an integer or out of range)
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the counter holds "-abc", not an integer
compareAndSwap(0, 1): Shmx\CorruptException: URL: the counter holds "-abc", not an integer
still: -abc
== counter holds '1.5'
get: Shmx\CorruptException: URL: the counter holds "1.5", not an integer
increment: Shmx\CorruptException: URL: the counter holds "1.5", not an integer (the server says: ERR value is not an integer or out of range)
decrement(3): Shmx\CorruptException: URL: the counter holds "1.5", not an integer (the server says: ERR value is not an integer or out of range)
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the counter holds "1.5", not an integer
compareAndSwap(0, 1): Shmx\CorruptException: URL: the counter holds "1.5", not an integer
still: 1.5
== counter holds '99999999999999999999'
get: Shmx\CorruptException: URL: the counter holds "99999999999999999999", not an integer
increment: Shmx\CorruptException: URL: the counter holds "99999999999999999999", not an integer (the server says: ERR value is not an integer or out of range)
decrement(3): Shmx\CorruptException: URL: the counter holds "99999999999999999999", not an integer (the server says: ERR value is not an integer or out of range)
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the counter holds "99999999999999999999", not an integer
compareAndSwap(0, 1): Shmx\CorruptException: URL: the counter holds "99999999999999999999", not an integer
still: 99999999999999999999
== counter holds '-9223372036854775809'
get: Shmx\CorruptException: URL: the counter holds "-9223372036854775809", not an integer
increment: Shmx\CorruptException: URL: the counter holds "-9223372036854775809", not an integer (the server says: ERR value is not an integer or out of range)
decrement(3): Shmx\CorruptException: URL: the counter holds "-9223372036854775809", not an integer (the server says: ERR value is not an integer or out of range)
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the counter holds "-9223372036854775809", not an integer
compareAndSwap(0, 1): Shmx\CorruptException: URL: the counter holds "-9223372036854775809", not an integer
still: -9223372036854775809
== counter holds '007'
get: Shmx\CorruptException: URL: the counter holds "007", not an integer
increment: Shmx\CorruptException: URL: the counter holds "007", not an integer (the server says: ERR value is not an integer or out of range)
decrement(3): Shmx\CorruptException: URL: the counter holds "007", not an integer (the server says: ERR value is not an integer or out of range)
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the counter holds "007", not an integer
compareAndSwap(0, 1): Shmx\CorruptException: URL: the counter holds "007", not an integer
still: 007
== counter holds ' 5'
get: Shmx\CorruptException: URL: the counter holds " 5", not an integer
increment: Shmx\CorruptException: URL: the counter holds " 5", not an integer (the server says: ERR value is not an integer or out of range)
decrement(3): Shmx\CorruptException: URL: the counter holds " 5", not an integer (the server says: ERR value is not an integer or out of range)
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the counter holds " 5", not an integer
compareAndSwap(0, 1): Shmx\CorruptException: URL: the counter holds " 5", not an integer
still: 5
== counter holds '-0'
get: Shmx\CorruptException: URL: the counter holds "-0", not an integer
increment: Shmx\CorruptException: URL: the counter holds "-0", not an integer (the server says: ERR value is not an integer or out of range)
decrement(3): Shmx\CorruptException: URL: the counter holds "-0", not an integer (the server says: ERR value is not an integer or out of range)
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the counter holds "-0", not an integer
compareAndSwap(0, 1): Shmx\CorruptException: URL: the counter holds "-0", not an integer
still: -0
== counter set(-4)
increment: -3
compareAndSwap(-3, 1): true
decrement(PHP_INT_MIN): ArithmeticError: Shmx\Counter::decrement(): 1 - -9223372036854775808 is out of the integer range; the counter was not changed
== store holds '-abc'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: -abc
== store holds '1.5'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: 1.5
== store holds '99999999999999999999'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: 99999999999999999999
== store holds '007'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: 007
== store holds '-0'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: -0
== store holds ' 5'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: 5
== store holds 'dxyz'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: dxyz
== store holds 'd'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: d
== store holds 'iabc'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: iabc
== store holds 'i5'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: i5
== store holds 'exyz'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: exyz
== store holds 'e99999999999999:abc'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: e99999999999999:abc
== store holds 'e99999999999999:1.5'
get: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment: Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(PHP_INT_MAX): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
decrement(PHP_INT_MIN): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
increment(0.5): Shmx\CorruptException: URL: the value of key "x" is not one shmx wrote
still: e99999999999999:1.5
== store set PHP_INT_MAX
increment: ArithmeticError: Integer overflow: 9223372036854775807 + 1 does not fit in an int
increment(0.5): 9.223372036854776E+18
