--TEST--
Shmx: compat: shmx_get_var(): user code run by unserialize() may detach or rewrite the segment
--EXTENSIONS--
shmx
--FILE--
<?php
class Zzz
{
    public $p = "padding-padding-padding-padding";
    public $q = [1, 2, 3];
}

$key = ftok(__FILE__, 'g');
$shm = shmx_attach($key, 100000, 0600);
shmx_put_var($shm, 1, new Zzz);
shmx_put_var($shm, 2, str_repeat('k', 2000));

// Rename the class to one that is not loaded, so that unserialize() calls the autoloader.
$raw = new Shmx\Segment($key);
$pos = strpos($raw->read(), 'O:3:"Zzz"');
$raw->write('O:3:"Yyy"', $pos);

spl_autoload_register(function ($class) use ($shm, $raw) {
    echo "autoload($class): rewriting and detaching\n";
    $raw->write(str_repeat("\0", 200), 0);
    shmx_detach($shm);
});

$value = shmx_get_var($shm, 1);
var_dump($value::class);

try {
    shmx_get_var($shm, 1);
} catch (Error $e) {
    echo $e->getMessage(), "\n";
}
$raw->destroy();
?>
--EXPECT--
autoload(Yyy): rewriting and detaching
string(22) "__PHP_Incomplete_Class"
Shared memory block has already been destroyed
