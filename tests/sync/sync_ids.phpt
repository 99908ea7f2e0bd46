--TEST--
Shmx: Counter, Mutex, Semaphore: every $id form, shared across fork and with an unrelated process
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';
$forms = [
    'anonymous' => fn(string $k) => null,
    'sysv' => fn(string $k) => ftok(__FILE__, $k),
    'posix' => fn(string $k) => sync_name(__FILE__, "-$k"),
    'file' => fn(string $k) => 'file:' . sys_get_temp_dir() . '/' . sync_name(__FILE__, "-$k"),
];
foreach ($forms as $form => $id) {
    echo "== $form\n";
    $c = new Shmx\Counter($id('c'), 5);
    $m = new Shmx\Mutex($id('m'));
    $s = new Shmx\Semaphore($id('s'), 2);
    $m->lock();
    $s->acquire();
    $codes = sync_fork(1, function () use ($c, $m, $s) {
        $c->increment(10);
        if ($m->tryLock()) {
            throw new Exception("child got the parent's mutex");
        }
        $s->acquire(5.0);
        if ($s->tryAcquire()) {
            throw new Exception('a third permit of two');
        }
        $s->release();
    });
    echo "child: ", implode(',', $codes), ", counter ", $c->get(), ", available ", $s->available(), "\n";
    if ($id('c') !== null) {
        $code = sprintf('$c = new Shmx\Counter(%s, 0, "w"); $m = new Shmx\Mutex(%s, "w"); $s = new Shmx\Semaphore(%s, 9, "w");
            echo $c->increment(100), " ", var_export($m->tryLock(), true), " ", $s->available(), " ",
                var_export($s->tryAcquire(), true), " ", var_export($s->tryAcquire(), true);',
            var_export($id('c'), true), var_export($id('m'), true), var_export($id('s'), true));
        echo "unrelated: ", sync_unrelated($code), "\n";
        $m->unlock();
        echo "unrelated after unlock: ", sync_unrelated($code), "\n";
        $m->lock(1.0);
        echo "counter ", $c->get(), ", available ", $s->available(), "\n";
    }
    $m->unlock();
    $s->release();
    $c->destroy();
    $m->destroy();
    $s->destroy();
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
== anonymous
child: 0, counter 15, available 1
== sysv
child: 0, counter 15, available 1
unrelated: 115 false 1 true false
unrelated after unlock: 215 true 1 true false
counter 215, available 1
== posix
child: 0, counter 15, available 1
unrelated: 115 false 1 true false
unrelated after unlock: 215 true 1 true false
counter 215, available 1
== file
child: 0, counter 15, available 1
unrelated: 115 false 1 true false
unrelated after unlock: 215 true 1 true false
counter 215, available 1
