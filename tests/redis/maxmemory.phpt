--TEST--
Shmx: Store on Redis: a server at maxmemory is a Shmx\FullException with the server's words; the old value stays
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$srv = redis_spawn();
$url = "redis://127.0.0.1:{$srv['port']}/full";
$s = new Shmx\Store($url);
$s->set('keep', 'old');
$s->set('num', 1);
echo redis_cli($srv['port'], 'CONFIG', 'SET', 'maxmemory', '3mb'), "\n";
$blob = str_repeat('x', 100000);
$n = 0;
try {
    for ($i = 0; $i < 1000; $i++) { $s->set("b$i", $blob); $n++; }
    echo "never full\n";
} catch (Shmx\FullException $e) {
    echo get_class($e), ': ', str_replace($url, 'URL', $e->getMessage()), "\n";
}
var_dump($n > 0, $s->has("b$n"), $s->count() === $n + 2);
/* Far past the limit now, whatever the buffers of this very command weigh. */
echo redis_cli($srv['port'], 'CONFIG', 'SET', 'maxmemory', '1'), "\n";
try { $s->set('keep', 'new'); } catch (Shmx\FullException $e) { echo "full\n"; }
try { $s->increment('num'); } catch (Shmx\FullException $e) { echo "full\n"; }
try { $s->compareAndSwap('keep', 'old', 'new'); } catch (Shmx\FullException $e) { echo "full\n"; }
var_dump($s->get('num'));
var_dump($s->get('keep'));                               // reads still work
$s->delete('b0');                                        // deleting needs no memory
var_dump($s->has('b0'));
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECTF--
OK
Shmx\FullException: URL: the server says: OOM command not allowed when used memory > 'maxmemory'.%A
bool(true)
bool(false)
bool(true)
OK
full
full
full
int(1)
string(3) "old"
bool(false)
