--TEST--
Shmx: Segment: flush() writes a file: segment through to its file, and is a no-op elsewhere
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

foreach (shmx_test_ids(__FILE__) as $backend => $id) {
    $s = new Shmx\Segment($id, 32);
    $s->write("persisted bytes");
    var_dump($s->flush());
    if ($backend === 'file') {
        /* The file itself holds the bytes, for any reader, after the mapping is gone. */
        unset($s);
        var_dump(substr(file_get_contents(shmx_test_path(__FILE__)), 0, 15));
        $s = new Shmx\Segment($id, 0, 'w');
        var_dump($s->read(0, 15));
    }
    $s->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
NULL
NULL
NULL
NULL
string(15) "persisted bytes"
string(15) "persisted bytes"
