--TEST--
Shmx: Store on Redis: two processes with separate connections (two "hosts") see each other's writes
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__);
$s = new Shmx\Store($url);
$s->set('from-a', ['x' => 1]);
/* The other "host": a separate php process, with shmx loaded as run-tests loaded it here. */
$code = '$s = new Shmx\Store(' . var_export($url, true) . ');'
    . 'echo json_encode($s->get("from-a")), "\n";'
    . '$s->set("from-b", 3.25); $s->increment("shared", 5);'
    . '$c = new Shmx\Counter(' . var_export($url, true) . '); echo $c->increment(7), "\n";';
$so = null;
foreach (explode("\0", file_get_contents('/proc/self/cmdline')) as $a) {
    if (str_starts_with($a, 'extension=') && str_contains($a, 'shmx')) {
        $so = $a;
    }
}
$args = [PHP_BINARY, '-n', '-d', $so ?? 'extension=shmx', '-r', $code];
$s->set('shared', 10);
$c = new Shmx\Counter($url, 100);
$p = proc_open($args, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo stream_get_contents($pipes[1]), stream_get_contents($pipes[2]);
proc_close($p);
var_dump($s->get('from-b'), $s->get('shared'), $c->get());
$s->destroy();
$c->destroy();
?>
--EXPECT--
{"x":1}
107
float(3.25)
int(15)
int(107)
