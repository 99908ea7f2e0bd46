--TEST--
Shmx: Mutex on Redis: a holder that keeps it 3x the lease keeps it (the keeper renews the lease, over one connection it keeps); nobody else gets it meanwhile; after unlock() they do
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/sync.inc';
$url = redis_url(__FILE__, 'lease=0.3&timeout=5');
$port = redis_test_port();
$key = redis_key(__FILE__, 'x');
$m = new Shmx\Mutex($url);
$flag = flag_path('locked');
$done = flag_path('unlocked');
$pid = pcntl_fork();
if ($pid === 0) {
    $c = new Shmx\Mutex($url);
    $c->lock();
    file_put_contents($flag, "1");
    usleep(900000);                 // three leases
    $c->unlock();                   // still ours: no exception
    file_put_contents($done, "1");
    exit(0);
}
wait_flag($flag);
$tries = 0; $got = 0;
$t = microtime(true);
while (!file_exists($done) && microtime(true) - $t < 0.8) {
    $tries++;
    if ($m->tryLock()) { $got++; $m->unlock(); }
    usleep(20000);
}
var_dump($tries > 10, $got);
$ttl = (int)redis_cli($port, 'PTTL', $key);
wait_flag($done);
pcntl_waitpid($pid, $st);
var_dump(pcntl_wexitstatus($st));
var_dump(is_int($m->lock(0)));
/* Its own lease is renewed too: held 5x the lease, its TTL is pushed back each time, all
 * over one connection (the keeper's, the only client sending EVAL): it is over a second old. */
usleep(1500000);
$ttl = (int)redis_cli($port, 'PTTL', $key);
var_dump($ttl > 0 && $ttl <= 300);
$kept = false;
foreach (explode("\n", redis_cli($port, 'CLIENT', 'LIST')) as $client) {
    if (preg_match('/ age=(\d+) .*cmd=eval\b/', $client, $mm) && (int)$mm[1] >= 1) {
        $kept = true;
    }
}
var_dump($kept);
$m->unlock();
var_dump(redis_cli($port, 'EXISTS', $key));
$m->destroy();
?>
--EXPECT--
bool(true)
int(0)
int(0)
bool(true)
bool(true)
bool(true)
string(1) "0"
