--TEST--
Shmx: Store: increment(): lock-free increments racing with writes that change the value's type
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 1 << 20);
$n = store_test_under_valgrind() ? 300 : (getenv('SHMX_STRESS') ? 40000 : 10000);
// ints stay small and whole, floats keep their .5: a float's bits added as an int, or an
// int's bits added as a float, breaks one or the other
$sane = function ($v): bool {
    if (is_int($v)) {
        return $v >= 0 && $v < 1000000000;
    }
    return is_float($v) && $v >= 0 && $v < 1e9 && fmod($v, 1.0) === 0.5;
};
$codes = store_test_fork(4, function (int $w) use ($s, $n, $sane) {
    for ($i = 0; $i < $n; $i++) {
        if ($w < 3) {
            $v = $s->increment('k', 1);
            if (!$sane($v)) {
                fwrite(STDERR, "worker $w got " . var_export($v, true) . "\n");
                return 5;
            }
        } else {
            switch ($i % 3) {
                case 0: $s->set('k', 0.5); break;
                case 1: $s->set('k', 0); break;
                default: $s->delete('k'); break;
            }
            $s->set("pad$i", $i % 7);    // other blocks come and go, so freed ones get reused
            $s->delete('pad' . ($i - 5));
        }
    }
    return 0;
});
var_dump($codes, $sane($s->get('k') ?? 0));
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
