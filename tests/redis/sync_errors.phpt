--TEST--
Shmx: Mutex and Semaphore on Redis: a server down, silent, killed mid-wait or restarted, full (maxmemory), or holding another type at the keys: Shmx\Exception / TimeoutException / FullException / CorruptException with the server's words, no hang
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/sync.inc';
function msg(Throwable $e, string $url = ''): string
{
    return get_class($e) . ': ' . ($url !== '' ? str_replace($url, 'URL', $e->getMessage()) : preg_replace('/^.*?: /', '', $e->getMessage()));
}
/* Nobody listening. */
$dead = 'redis://127.0.0.1:' . redis_free_port() . '/p';
try { new Shmx\Mutex($dead); } catch (Shmx\Exception $e) { echo msg($e, $dead), "\n"; }
try { new Shmx\Semaphore($dead, 2); } catch (Shmx\Exception $e) { echo msg($e, $dead), "\n"; }
/* A server that accepts and never answers: bounded by timeout=. */
$silent = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($silent, false);
$t = microtime(true);
try { new Shmx\Mutex("redis://$addr/p?timeout=0.3"); } catch (Shmx\TimeoutException $e) { echo get_class($e), "\n"; }
var_dump(microtime(true) - $t < 2.0);

/* A server of our own, killed while held and while waited for, then started again. */
$srv = redis_spawn();
$url = "redis://127.0.0.1:{$srv['port']}/down?timeout=1&lease=0.3";
$m = new Shmx\Mutex($url);
$s = new Shmx\Semaphore($url, 2);
var_dump($m->lock(), $s->tryAcquire());
redis_kill($srv);
try { $m->unlock(); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
var_dump($m->token());                                 // let go of here; on the server it runs out
try { $s->release(); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
try { $m->lock(5); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
try { $s->available(); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
$srv = redis_spawn($srv['port'], $srv['dir']);         // an empty server (nothing saved)
var_dump($m->lock(), $s->tryAcquire(), $s->available());   // reconnected; the fence starts over
$m->unlock();
$s->release();
/* Killed while a lock() waits for another process's hold: the wait ends with the error. */
$flag = flag_path('held');
$holder = pcntl_fork();
if ($holder === 0) {
    $c = new Shmx\Mutex($url);
    $c->lock();
    file_put_contents($flag, "1");
    sleep(30);
    exit(0);
}
wait_flag($flag);
$srvpid = proc_get_status($srv['proc'])['pid'];
$killer = pcntl_fork();
if ($killer === 0) {
    usleep(300000);
    posix_kill($srvpid, SIGKILL);
    exit(0);
}
$t = microtime(true);
try { $m->lock(20); } catch (Shmx\Exception $e) { echo get_class($e), "\n"; }
var_dump(microtime(true) - $t < 5.0);
posix_kill($holder, SIGKILL);
pcntl_waitpid($holder, $st);
pcntl_waitpid($killer, $st);
proc_close($srv['proc']);

/* maxmemory: taking refuses up front (nothing half-written); giving back and renewing work. */
$srv = redis_spawn($srv['port'], $srv['dir']);
$url = "redis://127.0.0.1:{$srv['port']}/full?timeout=1&lease=0.3";
$m = new Shmx\Mutex($url);
$s = new Shmx\Semaphore($url, 2);
$m2 = new Shmx\Mutex("redis://127.0.0.1:{$srv['port']}/full2?timeout=1&lease=0.3");
$held = $m2->lock();
echo redis_cli($srv['port'], 'CONFIG', 'SET', 'maxmemory', '1'), "\n";
try { $m->lock(); } catch (Shmx\FullException $e) { echo msg($e, $url), "\n"; }
try { $s->acquire(); } catch (Shmx\FullException $e) { echo get_class($e), "\n"; }
try { new Shmx\Mutex("redis://127.0.0.1:{$srv['port']}/new"); } catch (Shmx\FullException $e) { echo get_class($e), "\n"; }
var_dump(redis_cli($srv['port'], 'EXISTS', '{full}:x', '{full}:s'));
usleep(900000);                                        // three leases: renewed though full
$m2->unlock();                                         // still ours: no exception
echo redis_cli($srv['port'], 'CONFIG', 'SET', 'maxmemory', '0'), "\n";
var_dump($m->lock() > 0);
$m->unlock();

/* Another type at the keys (written by someone else). */
$port = $srv['port'];
redis_cli($port, 'DEL', '{full}:x');
redis_cli($port, 'LPUSH', '{full}:x', 'a');
try { $m->lock(); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
try { new Shmx\Mutex($url); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
redis_cli($port, 'DEL', '{full}:x');
redis_cli($port, 'SET', '{full}:xf', 'abc');
try { $m->lock(); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
var_dump(redis_cli($port, 'EXISTS', '{full}:x'));    // no lease was taken
redis_cli($port, 'SET', '{full}:s', 'x');
try { $s->acquire(); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
try { new Shmx\Semaphore($url); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
redis_cli($port, 'DEL', '{full}:s');
redis_cli($port, 'SET', '{full}:sp', 'many');
try { new Shmx\Semaphore($url); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
redis_cli($port, 'SET', '{full}:sp', '0');
try { new Shmx\Semaphore($url); } catch (Shmx\Exception $e) { echo msg($e, $url), "\n"; }
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECTF--
Shmx\Exception: URL: cannot connect: Connection refused
Shmx\Exception: URL: cannot connect: Connection refused
Shmx\TimeoutException
bool(true)
int(1)
bool(true)
Shmx\Exception: URL: cannot connect: Connection refused
NULL
Shmx\Exception: URL: cannot connect: Connection refused
Shmx\Exception: URL: cannot connect: Connection refused
Shmx\Exception: URL: cannot connect: Connection refused
int(1)
bool(true)
int(1)
Shmx\Exception
bool(true)
OK
Shmx\FullException: URL: the server says: OOM command not allowed when used memory > 'maxmemory'.%A
Shmx\FullException
Shmx\FullException
string(1) "0"
OK
bool(true)
Shmx\Exception: URL: the server says: WRONGTYPE {full}:x holds a list, not a Mutex lease%A
Shmx\Exception: URL: the server says: WRONGTYPE {full}:x holds a list, not a Mutex lease%A
Shmx\Exception: URL: the server says: ERR {full}:xf holds "abc", not a shmx fencing counter%A
string(1) "0"
Shmx\Exception: URL: the server says: WRONGTYPE {full}:s holds a string, not a Semaphore permit set%A
Shmx\Exception: URL: the server says: WRONGTYPE {full}:s holds a string, not a Semaphore permit set%A
Shmx\CorruptException: URL: the semaphore's permit count ({full}:sp) holds "many", not 1 to 65536
Shmx\CorruptException: URL: the semaphore's permit count ({full}:sp) holds "0", not 1 to 65536
