--TEST--
Shmx: Store::lock() on Redis: a child forked inside the callback holds nothing: its exit() leaves the parent's lease in place, and its writes wait for that lease like any other process's
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--INI--
shmx.lock_timeout=0.3
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__);
$prefix = basename($url);
$port = (int)parse_url(getenv('SHMX_TEST_REDIS'), PHP_URL_PORT);
$s = new Shmx\Store($url);
$r = $s->lock(function (Shmx\Store $st) use ($prefix, $port) {
    $st->set('in', 1);
    $pid = pcntl_fork();
    if ($pid === 0) {
        try {
            $st->set('child', 1);           // the parent holds the lease: this waits, then times out
            echo "child: wrote\n";
        } catch (Shmx\TimeoutException $e) {
            echo "child: write timed out\n";
        }
        exit(0);                            // leaves the inherited callback: must not give the lease back
    }
    pcntl_waitpid($pid, $status);
    echo "lease still there after the child: ", (redis_cli($port, 'TYPE', "{{$prefix}}:h") === 'string' ? 1 : 0), "\n";   // the lock marker
    $other = new Shmx\Store($GLOBALS['url']);
    try { $other->set('x', 1); echo "other handle: wrote\n"; }
    catch (Shmx\TimeoutException $e) { echo "other handle: timed out\n"; }
    $st->set('still', 2);                   // the holder itself still writes
    return 'done';
});
var_dump($r, $s->get('child'), $s->get('still'), redis_cli($port, 'TYPE', "{{$prefix}}:h"));
$s->set('after', 3);
var_dump($s->get('after'));
$s->destroy();
?>
--EXPECT--
child: write timed out
lease still there after the child: 1
other handle: timed out
string(4) "done"
NULL
int(2)
string(4) "hash"
int(3)
