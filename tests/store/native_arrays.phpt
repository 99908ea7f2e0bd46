--TEST--
Shmx: Store: arrays of scalars round-trip in shmx's own form under every shmx.serializer (keys, types, nesting, order); objects and references go through the serializer; damaged bytes are an exception, never a crash
--EXTENSIONS--
shmx
igbinary
msgpack
--FILE--
<?php
require __DIR__ . '/store.inc';
$name = store_test_name('native-arrays');
store_test_destroy($name);
$s = new Shmx\Store($name, 1 << 20, 'n');
$values = [
    'empty' => [],
    'list' => range(1, 10),
    'holes' => [0 => 'a', 2 => 'b', 1 => 'c'],
    'map' => ['a' => 1, 'b' => [true, false, null, 1.5, 'x'], '5' => 'five', -3 => 'neg', '' => 'empty key'],
    'limits' => [PHP_INT_MAX, PHP_INT_MIN, -0.0, INF, 1e-300, "\0binary\xff"],
    'deep' => [[[[[['leaf']]]]]],
    'big' => ['k' => str_repeat('z', 70000), 'n' => range(0, 999)],
    'one-char' => ['a', '', 'bc'],
];
$ok = true;
foreach (['php', 'igbinary', 'msgpack'] as $ser) {
    ini_set('shmx.serializer', $ser);
    foreach ($values as $k => $v) {
        $s->set($k, $v);
        $got = $s->get($k);
        if ($got !== $v || array_keys($got) !== array_keys($v)) {
            echo "$ser $k: differs\n";
            $ok = false;
        }
    }
}
ini_set('shmx.serializer', 'php');
var_dump($ok);
// Key order is kept, and numeric-string keys are ints as PHP makes them.
var_dump(array_keys($s->get('map')), array_keys($s->get('holes')));
// An object or a reference anywhere: the serializer (references kept as references).
$r = [1];
$r[] = &$r[0];
$s->set('ref', $r);
$got = $s->get('ref');
$got[0] = 99;
var_dump($got[1]);
$s->set('obj', ['o' => new ArrayObject([1])]);
var_dump(get_class($s->get('obj')['o']));
// Deeper than 64 levels: the serializer too.
$d = 'leaf';
for ($i = 0; $i < 70; $i++) {
    $d = [$d];
}
$s->set('deeper', $d);
var_dump($s->get('deeper') === $d);
// Another process reads them.
echo store_test_run_php('$s = new Shmx\Store(' . var_export($name, true) . ', 0, "a");
    echo json_encode($s->get("list")), " ", count($s->get("big")["n"]), " ", json_encode($s->get("map")["b"]), "\n";');
// Damaged bytes: find a marker inside a stored list through a raw view and break what is
// around it (the list's count, an element's tag, a string's length).
$raw = new Shmx\Segment($name, 0, 'w');
$damage = [
    'count far too big' => [-5 - 4, pack('V', 0x7fffffff)],
    'unknown tag' => [-5, "\x42"],
    'string longer than the value' => [-4, pack('V', 1 << 30)],
];
foreach ($damage as $what => [$rel, $bytes]) {
    $s->set('victim', ['MARKER-' . $what, 2, 3]);
    $all = $raw->read(0, $raw->size());
    $at = strpos($all, 'MARKER-' . $what);
    $raw->write($bytes, $at + $rel);
    try {
        $v = $s->get('victim');
        echo "$what: read as ", json_encode($v), "\n";
    } catch (Shmx\Exception $e) {
        echo "$what: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
// Damage inside a nested array, after a decoded element: the half-built inner array is freed
// (valgrind's run of this test would call it leaked otherwise).
$nested = [
    'nested list' => fn($m) => [[$m, 2], 3],
    'nested map' => fn($m) => ['outer' => ['inner' => $m, 'n' => 2], 'x' => 3],
    'map in a list' => fn($m) => [['inner' => $m, 'n' => 2]],
];
foreach ($nested as $what => $make) {
    $marker = 'MARKER-' . $what;
    $s->set('victim', $make($marker));
    $all = $raw->read(0, $raw->size());
    $at = strpos($all, $marker) + strlen($marker);
    // Right after the marker: the next element's tag (a list), or the next key's kind (a map).
    $raw->write("\x42", $at);
    try {
        $v = $s->get('victim');
        echo "$what: read as ", json_encode($v), "\n";
    } catch (Shmx\Exception $e) {
        echo "$what: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
$s->set('after', [1, 2]);
var_dump($s->get('after'));
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('native-arrays'));
?>
--EXPECT--
bool(true)
array(5) {
  [0]=>
  string(1) "a"
  [1]=>
  string(1) "b"
  [2]=>
  int(5)
  [3]=>
  int(-3)
  [4]=>
  string(0) ""
}
array(3) {
  [0]=>
  int(0)
  [1]=>
  int(2)
  [2]=>
  int(1)
}
int(99)
string(11) "ArrayObject"
bool(true)
[1,2,3,4,5,6,7,8,9,10] 1000 [true,false,null,1.5,"x"]
count far too big: Shmx\Exception: The value of key "victim" cannot be unserialized (its shmx encoding is damaged)
unknown tag: Shmx\Exception: The value of key "victim" cannot be unserialized (its shmx encoding is damaged)
string longer than the value: Shmx\Exception: The value of key "victim" cannot be unserialized (its shmx encoding is damaged)
nested list: Shmx\Exception: The value of key "victim" cannot be unserialized (its shmx encoding is damaged)
nested map: Shmx\Exception: The value of key "victim" cannot be unserialized (its shmx encoding is damaged)
map in a list: Shmx\Exception: The value of key "victim" cannot be unserialized (its shmx encoding is damaged)
array(2) {
  [0]=>
  int(1)
  [1]=>
  int(2)
}