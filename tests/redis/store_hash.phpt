--TEST--
Shmx: Store on Redis is one hash: get/set/add/increment outside lock() are one bare HGET/HSET/HSETNX/HINCRBY each; under another process's lock() a bare get() still reads and a bare set() waits; a SIGKILLed holder's data comes back whole after its lease (to a write or a read); a holder whose lease was taken writes nothing; expired entries are deleted by reads, script writes and a full server's writes
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/cache.inc';   // cmd_calls(), a server of our own (commandstats)
$srv = redis_spawn();
$p = $srv['port'];
$url = "redis://127.0.0.1:$p/hash?lease=1&timeout=10";
$s = new Shmx\Store($url);
$hash = '{hash}:h';

echo "-- the fast path: one bare command, no script\n";
$before = ['hset' => cmd_calls($p, 'hset'), 'hget' => cmd_calls($p, 'hget'), 'hsetnx' => cmd_calls($p, 'hsetnx'),
    'hincrby' => cmd_calls($p, 'hincrby'), 'evalsha' => cmd_calls($p, 'evalsha')];
for ($i = 0; $i < 50; $i++) {
    $s->set("k$i", $i);
    $s->get("k$i");
    $s->add("a$i", 'x');
    $s->increment('n', 2);
}
foreach ($before as $cmd => $n) {
    echo "$cmd: ", cmd_calls($p, $cmd) - $n, "\n";
}
var_dump($s->get('n'), $s->get('k7'), redis_raw($p, 'HGET', $hash, 'n'), redis_raw($p, 'HGET', $hash, 'k7'));

echo "-- another process holds lock(): a bare get() reads the data, a bare set() waits\n";
$flag = sys_get_temp_dir() . '/shmx-hash-' . getmypid();
@unlink($flag);
$pid = pcntl_fork();
if ($pid === 0) {
    $mine = new Shmx\Store($url);
    $mine->lock(function ($st) use ($flag) {
        $st->set('k1', 'in lock');
        touch($flag);
        usleep(1000000);
        $st->set('k2', 'in lock too');
    });
    exit(0);
}
while (!file_exists($flag)) usleep(1000);
echo 'marker: ', redis_raw($p, 'TYPE', $hash), "\n";
var_dump($s->get('k1'), $s->get('none'), $s->has('none'), $s->count());
$t = microtime(true);
$s->set('k2', 'after the lock');          // waits for the child's unlock
var_dump(microtime(true) - $t > 0.2, $s->get('k2'));
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status), redis_raw($p, 'TYPE', $hash));
unlink($flag);

echo "-- a holder killed with SIGKILL: after its lease (1 s) a bare set() goes on, nothing lost\n";
$pid = pcntl_fork();
if ($pid === 0) {
    $mine = new Shmx\Store($url);
    $mine->lock(function ($st) use ($flag) {
        $st->set('dead', 'by the dead one');
        touch($flag);
        posix_kill(getmypid(), SIGKILL);
    });
    exit(1);
}
pcntl_waitpid($pid, $status);
var_dump(pcntl_wtermsig($status) === SIGKILL, file_exists($flag));
$t = microtime(true);
$s->set('after', 'after');
$waited = microtime(true) - $t;
var_dump($waited > 0.3 && $waited < 3.0, $s->get('dead'), $s->get('after'), $s->get('k1'), $s->count(), redis_raw($p, 'TYPE', $hash),
    redis_raw($p, 'EXISTS', '{hash}:hl'));
unlink($flag);

echo "-- a dead holder's lease that nobody writes after: the first read past it ends it\n";
$pid = pcntl_fork();
if ($pid === 0) {
    $mine = new Shmx\Store($url);
    $mine->lock(function ($st) { posix_kill(getmypid(), SIGKILL); });
    exit(1);
}
pcntl_waitpid($pid, $status);
echo 'marker: ', redis_raw($p, 'TYPE', $hash), "\n";
usleep(1200000);
var_dump($s->get('dead'));                // read through the script, which sees the lease ran out
echo 'then: ', redis_raw($p, 'TYPE', $hash), ', {P}:hl: ', redis_raw($p, 'EXISTS', '{hash}:hl'), "\n";

echo "-- a holder whose lease was taken writes nothing\n";
try {
    $s->lock(function ($st) use ($p, $hash) {
        redis_raw($p, 'SET', $hash, 'shmx-lock:' . str_repeat('ab', 16) . ':9999999999999');   // another's, live
        try { $st->set('x', 'mine'); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
    });
} catch (Shmx\Exception $e) {
    echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n";
}
redis_raw($p, 'DEL', $hash);
redis_raw($p, 'RENAME', '{hash}:hl', $hash);   // what the other's unlock would do
var_dump($s->get('x'), $s->get('dead'));

echo "-- expiry: hidden at once, deleted by the read that meets it and by writes through a script\n";
$s->clear();
$s->set('t1', 'a', 1);
$s->set('t2', 5, 1);
$s->set('t3', 'c', 1);
$s->set('t3', 'c forever');               // a bare HSET: the expiry goes with the old value
$s->set('keep', 'k');
usleep(1300000);
echo 'fields: ', redis_raw($p, 'HLEN', $hash), "\n";
var_dump($s->get('t1'));
echo 'fields after a read: ', redis_raw($p, 'HLEN', $hash), ', expiry index: ', redis_raw($p, 'ZCARD', '{hash}:he'), "\n";
var_dump($s->has('t2'), $s->count(), iterator_to_array($s));
var_dump($s->add('t1', 'again'));
var_dump($s->increment('t2'));            // gone: starts from 0
$s->set('w', 'x', 1);
usleep(1300000);
echo 'fields: ', redis_raw($p, 'HLEN', $hash), "\n";
$s->set('other', 'x', 100);               // a write with a ttl prunes what has expired
echo 'fields after a write: ', redis_raw($p, 'HLEN', $hash), ', expiry index: ', redis_raw($p, 'ZCARD', '{hash}:he'), "\n";
$all = iterator_to_array($s);
ksort($all);
var_dump($all);

echo "-- a server full of expired entries: a write makes room from them\n";
$s->clear();
redis_raw($p, 'CONFIG', 'SET', 'maxmemory', '3mb');
$n = 0;
try {
    for (; $n < 10000; $n++) {
        $s->set("big$n", str_repeat('b', 10000), 1);
    }
} catch (Shmx\FullException $e) {
    echo "full after some: ", $n > 20 ? 'yes' : "only $n", "\n";
}
usleep(1300000);
$s->set('after full', str_repeat('a', 10000));      // a bare HSET, refused (OOM), then room made
$s->increment('n after full');
var_dump($s->count(), $s->get('n after full'), (int)redis_raw($p, 'HLEN', $hash) < $n);
redis_raw($p, 'CONFIG', 'SET', 'maxmemory', '0');
$s->destroy();
var_dump(redis_raw($p, 'EXISTS', $hash, '{hash}:hl', '{hash}:he'));
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECT--
-- the fast path: one bare command, no script
hset: 50
hget: 50
hsetnx: 50
hincrby: 50
evalsha: 0
int(100)
int(7)
string(3) "100"
string(1) "7"
-- another process holds lock(): a bare get() reads the data, a bare set() waits
marker: string
string(7) "in lock"
NULL
bool(false)
int(101)
bool(true)
string(14) "after the lock"
int(0)
string(4) "hash"
-- a holder killed with SIGKILL: after its lease (1 s) a bare set() goes on, nothing lost
bool(true)
bool(true)
bool(true)
string(15) "by the dead one"
string(5) "after"
string(7) "in lock"
int(103)
string(4) "hash"
string(1) "0"
-- a dead holder's lease that nobody writes after: the first read past it ends it
marker: string
string(15) "by the dead one"
then: hash, {P}:hl: 0
-- a holder whose lease was taken writes nothing
Store::lock(): this handle's lease (1 s, lease= in the id) ran out and another handle took the store meanwhile, so nothing was written
Store::lock(): the lease (1 s, lease= in the id) ran out while the callback ran, so other handles may have written meanwhile
NULL
string(15) "by the dead one"
-- expiry: hidden at once, deleted by the read that meets it and by writes through a script
fields: 4
NULL
fields after a read: 2, expiry index: 0
bool(false)
int(2)
array(2) {
  ["t3"]=>
  string(9) "c forever"
  ["keep"]=>
  string(1) "k"
}
bool(true)
int(1)
fields: 5
fields after a write: 5, expiry index: 1
array(5) {
  ["keep"]=>
  string(1) "k"
  ["other"]=>
  string(1) "x"
  ["t1"]=>
  string(5) "again"
  ["t2"]=>
  int(1)
  ["t3"]=>
  string(9) "c forever"
}
-- a server full of expired entries: a write makes room from them
full after some: yes
int(2)
int(1)
bool(true)
string(1) "0"
