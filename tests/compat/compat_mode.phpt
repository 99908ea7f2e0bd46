--TEST--
Shmx: compat: shmx.compat=1 registers shmop, sysvshm and sysvsem under their own names
--EXTENSIONS--
shmx
--INI--
shmx.compat=1
sysvshm.init_mem=4096
--FILE--
<?php
var_dump(extension_loaded('sysvshm'), extension_loaded('sysvsem'), extension_loaded('shmop'));
$raw = shmop_open(0, 'c', 0600, 8);
var_dump($raw, (new ReflectionFunction('shmop_open'))->getExtensionName());
shmop_delete($raw);
var_dump((new ReflectionFunction('shm_attach'))->getExtensionName(), (new ReflectionFunction('sem_get'))->getExtensionName());
var_dump(get_extension_funcs('sysvsem'));
var_dump(ini_get('sysvshm.init_mem'));
foreach (['SysvSharedMemory', 'SysvSemaphore'] as $class) {
    $rc = new ReflectionClass($class);
    var_dump($rc->isFinal(), $rc->isInstantiable(), $rc->isCloneable());
}
foreach (['shmop', 'sysvshm', 'sysvsem'] as $ext) {
    echo $ext, ': ', implode(' ', (new ReflectionExtension($ext))->getClassNames()), "\n";
}
echo (string)(new ReflectionFunction('shm_attach')), "\n";

// The default size is sysvshm.init_mem.
$key = ftok(__FILE__, 'c');
$s = shm_attach($key);
var_dump($s, (new Shmx\Segment($key))->size());

// Errors carry the name the function was called by; each API takes its own class.
try {
    shm_attach(-0x80000001);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
var_dump(shm_get_var($s, 3));
try {
    shm_put_var(shmx_attach($key), 1, 1);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
try {
    new SysvSharedMemory;
} catch (Error $e) {
    echo $e->getMessage(), "\n";
}

// Both names reach the same segment and the same semaphore set.
shm_put_var($s, 1, 'via shm_put_var');
var_dump(shmx_get_var(shmx_attach($key), 1));
$sem = sem_get($key, 1, 0600);
var_dump($sem, sem_acquire($sem));
$other = shmx_sem_get($key, 1, 0600);
var_dump(shmx_sem_acquire($other, true), sem_release($sem), shmx_sem_acquire($other, true), shmx_sem_release($other));
var_dump(sem_remove($sem));
shm_remove($s);
?>
--EXPECTF--
bool(true)
bool(true)
bool(true)
object(Shmop)#%d (0) {
}
string(5) "shmop"
string(7) "sysvshm"
string(7) "sysvsem"
array(4) {
  [0]=>
  string(7) "sem_get"
  [1]=>
  string(11) "sem_acquire"
  [2]=>
  string(11) "sem_release"
  [3]=>
  string(10) "sem_remove"
}
string(4) "4096"
bool(true)
bool(true)
bool(false)
bool(true)
bool(true)
bool(false)
shmop: Shmop
sysvshm: SysvSharedMemory
sysvsem: SysvSemaphore
Function [ <internal:sysvshm> function shm_attach ] {

  - Parameters [3] {
    Parameter #0 [ <required> int $key ]
    Parameter #1 [ <optional> ?int $size = null ]
    Parameter #2 [ <optional> int $permissions = 0666 ]
  }
  - Return [ SysvSharedMemory|false ]
}

object(SysvSharedMemory)#%d (0) {
}
int(4096)
shm_attach(): Argument #1 ($key) is out of range

Warning: shm_get_var(): Variable key 3 doesn't exist in %s on line %d
bool(false)
shm_put_var(): Argument #1 ($shm) must be of type SysvSharedMemory, Shmx\SysvSharedMemory given
Cannot directly construct SysvSharedMemory, use shm_attach() instead
string(15) "via shm_put_var"
object(SysvSemaphore)#%d (0) {
}
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
