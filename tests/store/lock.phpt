--TEST--
Shmx: Store: lock(): runs while no other process writes; exceptions release it; timeouts
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 1 << 20);
// the callback gets the store and its result is returned; writes inside do not deadlock
var_dump($s->lock(function (Shmx\Store $st) use ($s) {
    $st->set('a', 1);
    $st->increment('a');
    $s->lock(fn() => $s->set('nested', true));
    return $st->get('a') + 10;
}));
var_dump($s->get('nested'));
// an exception releases the lock and propagates
try {
    $s->lock(function () { throw new RuntimeException('inside'); });
} catch (RuntimeException $e) {
    echo 'caught: ', $e->getMessage(), "\n";
}
$s->set('after', 'ok');
var_dump($s->get('after'));
// read-modify-write under lock() is exact across workers
$n = store_test_under_valgrind() ? 100 : 2000;
$codes = store_test_fork(4, function () use ($s, $n) {
    for ($i = 0; $i < $n; $i++) {
        $s->lock(function (Shmx\Store $st) {
            $list = $st->get('list', []);
            $list[] = 1;
            $st->set('list', count($list) > 50 ? [] : $list);
            $st->set('total', $st->get('total', 0) + 1);
        });
    }
});
var_dump($codes === [0, 0, 0, 0], $s->get('total') === 4 * $n);
// while another process holds it: writers wait, readers do not, a timeout throws
$codes = store_test_fork(2, function (int $w) use ($s) {
    if ($w === 0) {
        $s->lock(function (Shmx\Store $st) {
            $st->set('holder', 'in');
            usleep(3000000);                       // long enough for the checks below, even under valgrind
            $st->set('holder', 'out');
        });
        return 0;
    }
    while ($s->get('holder') !== 'in') {
        usleep(1000);
    }
    $t = microtime(true);
    $read = $s->get('after');                      // a read does not wait
    $fast = microtime(true) - $t < 0.5;
    try {
        $s->lock(fn() => 1, 0.2);
        return 1;
    } catch (Shmx\TimeoutException $e) {
    }
    try {
        $s->lock(fn() => 1, 0.0);
        return 2;
    } catch (Shmx\TimeoutException $e) {
    }
    $s->set('waited', true);                       // a write waits for the holder
    if ($s->get('holder') !== 'out') {
        return 5;
    }
    return $read === 'ok' && $fast ? 0 : 4;
});
var_dump($codes, $s->get('waited'));
?>
--EXPECT--
int(12)
bool(true)
caught: inside
string(2) "ok"
bool(true)
bool(true)
array(2) {
  [0]=>
  int(0)
  [1]=>
  int(0)
}
bool(true)
