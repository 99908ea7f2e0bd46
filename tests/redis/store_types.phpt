--TEST--
Shmx: Store on Redis: set()/get() keep every type; ArrayAccess
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$s = new Shmx\Store(redis_url(__FILE__), allowedClasses: true);
$values = [null, true, false, 0, -1, PHP_INT_MAX, PHP_INT_MIN, 1.5, -0.0, 0.1 + 0.2, 1e300, "", "x", "123", "bin\0ary",
    str_repeat('long', 10000), [], [1, 'a' => [2.5, null]], new ArrayObject([1, 2])];
foreach ($values as $i => $v) {
    $s->set("k$i", $v);
    $got = $s->get("k$i");
    if (gettype($got) !== gettype($v) || (is_object($v) ? $got != $v : $got !== $v) || (is_float($v) && (string)$got !== (string)$v)) {
        echo "mismatch at $i: "; var_dump($v, $got);
    }
}
var_dump(is_object($s->get('k18')) && get_class($s->get('k18')) === 'ArrayObject');
var_dump(fdiv(1, $s->get('k8')));               // -0.0 stays negative zero
var_dump($s->get('missing'), $s->get('missing', 'def'));
$s['a'] = 'b';
$s[42] = 'int offset';
var_dump($s['a'], isset($s['a']), isset($s['zz']), $s['42'], $s->get('42'));
unset($s['a']);
var_dump(isset($s['a']));
try { $s->set('', 1); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }
try { $s->set('r', fopen('php://memory', 'r')); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
try { $s->set('t', 1, -1); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }
$s->destroy();
echo "done\n";
?>
--EXPECT--
bool(true)
float(-INF)
NULL
string(3) "def"
string(1) "b"
bool(true)
bool(false)
string(10) "int offset"
string(10) "int offset"
bool(false)
Shmx\Store::set(): Argument #1 ($key) must not be empty
Shmx\Store::set(): Argument #2 ($value) cannot be of type resource
Shmx\Store::set(): Argument #3 ($ttl) must be greater than or equal to 0
done
