--TEST--
Shmx: Queue on Redis: a closed queue is "closed and empty" only once no value is in flight (a dead consumer's comes back first); a pop nested in __unserialize() is refused; a child forked in __unserialize() does not deliver the parent's value
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
class Job
{
    public static string $then = '';
    public static ?Shmx\Queue $q = null;
    public function __construct(public string $name) {}
    public function __unserialize(array $data): void
    {
        $this->name = $data['name'];
        if (self::$then === 'kill') {
            posix_kill(getmypid(), SIGKILL);
        }
        if (self::$then === 'nested') {
            try { self::$q->pop(0); } catch (Error $e) { echo "nested: ", $e->getMessage(), "\n"; }
        }
        if (self::$then === 'fork') {
            $pid = pcntl_fork();
            if ($pid === 0) {
                self::$then = 'child';
            } else {
                pcntl_waitpid($pid, $st);
            }
        }
    }
}

echo "-- closed, a value in flight with a dead consumer\n";
$url = redis_url(__FILE__ . '-a', 'lease=0.4');
$q = new Shmx\Queue($url, 4096, 'n', 0600, ['Job']);
$q->push(new Job('A'));
$pid = pcntl_fork();
if ($pid === 0) {
    Job::$then = 'kill';
    $q->pop();
    exit(0);
}
pcntl_waitpid($pid, $st);
$q->close();
var_dump($q->tryPop($v));                 // nothing waiting, but A is in flight: not the end yet
$t = microtime(true);
echo "came back: ", $q->pop(5.0)->name, " after the lease: ", var_export(microtime(true) - $t > 0.1, true), "\n";
try { $q->pop(1.0); } catch (Shmx\Exception $e) { echo preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
$q->destroy();

echo "-- a pop nested in __unserialize()\n";
$q = new Shmx\Queue(redis_url(__FILE__ . '-b'), 4096, 'n', 0600, ['Job']);
Job::$q = $q;
$q->push(new Job('B'));
$q->push('next');
Job::$then = 'nested';
$o = $q->pop(0);
echo "outer got ", $o->name, "\n";
Job::$then = '';
var_dump($q->pop(0), $q->count());
$q->destroy();

echo "-- a fork in __unserialize()\n";
$q = new Shmx\Queue(redis_url(__FILE__ . '-c'), 4096, 'n', 0600, ['Job']);
$q->push(new Job('C'));
$q->push('D');
Job::$then = 'fork';
try {
    $got = $q->pop(0);
    echo "parent got ", $got->name, "\n";
} catch (Shmx\Exception $e) {
    echo "child: ", preg_replace('/^.*?: /', '', $e->getMessage()), "\n";
    exit(0);
}
Job::$then = '';
var_dump($q->pop(0), $q->count(), $q->info()['in_flight']);
$q->destroy();

echo "-- the ack's marker outlives the lease\n";
$url = redis_url(__FILE__ . '-d', 'lease=0.4');
$port = (int)parse_url(getenv('SHMX_TEST_REDIS'), PHP_URL_PORT);
$P = '{' . basename(parse_url($url, PHP_URL_PATH)) . '}';
$q = new Shmx\Queue($url, 4096, 'n');
$q->push('x');
var_dump($q->pop(0));
$tok = redis_cli($port, 'SMEMBERS', "$P:c");
var_dump(strlen($tok), redis_cli($port, 'GET', "$P:a:$tok") !== '', (int)redis_cli($port, 'PTTL', "$P:a:$tok") > 86000000);
usleep(600000);                            // past the lease: the marker is still there
var_dump((int)redis_cli($port, 'PTTL', "$P:a:$tok") > 86000000);
$q->destroy();
var_dump(redis_cli($port, 'EXISTS', "$P:a:$tok"));
// destroy() finds markers by a pattern: a prefix's glob characters match only themselves.
$base = getenv('SHMX_TEST_REDIS') . '/rq' . getmypid();
$star = new Shmx\Queue("$base*", 4096, 'n');
$near = new Shmx\Queue("{$base}zz", 4096, 'n');
foreach ([$star, $near] as $h) { $h->push(1); $h->pop(0); }
$star->destroy();
var_dump(redis_cli($port, 'KEYS', '{rq' . getmypid() . 'zz}:a:*') !== '');   // the other queue's marker is still there
$near->destroy();
var_dump(redis_cli($port, 'KEYS', '{rq' . getmypid() . '*'));
?>
--EXPECT--
-- closed, a value in flight with a dead consumer
bool(false)
came back: A after the lease: true
the queue is closed and empty
-- a pop nested in __unserialize()
nested: Cannot pop from a Shmx\Queue on Redis while this handle's pop is unserializing its value
outer got B
string(4) "next"
int(0)
-- a fork in __unserialize()
child: this process was forked while its parent's pop() was unserializing a value: the value is the parent's
parent got C
string(1) "D"
int(0)
int(0)
-- the ack's marker outlives the lease
string(1) "x"
int(32)
bool(true)
bool(true)
bool(true)
string(1) "0"
bool(true)
string(0) ""
