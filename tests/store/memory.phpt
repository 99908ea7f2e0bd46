--TEST--
Shmx: Store: a 64 MiB store holds 1,000,000 entries of 16-byte keys and int values (<= 48 bytes overhead each)
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/store.inc';
// Under valgrind the same density is shown at 1/16 of the scale (the layout scales linearly).
$scale = store_test_under_valgrind() ? 16 : 1;
$size = (64 << 20) / $scale;
$n = 1000000 / $scale;
$s = new Shmx\Store(null, $size);
for ($i = 0; $i < $n; $i++) {
    $s->set(sprintf('key:%012d', $i), $i);            // 16-byte keys
}
$info = $s->info();
$overhead = ($info['used'] - $n * (16 + 8)) / $n;     // everything but key and value bytes, index included
var_dump(count($s) === $n, $overhead <= 48);
printf("overhead per entry: %.1f bytes\n", $overhead);
$ok = true;
for ($i = 0; $i < $n; $i += 997) {
    $ok = $ok && $s->get(sprintf('key:%012d', $i)) === $i;
}
var_dump($ok);
?>
--EXPECTF--
bool(true)
bool(true)
overhead per entry: %f bytes
bool(true)
