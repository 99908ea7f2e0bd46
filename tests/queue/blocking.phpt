--TEST--
Shmx: Queue: pop() waits for a push from another process, push() for room; timeouts throw Shmx\TimeoutException after at least the time asked
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/queue.inc';
$q = new Shmx\Queue(null, 64);

// Empty: pop(0.1) waits at least 100 ms, then throws; pop(0) does not wait.
$t = hrtime(true);
try { $q->pop(0.1); } catch (Shmx\TimeoutException $e) { echo queue_test_error($e), "\n"; }
var_dump((hrtime(true) - $t) / 1e6 >= 100);
try { $q->pop(0); } catch (Shmx\TimeoutException $e) { echo queue_test_error($e), "\n"; }
try { $q->pop(-1.0); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }

// A consumer blocked forever in pop() gets a value pushed 200 ms later by a child.
$pid = pcntl_fork();
if ($pid === 0) {
    usleep(200000);
    $q->push('late');
    exit(0);
}
$t = hrtime(true);
var_dump($q->pop());
$ms = (hrtime(true) - $t) / 1e6;
var_dump($ms >= 150 && $ms < 5000);
pcntl_waitpid($pid, $status);

// Full (one 56-byte record fills a 64-byte ring): push(0.1) times out, tryPush() is false,
// push() waits until a child pops.
$q->push(str_repeat('f', 56));
var_dump($q->tryPush('x'));
$t = hrtime(true);
try { $q->push('x', 0.1); } catch (Shmx\TimeoutException $e) { echo queue_test_error($e), "\n"; }
var_dump((hrtime(true) - $t) / 1e6 >= 100);
try { $q->push('x', 0); } catch (Shmx\TimeoutException $e) { echo queue_test_error($e), "\n"; }
$pid = pcntl_fork();
if ($pid === 0) {
    usleep(200000);
    exit($q->pop() === str_repeat('f', 56) ? 0 : 1);
}
$t = hrtime(true);
$q->push('after');
$ms = (hrtime(true) - $t) / 1e6;
var_dump($ms >= 150 && $ms < 5000);
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status), $q->pop());

// A signal during a wait neither ends it early nor lengthens it.
pcntl_signal(SIGUSR1, function () { echo "signal\n"; });
$pid = pcntl_fork();
if ($pid === 0) {
    usleep(50000);
    posix_kill(posix_getppid(), SIGUSR1);
    exit(0);
}
$t = hrtime(true);
try { $q->pop(0.3); } catch (Shmx\TimeoutException $e) { echo queue_test_error($e), "\n"; }
$ms = (hrtime(true) - $t) / 1e6;
pcntl_signal_dispatch();
var_dump($ms >= 300 && $ms < 3000);
pcntl_waitpid($pid, $status);
?>
--EXPECT--
Shmx\TimeoutException: timed out after 0.1 seconds waiting for a value in the queue
bool(true)
Shmx\TimeoutException: the queue is empty
Shmx\Queue::pop(): Argument #1 ($timeout) must be null or greater than or equal to 0
string(4) "late"
bool(true)
bool(false)
Shmx\TimeoutException: timed out after 0.1 seconds waiting for room in the queue
bool(true)
Shmx\TimeoutException: the queue is full
bool(true)
int(0)
string(5) "after"
Shmx\TimeoutException: timed out after 0.3 seconds waiting for a value in the queue
signal
bool(true)
