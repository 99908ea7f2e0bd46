--TEST--
Shmx: Store: a process SIGKILLed inside lock() leaves a store the others use at once
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
foreach ([null, store_test_name('crash-lock')] as $id) {
    $s = new Shmx\Store($id, 1 << 20);
    $s->set('before', 'committed');
    $codes = store_test_fork(1, function () use ($s) {
        $s->lock(function (Shmx\Store $st) {
            $st->set('inside', 'committed too');
            for ($i = 0; $i < 100; $i++) {
                $st->set("tmp$i", str_repeat('x', 200));   // memory in use when it dies
            }
            for ($i = 0; $i < 100; $i++) {
                $st->delete("tmp$i");
            }
            posix_kill(getmypid(), SIGKILL);
        });
        return 1;
    });
    var_dump($codes[0] === -SIGKILL);
    $t = microtime(true);
    $s->set('after', 'works');                  // the next writer repairs and goes on
    var_dump(microtime(true) - $t < 1.0);
    var_dump($s->get('before'), $s->get('inside'), $s->get('after'), $s->lock(fn() => 'lock ok'));
    $s->delete('after');
    $s->delete('inside');
    $s->delete('before');
    $info = $s->info();
    var_dump($info['entries'], $info['used'] + $info['free'] === $info['size']);
    // nothing leaked: the whole data area is free again for one large value
    $s->set('big', str_repeat('b', (int)($info['free'] * 0.95)));
    var_dump($s->has('big'));
    $s->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('crash-lock'));
?>
--EXPECT--
bool(true)
bool(true)
string(9) "committed"
string(13) "committed too"
string(5) "works"
string(7) "lock ok"
int(0)
bool(true)
bool(true)
bool(true)
bool(true)
string(9) "committed"
string(13) "committed too"
string(5) "works"
string(7) "lock ok"
int(0)
bool(true)
bool(true)
