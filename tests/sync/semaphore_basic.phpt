--TEST--
Shmx: Semaphore: acquire(), tryAcquire(), release(), available(); $permits applies only on creation
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/sync.inc';
$name = sync_name(__FILE__);
$s = new Shmx\Semaphore($name, 3);
var_dump($s->available());
$s->acquire();
var_dump($s->tryAcquire(), $s->available());
$s->acquire(0.01);
var_dump($s->available(), $s->tryAcquire());
try {
    $s->acquire();                       // all three are ours: it could never succeed
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$t = new Shmx\Semaphore($name, 10);      // opens the existing one: still 3 permits
var_dump($t->available(), $t->tryAcquire());
$t->release();                           // two handles in one process are one owner
var_dump($s->available());
$s->release();
$s->release();
var_dump($s->available());
try {
    $s->release();
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
// a handle freed while holding permits gives back the ones it took
$u = new Shmx\Semaphore($name);
$u->acquire();
$u->acquire();
$s->acquire();
var_dump($s->available());
unset($u);
var_dump($s->available());
$s->release();
$s->destroy();
$one = new Shmx\Semaphore();
var_dump($one->available(), $one->tryAcquire(), $one->tryAcquire());
$one->release();
$big = new Shmx\Semaphore(null, 65536);
var_dump($big->available());
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECTF--
int(3)
bool(true)
int(1)
int(0)
bool(false)
Error: /shmx-sync-%s-semaphore_basic: this process already holds all 3 permits of the semaphore
int(0)
bool(false)
int(1)
int(3)
Error: /shmx-sync-%s-semaphore_basic: this process holds no permit of the semaphore
int(0)
int(2)
int(1)
bool(true)
bool(false)
int(65536)
