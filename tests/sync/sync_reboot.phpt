--TEST--
Shmx: Mutex, Semaphore: a file: lock left held by a machine that went down is usable again after the reboot
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php
if (!is_readable('/proc/sys/kernel/random/boot_id')) die('skip needs a Linux boot id');
?>
--FILE--
<?php
require __DIR__ . '/sync.inc';
/* A machine that crashes leaves lock words naming holders of the last boot, whose ids may now
 * belong to other processes. Simulate it: capture the bytes of a lock while a child holds it,
 * let the child unlock and exit, write the captured bytes back (with the id changed to a live
 * process's), then make the region's boot tag an earlier boot's. */
$path = sys_get_temp_dir() . '/' . sync_name(__FILE__);
$flag = new Shmx\Counter();
foreach (['Mutex' => [144, 64, 64], 'Semaphore' => [88, 128, 64]] as $class => [$tagAt, $lockAt, $lockLen]) {
    @unlink($path);
    $obj = $class === 'Mutex' ? new Shmx\Mutex("file:$path") : new Shmx\Semaphore("file:$path", 1);
    $raw = new Shmx\Segment("file:$path", 0, 'w');
    $flag->set(0);
    $ghost = null;
    $codes = sync_fork(1, function () use ($obj, $flag, $class) {
        $class === 'Mutex' ? $obj->lock() : $obj->acquire();
        $flag->set(1);
        while ($flag->get() !== 2) {
            usleep(1000);
        }
        $class === 'Mutex' ? $obj->unlock() : $obj->release();
    }, 60, function () use ($flag, $raw, $lockAt, $lockLen, &$ghost) {
        while ($flag->get() !== 1) {
            usleep(1000);
        }
        $ghost = $raw->read($lockAt, $lockLen);
        $flag->set(2);
    });
    $try = fn($o) => $class === 'Mutex' ? $o->tryLock() : $o->tryAcquire();
    $wait = fn($o) => $class === 'Mutex' ? $o->lock(sync_bound(2.0)) : $o->acquire(sync_bound(2.0));
    // The same boot, the holder's thread gone: the next try takes the lock over.
    $raw->write($ghost, $lockAt);
    $same = $class === 'Mutex' ? new Shmx\Mutex("file:$path") : new Shmx\Semaphore("file:$path");
    echo "$class, same boot, holder gone: ", var_export($try($same), true), "\n";
    unset($same);
    // After a reboot the id in the word names some other live process (here a sleeping child,
    // which a try cannot tell from the holder), and the record says it started at another
    // time: a wait looks closer and takes the lock over.
    $sleeper = pcntl_fork();
    if ($sleeper === 0) {
        sleep(30);
        exit(0);
    }
    $word = unpack('V', $ghost)[1];
    $reused = pack('VVP', ($word & ~0x3fffff) | $sleeper, $sleeper, 1) . substr($ghost, 16);
    $raw->write($reused, $lockAt);
    $same = $class === 'Mutex' ? new Shmx\Mutex("file:$path") : new Shmx\Semaphore("file:$path");
    echo "$class, same boot, id reused: try ", var_export($try($same), true), ", wait ";
    $wait($same);
    echo "true\n";
    unset($same);
    // An earlier boot: the next open re-initialises the locks, even one naming a live thread
    // with no record to compare.
    $raw->write(pack('VVP', ($word & ~0x3fffff) | $sleeper, 0, 0) . substr($ghost, 16), $lockAt);
    $raw->setInt($tagAt, 0x1234 << 32);
    $after = $class === 'Mutex' ? new Shmx\Mutex("file:$path") : new Shmx\Semaphore("file:$path");
    echo "$class, after a reboot: ", var_export($try($after), true), ", child: $codes[0]\n";
    posix_kill($sleeper, SIGKILL);
    pcntl_waitpid($sleeper, $status);
    $class === 'Mutex' ? $after->unlock() : $after->release();
    unset($after, $obj, $raw);
}
@unlink($path);
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink(sys_get_temp_dir() . '/' . sync_name(__FILE__));
?>
--EXPECT--
Mutex, same boot, holder gone: true
Mutex, same boot, id reused: try false, wait true
Mutex, after a reboot: true, child: 0
Semaphore, same boot, holder gone: true
Semaphore, same boot, id reused: try false, wait true
Semaphore, after a reboot: true, child: 0
