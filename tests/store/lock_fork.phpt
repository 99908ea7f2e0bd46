--TEST--
Shmx: Store: lock(): a child forked inside the callback does not end the callback's hold when it exits
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 1 << 20);
$s->set('n', 0);
$s->increment('n', 0);
$gate = new Shmx\Segment(null, 8);
$other = pcntl_fork();
if ($other === 0) {
    // an unrelated writer: its lock-free increment must wait for the callback
    pcntl_alarm(60);
    while ($gate->getInt(0) === 0) {
        usleep(100);
    }
    $s->increment('n');
    exit(0);
}
$inside = $s->lock(function (Shmx\Store $st) use ($gate) {
    $child = pcntl_fork();
    if ($child === 0) {
        exit(0);                    // unwinds through lock() in the child
    }
    pcntl_waitpid($child, $status);
    $gate->setInt(0, 1);
    usleep(store_test_under_valgrind() ? 1500000 : 300000);
    return [pcntl_wexitstatus($status), $st->get('n')];
});
$codes = store_test_wait([$other], 60);
var_dump($inside, $codes[0], $s->get('n'));
?>
--EXPECT--
array(2) {
  [0]=>
  int(0)
  [1]=>
  int(0)
}
int(0)
int(1)
