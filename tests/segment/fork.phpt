--TEST--
Shmx: Segment: each backend is shared across pcntl_fork()
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

foreach (shmx_test_ids(__FILE__) as $backend => $id) {
    $seg = new Shmx\Segment($id, 4096);
    shmx_test_fork(4, function (int $i) use ($seg, $id) {
        /* The handle inherited from the parent... */
        $seg->write(sprintf('%-16s', "worker $i"), 64 * $i);
        /* ...and, for a named backend, one this child opens itself. */
        $own = $id === null ? $seg : new Shmx\Segment($id, 0, 'w');
        for ($n = 0; $n < 100; $n++) {
            $own->addInt(1024, 1);
        }
    });
    $slots = [];
    for ($i = 0; $i < 4; $i++) {
        $slots[] = rtrim($seg->read(64 * $i, 16));
    }
    echo $backend, ': ', implode(', ', $slots), '; counter ', $seg->getInt(1024), "\n";
    $seg->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
anon: worker 0, worker 1, worker 2, worker 3; counter 400
sysv: worker 0, worker 1, worker 2, worker 3; counter 400
posix: worker 0, worker 1, worker 2, worker 3; counter 400
file: worker 0, worker 1, worker 2, worker 3; counter 400
