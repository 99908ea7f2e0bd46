--TEST--
Shmx: Store: info()'s hits and misses add up every process's gets, each process counting in its own slot, with more processes than slots too
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 1 << 20);
$s->set('k', 1);
// 40 processes (more than the 32 slots), each 25 hits and 10 misses, some at the same time.
$codes = store_test_fork(40, function (int $i) use ($s) {
    for ($j = 0; $j < 25; $j++) {
        $s->get('k');
    }
    for ($j = 0; $j < 10; $j++) {
        $s->get("missing$j");
    }
});
var_dump(array_sum($codes));
$info = $s->info();
var_dump($info['hits'], $info['misses']);
// A read-only handle counts nothing; a fresh process reusing dead processes' slots adds on.
$codes = store_test_fork(3, function () use ($s) {
    $s->get('k');
    $s->get('nope');
});
$info = $s->info();
var_dump($info['hits'], $info['misses']);
?>
--EXPECT--
int(0)
int(1000)
int(400)
int(1003)
int(403)
