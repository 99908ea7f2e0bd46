--TEST--
Shmx: Queue: bad arguments, values too large, another kind of object at the id, read-only handles, modes
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/queue.inc';
function show(callable $fn): void
{
    try {
        $r = $fn();
        echo 'ok', $r === null ? '' : ': ' . var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo queue_test_error($e), "\n";
    }
}
$name = queue_test_name('errors');
$counter = queue_test_name('errors-counter');
queue_test_destroy($name);
queue_test_destroy($counter);

show(fn() => new Shmx\Queue(null, 63));
show(fn() => new Shmx\Queue(null, -1));
show(fn() => new Shmx\Queue(null, PHP_INT_MAX));
show(fn() => new Shmx\Queue('', 1024));
show(fn() => new Shmx\Queue(null, 1024, 'x'));
show(fn() => new Shmx\Queue(null, 1024, 'c', 01000));
show(fn() => new Shmx\Queue(null, 1024, 'c', 0600, 'yes'));
show(fn() => new Shmx\Queue($name, 1024, 'w'));

$q = new Shmx\Queue(null, 128);
show(fn() => $q->push(str_repeat('x', 121)));          // 8 + 121 rounded up to 128 + 8 > 128
show(fn() => $q->push(str_repeat('x', 120)));          // exactly the capacity
show(fn() => $q->tryPush(str_repeat('x', 200)));
show(fn() => $q->push(array_fill(0, 100, 1)));          // serialized, too large
show(fn() => $q->push(fopen('php://memory', 'r')));
show(fn() => $q->push(1, -0.5));
show(fn() => $q->pop(-0.5));
show(fn() => $q->pop());
show(fn() => $q->__construct());
show(fn() => clone $q);
show(fn() => serialize($q));

// Another kind of shmx object, or a raw segment, at the id.
new Shmx\Counter($counter, 5);
show(fn() => new Shmx\Queue($counter));
show(fn() => new Shmx\Counter($name, 1, 'n') && false);
show(fn() => new Shmx\Queue($name));
(new Shmx\Counter($name, 0, 'w'))->destroy();
$seg = new Shmx\Segment($name, 4096, 'n');
$seg->write("not a queue");
show(fn() => new Shmx\Queue($name));
$seg->destroy();

// Modes: 'n' on an existing queue, 'a' read-only, 'w' existing.
$q = new Shmx\Queue($name, 1024, 'n');
$q->push('kept');
show(fn() => new Shmx\Queue($name, 1024, 'n'));
$ro = new Shmx\Queue($name, 1024, 'a');
show(fn() => $ro->push('x'));
show(fn() => $ro->tryPush('x'));
show(fn() => $ro->pop());
show(fn() => $ro->tryPop($v));
show(fn() => $ro->close());
show(fn() => count($ro));
show(fn() => $ro->isClosed());
show(fn() => $ro->info()['capacity']);
$rw = new Shmx\Queue($name, 64, 'w');     // capacity of an existing queue is kept
show(fn() => $rw->info()['capacity']);
show(fn() => $rw->pop());
$q->destroy();
show(fn() => new Shmx\Queue($name, 1024, 'w'));
show(fn() => $rw->tryPush('still mapped'));
?>
--CLEAN--
<?php
require __DIR__ . '/queue.inc';
queue_test_destroy(queue_test_name('errors'));
queue_test_destroy(queue_test_name('errors-counter'));
?>
--EXPECTF--
ValueError: Shmx\Queue::__construct(): Argument #2 ($capacityBytes) must be at least 64 bytes
ValueError: Shmx\Queue::__construct(): Argument #2 ($capacityBytes) must be at least 64 bytes
ValueError: Shmx\Queue::__construct(): Argument #2 ($capacityBytes) must be at most 1099511627776 bytes
ValueError: Shmx\Queue::__construct(): Argument #1 ($id) %s
ValueError: Shmx\Queue::__construct(): Argument #3 ($mode) %s
ValueError: Shmx\Queue::__construct(): Argument #4 ($permissions) %s
TypeError: Shmx\Queue::__construct(): Argument #5 ($allowedClasses) must be of type array|bool|null, string given
Shmx\Exception: %s
ValueError: Shmx\Queue::push(): Argument #1 ($value) must fit the queue's capacity of 128 bytes (121 bytes, plus an 8-byte record header)
ok
ValueError: Shmx\Queue::tryPush(): Argument #1 ($value) must fit the queue's capacity of 128 bytes (200 bytes, plus an 8-byte record header)
ValueError: Shmx\Queue::push(): Argument #1 ($value) must fit the queue's capacity of 128 bytes (%d bytes serialized, plus an 8-byte record header)
TypeError: Shmx\Queue::push(): Argument #1 ($value) cannot be of type resource
ValueError: Shmx\Queue::push(): Argument #2 ($timeout) must be null or greater than or equal to 0
ValueError: Shmx\Queue::pop(): Argument #1 ($timeout) must be null or greater than or equal to 0
ok: '%s'
Error: Cannot call Shmx\Queue::__construct() twice
Error: Trying to clone an uncloneable object of class Shmx\Queue
Exception: Serialization of 'Shmx\Queue' is not allowed
Shmx\CorruptException: %sCounter%s
ok: false
Shmx\CorruptException: %sCounter%s
Shmx\CorruptException: %s
Shmx\Exception: %s
Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
Error: Cannot push to, pop from or close a Shmx\Queue opened read-only (mode "a")
ok: 1
ok: false
ok: 1024
ok: 1024
ok: 'kept'
Shmx\Exception: %s
ok: true
