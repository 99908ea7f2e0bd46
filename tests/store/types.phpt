--TEST--
Shmx: Store: get()/set(): every type comes back with the type it went in with
--EXTENSIONS--
shmx
--FILE--
<?php
class Point { public function __construct(public int $x = 0, public ?Point $next = null) {} }
$s = new Shmx\Store(null, 1 << 20);
$values = [
    'null' => null, 'false' => false, 'true' => true, 'zero' => 0, 'int' => -42,
    'max' => PHP_INT_MAX, 'min' => PHP_INT_MIN, 'float' => 1.5, 'negzero' => -0.0, 'inf' => INF,
    'empty' => '', 'one' => 'x', 'binary' => "a\0b\xff", 'long' => str_repeat('abcdefgh', 5000),
    'numeric string' => '123', 'array' => [1, 'two' => [3.0, null], 'x' => true],
    'object' => new Point(1, new Point(2)), 'empty array' => [],
];
foreach ($values as $k => $v) {
    $s->set($k, $v);
}
foreach ($values as $k => $v) {
    $got = $s->get($k);
    $same = is_object($v) ? $got == $v && get_class($got) === get_class($v) : $got === $v;
    if (is_float($v) && $v == 0) {
        $same = $same && fdiv(1, $got) === fdiv(1, $v);
    }
    echo str_pad($k, 15), get_debug_type($got), $same ? ' ok' : ' DIFFERENT', "\n";
}
var_dump(is_nan($s->get('nan', 0) ?? 0));
$s->set('nan', NAN);
var_dump(is_nan($s->get('nan')));
var_dump($s->get('missing'), $s->get('missing', 'default'), $s->get('null', 'default'));
// overwriting with another type
$s->set('int', 'now a string');
var_dump($s->get('int'));
// a key is binary-safe and up to 65535 bytes
$s->set("k\0ey", 1);
$s->set(str_repeat('k', 65535), 2);
var_dump($s->get("k\0ey"), $s->get('k'), $s->get(str_repeat('k', 65535)));
?>
--EXPECT--
null           null ok
false          bool ok
true           bool ok
zero           int ok
int            int ok
max            int ok
min            int ok
float          float ok
negzero        float ok
inf            float ok
empty          string ok
one            string ok
binary         string ok
long           string ok
numeric string string ok
array          array ok
object         Point ok
empty array    array ok
bool(false)
bool(true)
NULL
string(7) "default"
NULL
string(12) "now a string"
int(1)
NULL
int(2)
