--TEST--
Shmx: Store: lock(): lock-free increments and sets of other processes wait for the callback
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 1 << 20);
$s->set('n', 0);
$s->set('m', 0);
$n = store_test_under_valgrind() ? 200 : 5000;
$codes = store_test_fork(4, function (int $w) use ($s, $n) {
    for ($i = 0; $i < $n; $i++) {
        if ($w < 2) {
            $s->increment('n');                         // lock-free
            $s->set("own:$w", $i);                       // lock-free in place after the first
        } else {
            $s->lock(function (Shmx\Store $st) use ($w, $i) {
                $v = $st->get('n');                      // read-modify-write: nothing may land between
                $own = $st->get('own:' . ($w - 2));
                $st->set('n', $v + 1);
                $st->set('m', $st->get('m') + 1);
                if ($own !== null && $st->get('own:' . ($w - 2)) !== $own) {
                    exit(7);                             // another process wrote during the callback
                }
            });
        }
    }
});
var_dump($codes, $s->get('n') === 4 * $n, $s->get('m') === 2 * $n, $s->get('own:0') === $n - 1);
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
bool(true)
