--TEST--
Shmx: Store: compareAndSwap(): === for scalars, serialized form for arrays, never on a missing key
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Store(null, 1 << 20);
var_dump($s->compareAndSwap('missing', null, 1), $s->has('missing'));
$s->set('i', 1);
var_dump($s->compareAndSwap('i', 1.0, 2), $s->compareAndSwap('i', '1', 2), $s->compareAndSwap('i', 1, 2), $s->get('i'));
var_dump($s->compareAndSwap('i', 2, 'two'), $s->get('i'));
var_dump($s->compareAndSwap('i', 'two', 2.5), $s->get('i'));
var_dump($s->compareAndSwap('i', 2.5, -0.0), $s->compareAndSwap('i', 0.0, null), $s->get('i'));
var_dump($s->compareAndSwap('i', false, true), $s->compareAndSwap('i', null, false), $s->get('i'));
$s->set('a', ['x' => 1, 'y' => [2]]);
var_dump($s->compareAndSwap('a', ['y' => [2], 'x' => 1], 0), $s->compareAndSwap('a', ['x' => 1, 'y' => [2]], ['z']), $s->get('a'));
$s->set('t', 1, 1);
$s->compareAndSwap('t', 1, 2);
sleep(2);
var_dump($s->get('t'), $s->compareAndSwap('t', 2, 3));
?>
--EXPECT--
bool(false)
bool(false)
bool(false)
bool(false)
bool(true)
int(2)
bool(true)
string(3) "two"
bool(true)
float(2.5)
bool(true)
bool(true)
NULL
bool(false)
bool(true)
bool(false)
bool(false)
bool(true)
array(1) {
  [0]=>
  string(1) "z"
}
NULL
bool(false)
