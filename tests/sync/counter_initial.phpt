--TEST--
Shmx: Counter: __construct(): $initial applies only when the counter is created
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/sync.inc';
$name = sync_name(__FILE__);
$a = new Shmx\Counter($name, 7, 'n');
var_dump($a->get());
$a->increment();
$b = new Shmx\Counter($name, 100);
var_dump($b->get());
$c = new Shmx\Counter($name, 100, 'w');
var_dump($c->get());
try {
    new Shmx\Counter($name, 1, 'n');
} catch (Shmx\Exception $e) {
    echo get_class($e), "\n";
}
$a->destroy();
$d = new Shmx\Counter($name, 100);
var_dump($d->get());
$d->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECT--
int(7)
int(8)
int(8)
Shmx\Exception
int(100)
