--TEST--
Shmx: Store: bad arguments and misuse throw the documented errors
--EXTENSIONS--
shmx
--FILE--
<?php
function t(callable $f) {
    try { $f(); echo "no error\n"; } catch (Throwable $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
}
$s = new Shmx\Store(null, 1 << 20);
t(fn() => $s->get(''));
t(fn() => $s->set(str_repeat('k', 65536), 1));
t(fn() => $s->set('k', 1, -1));
t(fn() => $s->add('k', 1, -5));
t(fn() => $s->set('k', STDIN));
t(fn() => $s->set('k', function () {}));
t(fn() => $s->increment('k', 'abc'));
t(fn() => $s[] = 1);
t(fn() => $s[1.5]);
t(fn() => $s->lock(fn() => 1, -1.0));
t(fn() => new Shmx\Store(null, 100));
t(fn() => new Shmx\Store(null, 0));
t(fn() => new Shmx\Store(null, 1 << 20, 'x'));
t(fn() => new Shmx\Store(-1 - (1 << 32)));
t(fn() => new Shmx\Store('a/b'));
t(fn() => $s->__construct());
t(fn() => clone $s);
t(fn() => serialize($s));
$s->set('str', 'abc');
t(fn() => $s->increment('str'));
var_dump($s->get('str'));
?>
--EXPECT--
ValueError: Shmx\Store::get(): Argument #1 ($key) must not be empty
ValueError: Shmx\Store::set(): Argument #1 ($key) must be at most 65535 bytes long
ValueError: Shmx\Store::set(): Argument #3 ($ttl) must be greater than or equal to 0
ValueError: Shmx\Store::add(): Argument #3 ($ttl) must be greater than or equal to 0
TypeError: Shmx\Store::set(): Argument #2 ($value) cannot be of type resource
Exception: Serialization of 'Closure' is not allowed
TypeError: Shmx\Store::increment(): Argument #2 ($by) must be of type int|float, string given
Error: Cannot append to a Shmx\Store: every value needs a key
TypeError: Cannot access offset of type float on Shmx\Store
ValueError: Shmx\Store::lock(): Argument #2 ($timeout) must be null or greater than or equal to 0
ValueError: Shmx\Store::__construct(): Argument #2 ($size) must be at least 20480 bytes (0 or less opens an existing store)
ValueError: Shmx\Store::__construct(): Argument #2 ($size) must be greater than 0
ValueError: Shmx\Store::__construct(): Argument #3 ($mode) must be one of "c", "n", "w" or "a"
ValueError: Shmx\Store::__construct(): Argument #1 ($id) must be a System V key between -2147483648 and 4294967295
ValueError: Shmx\Store::__construct(): Argument #1 ($id) must be a name with no "/" after the first character
Error: Cannot call Shmx\Store::__construct() twice
Error: Trying to clone an uncloneable object of class Shmx\Store
Exception: Serialization of 'Shmx\Store' is not allowed
Shmx\Exception: anonymous: cannot increment the value of key "str": it is string, not an int or float
string(3) "abc"
