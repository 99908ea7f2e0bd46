--TEST--
Shmx: Store: increment(): a fork child using an inherited handle works and leaves its parent's lock-free writes and lock() alone
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
foreach ([null, store_test_name('fork-inherit')] as $id) {
    $s = new Shmx\Store($id, 1 << 20);
    $s->set('n', 0);
    $s->increment('n');                       // the parent writes lock-free before the fork
    $n = store_test_under_valgrind() ? 200 : 5000;
    // One child writes through the inherited handle (and takes lock()), one never uses it;
    // both exit normally, closing their copy of the handle.
    $codes = store_test_fork(2, function (int $w) use ($s, $n) {
        if ($w === 1) {
            return 0;
        }
        for ($i = 0; $i < $n; $i++) {
            $s->increment('n');
        }
        $s->lock(fn(Shmx\Store $st) => $st->set('child', 'was here'), 1.0);
        return $s->get('child') === 'was here' ? 0 : 5;
    });
    var_dump($codes);
    for ($i = 0; $i < $n; $i++) {
        $s->increment('n');
    }
    $t = microtime(true);
    var_dump($s->lock(fn(Shmx\Store $st) => $st->get('n'), 1.0) === 2 * $n + 1, microtime(true) - $t < 1.0);
    // Two handles of this process on the same store: each has its own slot; closing one
    // leaves the other working.
    if ($id !== null) {
        $t2 = new Shmx\Store($id, 0);
        $t2->increment('n');
        unset($t2);
        $s->increment('n');
        var_dump($s->lock(fn(Shmx\Store $st) => $st->get('n'), 1.0) === 2 * $n + 3);
    }
    $s->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('fork-inherit'));
?>
--EXPECT--
array(2) {
  [0]=>
  int(0)
  [1]=>
  int(0)
}
bool(true)
bool(true)
array(2) {
  [0]=>
  int(0)
  [1]=>
  int(0)
}
bool(true)
bool(true)
bool(true)
