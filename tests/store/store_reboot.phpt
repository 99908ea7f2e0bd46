--TEST--
Shmx: Store: a file: store whose locks were held when the machine went down is usable after the reboot, with its data intact; a live holder of this boot is still waited for
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
require __DIR__ . '/store.inc';
/* Offsets in the region (a 64-byte region header, then the Store header). */
const TAG_AT = 64 + 48;          // shmx_store_header.boot_tag
const ENTRIES_AT = 64 + 24;      // shmx_store_header.entries
const LOCK_AT = 64 + 64;         // the writer lock
const FAST_PID_AT = 64 + 272;    // fast_pid[64]
const FAST_AT = 64 + 576;        // fast[64], 128 bytes each: lock (64), seq
/* A machine that goes down leaves lock words naming threads of the last boot, whose ids may
 * now belong to live processes. Simulated as sync_reboot.phpt does: capture the writer lock
 * while a child holds it, let the child finish, write the bytes back naming a live process
 * (a sleeping child), then make the store's boot tag an earlier boot's. */
$path = sys_get_temp_dir() . '/shmx-test-' . md5(__FILE__) . '-reboot';
@unlink($path);
$s = new Shmx\Store("file:$path", 1 << 20, 'n');
$raw = new Shmx\Segment("file:$path", 0, 'w');
$data = ['int' => 42, 'float' => 1.5, 'string' => str_repeat('s', 300), 'array' => ['a' => [1, 2, 3], 'b' => null], 'true' => true];
foreach ($data as $k => $v) {
    $s->set($k, $v);
}
for ($i = 0; $i < 50; $i++) {
    $s->set("k$i", "value $i");
}
$s->increment('hits', 5);
$n = count($data) + 51;
$flag = new Shmx\Counter(null, 0);

// 1. This boot, a live holder inside lock(): a new handle does not reset it, writes wait for it.
$pid = pcntl_fork();
if ($pid === 0) {
    pcntl_alarm(60);
    $s->lock(function (Shmx\Store $st) use ($flag) {
        $st->set('inside', 'committed');
        $flag->set(1);
        while ($flag->get() !== 2) {
            usleep(1000);
        }
    });
    exit(0);
}
while ($flag->get() !== 1) {
    usleep(1000);
}
$ghost = $raw->read(LOCK_AT, 64);
$other = new Shmx\Store("file:$path");
echo "same boot, live holder: reads ", var_export($other->get('string') === $data['string'], true);
try {
    $other->set('blocked', 1);
    echo ", a write went through\n";
} catch (Shmx\TimeoutException $e) {
    echo ", a write times out\n";
}
try {
    $other->lock(fn() => 'taken', 0.2);
    echo "lock() went through\n";
} catch (Shmx\TimeoutException $e) {
    echo "lock() times out\n";
}
unset($other);
$flag->set(2);
pcntl_waitpid($pid, $status);
echo "holder exited: ", pcntl_wexitstatus($status), "\n";
$n++; // 'inside'
// This handle's fast slot (its increment claimed one) would outlive the simulated reboot,
// which no handle does.
unset($s);

// A process of this boot whose id the dead holders' ids will name.
$sleeper = pcntl_fork();
if ($sleeper === 0) {
    sleep(30);
    exit(0);
}
$word = unpack('V', $ghost)[1];
$ns = $word & 0x7fc00000;
// The writer lock held by a thread with the sleeper's id and no start time to compare, in the
// middle of a write (the entry count is off); fast slot 63 owned by the same id, inside an
// increment from a hint (seq 3).
$raw->write(pack('VVP', $ns | $sleeper, $sleeper, 0) . substr($ghost, 16), LOCK_AT);
$raw->setInt(ENTRIES_AT, $n + 7);
$raw->write(pack('VVP', $ns | $sleeper, $sleeper, 0) . str_repeat("\0", 48) . pack('V', 3), FAST_AT + 63 * 128);
$raw->write(pack('V', $sleeper), FAST_PID_AT + 63 * 4);

// 2. Still this boot: nothing says the holder is gone, so nothing is reset.
$same = new Shmx\Store("file:$path");
try {
    $same->set('blocked', 1);
    echo "same boot, ghost holder: a write went through\n";
} catch (Shmx\TimeoutException $e) {
    echo "same boot, ghost holder: a write times out\n";
}
unset($same);

// 3. An earlier boot's tag: the next open frees every lock; the next writer repairs.
$raw->setInt(TAG_AT, 0x1234 << 32);
$after = new Shmx\Store("file:$path");
echo "after a reboot: tag is this boot's: ", var_export($raw->getInt(TAG_AT) !== (0x1234 << 32) && ($raw->getInt(TAG_AT) & 0xffffffff) === 0, true), "\n";
$intact = true;
foreach ($data as $k => $v) {
    $intact = $intact && $after->get($k) === $v;
}
for ($i = 0; $i < 50; $i++) {
    $intact = $intact && $after->get("k$i") === "value $i";
}
echo "data intact: ", var_export($intact && $after->get('hits') === 5 && $after->get('inside') === 'committed', true), "\n";
echo "count before any write: ", count($after) === $n ? 'right' : count($after) . " (want $n)", "\n";
$after->set('new', 'written');
$after->increment('hits', 2);
$after->increment('int');
$after->delete('k0');
echo "writes: ", var_export($after->get('new') === 'written' && $after->get('hits') === 7 && $after->get('int') === 43
    && !$after->has('k0'), true), "\n";
echo "lock(): ", $after->lock(fn(Shmx\Store $st) => $st->get('new'), 0.4), "\n";
echo "slot 63 freed: ", var_export(unpack('V', $raw->read(FAST_PID_AT + 63 * 4, 4))[1] === 0, true), "\n";
echo "count after writes: ", count($after) === $n ? 'right' : count($after) . " (want $n)", ", info: ", $after->info()['entries'] === $n ? 'right' : 'wrong', "\n";

// A fork child writes too, and a second reopen in this boot resets nothing more.
$codes = store_test_fork(2, function ($i) use ($path) {
    $c = new Shmx\Store("file:$path");
    for ($j = 0; $j < 200; $j++) {
        $c->increment('hits');
    }
    $c->set("child$i", $i);
});
$again = new Shmx\Store("file:$path");
echo "children: ", implode(',', $codes), ", hits ", $again->get('hits'), ", ", $again->get('child1'), "\n";
posix_kill($sleeper, SIGKILL);
pcntl_waitpid($sleeper, $status);
unset($after, $again, $raw);
@unlink($path);
?>
--CLEAN--
<?php
@unlink(sys_get_temp_dir() . '/shmx-test-' . md5(__DIR__ . '/store_reboot.php') . '-reboot');
?>
--EXPECT--
same boot, live holder: reads true, a write times out
lock() times out
holder exited: 0
same boot, ghost holder: a write times out
after a reboot: tag is this boot's: true
data intact: true
count before any write: right
writes: true
lock(): written
slot 63 freed: true
count after writes: right, info: right
children: 0,0, hits 407, 1
