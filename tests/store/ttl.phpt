--TEST--
Shmx: Store: ttl: expired entries are invisible at once and their memory is reused
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Store(null, 64 * 1024);
$s->set('keep', 'forever');
$s->set('short', 'gone soon', 1);
var_dump($s->add('short', 'x'), $s->get('short'), count($s));
// fill the store with values that expire
$n = 0;
try {
    while (true) {
        $s->set("t$n", str_repeat('v', 500), 1);
        $n++;
    }
} catch (Shmx\FullException $e) {
    echo "full after ", $n > 50 ? "many" : $n, " values\n";
}
sleep(2);
var_dump($s->get('short'), $s->has('t0'), $s->get('keep'), count($s), $s->keys());
var_dump(isset($s['short']), iterator_to_array($s));
var_dump($s->add('short', 'again'), $s->get('short'));
// the expired values' memory is reused: the same amount fits again without ttl
for ($i = 0; $i < $n; $i++) {
    $s->set("p$i", str_repeat('v', 500));
}
var_dump(count($s) === $n + 2, $s->info()['entries'] === $n + 2);
var_dump($s->delete('t0'));
?>
--EXPECT--
bool(false)
string(9) "gone soon"
int(2)
full after many values
NULL
bool(false)
string(7) "forever"
int(1)
array(1) {
  [0]=>
  string(4) "keep"
}
bool(false)
array(1) {
  ["keep"]=>
  string(7) "forever"
}
bool(true)
string(5) "again"
bool(true)
bool(true)
bool(false)
