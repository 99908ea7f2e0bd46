--TEST--
Shmx: Store on Redis: add/has/delete/compareAndSwap/keys/count/iteration/clear/info/lock/destroy
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__);
$s = new Shmx\Store($url);
var_dump($s->count(), $s->keys());
var_dump($s->add('a', 1), $s->add('a', 2), $s->get('a'));
var_dump($s->has('a'), $s->has('b'), $s->delete('a'), $s->delete('a'), $s->has('a'));
$s->set('x', 1);
var_dump($s->compareAndSwap('x', 1, 'one'), $s->get('x'));
var_dump($s->compareAndSwap('x', 1, 'two'), $s->get('x'));
var_dump($s->compareAndSwap('x', 'one', [1, 2]), $s->compareAndSwap('x', [1, 2], 3.5), $s->get('x'));
var_dump($s->compareAndSwap('x', 3, 4));            // 3.5 is not 3
var_dump($s->compareAndSwap('nope', null, 1), $s->has('nope'));
$s->set('user:1', 'ann');
$s->set('user:2', 'bob');
$s->set('123', 'numeric key');
$k = $s->keys(); sort($k); var_dump($k);
$k = $s->keys('user:'); sort($k); var_dump($k);
var_dump($s->count(), count($s));
$seen = [];
foreach ($s as $key => $value) { $seen[$key] = $value; var_dump(is_string($key)); }
ksort($seen); var_dump($seen);
$info = $s->info();
var_dump($info['id'] === $url, $info['backend'], $info['entries'], is_int($info['used']));
var_dump($s->lock(function (Shmx\Store $st) { $st->set('in', 'lock'); return $st->increment('n', 2); }));
try {
    $s->lock(function () { throw new RuntimeException('boom'); });
} catch (RuntimeException $e) { echo $e->getMessage(), "\n"; }
var_dump($s->lock(fn($st) => $st->lock(fn($st2) => 'nested')));     // released above: no wait
$s->clear();
var_dump($s->count(), $s->keys(), $s->get('user:1'));
$s->set('again', 1);
$t = new Shmx\Store($url, mode: 'w');
var_dump($t->get('again'));
$s->destroy();
try { new Shmx\Store($url, mode: 'w'); } catch (Shmx\Exception $e) { echo $e->getMessage() === "$url: no store there (mode \"w\" opens an existing one)" ? "gone\n" : $e->getMessage(); }
$ro = new Shmx\Store($url, mode: 'c');
$ro->set('k', 1);
$ro = new Shmx\Store($url, mode: 'a');
var_dump($ro->get('k'));
try { $ro->set('k', 2); } catch (Error $e) { echo $e->getMessage(), "\n"; }
$ro = null;
(new Shmx\Store($url))->destroy();
echo "done\n";
?>
--EXPECT--
int(0)
array(0) {
}
bool(true)
bool(false)
int(1)
bool(true)
bool(false)
bool(true)
bool(false)
bool(false)
bool(true)
string(3) "one"
bool(false)
string(3) "one"
bool(true)
bool(true)
float(3.5)
bool(false)
bool(false)
bool(false)
array(4) {
  [0]=>
  string(3) "123"
  [1]=>
  string(6) "user:1"
  [2]=>
  string(6) "user:2"
  [3]=>
  string(1) "x"
}
array(2) {
  [0]=>
  string(6) "user:1"
  [1]=>
  string(6) "user:2"
}
int(4)
int(4)
bool(true)
bool(true)
bool(true)
bool(true)
array(4) {
  [123]=>
  string(11) "numeric key"
  ["user:1"]=>
  string(3) "ann"
  ["user:2"]=>
  string(3) "bob"
  ["x"]=>
  float(3.5)
}
bool(true)
string(5) "redis"
int(4)
bool(true)
int(2)
boom
string(6) "nested"
int(0)
array(0) {
}
NULL
int(1)
gone
int(1)
Cannot modify a Shmx\Store opened read-only (mode "a")
done
