--TEST--
Shmx: Store on Redis with cache=S: a server restart empties the cache (correct values after it, and tracking again); a fork child using an inherited cached handle reads correct values and leaves the parent's invalidations working
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
$base = "redis://127.0.0.1:$p/restart";
$c = new Shmx\Store("$base?cache=30&timeout=1");
$c->set('k', 'before');
var_dump($c->get('k'), $c->get('k'), $c->get('gone', 'absent'));

echo "-- restart (nothing saved: an empty server)\n";
redis_kill($srv);
try {
    $c->get('k');
    echo "served from the cache while the server was down\n";
} catch (Shmx\Exception $e) {
    echo get_class($e), "\n";
}
$srv = redis_spawn($p, $srv['dir']);
$w = new Shmx\Store($base);
$w->set('gone', 'here now');
var_dump($c->get('k'), $c->get('gone', 'absent'));
var_dump(within(3.0, function () use ($c) { $c->get('k'); return $c->info()['client_cache']['tracking']; }) !== null);
$c->get('k');
$w->set('k', 'after');
var_dump(within(1.0, fn() => $c->get('k') === 'after') !== null);

echo "-- a fork child with the inherited cached handle\n";
$w->set('f', 'p1');
var_dump($c->get('f'), $c->get('f'));          // cached in the parent
[$pid, $sock] = worker(function ($sock) use ($c, $w, $p) {
    $w->set('f', 'c1');                          // the child's own connection for $w
    /* Not the parent's entry: the child starts with an empty cache on its own connections. */
    say($sock, 'child reads ' . $c->get('f'));
    $c->get('f');
    $gets = cmd_calls($p, 'get');
    $c->get('f');
    say($sock, 'child cached: ' . (cmd_calls($p, 'get') - $gets === 0 ? 'yes' : 'no'));
    hear($sock);                                 // the parent wrote f = p2
    say($sock, 'child then ' . (within(1.0, fn() => $c->get('f') === 'p2') !== null ? 'sees p2' : 'does NOT see p2'));
    $c->set('f', 'c2');
    say($sock, 'child set c2');
});
echo hear($sock), "\n", hear($sock), "\n";
var_dump(within(1.0, fn() => $c->get('f') === 'c1') !== null);   // the child's write, announced
$w->set('f', 'p2');
say($sock, 'written');
echo hear($sock), "\n", hear($sock), "\n";
var_dump(within(1.0, fn() => $c->get('f') === 'c2') !== null);
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status));
/* After the child's exit the parent's tracker still works. */
$c->get('f');
$w->set('f', 'p3');
var_dump(within(1.0, fn() => $c->get('f') === 'p3') !== null, $c->info()['client_cache']['tracking']);
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECT--
string(6) "before"
string(6) "before"
string(6) "absent"
-- restart (nothing saved: an empty server)
Shmx\Exception
NULL
string(8) "here now"
bool(true)
bool(true)
-- a fork child with the inherited cached handle
string(2) "p1"
string(2) "p1"
child reads c1
child cached: yes
bool(true)
child then sees p2
child set c2
bool(true)
int(0)
bool(true)
bool(true)
