--TEST--
Shmx: Queue on Redis: waking waiters, a wrong type at a key, a server at maxmemory, a server killed under a blocked pop, down, restarted empty
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$srv = redis_spawn();
$port = $srv['port'];
$url = "redis://127.0.0.1:$port/qerr?timeout=1";
function msg(Throwable $e): string { return get_class($e) . ': ' . preg_replace('/^redis:\/\/\S+: /', '', $e->getMessage()); }
function later(float $s, callable $fn): int { $pid = pcntl_fork(); if ($pid === 0) { usleep((int)($s * 1e6)); $fn(); exit(0); } return $pid; }

echo "-- waking\n";
$q = new Shmx\Queue($url, 64);
for ($i = 0; $i < 4; $i++) $q->push($i);              // 4 x 16 bytes: full
$pid = later(0.3, function () use ($url) { (new Shmx\Queue($url, 64, 'w'))->pop(); });
$t = microtime(true);
$q->push(4, 5.0);                                     // waits for the pop, then goes in
$dt = microtime(true) - $t;
pcntl_waitpid($pid, $st);
var_dump($dt > 0.25 && $dt < 0.5, count($q));
while ($q->tryPop($v));
$pid = later(0.3, function () use ($url) { (new Shmx\Queue($url, 64, 'w'))->push('late'); });
$t = microtime(true);
var_dump($q->pop(5.0));                               // BLMOVE hands it over at once
$dt = microtime(true) - $t;
pcntl_waitpid($pid, $st);
var_dump($dt > 0.25 && $dt < 0.45);
$pid = later(0.3, function () use ($url) { (new Shmx\Queue($url, 64, 'w'))->close(); });
$t = microtime(true);
try { $q->pop(); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
$dt = microtime(true) - $t;
pcntl_waitpid($pid, $st);
var_dump($dt > 0.25 && $dt < 0.8);                    // noticed within a slice
$q->destroy();

echo "-- wrong types\n";
$q = new Shmx\Queue($url, 1024);
$q->push('a');
$q->pop();
redis_cli($port, 'SET', '{qerr}:q', 'not a list');
try { $q->push('b'); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
try { $q->pop(0); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
try { count($q); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
var_dump(redis_cli($port, 'HGET', '{qerr}:m', 'used'), redis_cli($port, 'HGET', '{qerr}:m', 'pushed'));   // nothing half done
redis_cli($port, 'DEL', '{qerr}:q');
$q->push('b');
var_dump($q->pop(0));
redis_cli($port, 'RPUSH', '{qerr2}:m', 'x');
try { new Shmx\Queue("redis://127.0.0.1:$port/qerr2"); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
redis_cli($port, 'DEL', '{qerr2}:m');
redis_cli($port, 'HSET', '{qerr2}:m', 'foo', 'bar');
try { new Shmx\Queue("redis://127.0.0.1:$port/qerr2"); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
redis_cli($port, 'HSET', '{qerr2}:m', 'cap', '12');
try { new Shmx\Queue("redis://127.0.0.1:$port/qerr2"); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
redis_cli($port, 'RPUSH', '{qerr}:q', 'zjunk');    // a value shmx did not write
redis_cli($port, 'HINCRBY', '{qerr}:m', 'used', '16');
try { $q->pop(0); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
var_dump(count($q), $q->info()['used'], $q->info()['in_flight']);  // taken, as a local unreadable value

echo "-- maxmemory\n";
$q->push('keep');
echo redis_cli($port, 'CONFIG', 'SET', 'maxmemory', '1'), "\n";
try { $q->push('more'); } catch (Shmx\FullException $e) { echo msg($e), "\n"; }
try { $q->tryPush('more'); } catch (Shmx\FullException $e) { echo "tryPush: FullException\n"; }
var_dump($q->pop(0));                                 // popping needs no memory
$t = microtime(true);
try { $q->pop(0.3); } catch (Shmx\TimeoutException $e) { echo msg($e), "\n"; }   // BLMOVE refused: polls
$dt = microtime(true) - $t;
var_dump($dt >= 0.29 && $dt < 0.6, count($q), $q->info()['used']);
echo redis_cli($port, 'CONFIG', 'SET', 'maxmemory', '0'), "\n";
$q->push('after');
var_dump($q->pop(0));

echo "-- the server killed under a blocked pop\n";
$rpid = proc_get_status($srv['proc'])['pid'];
$pid = later(0.3, function () use ($rpid) { posix_kill($rpid, SIGKILL); });
$t = microtime(true);
try { $q->pop(); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
$dt = microtime(true) - $t;
pcntl_waitpid($pid, $st);
var_dump($dt < 2.5);
proc_close($srv['proc']);
try { $q->push('x'); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
try { $q->pop(1); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
try { new Shmx\Queue($url); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }

echo "-- restarted empty\n";
$srv = redis_spawn($port, $srv['dir']);
try { $q->push('x'); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
try { $q->pop(0); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
$q = new Shmx\Queue($url, 1024);                      // created again
$q->push('again');
var_dump($q->pop(0));
$q->destroy();
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECTF--
-- waking
bool(true)
int(4)
string(4) "late"
bool(true)
Shmx\Exception: the queue is closed and empty
bool(true)
-- wrong types
Shmx\Exception: the server says: WRONGTYPE Operation against a key holding the wrong kind of value%s
Shmx\Exception: the server says: WRONGTYPE Operation against a key holding the wrong kind of value%s
Shmx\Exception: the server says: WRONGTYPE Operation against a key holding the wrong kind of value%s
string(1) "0"
string(1) "1"
string(1) "b"
Shmx\Exception: the server says: WRONGTYPE Operation against a key holding the wrong kind of value
Shmx\CorruptException: {qerr2}:m is a hash that is not a shmx Queue's
Shmx\CorruptException: {qerr2}:m is not a shmx Queue's (its capacity reads "12")
Shmx\CorruptException: a value in the queue is not one shmx wrote
int(0)
int(0)
int(0)
-- maxmemory
OK
Shmx\FullException: the server says: OOM command not allowed when used memory > 'maxmemory'.%A
tryPush: FullException
string(4) "keep"
Shmx\TimeoutException: timed out after 0.3 seconds waiting for a value in the queue
bool(true)
int(0)
int(0)
OK
string(5) "after"
-- the server killed under a blocked pop
Shmx\Exception: %s
bool(true)
Shmx\Exception: cannot connect: Connection refused
Shmx\Exception: cannot connect: Connection refused
Shmx\Exception: cannot connect: Connection refused
-- restarted empty
Shmx\Exception: there is no queue there any more (destroyed, or lost by a restarted server)
Shmx\Exception: there is no queue there any more (destroyed, or lost by a restarted server)
string(5) "again"
