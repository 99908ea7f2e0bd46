--TEST--
Shmx: Queue on Redis: the dead-consumer recovery runs at most once a quarter lease for the whole queue, however many handles pop (one per PHP-FPM request), and still brings a dead consumer's value back
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$srv = redis_spawn();
$port = $srv['port'];
$url = "redis://127.0.0.1:$port/rate?lease=20";     // a quarter lease: 5 s
$q = new Shmx\Queue($url, 1 << 16, 'n');
for ($i = 0; $i < 200; $i++) {
    $q->push($i);
}
redis_cli($port, 'CONFIG', 'RESETSTAT');
$got = [];
for ($i = 0; $i < 100; $i++) {          // 100 "requests", each with a handle of its own
    $h = new Shmx\Queue($url);
    $got[] = $h->pop(0);
    unset($h);
}
preg_match('/cmdstat_smembers:calls=(\d+)/', redis_cli($port, 'INFO', 'commandstats'), $m);
echo "values: ", $got === range(0, 99) ? 'in order' : 'wrong', "; recoveries: ", (int)($m[1] ?? 0), "\n";
// A dead consumer (written by hand: its in-flight value, its token, no lease) still comes back
// once the quarter lease has passed ({P}:r gone: deleted here rather than waited for).
redis_cli($port, 'RPUSH', '{rate}:w:dead', 'sback');
redis_cli($port, 'SADD', '{rate}:c', 'dead');
redis_cli($port, 'HINCRBY', '{rate}:m', 'used', '16');
redis_cli($port, 'HINCRBY', '{rate}:m', 'pushed', '1');
redis_cli($port, 'DEL', '{rate}:r');
var_dump((new Shmx\Queue($url))->pop(0));
$q->destroy();
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECT--
values: in order; recoveries: 1
string(4) "back"
