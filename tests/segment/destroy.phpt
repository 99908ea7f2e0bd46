--TEST--
Shmx: Segment: destroy(): nobody can open the name again, live handles keep working
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

foreach (shmx_test_ids(__FILE__) as $backend => $id) {
    $a = new Shmx\Segment($id, 64);
    $b = $id === null ? $a : new Shmx\Segment($id, 0, 'w');
    $a->write('before');
    $a->destroy();
    $a->destroy(); /* twice is harmless */
    if ($id !== null) {
        try {
            new Shmx\Segment($id, 0, 'w');
            echo "$backend: reopened?\n";
        } catch (Shmx\Exception $e) {
            echo "$backend: cannot reopen (code {$e->getCode()})\n";
        }
        echo "$backend: destroyed: ", var_export($a->stat()['destroyed'], true), "\n";
    }
    /* Both live handles still share the same memory. */
    $b->write('after', 10);
    $a->addInt(24, 5);
    echo "$backend: ", $b->read(0, 6), ' ', $a->read(10, 5), ' ', $b->getInt(24), "\n";
    if ($id !== null) {
        /* Mode 'c' now makes a new, empty object under the name: the old bytes are not in it. */
        $c = new Shmx\Segment($id, 64);
        echo "$backend: new one is empty: ", var_export($c->read() === str_repeat("\0", 64), true), "\n";
        $c->destroy();
    }
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
anon: before after 5
sysv: cannot reopen (code 2)
sysv: destroyed: true
sysv: before after 5
sysv: new one is empty: true
posix: cannot reopen (code 2)
posix: destroyed: true
posix: before after 5
posix: new one is empty: true
file: cannot reopen (code 2)
file: destroyed: true
file: before after 5
file: new one is empty: true
