--TEST--
Shmx: Store: a crash repair that cannot get memory hands nothing out twice; a later one gets it all back
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php
if (getenv('USE_ZEND_ALLOC') === '0') die('skip address-space limits do not work under valgrind');
?>
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 256 << 20);     // the repair needs a 2 MB bitmap
for ($i = 0; $i < 100; $i++) {
    $s->set("k$i", str_repeat(chr(65 + $i % 26), 1000));
}
$base = $s->info()['used'];
$codes = store_test_fork(1, function () use ($s) {
    $s->lock(function (Shmx\Store $st) {
        for ($i = 0; $i < 100; $i++) {
            $st->set("tmp$i", str_repeat('x', 500));
        }
        for ($i = 0; $i < 100; $i++) {
            $st->delete("tmp$i");      // free blocks in the lists when it dies
        }
        posix_kill(getmypid(), SIGKILL);
    });
    return 1;
});
var_dump($codes[0] === -SIGKILL);
// the next writer cannot get memory for the repair
$codes = store_test_fork(1, function () use ($s) {
    preg_match('/VmSize:\s+(\d+) kB/', file_get_contents('/proc/self/status'), $m);
    $limit = ($m[1] + 512) * 1024;
    posix_setrlimit(POSIX_RLIMIT_AS, $limit, $limit);
    try {
        $s->set('small', 'v');
    } catch (Shmx\Exception $e) {
        return 10;                     // refused: the old free lists were not used
    }
    return 11;                         // handed out from the unrepaired free lists
});
var_dump($codes[0]);
// with memory, the next write repairs and everything is there and free again
$s->set('after', 'works');
$ok = true;
for ($i = 0; $i < 100; $i++) {
    $ok = $ok && $s->get("k$i") === str_repeat(chr(65 + $i % 26), 1000);
}
var_dump($ok, $s->get('after'), $s->has('small'), count($s));
$info = $s->info();
var_dump($info['used'] <= $base + 1024);
?>
--EXPECT--
bool(true)
int(10)
bool(true)
string(5) "works"
bool(false)
int(101)
bool(true)
