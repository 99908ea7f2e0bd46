--TEST--
Shmx: Semaphore on Redis: permits=2 with 3 racing workers never lets more than 2 in; available(); a SIGKILLed holder's permit comes back after the lease; ownership and modes
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
$port = redis_test_port();
/* A minimal RESP client, so that the workers' bookkeeping does not go through shmx. */
final class Redis_ish
{
    private $c;
    public function __construct(int $port) { $this->c = stream_socket_client("tcp://127.0.0.1:$port"); }
    public function cmd(string ...$a): string
    {
        $out = '*' . count($a) . "\r\n";
        foreach ($a as $x) { $out .= '$' . strlen($x) . "\r\n$x\r\n"; }
        fwrite($this->c, $out);
        $line = fgets($this->c);
        if ($line[0] === '$') { $n = (int)substr($line, 1); return $n < 0 ? '' : substr(fread($this->c, $n + 2), 0, $n); }
        return trim(substr($line, 1));
    }
}
$s = new Shmx\Semaphore($url, 2);
var_dump($s->available());
/* Three workers, each in and out 15 times; a server-side counter of who is inside (INCR on
 * entry, DECR on exit) and the peak it reached. */
$inside = redis_key(__FILE__, 'inside');
$peak = redis_key(__FILE__, 'peak');
$kids = [];
for ($k = 0; $k < 3; $k++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $w = new Shmx\Semaphore($url, 2);
        $r = new Redis_ish($port);
        for ($i = 0; $i < 15; $i++) {
            $w->acquire(10);
            $n = (int)$r->cmd('INCR', $inside);
            $r->cmd('EVAL', "if tonumber(redis.call('GET', KEYS[1]) or '0') < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1]) end", '1', $peak, (string)$n);
            usleep(3000);
            $r->cmd('DECR', $inside);
            $w->release();
        }
        exit(0);
    }
    $kids[] = $pid;
}
foreach ($kids as $pid) { pcntl_waitpid($pid, $st); var_dump(pcntl_wexitstatus($st)); }
var_dump(redis_cli($port, 'GET', $peak), redis_cli($port, 'GET', $inside), $s->available());

/* Ownership is the process's: release without a permit, all permits held, tryAcquire. */
try { $s->release(); } catch (Error $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
$s->acquire();
$s2 = new Shmx\Semaphore($url, 5);                  // a later opener takes the creator's count
$s2->acquire(0);
var_dump($s->available(), $s2->available(), $s->tryAcquire());
try { $s->acquire(); } catch (Error $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
$s2->release();                                     // its own permit first
$s2->release();                                     // then any of this process's
try { $s2->release(); } catch (Error $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
var_dump($s->available());

/* A dead holder's permit: gone for about a lease, then back. */
$flag = flag_path('held');
$pid = pcntl_fork();
if ($pid === 0) {
    $w = new Shmx\Semaphore($url);
    $w->acquire();
    $w->acquire();
    usleep(500000);                                  // renewed past its lease
    file_put_contents($flag, "1");
    posix_kill(getmypid(), SIGKILL);
    exit(1);
}
wait_flag($flag);
$t = microtime(true);
var_dump($s->available(), $s->tryAcquire());
$s->acquire(5);
$s->acquire(5);
$waited = microtime(true) - $t;
var_dump($waited > 0.1, $waited < 2.0, $s->available());
pcntl_waitpid($pid, $st);
/* A permit whose lease was taken away is reported at release(). */
redis_cli($port, 'DEL', redis_key(__FILE__, 's'));
try { $s->release(); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
try { $s->release(); } catch (Shmx\Exception $e) { echo get_class($e), "\n"; }
try { $s->release(); } catch (Error $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
var_dump($s->available());

/* Modes, a read-only handle, destroy. */
try { new Shmx\Semaphore($url, 2, 'n'); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
$ro = new Shmx\Semaphore($url, 1, 'a');
try { $ro->acquire(); } catch (Error $e) { echo $e->getMessage(), "\n"; }
try { $ro->release(); } catch (Error $e) { echo $e->getMessage(), "\n"; }
var_dump($ro->available());
$s->destroy();
var_dump(redis_cli($port, 'EXISTS', redis_key(__FILE__, 's'), redis_key(__FILE__, 'sp')));
try { new Shmx\Semaphore($url, 1, 'w'); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
redis_cli($port, 'DEL', $inside, $peak);
?>
--EXPECT--
int(2)
int(0)
int(0)
int(0)
string(1) "2"
string(1) "0"
int(2)
this process holds no permit of the semaphore
int(0)
int(0)
bool(false)
this process already holds all 2 permits of the semaphore
this process holds no permit of the semaphore
int(2)
int(0)
bool(false)
bool(true)
bool(true)
int(0)
the permit's lease (0.3 s, lease= in the id) ran out before release(), so another process may have taken it meanwhile
Shmx\Exception
this process holds no permit of the semaphore
int(2)
a semaphore exists there (mode "n")
Cannot acquire or release a Shmx\Semaphore opened read-only (mode "a")
Cannot acquire or release a Shmx\Semaphore opened read-only (mode "a")
int(2)
string(1) "0"
no semaphore there (mode "w" opens an existing one)
