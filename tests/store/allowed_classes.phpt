--TEST--
Shmx: Store: get() creates objects of the classes allowed (shmx.allowed_classes, $allowedClasses); memory that other users can write gives none by default
--EXTENSIONS--
shmx
pcntl
posix
igbinary
--SKIPIF--
<?php if (posix_geteuid() !== 0 || !is_executable('/usr/sbin/runuser')) die('skip needs root and runuser, to write as another user (nobody)'); ?>
--FILE--
<?php
require __DIR__ . '/store.inc';
/* What an attacker plants: an object whose class runs code when it is created or freed. */
class Gadget
{
    public $cmd = 'harmless';
    public function __wakeup() { echo "  Gadget::__wakeup ran with {$this->cmd}\n"; }
    public function __destruct() { echo "  Gadget::__destruct ran\n"; }
}
class Point { public $x = 1; }
$name = store_test_name('allowed-classes');
$show = function (string $what, Shmx\Store $s, string $key = 'o') {
    try {
        $v = $s->get($key);
        echo "$what: ", is_object($v) ? get_class($v) : get_debug_type($v), "\n";
        unset($v);
    } catch (Shmx\Exception $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
};
/* Runs $code as user nobody in an unrelated php process (runuser), with Gadget and Point
 * defined; what the objects print there is not the test's. Returns its exit code. */
$as_nobody = function (string $code) {
    $classes = 'class Gadget { public $cmd = "harmless"; } class Point { public $x = 1; }';
    // Under run-tests -m, valgrind follows the child into its log, which nobody must be able
    // to write.
    @chmod(preg_replace('/\.php$/', '.mem', __FILE__), 0666);
    exec('runuser -u nobody -- ' . store_test_php_command() . ' -r ' . escapeshellarg($classes . $code) . ' 2>&1', $out, $rc);
    if ($rc) {
        echo implode("\n", $out), "\n";
    }
    return $rc;
};
/* The bytes an attacker writes: serialized objects set through shmx like any value. */
$plant = '$s = new Shmx\Store(' . var_export($name, true) . ', 0, "w", 0600, true);
    $g = new Gadget(); $g->cmd = "rm -rf /"; $s->set("o", $g);
    $s->set("p", new Point()); $s->set("list", [1, "two", [3.5]]);';

echo "-- an anonymous store (the fork family's own): any class\n";
$a = new Shmx\Store(null, 1 << 20);
$a->set('o', new Point());
$show('anon', $a);

echo "-- a 0600 store this user owns: any class\n";
store_test_destroy($name);
$s = new Shmx\Store($name, 1 << 20, 'n', 0600);
$s->set('o', new Point());
$show('own 0600', $s);
$s->destroy();

echo "-- a 0666 store: another user plants a Gadget; the owner gets none of its code run\n";
$s = new Shmx\Store($name, 1 << 20, 'n', 0666);
chmod('/dev/shm' . $name, 0666);
echo "nobody wrote: ", $as_nobody($plant) === 0 ? 'yes' : 'no', "\n";
$show('0666 default', $s);
$show('0666 default, Point', $s, 'p');
echo "0666 default, arrays still read: ", json_encode($s->get('list')), "\n";
$show('0666 $allowedClasses = true', new Shmx\Store($name, 0, 'w', 0600, true));
$show('0666 [Point], Point', new Shmx\Store($name, 0, 'w', 0600, ['Point']), 'p');
$show('0666 [Point], Gadget', new Shmx\Store($name, 0, 'w', 0600, ['\Point']));
ini_set('shmx.allowed_classes', '*');
$show('0666 shmx.allowed_classes=*', new Shmx\Store($name, 0, 'w'));
ini_set('shmx.allowed_classes', 'Foo\Bar, point');
$show('0666 shmx.allowed_classes=Foo\Bar, point', new Shmx\Store($name, 0, 'w'), 'p');
ini_set('shmx.allowed_classes', 'auto');
$s->destroy();

echo "-- a 0660 store (group may write): none\n";
$s = new Shmx\Store($name, 1 << 20, 'n', 0660);
$s->set('o', new Point());
$show('0660 default', $s);
$s->destroy();

echo "-- a store another user owns: none, whatever its permissions\n";
$as_nobody('$s = new Shmx\Store(' . var_export($name, true) . ', 1 << 20, "n", 0644); $s->set("o", new Point());');
$show('owned by nobody', new Shmx\Store($name, 0, 'a'));
$show('owned by nobody, false', new Shmx\Store($name, 0, 'a', 0600, false));
store_test_destroy($name);

echo "-- shmx.allowed_classes=none on this user's own store\n";
ini_set('shmx.allowed_classes', 'none');
$s = new Shmx\Store($name, 1 << 20, 'n', 0600);
$s->set('o', new Point());
$show('own none', $s);
ini_set('shmx.allowed_classes', 'auto');

echo "-- igbinary cannot limit classes: its values are read only where any class is allowed\n";
ini_set('shmx.serializer', 'igbinary');
$s->set('ig', [1, 2, new ArrayObject()]);   // an object in it: through the serializer
$show('own none, igbinary', $s, 'ig');
$show('own true, igbinary', new Shmx\Store($name, 0, 'w', 0600, true), 'ig');
ini_set('shmx.serializer', 'php');
$s->destroy();

echo "-- bad settings\n";
var_dump(ini_set('shmx.allowed_classes', 'Point, 9lives'), ini_get('shmx.allowed_classes'));
foreach ([[1], ['not a class'], ['A\\\\B'], 'Point'] as $bad) {
    try {
        new Shmx\Store(null, 1 << 20, 'c', 0600, $bad);
    } catch (TypeError | ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('allowed-classes'));
?>
--EXPECTF--
-- an anonymous store (the fork family's own): any class
anon: Point
-- a 0600 store this user owns: any class
own 0600: Point
-- a 0666 store: another user plants a Gadget; the owner gets none of its code run
nobody wrote: yes
0666 default: __PHP_Incomplete_Class
0666 default, Point: __PHP_Incomplete_Class
0666 default, arrays still read: [1,"two",[3.5]]
  Gadget::__wakeup ran with rm -rf /
0666 $allowedClasses = true: Gadget
  Gadget::__destruct ran
0666 [Point], Point: Point
0666 [Point], Gadget: __PHP_Incomplete_Class
  Gadget::__wakeup ran with rm -rf /
0666 shmx.allowed_classes=*: Gadget
  Gadget::__destruct ran
0666 shmx.allowed_classes=Foo\Bar, point: Point
-- a 0660 store (group may write): none
0660 default: __PHP_Incomplete_Class
-- a store another user owns: none, whatever its permissions
owned by nobody: __PHP_Incomplete_Class
owned by nobody, false: __PHP_Incomplete_Class
-- shmx.allowed_classes=none on this user's own store
own none: __PHP_Incomplete_Class
-- igbinary cannot limit classes: its values are read only where any class is allowed
own none, igbinary: Shmx\Exception: The value of key "ig" was serialized with igbinary, which cannot limit the classes it creates, and this store allows no classes (shmx.allowed_classes, or the constructor's $allowedClasses)
own true, igbinary: array
-- bad settings

Warning: ini_set(): shmx.allowed_classes must be "auto", "*", "none" or class names separated by commas, and "9lives" is not a class name in %s on line %d
bool(false)
string(4) "auto"
TypeError: Shmx\Store::__construct(): Argument #5 ($allowedClasses) must contain only class names as strings, int given
ValueError: Shmx\Store::__construct(): Argument #5 ($allowedClasses) must contain only valid class names, "not a class" given
ValueError: Shmx\Store::__construct(): Argument #5 ($allowedClasses) must contain only valid class names, "A\\B" given
TypeError: Shmx\Store::__construct(): Argument #5 ($allowedClasses) must be of type array|bool|null, string given
