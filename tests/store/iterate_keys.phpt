--TEST--
Shmx: Store: iteration gives the keys as the strings they were set with, under strict_types too, and agrees with keys()
--EXTENSIONS--
shmx
--FILE--
<?php
declare(strict_types=1);
$s = new Shmx\Store(null, 1 << 20);
foreach (['123', '0', '-5', '07', '9223372036854775808', 'x', '1.5'] as $i => $k) {
    $s->set($k, $i);
}
$seen = [];
foreach ($s as $k => $v) {
    $seen[] = $k;
    $s->delete($k);            // a TypeError here, if $k were the int 123
}
sort($seen, SORT_STRING);
var_dump($seen === ['-5', '0', '07', '1.5', '123', '9223372036854775808', 'x'], count($s));
$s['42'] = 'a';
$s[43] = 'b';
$keys = $s->keys();
$pairs = [];
foreach ($s as $k => $v) {
    $pairs[] = [get_debug_type($k), $k, $v];
}
sort($pairs);
sort($keys);
var_dump($pairs, $keys, array_column($pairs, 1) === $keys);
$it = $s->getIterator();
var_dump(get_class($it), $it instanceof Iterator);
$it->rewind();
$it->next();
$it->next();
var_dump($it->valid(), $it->key(), $it->current());
try {
    new Shmx\StoreIterator();
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
bool(true)
int(0)
array(2) {
  [0]=>
  array(3) {
    [0]=>
    string(6) "string"
    [1]=>
    string(2) "42"
    [2]=>
    string(1) "a"
  }
  [1]=>
  array(3) {
    [0]=>
    string(6) "string"
    [1]=>
    string(2) "43"
    [2]=>
    string(1) "b"
  }
}
array(2) {
  [0]=>
  string(2) "42"
  [1]=>
  string(2) "43"
}
bool(true)
string(18) "Shmx\StoreIterator"
bool(true)
bool(false)
NULL
NULL
Error: Call to private Shmx\StoreIterator::__construct() from global scope
