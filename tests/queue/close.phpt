--TEST--
Shmx: Queue: close(): pushes fail, pops drain what is left, then pop() throws and tryPop() is false; waiters in other processes are woken
--EXTENSIONS--
shmx
pcntl
--FILE--
<?php
require __DIR__ . '/queue.inc';
$q = new Shmx\Queue(null, 1024);
$q->push(1);
$q->push(2);
var_dump($q->isClosed());
$q->close();
$q->close(); // idempotent
var_dump($q->isClosed(), $q->info()['closed'], count($q));
try { $q->push(3); } catch (Shmx\Exception $e) { echo queue_test_error($e), "\n"; }
try { $q->tryPush(3); } catch (Shmx\Exception $e) { echo queue_test_error($e), "\n"; }
var_dump($q->pop(), $q->tryPop($v), $v);
var_dump($q->tryPop($v));
try { $q->pop(); } catch (Shmx\Exception $e) { echo queue_test_error($e), "\n"; }
try { $q->pop(0); } catch (Shmx\Exception $e) { echo queue_test_error($e), "\n"; }

// A consumer blocked in pop() (no timeout) and a producer blocked in push() are both woken
// by close() in a third process.
$empty = new Shmx\Queue(null, 64);
$full = new Shmx\Queue(null, 64);
$full->push(str_repeat('z', 56));
$pids = [];
foreach (['pop', 'push'] as $what) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        pcntl_alarm(20);
        try {
            $what === 'pop' ? $empty->pop() : $full->push('more');
            exit(1);
        } catch (Shmx\Exception $e) {
            echo "$what: " . queue_test_error($e) . "\n";
            exit(0);
        }
    }
    $pids[] = $pid;
}
usleep(200000);
$empty->close();
$full->close();
foreach ($pids as $pid) {
    pcntl_waitpid($pid, $status);
    var_dump(pcntl_wifexited($status) ? pcntl_wexitstatus($status) : -1);
}
var_dump($full->pop() === str_repeat('z', 56));
?>
--EXPECTF--
bool(false)
bool(true)
bool(true)
int(2)
Shmx\Exception: the queue is closed
Shmx\Exception: the queue is closed
int(1)
bool(true)
int(2)
bool(false)
Shmx\Exception: the queue is closed and empty
Shmx\Exception: the queue is closed and empty
%s: Shmx\Exception: the queue is closed%S
%s: Shmx\Exception: the queue is closed%S
int(0)
int(0)
bool(true)
