--TEST--
Shmx: Store: keys crafted against the hash's public constants neither collide nor break the store
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
// With the old hash, a key whose first 8 bytes equalled a public constant hashed the same
// under every seed: 10,000 of these landed in one chain.
$n = 10000;
$prefix = strrev(hex2bin('c2b2ae3d27d4eb4f'));
$long = str_repeat('y', 16);
$s = new Shmx\Store(null, 4 << 20);
for ($i = 0; $i < $n; $i++) {
    $s->set($prefix . pack('P', $i), $i);
    $s->set($prefix . pack('P', $i) . $long, "v$i");
}
function check(Shmx\Store $s, int $n, string $prefix, string $long): bool
{
    for ($i = 0; $i < $n; $i++) {
        if ($s->get($prefix . pack('P', $i)) !== $i || $s->get($prefix . pack('P', $i) . $long) !== "v$i") {
            echo "lost $i\n";
            return false;
        }
    }
    return count($s) === 2 * $n && count($s->keys()) === 2 * $n && iterator_count($s) === 2 * $n;
}
var_dump(check($s, $n, $prefix, $long));
// a rebuild after a crash inside lock() keeps every value
$codes = store_test_fork(1, function () use ($s) {
    $s->lock(function () { posix_kill(getmypid(), SIGKILL); });
    return 1;
});
var_dump($codes[0] === -SIGKILL);
$s->set('after', 1);
$s->delete('after');
var_dump(check($s, $n, $prefix, $long));
// a rebuild to make room: fill, free, then ask for more than any free block
$f = 0;
try {
    for (;; $f++) {
        $s->set("fill$f", str_repeat('f', 1000));
    }
} catch (Shmx\FullException $e) {
}
for ($i = 0; $i < $f; $i++) {
    $s->delete("fill$i");
}
$s->set('big', str_repeat('b', 500 * 1024));
var_dump(strlen($s->get('big')));
$s->delete('big');
var_dump(check($s, $n, $prefix, $long));
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
int(512000)
bool(true)
