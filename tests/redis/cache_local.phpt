--TEST--
Shmx: Store on Redis with cache=S: types come back as stored, own writes (every write method) are seen at once, has() and [] use the cache, lock() reads the server, the bound, bad cache= values
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/cache.inc';
$srv = redis_spawn();
$p = $srv['port'];
$base = "redis://127.0.0.1:$p/local";
$c = new Shmx\Store("$base?cache=30");
$o = new Shmx\Store($base);                     // another connection of this process: announced

echo "-- types, read twice (the second from the cache)\n";
$vals = ['n' => null, 'f' => false, 't' => true, 'i' => -42, 'big' => PHP_INT_MAX, 'd' => 1.5,
    'nan' => NAN, 's' => 'str', 'e' => '', 'c' => 'x', 'bin' => "a\0b", 'a' => [1, 'x' => [2.5, null]]];
foreach ($vals as $k => $v) {
    $o->set($k, $v);
}
$ok = true;
foreach ($vals as $k => $v) {
    $a = $c->get($k, 'def');
    $b = $c->get($k, 'def');
    $ok = $ok && (is_float($v) && is_nan($v) ? is_nan($a) && is_nan($b) : $a === $v && $b === $v);
}
$cc = $c->info()['client_cache'];
var_dump($ok, $cc['hits'], $cc['misses'], $cc['entries']);
/* A hit is decoded anew: changing what it gave changes nothing cached. */
$arr = $c->get('a');
$arr[] = 'mine';
var_dump($c->get('a') === $vals['a']);

echo "-- own writes, seen at once (NOLOOP: the server does not announce them to us)\n";
$c->get('w');
$c->set('w', 1);
echo $c->get('w'), ' ';
$c->increment('w', 5);
echo $c->get('w'), ' ';
$c->decrement('w');
echo $c->get('w'), ' ';
$c->compareAndSwap('w', 5, 'cas');
echo $c->get('w'), ' ';
$c->delete('w');
var_dump($c->get('w'));
var_dump($c->add('w', 'added'), $c->get('w'));
$c['w'] = 'offset';
var_dump($c['w'], isset($c['w']), $c->has('w'));
unset($c['w']);
var_dump($c['w'], $c->has('w'), isset($c['w']));
$c->set('w', 'x');
$c->get('w');
$c->clear();
var_dump($c->get('w'), $c->get('a'));

echo "-- has() answers from the cache\n";
$o->set('h', 'v');
$c->has('h');
$before = cmd_calls($p, 'hget');
var_dump($c->has('h'), $c->has('h'), $c->has('nothing'), $c->has('nothing'));
var_dump(cmd_calls($p, 'hget') - $before);   // 1: the first has('nothing')

echo "-- inside lock() the server is read\n";
$c->get('h');
$gets = cmd_calls($p, 'evalsha');           // under the lease, a read is the GET script
$c->lock(function ($s) {
    $s->get('h');
    $s->get('h');
});
var_dump(cmd_calls($p, 'evalsha') - $gets >= 2);
$c->get('h');                               // the lock's moves of the hash were announced
$gets = cmd_calls($p, 'hget');
$c->get('h');
var_dump(cmd_calls($p, 'hget') - $gets);   // 0: cached again outside

echo "-- the bound: 4096 entries, then it starts over; a value over 1 MiB is not cached\n";
$c->clear();
$o->set('x', 1);
for ($i = 0; $i < 4096; $i++) {
    $c->get("miss$i");
}
$cc = $c->info()['client_cache'];
var_dump($cc['entries']);
$resets = $cc['resets'];
$c->get('miss-one-more');
$cc = $c->info()['client_cache'];
var_dump($cc['entries'], $cc['resets'] - $resets);
/* Another handle's write: the Store is one hash, so every entry goes (0 left). */
$o->set('huge', str_repeat('h', (1 << 20) + 1));
var_dump(strlen($c->get('huge')), $c->info()['client_cache']['entries']);
$gets = cmd_calls($p, 'hget');
var_dump(strlen($c->get('huge')), cmd_calls($p, 'hget') - $gets);

echo "-- bad cache= values\n";
foreach (['0', '-1', 'abc', '', '86401', '1e999', 'nan'] as $bad) {
    try {
        new Shmx\Store("$base?cache=$bad");
        echo "accepted $bad\n";
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
$ok = new Shmx\Store("$base?cache=0.0001&timeout=1");
var_dump($ok->info()['client_cache']['max_age'], $o->info()['client_cache']);
/* Other classes take the option and have no cache. */
$ctr = new Shmx\Counter("$base?cache=5");
var_dump($ctr->increment());
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECTF--
-- types, read twice (the second from the cache)
bool(true)
int(12)
int(12)
int(12)
bool(true)
-- own writes, seen at once (NOLOOP: the server does not announce them to us)
1 6 5 cas NULL
bool(true)
string(5) "added"
string(6) "offset"
bool(true)
bool(true)
NULL
bool(false)
bool(false)
NULL
NULL
-- has() answers from the cache
bool(true)
bool(true)
bool(false)
bool(false)
int(1)
-- inside lock() the server is read
bool(true)
int(0)
-- the bound: 4096 entries, then it starts over; a value over 1 MiB is not cached
int(4096)
int(1)
int(1)
int(1048577)
int(0)
int(1048577)
int(1)
-- bad cache= values
Shmx\Store::__construct(): Argument #1 ($id) must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): cache= must be a number of seconds greater than 0 and at most 86400
Shmx\Store::__construct(): Argument #1 ($id) must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): cache= must be a number of seconds greater than 0 and at most 86400
Shmx\Store::__construct(): Argument #1 ($id) must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): cache= must be a number of seconds greater than 0 and at most 86400
Shmx\Store::__construct(): Argument #1 ($id) must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): cache= must be a number of seconds greater than 0 and at most 86400
Shmx\Store::__construct(): Argument #1 ($id) must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): cache= must be a number of seconds greater than 0 and at most 86400
Shmx\Store::__construct(): Argument #1 ($id) must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): cache= must be a number of seconds greater than 0 and at most 86400
Shmx\Store::__construct(): Argument #1 ($id) must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): cache= must be a number of seconds greater than 0 and at most 86400
float(0.001)
NULL
int(1)
