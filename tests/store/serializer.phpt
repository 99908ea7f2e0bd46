--TEST--
Shmx: Store: shmx.serializer php, igbinary, msgpack; each value records its serializer
--EXTENSIONS--
shmx
igbinary
msgpack
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(store_test_name('serializer'), 1 << 20, 'n');
$value = ['a' => 1, 'b' => [1.5, 'x', null, true], 'o' => new ArrayObject([1, 2])];
foreach (['php', 'igbinary', 'msgpack'] as $ser) {
    ini_set('shmx.serializer', $ser);
    $s->set($ser, $value);
    $s->set("$ser-list", [1, 2, 3]);
}
ini_set('shmx.serializer', 'php');
// read back whatever the current setting is
foreach (['php', 'igbinary', 'msgpack'] as $ser) {
    $got = $s->get("$ser-list");
    echo $ser, ': ', json_encode($got), ' ', $ser === 'msgpack' ? 'list' : json_encode($s->get($ser) == $value), "\n";
}
var_dump($s->get('igbinary')['o'] instanceof ArrayObject);
// Arrays of scalars are kept in shmx's own form whatever shmx.serializer says, so
// compareAndSwap matches them under any setting; a value with an object is compared in the
// form the current serializer makes.
ini_set('shmx.serializer', 'igbinary');
var_dump($s->compareAndSwap('igbinary-list', [1, 2, 3], 'swapped'), $s->get('igbinary-list'));
var_dump($s->compareAndSwap('php-list', [1, 2, 3], 'swapped'));
var_dump($s->compareAndSwap('php', $value, 'swapped'));
ini_set('shmx.serializer', 'php');
var_dump($s->compareAndSwap('php', $value, 'swapped'));
$s->set('php', $value);
// a process without igbinary cannot read an igbinary value: a clear exception
echo store_test_run_php('$s = new Shmx\Store(' . var_export(store_test_name('serializer'), true) . ', 0, "w");
    echo json_encode($s->get("php")["b"]), "\n";
    try { $s->get("igbinary"); } catch (Shmx\Exception $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    try { $s->get("msgpack"); } catch (Shmx\Exception $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    ini_set("shmx.serializer", "igbinary");
    try { $s->set("x", [new ArrayObject()]); } catch (Shmx\Exception $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
    var_dump($s->has("x"));
    $s->set("y", [1, [2.5, "z"]]);     // no object: shmx\'s own form, no serializer needed
    echo json_encode($s->get("y")), "\n";');
var_dump(@ini_set('shmx.serializer', 'json'), ini_get('shmx.serializer'));
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('serializer'));
?>
--EXPECT--
php: [1,2,3] true
igbinary: [1,2,3] true
msgpack: [1,2,3] list
bool(true)
bool(true)
string(7) "swapped"
bool(true)
bool(false)
bool(true)
[1.5,"x",null,true]
Shmx\Exception: The value of key "igbinary" was serialized with igbinary, which is not loaded in this process
Shmx\Exception: The value of key "msgpack" was serialized with msgpack, which is not loaded in this process
Shmx\Exception: shmx.serializer is "igbinary", but the igbinary extension is not loaded
bool(false)
[1,[2.5,"z"]]
bool(false)
string(3) "php"