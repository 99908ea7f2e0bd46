--TEST--
Shmx: Store on Redis: set()/add() with a TTL: the entry goes away, from get/has/keys/count too
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$s = new Shmx\Store(redis_url(__FILE__));
$s->set('short', 'v', 1);
var_dump($s->add('short2', 'w', 1), $s->add('short2', 'x', 1));
$s->set('long', 'v', 1000);
$s->set('forever', 'v');
var_dump($s->get('short'), $s->count());
usleep(1300000);
$k = $s->keys();
sort($k);
var_dump($s->get('short'), $s->has('short2'), $s->count(), $k);
var_dump($s->add('short', 'back'), $s->get('short'));
$s->set('long', 'now forever');         // set() replaces the expiry
usleep(100000);
var_dump($s->count());
$s->destroy();
?>
--EXPECT--
bool(true)
bool(false)
string(1) "v"
int(4)
NULL
bool(false)
int(2)
array(2) {
  [0]=>
  string(7) "forever"
  [1]=>
  string(4) "long"
}
bool(true)
string(4) "back"
int(3)
