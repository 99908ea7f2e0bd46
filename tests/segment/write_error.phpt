--TEST--
Shmx: Segment: write() and the int setters through a read-only handle are an \Error
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

foreach (shmx_test_ids(__FILE__, 0, false) as $backend => $id) {
    $rw = new Shmx\Segment($id, 64);
    $rw->write('kept');
    $ro = new Shmx\Segment($id, 0, 'a');
    foreach ([
        fn() => $ro->write('x'),
        fn() => $ro->setInt(8, 1),
        fn() => $ro->addInt(8, 1),
        fn() => $ro->compareAndSwapInt(8, 0, 1),
    ] as $f) {
        try {
            $f();
            echo "no error\n";
        } catch (Error $e) {
            echo "$backend: ", get_class($e), ': ', $e->getMessage(), "\n";
        }
    }
    /* Reading through it works, and sees the writer's bytes. */
    $rw->setInt(8, 7);
    echo "$backend: ", $ro->read(0, 4), ' ', $ro->getInt(8), "\n";
    $rw->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
sysv: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
sysv: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
sysv: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
sysv: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
sysv: kept 7
posix: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
posix: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
posix: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
posix: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
posix: kept 7
file: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
file: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
file: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
file: Error: Cannot write to a Shmx\Segment opened read-only (mode "a")
file: kept 7
