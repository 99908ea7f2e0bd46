--TEST--
Shmx: Queue on Redis: methods, types, FIFO order, capacity, timeouts, close and drain, count/info, modes
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$url = redis_url(__FILE__);
function msg(Throwable $e): string { return get_class($e) . ': ' . preg_replace('/^redis:\/\/\S+: /', '', $e->getMessage()); }

try { new Shmx\Queue($url, 128, 'w'); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
try { new Shmx\Queue($url, 32); } catch (ValueError $e) { echo msg($e), "\n"; }
try { new Shmx\Queue($url, 128, 'x'); } catch (ValueError $e) { echo msg($e), "\n"; }
$q = new Shmx\Queue($url, 128, 'n');
try { new Shmx\Queue($url, 128, 'n'); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
$other = new Shmx\Queue($url, 4096);                     // opens it with the capacity it has
var_dump($other->info()['capacity']);

echo "-- types and order\n";
class P { public $x = 1; }
$values = [null, false, true, 0, -7, PHP_INT_MAX, PHP_INT_MIN, 1.5, -0.0, NAN, '', 'a', "b\0c", [1, 'k' => [2]], new P];
$q2 = new Shmx\Queue($url . '-big', 1 << 20, 'c', 0600, true);
foreach ($values as $v) $q2->push($v);
var_dump(count($q2));
foreach ($values as $v) {
    $got = $q2->pop(0);
    echo gettype($got), ' ', is_float($v) && is_nan($v) ? (is_nan($got) ? 'same' : 'differs') : ($got == $v && gettype($got) === gettype($v) ? 'same' : 'differs'), "\n";
}
var_dump(1 / $q2->info()['popped'] > 0, $q2->info()['used']);
$q2->destroy();
try { $q2->push(1); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }

echo "-- allowed classes\n";
$q->push(new P);
var_dump(get_class($q->pop()));                           // auto on Redis: no classes
$qa = new Shmx\Queue($url, 128, 'c', 0600, ['P']);
$q->push(new P);
var_dump(get_class($qa->pop()));

echo "-- capacity\n";
// 128 bytes: an int is a 16-byte record, a 100-byte string 8 + 104.
var_dump($q->tryPush(1), $q->tryPush(2), $q->tryPush(3), $q->tryPush(4), $q->tryPush(5), $q->tryPush(6), $q->tryPush(7), $q->tryPush(8));
var_dump($q->tryPush(9), count($q), $q->info()['used'], $q->info()['free']);
try { $q->push(9, 0); } catch (Shmx\TimeoutException $e) { echo msg($e), "\n"; }
$t = microtime(true);
try { $q->push(9, 0.2); } catch (Shmx\TimeoutException $e) { echo msg($e), "\n"; }
$dt = microtime(true) - $t;
var_dump($dt >= 0.19 && $dt < 0.5);
try { $q->push(str_repeat('x', 121)); } catch (ValueError $e) { echo msg($e), "\n"; }
var_dump($q->pop(), $q->tryPush(9), $q->tryPush(10));
$n = 0;
while ($q->tryPop($v)) { $n++; $last = $v; }
var_dump($n, $last, $q->info()['used']);
var_dump($q->tryPush(str_repeat('x', 120)), $q->tryPush(1), $q->pop() === str_repeat('x', 120));

echo "-- empty\n";
$v = 'unchanged';
var_dump($q->tryPop($v), $v);
try { $q->pop(0); } catch (Shmx\TimeoutException $e) { echo msg($e), "\n"; }
$t = microtime(true);
try { $q->pop(0.3); } catch (Shmx\TimeoutException $e) { echo msg($e), "\n"; }
$dt = microtime(true) - $t;
var_dump($dt >= 0.29 && $dt < 0.6);
try { $q->pop(-1); } catch (ValueError $e) { echo msg($e), "\n"; }

echo "-- read-only handle\n";
$ro = new Shmx\Queue($url, 128, 'a');
$q->push('x');
var_dump(count($ro), $ro->isClosed(), $ro->info()['count']);
foreach (['push' => ['y'], 'tryPush' => ['y'], 'pop' => [], 'close' => []] as $m => $args) {
    try { $ro->$m(...$args); } catch (Error $e) { echo $m, ': ', msg($e), "\n"; }
}
try { $ro->tryPop($v); } catch (Error $e) { echo 'tryPop: ', msg($e), "\n"; }

echo "-- close and drain\n";
$q->push('y');
$other->close();
var_dump($q->isClosed(), $ro->isClosed());
try { $q->push('z'); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
try { $q->tryPush('z'); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
var_dump($q->pop(), $q->pop(0));
try { $q->pop(); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
try { $q->pop(5); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
var_dump($q->tryPop($v));
$i = $q->info();
unset($i['id']);
var_dump($i);
$q->close();                                            // idempotent
$q->destroy();
var_dump(redis_cli((int)parse_url(getenv('SHMX_TEST_REDIS'), PHP_URL_PORT), 'KEYS', '{' . basename($url) . '}*'));
try { count($other); } catch (Shmx\Exception $e) { echo msg($e), "\n"; }
$q = new Shmx\Queue($url, 128);                         // 'c' creates it again, open
var_dump($q->isClosed());
$q->destroy();
?>
--EXPECTF--
Shmx\Exception: no queue there (mode "w" opens an existing one)
ValueError: Shmx\Queue::__construct(): Argument #2 ($capacityBytes) must be at least 64 bytes
ValueError: Shmx\Queue::__construct(): Argument #3 ($mode) must be one of "c", "n", "w" or "a"
Shmx\Exception: a queue exists there (mode "n")
int(128)
-- types and order
int(15)
NULL same
boolean same
boolean same
integer same
integer same
integer same
integer same
double same
double same
double same
string same
string same
string same
array same
object same
bool(true)
int(0)
Shmx\Exception: there is no queue there any more (destroyed, or lost by a restarted server)
-- allowed classes
string(22) "__PHP_Incomplete_Class"
string(1) "P"
-- capacity
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
int(8)
int(128)
int(0)
Shmx\TimeoutException: the queue is full
Shmx\TimeoutException: timed out after 0.2 seconds waiting for room in the queue
bool(true)
ValueError: Shmx\Queue::push(): Argument #1 ($value) must fit the queue's capacity of 128 bytes (121 bytes, plus an 8-byte record header)
int(1)
bool(true)
bool(false)
int(8)
int(9)
int(0)
bool(true)
bool(false)
bool(true)
-- empty
bool(false)
string(9) "unchanged"
Shmx\TimeoutException: the queue is empty
Shmx\TimeoutException: timed out after 0.3 seconds waiting for a value in the queue
bool(true)
ValueError: Shmx\Queue::pop(): Argument #1 ($timeout) must be null or greater than or equal to 0
-- read-only handle
int(1)
bool(false)
int(1)
push: Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
tryPush: Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
pop: Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
close: Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
tryPop: Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
-- close and drain
bool(true)
bool(true)
Shmx\Exception: the queue is closed
Shmx\Exception: the queue is closed
string(1) "x"
string(1) "y"
Shmx\Exception: the queue is closed and empty
Shmx\Exception: the queue is closed and empty
bool(false)
array(10) {
  ["backend"]=>
  string(5) "redis"
  ["capacity"]=>
  int(128)
  ["used"]=>
  int(0)
  ["free"]=>
  int(128)
  ["count"]=>
  int(0)
  ["pushed"]=>
  int(%d)
  ["popped"]=>
  int(%d)
  ["closed"]=>
  bool(true)
  ["layout_version"]=>
  NULL
  ["in_flight"]=>
  int(0)
}
string(0) ""
Shmx\Exception: there is no queue there any more (destroyed, or lost by a restarted server)
bool(false)
