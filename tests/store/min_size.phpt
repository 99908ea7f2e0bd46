--TEST--
Shmx: Store: the smallest size creation accepts makes a working store; below it a ValueError and nothing is created; opening an existing store ("w", "a") takes any size and maps all of it
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/store.inc';
$name = store_test_name('min-size');
store_test_destroy($name);
function attempt(string $what, callable $f)
{
    try {
        $r = $f();
        echo "$what: ", is_object($r) ? get_class($r) : var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$min = 20480;
foreach ([null, $name] as $id) {
    $s = new Shmx\Store($id, $min, 'n');
    $s->set('k', str_repeat('v', 1000));
    echo "at the minimum: ", strlen($s->get('k')), " bytes back, size ", $s->info()['size'] >= $min ? 'ok' : 'short', "\n";
    if ($id !== null) {
        $s->destroy();
    }
}
// Sizes that once passed the check but did not hold a Store header (it grew): refused before
// anything exists, so nothing is left behind.
foreach ([16384, 16500, $min - 1] as $size) {
    attempt("create $size", fn() => new Shmx\Store($name, $size, 'n'));
    echo "  left behind: ", var_export(file_exists('/dev/shm' . $name), true), "\n";
}
$s = new Shmx\Store($name, 65536, 'n');
$s->set('x', 1);
foreach (['w', 'a'] as $mode) {
    $o = new Shmx\Store($name, 100, $mode);
    echo "open $mode with 100: x=", $o->get('x'), ", size ", $o->info()['size'], "\n";
}
attempt('open c with 100', fn() => new Shmx\Store($name, 100, 'c'));
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('min-size'));
?>
--EXPECT--
at the minimum: 1000 bytes back, size ok
at the minimum: 1000 bytes back, size ok
create 16384: ValueError: Shmx\Store::__construct(): Argument #2 ($size) must be at least 20480 bytes (0 or less opens an existing store)
  left behind: false
create 16500: ValueError: Shmx\Store::__construct(): Argument #2 ($size) must be at least 20480 bytes (0 or less opens an existing store)
  left behind: false
create 20479: ValueError: Shmx\Store::__construct(): Argument #2 ($size) must be at least 20480 bytes (0 or less opens an existing store)
  left behind: false
open w with 100: x=1, size 65536
open a with 100: x=1, size 65536
open c with 100: ValueError: Shmx\Store::__construct(): Argument #2 ($size) must be at least 20480 bytes (0 or less opens an existing store)
