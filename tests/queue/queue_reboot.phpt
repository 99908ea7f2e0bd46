--TEST--
Shmx: Queue: a file: queue whose lock was held when the machine went down is usable after the reboot, its records intact; in the same boot a holder is still waited for
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php
if (!is_readable('/proc/sys/kernel/random/boot_id')) die('skip needs a Linux boot id');
?>
--INI--
shmx.lock_timeout=0.5
--FILE--
<?php
/* Offsets in the region (a 64-byte region header, then the Queue header). */
const LOCK_AT = 64;              // shmx_queue_shared.lock
const PUSHED_AT = 64 + 24;       // pushed
const TAG_AT = 64 + 136;         // boot_tag
$path = sys_get_temp_dir() . '/shmx-test-' . md5(__FILE__) . '-queue';
$mpath = "$path.mutex";
@unlink($path);
@unlink($mpath);
$q = new Shmx\Queue("file:$path", 4096, 'n');
$values = [1, 'two', [3, 'three'], 4.5, null];
foreach ($values as $v) {
    $q->push($v);
}
// This process's lock word (its thread id and pid namespace tag), read from a Mutex it holds.
$m = new Shmx\Mutex("file:$mpath");
$m->lock();
$mine = unpack('V', (new Shmx\Segment("file:$mpath", 0, 'w'))->read(64, 4))[1];
$m->unlock();
$ns = $mine & 0x7fc00000;
// A process of this boot whose id the dead holder's id names.
$sleeper = pcntl_fork();
if ($sleeper === 0) {
    sleep(30);
    exit(0);
}
$raw = new Shmx\Segment("file:$path", 0, 'w');
// The lock held by a thread with the sleeper's id and no start time to compare, by a push that
// died between its commit and its tally (pushed one short).
$raw->write(pack('VVP', $ns | $sleeper, $sleeper, 0), LOCK_AT);
$raw->setInt(PUSHED_AT, $raw->getInt(PUSHED_AT) - 1);
unset($q);

$same = new Shmx\Queue("file:$path");
try {
    $same->push('blocked');
    echo "same boot: a push went through\n";
} catch (Shmx\TimeoutException $e) {
    echo "same boot: a push times out\n";
}
unset($same);

$raw->setInt(TAG_AT, 0x1234 << 32);
$after = new Shmx\Queue("file:$path");
echo "after a reboot: tag is this boot's: ", var_export(($raw->getInt(TAG_AT) & 0xffffffff) === 0 && $raw->getInt(TAG_AT) !== (0x1234 << 32), true), "\n";
echo "count: ", count($after), "\n";
$got = [];
for ($i = 0; $i < count($values); $i++) {
    $got[] = $after->pop(1.0);
}
echo "records intact: ", var_export($got === $values, true), "\n";
$after->push('new');
echo "push and pop: ", $after->pop(1.0), ", left ", count($after), "\n";
posix_kill($sleeper, SIGKILL);
pcntl_waitpid($sleeper, $status);
unset($after, $raw, $m);
@unlink($path);
@unlink($mpath);
?>
--CLEAN--
<?php
$path = sys_get_temp_dir() . '/shmx-test-' . md5(__DIR__ . '/queue_reboot.php') . '-queue';
@unlink($path);
@unlink("$path.mutex");
?>
--EXPECT--
same boot: a push times out
after a reboot: tag is this boot's: true
count: 5
records intact: true
push and pop: new, left 0
