--TEST--
Shmx: Store on Redis with cache=S: when invalidations stop arriving unnoticed (a silenced tracker) a value is still at most S old and never served past its TTL; a killed tracker or main connection empties the cache at once and tracking comes back
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/cache.inc';
$srv = redis_spawn();
$p = $srv['port'];
$w = new Shmx\Store("redis://127.0.0.1:$p/stale");

echo "-- silenced tracker (through a proxy that stops passing its messages on), cache=0.5\n";
[$proxy, $pp] = silencing_proxy($p);
$c = new Shmx\Store("redis://127.0.0.1:$pp/stale?cache=0.5");
$w->set('k', 'old');
var_dump($c->get('k'), $c->info()['client_cache']['tracking']);
/* Through the proxy the announcements still come: */
$w->set('k', 'old2');
var_dump(within(1.0, fn() => $c->get('k') === 'old2') !== null);
posix_kill($proxy, SIGUSR1);
usleep(100000);
$c->set('k', 'old3');                  // an own write: drops the entry
$t0 = microtime(true);
$c->get('k');                          // cached at t0
$w->set('k', 'new');
usleep(100000);
var_dump($c->get('k'));                // no announcement came: the cached value, for now
$t = within(2.0, fn() => $c->get('k') === 'new');
$age = microtime(true) - $t0;
echo 'new value after ', $t !== null && $age >= 0.4 && $age < 1.2 ? 'about S' : "$age s (wrong)", "\n";
/* A key with an expiry (written on the server as set() with a ttl writes one, 'e<deadline in
 * server ms>:<value>', but due in 150 ms) is cached no longer than that, though S is 500 ms and
 * nothing about it comes through the silenced tracker: */
[$sec, $usec] = explode("\n", redis_raw($p, 'TIME'));
redis_raw($p, 'HSET', '{stale}:h', 't2', 'e' . ((int)$sec * 1000 + intdiv((int)$usec, 1000) + 150) . ':sx');
$a = $c->get('t2');                    // cached for at most 150 ms (S is 500)
usleep(200000);
var_dump($a, $c->get('t2', 'expired'));
/* Own writes with the tracker silenced: seen at once all the same (the handle drops its own
 * entries; Redis 7.0 does announce a script's writes to the caller's tracker despite NOLOOP,
 * which this cannot rely on here). */
$c->get('o');
$c->set('o', 1);
echo $c->get('o'), ' ';
$c->increment('o', 2);
echo $c->get('o'), ' ';
$c->compareAndSwap('o', 3, 'cas');
echo $c->get('o'), ' ';
$c->delete('o');
echo $c->get('o', 'deleted'), ' ';
$c->add('o', 'added');
echo $c->get('o'), ' ';
$c->clear();
echo $c->get('o', 'cleared'), "\n";
stop_child($proxy);

echo "-- the tracker killed: the cache is emptied at once, and tracking is back within ~1 s\n";
$c = new Shmx\Store("redis://127.0.0.1:$p/stale?cache=30");
$w->set('k', 'a');
var_dump($c->get('k'), $c->get('k'));
redis_cli($p, 'CLIENT', 'KILL', 'TYPE', 'pubsub');
$w->set('k', 'b');                     // announced to nobody
usleep(50000);
var_dump($c->get('k'), $c->info()['client_cache']['tracking']);
var_dump(within(3.0, function () use ($c) { $c->get('k'); return $c->info()['client_cache']['tracking']; }) !== null);
$c->get('k');
$w->set('k', 'c');
var_dump(within(1.0, fn() => $c->get('k') === 'c') !== null);

echo "-- the main connection killed (it held the tracking)\n";
$c->get('k');
preg_match('/id=(\d+) [^\n]*flags=tB/', redis_cli($p, 'CLIENT', 'LIST'), $m);
redis_cli($p, 'CLIENT', 'KILL', 'ID', $m[1]);
$w->set('k', 'd');
usleep(50000);
var_dump($c->get('k'));
var_dump(within(3.0, function () use ($c) { $c->get('k'); return $c->info()['client_cache']['tracking']; }) !== null);
$c->get('k');
$w->set('k', 'e');
var_dump(within(1.0, fn() => $c->get('k') === 'e') !== null);
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECT--
-- silenced tracker (through a proxy that stops passing its messages on), cache=0.5
string(3) "old"
bool(true)
bool(true)
string(4) "old3"
new value after about S
string(1) "x"
string(7) "expired"
1 3 cas deleted added cleared
-- the tracker killed: the cache is emptied at once, and tracking is back within ~1 s
string(1) "a"
string(1) "a"
string(1) "b"
bool(false)
bool(true)
bool(true)
-- the main connection killed (it held the tracking)
string(1) "d"
bool(true)
bool(true)
