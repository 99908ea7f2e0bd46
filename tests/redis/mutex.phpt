--TEST--
Shmx: Mutex on Redis: lock/tryLock/unlock/synchronized, per-process ownership, timeouts, fencing tokens that strictly increase across racing processes whose critical sections never overlap
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/sync.inc';
$url = redis_url(__FILE__, 'lease=5&timeout=10');
$m = new Shmx\Mutex($url);
var_dump($m->token());
$t1 = $m->lock();
var_dump($t1 >= 1, $m->token() === $t1);
try { $m->lock(); } catch (Error $e) { echo get_class($e), ': ', preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
$other = new Shmx\Mutex($url);                       // another handle of this process: the same owner
try { $other->tryLock(); } catch (Error $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
var_dump($other->token() === $t1);
$other->unlock();
try { $m->unlock(); } catch (Error $e) { echo get_class($e), ': ', preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
var_dump($m->token());
var_dump($m->tryLock(), $m->token() > $t1);
$t2 = $m->token();
$m->unlock();
/* synchronized(): the token inside, unlocked on return and on an exception. */
var_dump($m->synchronized(fn() => $m->token()) > $t2, $m->token());
try { $m->synchronized(function () { throw new LogicException('inside'); }); } catch (LogicException $e) { echo $e->getMessage(), "\n"; }
var_dump($m->token(), $m->tryLock());
$m->unlock();

/* A child holds it: tryLock is false, lock(0) and lock(0.2) time out, not before 0.2 s. */
$flag = flag_path('held');
$pid = pcntl_fork();
if ($pid === 0) {
    $c = new Shmx\Mutex($url);
    $c->lock();
    file_put_contents($flag, "1");
    usleep(1500000);
    $c->unlock();
    exit(0);
}
wait_flag($flag);
var_dump($m->tryLock());
try { $m->lock(0); } catch (Shmx\TimeoutException $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
$t = microtime(true);
try { $m->lock(0.2); } catch (Shmx\TimeoutException $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
var_dump(microtime(true) - $t >= 0.2);
$t3 = $m->lock(10);                                  // waits for the child's unlock
var_dump($t3 > $t2);
$m->unlock();
pcntl_waitpid($pid, $st);

/* Two processes race N times each; the log shows tokens strictly increasing in the order the
 * holds happened, and a shared counter read-then-written under the lock never loses a write. */
$port = redis_test_port();
$ctr = redis_key(__FILE__, 'race');
redis_cli($port, 'SET', $ctr, '0');
$log = sys_get_temp_dir() . '/shmx-rmutex-log-' . getmypid();
@unlink($log);
$n = 60;
$curl = redis_url(__FILE__) . 'c';                    // computed here: redis_url() names the prefix after the pid
$kids = [];
for ($k = 0; $k < 2; $k++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $mx = new Shmx\Mutex($url);
        $cn = new Shmx\Counter($curl);
        for ($i = 0; $i < $n; $i++) {
            $tok = $mx->lock();
            $fh = fopen($log, 'a');
            fwrite($fh, "in $tok\n");
            $v = $cn->get();
            usleep(200);
            $cn->set($v + 1);
            fwrite($fh, "out $tok\n");
            fclose($fh);
            $mx->unlock();
        }
        exit(0);
    }
    $kids[] = $pid;
}
foreach ($kids as $pid) { pcntl_waitpid($pid, $st); }
$lines = file($log, FILE_IGNORE_NEW_LINES);
$bad = 0; $prev = 0;
for ($i = 0; $i < count($lines); $i += 2) {
    [$a, $ta] = explode(' ', $lines[$i]);
    [$b, $tb] = explode(' ', $lines[$i + 1] ?? 'none 0');
    if ($a !== 'in' || $b !== 'out' || $ta !== $tb || (int)$ta <= $prev) { $bad++; }
    $prev = (int)$ta;
}
var_dump(count($lines) === 4 * $n, $bad, (new Shmx\Counter($curl))->get());
unlink($log);
(new Shmx\Counter($curl))->destroy();

/* synchronized(): exit() inside still exits with its status and lets go; a lease lost while
 * the callable ran is a Shmx\Exception, chained to the callable's own exception if any. */
$pid = pcntl_fork();
if ($pid === 0) { $c = new Shmx\Mutex($url); $c->synchronized(function () { exit(7); }); exit(1); }
pcntl_waitpid($pid, $st);
var_dump(pcntl_wexitstatus($st), is_int($m->lock(0)));
$m->unlock();
$lease = redis_key(__FILE__, 'x');
try { $m->synchronized(function () use ($port, $lease) { redis_cli($port, 'DEL', $lease); throw new LogicException('inner'); }); }
catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), ' / ', get_class($e->getPrevious()), "\n"; }
try { $m->synchronized(function () use ($port, $lease) { redis_cli($port, 'DEL', $lease); return 5; }); }
catch (Shmx\Exception $e) { echo get_class($e), "\n"; }
var_dump($m->token());

/* Modes, read-only handle, destroy. */
try { new Shmx\Mutex($url, 'n'); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
$ro = new Shmx\Mutex($url, 'a');
try { $ro->lock(); } catch (Error $e) { echo $e->getMessage(), "\n"; }
try { $ro->tryLock(); } catch (Error $e) { echo $e->getMessage(), "\n"; }
var_dump($ro->token());
$m->destroy();
var_dump(redis_cli($port, 'EXISTS', redis_key(__FILE__, 'x'), redis_key(__FILE__, 'xf')));
try { new Shmx\Mutex($url, 'w'); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
$new = new Shmx\Mutex($url, 'n');
var_dump($new->lock());                              // a destroyed mutex starts over
$new->unlock();
$new->destroy();
redis_cli($port, 'DEL', $ctr);
?>
--EXPECTF--
NULL
bool(true)
bool(true)
Error: this process already holds the mutex
this process already holds the mutex
bool(true)
Error: this process does not hold the mutex
NULL
bool(true)
bool(true)
bool(true)
NULL
inside
NULL
bool(true)
bool(false)
the mutex is held by another process
timed out after 0.2 seconds waiting for the mutex
bool(true)
bool(true)
bool(true)
int(0)
int(120)
int(7)
bool(true)
the mutex's lease (5 s, lease= in the id) ran out before unlock(), so another process may have held it meanwhile (this hold's fencing token was %d) / LogicException
Shmx\Exception
NULL
a mutex exists there (mode "n")
Cannot lock or unlock a Shmx\Mutex opened read-only (mode "a")
Cannot lock or unlock a Shmx\Mutex opened read-only (mode "a")
NULL
string(1) "0"
no mutex there (mode "w" opens an existing one)
int(1)
