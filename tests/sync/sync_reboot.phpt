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
/* A machine that crashes leaves a lock word naming a holder that the kernel never declared
 * dead. Simulate it: capture the bytes of a lock while a child holds it, let the child unlock
 * and exit, write the captured bytes back, then make the region's boot tag an earlier boot's. */
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
    $raw->write($ghost, $lockAt);
    $try = fn($o) => $class === 'Mutex' ? $o->tryLock() : $o->tryAcquire();
    // The same boot: a lock word naming a vanished holder is not touched by opening.
    $same = $class === 'Mutex' ? new Shmx\Mutex("file:$path") : new Shmx\Semaphore("file:$path");
    echo "$class, same boot: ", var_export($try($same), true), "\n";
    unset($same);
    // An earlier boot: the next open re-initialises the locks.
    $raw->setInt($tagAt, 0x1234 << 32);
    $after = $class === 'Mutex' ? new Shmx\Mutex("file:$path") : new Shmx\Semaphore("file:$path");
    echo "$class, after a reboot: ", var_export($try($after), true), ", child: $codes[0]\n";
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
Mutex, same boot: false
Mutex, after a reboot: true, child: 0
Semaphore, same boot: false
Semaphore, after a reboot: true, child: 0
