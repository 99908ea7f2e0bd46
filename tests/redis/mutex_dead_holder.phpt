--TEST--
Shmx: Mutex on Redis: a SIGKILLed holder's lease runs out after about lease= seconds (not before), then the next lock() gets it with a larger fencing token
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/sync.inc';
$url = redis_url(__FILE__, 'lease=0.3&timeout=5');
$m = new Shmx\Mutex($url);
$flag = flag_path('locked');
$tokfile = flag_path('token');
$pid = pcntl_fork();
if ($pid === 0) {
    $c = new Shmx\Mutex($url);
    file_put_contents($tokfile, (string)$c->lock());
    usleep(600000);                 // held past two lease lengths: renewed meanwhile
    file_put_contents($flag, "1");
    posix_kill(getmypid(), SIGKILL);
    exit(1);
}
wait_flag($flag);
$killed = microtime(true);
pcntl_waitpid($pid, $st);
var_dump(pcntl_wtermsig($st) === SIGKILL);
$dead = (int)file_get_contents($tokfile);
unlink($tokfile);
var_dump($m->tryLock());            // its lease was renewed until it died: still there
$t = $m->lock(5);
$waited = microtime(true) - $killed;
var_dump($t > $dead, $m->token() === $t);
/* Not before about one lease after the kill (the last renewal may have been up to a third of
 * a lease earlier), and not much later either. */
var_dump($waited >= 0.15, $waited < 2.0);
$m->unlock();
$m->destroy();
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
