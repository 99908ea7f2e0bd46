--TEST--
Shmx: Queue on Redis: a value whose consumer died inside pop() comes back at the head once its lease runs out, and is delivered once
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__, 'lease=0.5');
$port = (int)parse_url(getenv('SHMX_TEST_REDIS'), PHP_URL_PORT);
$P = '{' . basename(parse_url($url, PHP_URL_PATH)) . '}';

/* Unserializing it runs PHP code inside pop(), after the value left the queue and before
 * pop() acknowledged it: the point where a consumer may die. */
class Job
{
    public static string $then = '';
    public function __construct(public string $name) {}
    public function __unserialize(array $data): void
    {
        $this->name = $data['name'];
        if (self::$then === 'kill') {
            posix_kill(getmypid(), SIGKILL);
        }
        if (self::$then === 'stall') {
            file_put_contents($GLOBALS['flag'], 'in pop');
            usleep(1500000);                         // three leases
        }
    }
}
function show($v) { return $v instanceof Job ? 'Job ' . $v->name : var_export($v, true); }

echo "-- killed inside pop()\n";
$q = new Shmx\Queue($url, 4096, 'n', 0600, ['Job']);
$q->push(new Job('A'));
$q->push('B');
$q->push('C');
$pid = pcntl_fork();
if ($pid === 0) {
    Job::$then = 'kill';
    $q->pop();
    exit(0);                                         // never reached
}
pcntl_waitpid($pid, $st);
var_dump(pcntl_wifsignaled($st) && pcntl_wtermsig($st) === SIGKILL);
$i = $q->info();
var_dump($i['count'], $i['in_flight'], $i['used']);   // A is in flight: out of the list, its bytes still counted
usleep(700000);                                       // the dead consumer's lease runs out
echo show($q->pop(0)), "\n";                          // A is back, at the head
echo show($q->pop(0)), ' ', show($q->pop(0)), "\n";
$i = $q->info();
var_dump($i['count'], $i['in_flight'], $i['used'], $i['pushed'], $i['popped']);
var_dump(redis_cli($port, 'SCARD', "$P:c"));           // the dead consumer is forgotten (this handle remains)

echo "-- stopped past its lease inside pop()\n";
$flag = sys_get_temp_dir() . '/shmx-rq-dead-' . getmypid();
$out = $flag . '.out';
@unlink($flag);
$q->push(new Job('D'));
$q->push('E');
$pid = pcntl_fork();
if ($pid === 0) {
    Job::$then = 'stall';
    $got = $q->pop(5);                               // D stalls past its lease: it is not this one's any more
    file_put_contents($out, show($got));
    exit(0);
}
while (!file_exists($flag)) usleep(10000);
usleep(700000);
echo show($q->pop(5)), "\n";                          // D, taken back from the stalled consumer
pcntl_waitpid($pid, $st);
echo file_get_contents($out), "\n";                   // the stalled one got E, and not D
unlink($flag);
unlink($out);
$i = $q->info();
var_dump($i['count'], $i['in_flight'], $i['used']);
// Stalled past its whole timeout as well, with nothing else queued: a timeout, as any wait.
$q->push(new Job('G'));
$pid = pcntl_fork();
if ($pid === 0) {
    Job::$then = 'stall';
    try {
        $got = show($q->pop(1.0));
    } catch (Throwable $e) {
        $got = get_class($e) . ': ' . $e->getMessage();
    }
    file_put_contents($out, $got);
    exit(0);
}
while (!file_exists($flag)) usleep(10000);
usleep(700000);
echo show($q->pop(5)), "\n";                          // G, taken back
pcntl_waitpid($pid, $st);
echo file_get_contents($out), "\n";
unlink($flag);
unlink($out);

echo "-- a dead consumer's keys written by hand (the layout)\n";
// Dead: its in-flight list and its token in {P}:c, no lease key. Alive: the same with a lease.
redis_cli($port, 'RPUSH', "$P:w:dead", 'sdead1');
redis_cli($port, 'SADD', "$P:c", 'dead');
redis_cli($port, 'RPUSH', "$P:w:live", 'slive1');
redis_cli($port, 'SADD', "$P:c", 'live');
redis_cli($port, 'SET', "$P:c:live", '1', 'PX', '60000');
redis_cli($port, 'HINCRBY', "$P:m", 'used', '32');
redis_cli($port, 'HINCRBY', "$P:m", 'pushed', '2');
$q->push('F');
$q2 = new Shmx\Queue($url, 4096, 'w');               // a handle that has not looked for the dead yet
usleep(200000);                                       // nor has the queue, for a quarter lease ({P}:r)
var_dump($q2->pop(0), $q2->pop(0));
var_dump($q2->tryPop($v));                            // live1 stays with its living consumer
var_dump(redis_cli($port, 'LRANGE', "$P:w:live", '0', '-1'), redis_cli($port, 'EXISTS', "$P:w:dead"));
$i = $q->info();
var_dump($i['count'], $i['in_flight'], $i['used']);
$q->destroy();
var_dump(redis_cli($port, 'KEYS', "$P*"));
?>
--EXPECTF--
-- killed inside pop()
bool(true)
int(2)
int(1)
int(%d)
Job A
'B' 'C'
int(0)
int(0)
int(0)
int(3)
int(3)
string(1) "1"
-- stopped past its lease inside pop()
Job D
'E'
int(0)
int(0)
int(0)
Job G
Shmx\TimeoutException: redis://%s: timed out after 1 seconds waiting for a value in the queue
-- a dead consumer's keys written by hand (the layout)
string(5) "dead1"
string(1) "F"
bool(false)
string(6) "slive1"
string(1) "0"
int(0)
int(1)
int(16)
string(0) ""
