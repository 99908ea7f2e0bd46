--TEST--
Shmx: Counter: increment(): exact from 4 forked workers
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$n = getenv('SHMX_STRESS') && !sync_slow() ? 200000 : 2000;
$c = new Shmx\Counter();
$s = new Shmx\Counter(sync_name(__FILE__), 0, 'n');
$codes = sync_fork(4, function (int $i) use ($c, $s, $n) {
    for ($k = 0; $k < $n; $k++) {
        $c->increment();
        $s->increment(2);
        $s->decrement();
    }
});
var_dump($codes);
var_dump($c->get() === 4 * $n, $s->get() === 4 * $n);
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECT--
array(4) {
  [0]=>
  int(0)
  [1]=>
  int(0)
  [2]=>
  int(0)
  [3]=>
  int(0)
}
bool(true)
bool(true)
