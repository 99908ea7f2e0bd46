--TEST--
Shmx: Store: increment()/decrement()/compareAndSwap()/add(): exact across 4 forked workers
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 4 << 20);
$n = store_test_under_valgrind() ? 300 : 5000;
$s->set('f', 0.0);
$codes = store_test_fork(4, function (int $w) use ($s, $n) {
    for ($i = 0; $i < $n; $i++) {
        $s->increment('ctr');
        $s->decrement('down', 2);
        $s->increment('f', 0.5);
        do {                                          // a CAS loop on a string-encoded counter
            $old = $s->get('cas', '0');
            $ok = $s->compareAndSwap('cas', $old, (string)($old + 1));
            if ($old === '0' && !$ok) {
                $ok = $s->add('cas', '1');
            }
        } while (!$ok);
        if ($s->add("once:" . ($i % 100), $w)) {       // exactly one worker wins each key
            $s->increment("won:$w");
        }
        if ($i % 50 === 0) {                           // churn: other keys come and go meanwhile
            $s->set("churn:$w", str_repeat('c', $i % 500));
            $s->delete("churn:$w");
        }
    }
});
var_dump($codes);
var_dump($s->get('ctr') === 4 * $n, $s->get('down') === -8 * $n, $s->get('f') === 2.0 * $n, $s->get('cas') === (string)(4 * $n));
$won = 0;
for ($w = 0; $w < 4; $w++) {
    $won += $s->get("won:$w", 0);
}
var_dump($won);
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
bool(true)
int(100)
