--TEST--
Shmx: Store, Counter, Mutex: an existing object whose first bytes are zero but which holds data further on (a raw Segment, a file) is a CorruptException and is left untouched; one that is zero throughout (made, not yet formatted) is formatted
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/store.inc';
$name = store_test_name('foreign-zero');
$file = sys_get_temp_dir() . '/shmx-foreign-zero-' . store_test_tag() . '.bin';
store_test_destroy($name);
@unlink($file);
foreach (['Store' => fn($id) => new Shmx\Store($id), 'Counter' => fn($id) => new Shmx\Counter($id, 7),
          'Mutex' => fn($id) => new Shmx\Mutex($id)] as $class => $open) {
    foreach ([$name, "file:$file"] as $id) {
        $g = new Shmx\Segment($id, 65536, 'n');
        $g->write('user data at the end', 60000);
        try {
            $open($id);
            echo "$class over data: opened\n";
        } catch (Shmx\CorruptException $e) {
            echo "$class over data: ", str_replace([$name, $file], ['NAME', 'FILE'], $e->getMessage()), "\n";
        }
        echo "  data intact: ", var_export($g->read(60000, 20) === 'user data at the end', true), "\n";
        $g->write(str_repeat("\0", 20), 60000);
        $o = $open($id);
        echo "$class over zeros: ", get_class($o), "\n";
        unset($o);
        $g->destroy();
    }
}
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('foreign-zero'));
@unlink(sys_get_temp_dir() . '/shmx-foreign-zero-' . store_test_tag() . '.bin');
?>
--EXPECT--
Store over data: NAME: not a shmx Store (it holds data but no shmx header; nothing was changed)
  data intact: true
Store over zeros: Shmx\Store
Store over data: file:FILE: not a shmx Store (it holds data but no shmx header; nothing was changed)
  data intact: true
Store over zeros: Shmx\Store
Counter over data: NAME: not a shmx Counter (it holds data but no shmx header; nothing was changed)
  data intact: true
Counter over zeros: Shmx\Counter
Counter over data: file:FILE: not a shmx Counter (it holds data but no shmx header; nothing was changed)
  data intact: true
Counter over zeros: Shmx\Counter
Mutex over data: NAME: not a shmx Mutex (it holds data but no shmx header; nothing was changed)
  data intact: true
Mutex over zeros: Shmx\Mutex
Mutex over data: file:FILE: not a shmx Mutex (it holds data but no shmx header; nothing was changed)
  data intact: true
Mutex over zeros: Shmx\Mutex
