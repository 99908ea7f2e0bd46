--TEST--
Shmx: Store: ArrayAccess, Countable, IteratorAggregate and keys()
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Store(null, 1 << 20);
var_dump($s instanceof ArrayAccess, $s instanceof Countable, $s instanceof IteratorAggregate);
$s['a'] = 1;
$s[7] = 'seven';
$s['list'] = [1, 2];
var_dump(count($s), $s['7'], $s[7], isset($s['a']), isset($s['nope']), $s['nope'] ?? 'fallback', empty($s['a']));
unset($s['a'], $s['nope']);
var_dump(count($s), isset($s['a']));
for ($i = 0; $i < 100; $i++) {
    $s["user:$i"] = $i;
    $s["group:$i"] = "g$i";
}
$k = $s->keys('user:');
sort($k, SORT_NATURAL);
var_dump(count($s), count($s->keys()), count($k), $k[0], $k[99], $s->keys('none'));
$all = [];
foreach ($s as $key => $value) {
    $all[$key] = $value;
}
ksort($all, SORT_NATURAL);
var_dump(count($all), $all['user:42'], $all['group:9'], $all[7], $all['list']);
// the iterator is a snapshot: changes during iteration do not disturb it
$n = 0;
foreach ($s as $key => $value) {
    if ($n++ === 0) {
        $s->clear();
    }
}
var_dump($n, count($s), iterator_to_array($s));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
int(3)
string(5) "seven"
string(5) "seven"
bool(true)
bool(false)
string(8) "fallback"
bool(false)
int(2)
bool(false)
int(202)
int(202)
int(100)
string(6) "user:0"
string(7) "user:99"
array(0) {
}
int(202)
int(42)
string(2) "g9"
string(5) "seven"
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(2)
}
int(202)
int(0)
array(0) {
}
