--TEST--
Shmx: Segment: __construct(): modes 'c', 'n', 'w' and 'a' on every backend
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

foreach (shmx_test_ids(__FILE__) as $backend => $id) {
    echo "$backend:\n";
    $n = new Shmx\Segment($id, 100, 'n');          /* create, it must not exist */
    $n->write('created');
    var_dump($n->size(), $n->id() === ($id === null || is_int($id) ? $id : ($id[0] === '/' || str_starts_with($id, 'file:') ? $id : "/$id")));
    if ($id === null) {
        $c = new Shmx\Segment(null, 10);           /* 'c' is the default mode */
        var_dump($c->size(), $c->read(0, 7) === "\0\0\0\0\0\0\0");
        continue;
    }
    $c = new Shmx\Segment($id, 10, 'c');           /* exists: opened whole, not resized */
    $w = new Shmx\Segment($id, 0, 'w');            /* 0: take the size it has */
    $a = new Shmx\Segment($id, 50, 'a');           /* less than it has: all of it, read-only */
    var_dump($c->size(), $w->size(), $a->size());
    $w->write('written by w', 20);
    var_dump($c->read(0, 7), $a->read(20, 12));
    $n->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
anon:
int(100)
bool(true)
int(10)
bool(true)
sysv:
int(100)
bool(true)
int(100)
int(100)
int(100)
string(7) "created"
string(12) "written by w"
posix:
int(100)
bool(true)
int(100)
int(100)
int(100)
string(7) "created"
string(12) "written by w"
file:
int(100)
bool(true)
int(100)
int(100)
int(100)
string(7) "created"
string(12) "written by w"
