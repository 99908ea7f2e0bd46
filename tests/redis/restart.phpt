--TEST--
Shmx: Store on Redis: a server that goes away is a Shmx\Exception; once it is back the same handle reconnects
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$srv = redis_spawn();
$url = "redis://127.0.0.1:{$srv['port']}/restart?timeout=1";
$s = new Shmx\Store($url);
$c = new Shmx\Counter($url);
$s->set('k', 'before');
var_dump($c->increment(), $s->get('k'));
redis_kill($srv);
try { $s->get('k'); } catch (Shmx\Exception $e) { echo get_class($e), ': ', str_replace($url, 'URL', $e->getMessage()), "\n"; }
try { $c->increment(); } catch (Shmx\Exception $e) { echo get_class($e), "\n"; }
$srv = redis_spawn($srv['port'], $srv['dir']);          // nothing was saved: an empty server
var_dump($s->get('k'));                                  // reconnected, scripts loaded again
$s->set('k', 'after');
var_dump($s->get('k'), $s->increment('n'), $c->increment());
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECTF--
int(1)
string(6) "before"
Shmx\Exception: URL: cannot connect: Connection refused
Shmx\Exception
NULL
string(5) "after"
int(1)
int(1)
