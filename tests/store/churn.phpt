--TEST--
Shmx: Store: a nearly full store under churn, readers and killed writers: never torn, never lost
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
/*
 * 64 KiB leaves room for a few dozen values, so writers run into FullException all the time:
 * every failed allocation rebuilds the free lists under the readers' feet, and the parent
 * SIGKILLs writers at random (some in the middle of a rebuild). Readers check every value
 * they see is one a writer wrote, whole. Afterwards the store is consistent and all its
 * memory comes back.
 */
$s = new Shmx\Store(null, 64 * 1024);
$value = fn(int $k, int $v) => str_repeat(chr(65 + ($k + $v) % 26), 50 + ($k * 131 + $v * 17) % 1500) . ":$k:$v";
$rounds = store_test_under_valgrind() ? 4 : 20;
$readers = [];
for ($r = 0; $r < 2; $r++) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        pcntl_alarm(120);
        while (!$s->has('stop')) {
            for ($k = 0; $k < 40; $k++) {
                $v = $s->get("k$k");
                if ($v === null) {
                    continue;
                }
                $parts = explode(':', $v);
                if (count($parts) !== 3 || $parts[1] !== (string)$k || $v !== $value($k, (int)$parts[2])) {
                    fwrite(STDERR, "torn value for k$k\n");
                    exit(1);
                }
            }
        }
        exit(0);
    }
    $readers[] = $pid;
}
$full = 0;
for ($round = 0; $round < $rounds; $round++) {
    $writers = [];
    for ($w = 0; $w < 2; $w++) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            pcntl_alarm(120);
            mt_srand(getmypid());
            for ($i = 0;; $i++) {
                $k = mt_rand(0, 39);
                try {
                    $s->set("k$k", $value($k, mt_rand(0, 1000)), mt_rand(0, 3) ? 0 : 1);
                } catch (Shmx\FullException $e) {
                    $s->delete('k' . mt_rand(0, 39));
                }
                if ($i % 5 === 0) {
                    $s->increment('n');
                }
            }
        }
        $writers[] = $pid;
    }
    usleep(mt_rand(20000, store_test_under_valgrind() ? 400000 : 100000));
    foreach ($writers as $pid) {
        posix_kill($pid, SIGKILL);
        pcntl_waitpid($pid, $status);
        usleep(mt_rand(0, 20000));
    }
}
$s->set('stop', true);
$codes = store_test_wait($readers, 60);
sleep(2);   // let every 1-second ttl run out, so that the counts below cannot change between calls
var_dump($codes);
// consistent: what count() says is what iteration finds, and info() adds up
$all = iterator_to_array($s);
var_dump(count($all) === count($s), count($s->keys()) === count($s));
$info = $s->info();
var_dump($info['used'] + $info['free'] === $info['size'], is_int($s->get('n')));
// everything comes back: delete all, then one value of nearly the whole data area fits
foreach ($s->keys() as $k) {
    $s->delete($k);
}
$free = $s->info()['free'];
$s->set('big', str_repeat('b', $free - 100));
var_dump(strlen($s->get('big')) === $free - 100, count($s));
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
bool(true)
bool(true)
bool(true)
int(1)
