--TEST--
Shmx: Store: get() of a large value completes while another process keeps writing
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 16 << 20);
$big = '';
for ($i = 0; $i < 4096; $i++) {
    $big .= str_pad(dechex($i), 1024, chr(97 + $i % 26));
}
$s->set('big', $big);
$flag = new Shmx\Segment(null, 8);
$pid = pcntl_fork();
if ($pid === 0) {
    // a writer freeing blocks as fast as it can until told to stop
    pcntl_alarm(120);
    $flag->setInt(0, 1);
    for ($i = 0; $flag->getInt(0) === 1; $i++) {
        $s->set('w' . ($i % 64), "short $i");
    }
    exit(0);
}
while ($flag->getInt(0) === 0) {
    usleep(100);
}
$ok = 0;
$t = microtime(true);
for ($i = 0; $i < 20; $i++) {
    $ok += $s->get('big') === $big;
    if ($i % 5 === 0) {
        $s->set('big', $big);      // the lock-taking read also copes with a rewritten value
    }
}
$t = microtime(true) - $t;
$flag->setInt(0, 2);
$codes = store_test_wait([$pid], 60);
if (getenv('SHMX_TEST_SHOW_TIME')) {
    fprintf(STDERR, "20 gets of 4 MB with a writer: %.3f s\n", $t);
}
var_dump($ok, $codes[0]);
?>
--EXPECT--
int(20)
int(0)
