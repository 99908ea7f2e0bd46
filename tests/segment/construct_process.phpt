--TEST--
Shmx: Segment: __construct(): each named backend is opened by an unrelated process
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

foreach (shmx_test_ids(__FILE__, 0, false) as $backend => $id) {
    $seg = new Shmx\Segment($id, 256);
    $seg->write("from the parent");
    $seg->setInt(128, 41);
    /* A second php, started from scratch: it can only find the segment by its id. */
    echo shmx_test_php(sprintf('
        $s = new Shmx\Segment(%s, 0, "w");
        echo "child sees: ", $s->read(0, 15), ", size ", $s->size(), "\n";
        $s->addInt(128, 1);
        $s->write("from the child", 32);
    ', var_export($id, true)));
    echo "$backend: parent sees: ", $seg->read(32, 14), ', ', $seg->getInt(128), "\n";
    $seg->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
child sees: from the parent, size 256
sysv: parent sees: from the child, 42
child sees: from the parent, size 256
posix: parent sees: from the child, 42
child sees: from the parent, size 256
file: parent sees: from the child, 42
