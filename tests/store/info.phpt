--TEST--
Shmx: Store: info() reports true numbers
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Store(null, 1 << 20);
$i0 = $s->info();
var_dump(array_keys($i0), $i0['used'] + $i0['free'] === $i0['size'], $i0['entries'], $i0['hits'], $i0['misses']);
$s->set('a', 1);                        // 28-byte head + 1-byte key: one 32-byte block
$s->set('b', str_repeat('x', 100));     // 28 + 1 + 100 = 129: 144
$i1 = $s->info();
var_dump($i1['used'] - $i0['used'], $i1['free'] - $i0['free'], $i1['entries']);
$s->get('a'); $s->get('b'); $s->get('c'); $s['a']; isset($s['zz']);
$i2 = $s->info();
var_dump($i2['hits'], $i2['misses']);
$s->delete('b');
var_dump($s->info()['used'] - $i0['used'], $s->info()['entries']);
$s->clear();
var_dump($s->info()['used'] === $i0['used'], $s->info()['entries']);
?>
--EXPECT--
array(9) {
  [0]=>
  string(2) "id"
  [1]=>
  string(7) "backend"
  [2]=>
  string(4) "size"
  [3]=>
  string(4) "used"
  [4]=>
  string(4) "free"
  [5]=>
  string(7) "entries"
  [6]=>
  string(4) "hits"
  [7]=>
  string(6) "misses"
  [8]=>
  string(14) "layout_version"
}
bool(true)
int(0)
int(0)
int(0)
int(176)
int(-176)
int(2)
int(3)
int(1)
int(32)
int(1)
bool(true)
int(0)
