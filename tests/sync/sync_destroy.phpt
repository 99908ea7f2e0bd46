--TEST--
Shmx: Counter, Mutex, Semaphore: destroy() removes the name; live handles keep working
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/sync.inc';
$forms = [
    'sysv' => fn(string $k) => ftok(__FILE__, $k),
    'posix' => fn(string $k) => sync_name(__FILE__, "-$k"),
    'file' => fn(string $k) => 'file:' . sys_get_temp_dir() . '/' . sync_name(__FILE__, "-$k"),
];
foreach ($forms as $form => $id) {
    $c = new Shmx\Counter($id('c'), 3);
    $m = new Shmx\Mutex($id('m'));
    $s = new Shmx\Semaphore($id('s'), 2);
    $c->destroy();
    $m->destroy();
    $s->destroy();
    $c->destroy();                      // removing again is not an error
    $gone = [];
    foreach ([fn() => new Shmx\Counter($id('c'), 0, 'w'), fn() => new Shmx\Mutex($id('m'), 'w'),
              fn() => new Shmx\Semaphore($id('s'), 1, 'w')] as $open) {
        try {
            $open();
            $gone[] = 'still there';
        } catch (Shmx\Exception $e) {
            $gone[] = 'gone';
        }
    }
    $c->increment();
    $m->lock();
    $m->unlock();
    $s->acquire();
    echo "$form: ", implode(' ', $gone), "; live handles: ", $c->get(), ' ', $s->available(), "\n";
    $s->release();
    $fresh = new Shmx\Counter($id('c'), 10);
    echo "$form: a new one: ", $fresh->get(), "\n";
    $fresh->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
foreach (['c', 'm', 's'] as $k) {
    @unlink(sys_get_temp_dir() . '/' . sync_name(__FILE__, "-$k"));
    @unlink('/dev/shm/' . sync_name(__FILE__, "-$k"));
}
?>
--EXPECT--
sysv: gone gone gone; live handles: 4 1
sysv: a new one: 10
posix: gone gone gone; live handles: 4 1
posix: a new one: 10
file: gone gone gone; live handles: 4 1
file: a new one: 10
