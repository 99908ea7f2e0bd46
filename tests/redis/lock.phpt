--TEST--
Shmx: Store on Redis: lock() keeps other processes' writes out while $fn runs; a SIGKILLed holder's lease runs out; timeouts
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
/* A 3 s lease, so that a slow machine (valgrind) still sees it held where it should be. */
$url = redis_url(__FILE__, 'lease=3&timeout=10');
$s = new Shmx\Store($url);
$s->set('n', 0);
/* A child holds the lock while it reads, waits and writes: the parent's increment waits. */
$pid = pcntl_fork();
if ($pid === 0) {
    $mine = new Shmx\Store($url);
    $mine->lock(function ($st) { $v = $st->get('n'); file_put_contents(sys_get_temp_dir() . '/shmx-lock-' . posix_getppid(), '1'); usleep(300000); $st->set('n', $v + 10); });
    exit(0);
}
$flag = sys_get_temp_dir() . '/shmx-lock-' . getmypid();
while (!file_exists($flag)) usleep(1000);
unlink($flag);
try { $s->lock(fn() => 1, 0.0); echo "got it\n"; } catch (Shmx\TimeoutException $e) { echo "timeout\n"; }
var_dump($s->increment('n'));                    // after the child's write, not lost under it
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status));
/* A holder killed with its lease held: others wait at most the lease (3 s), then go on. */
$pid = pcntl_fork();
if ($pid === 0) {
    $mine = new Shmx\Store($url);
    $mine->lock(function () { file_put_contents(sys_get_temp_dir() . '/shmx-lock-' . posix_getppid(), '1'); posix_kill(getmypid(), SIGKILL); });
    exit(1);
}
while (!file_exists($flag)) usleep(1000);
unlink($flag);
pcntl_waitpid($pid, $status);
var_dump(pcntl_wtermsig($status) === SIGKILL);
try { $s->lock(fn() => 1, 0.05); } catch (Shmx\TimeoutException $e) { echo get_class($e), "\n"; }
$t = microtime(true);
var_dump($s->lock(fn($st) => $st->increment('n'), 5.0));
var_dump(microtime(true) - $t < 3.5);
/* A callback that outlives its lease keeps it: the keeper renews it (a handle with a 1 s lease),
 * and no other handle writes meanwhile. */
$short = new Shmx\Store(redis_url(__FILE__, 'lease=1&timeout=10'));
var_dump($short->lock(function () use ($s) { usleep(1500000); ini_set('shmx.lock_timeout', '0.2'); try { $s->set('x', 1); } catch (Shmx\TimeoutException $e) { return 'kept'; } finally { ini_restore('shmx.lock_timeout'); } return 'lost'; }));
/* One whose lease is taken from it (the lock marker {P}:h rewritten here with another token,
 * as when another handle takes over a lease that ran out) is told so. */
$port = (int)substr(getenv('SHMX_TEST_REDIS'), strrpos(getenv('SHMX_TEST_REDIS'), ':') + 1);
$marker = '{' . basename(redis_url(__FILE__)) . '}:h';
try { $short->lock(function () use ($port, $marker) { redis_cli($port, 'SET', $marker, 'shmx-lock:' . str_repeat('ab', 16) . ':0'); return 1; }); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
/* The data is still whole, in {P}:hl: the next lock() takes over the run-out marker, and its
 * release puts the data back. */
var_dump($s->lock(fn($st) => $st->get('n')), $s->get('n'));
$s->destroy();
?>
--EXPECT--
timeout
int(11)
int(0)
bool(true)
Shmx\TimeoutException
int(12)
bool(true)
string(4) "kept"
Store::lock(): the lease (1 s, lease= in the id) ran out while the callback ran, so other handles may have written meanwhile
int(12)
int(12)
