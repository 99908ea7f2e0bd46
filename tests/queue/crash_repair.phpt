--TEST--
Shmx: Queue: a holder that died at each step of a push or a pop (its lock word naming a dead thread, the queue as it left it): the next caller takes over, repairs, and nothing is lost or delivered twice
--EXTENSIONS--
shmx
pcntl
--FILE--
<?php
/*
 * Offsets in the region (queue.h): the lock word at 64, capacity 128, head 136, tail 144,
 * pushed 152, popped 160, recoveries 192; the ring starts at 256. A record is
 * pack('VCCv', len, type, serializer, 0x5152) and its bytes padded to 8.
 */
require __DIR__ . '/queue.inc';
$dead = pcntl_fork();
if ($dead === 0) {
    exit(0);
}
pcntl_waitpid($dead, $status);
$deadWord = $dead | ((stat('/proc/self/ns/pid')['ino'] % 511 + 1) << 22);
$name = queue_test_name('repair');

function record(string $s): string
{
    return pack('VCCv', strlen($s), 6, 0, 0x5152) . str_pad($s, (strlen($s) + 7) & ~7, "\0");
}

function scenario(string $title, callable $die): void
{
    global $name, $deadWord;
    queue_test_destroy($name);
    $q = new Shmx\Queue($name, 1024);
    $q->push('first');
    $q->push('second');
    $seg = new Shmx\Segment($name, 0, 'w');
    $die($seg);
    $seg->setInt(64, $deadWord | ($seg->getInt(64) & ~0xffffffff));
    $seen = [];
    while ($q->tryPop($v)) {
        $seen[] = $v;
    }
    $info = $q->info();
    echo "$title: ", json_encode($seen), ", pushed {$info['pushed']}, popped {$info['popped']}, count {$info['count']}, recoveries ",
        $seg->getInt(192), "\n";
    $q->push('after');
    echo "  then: ", $q->pop(), "\n";
    $q->destroy();
}

scenario('holding the lock, nothing done', function ($seg) {});
scenario('push: record written, tail not moved', function ($seg) {
    $tail = $seg->getInt(144);
    $seg->write(record('third'), 256 + $tail);
});
scenario('push: tail moved, pushed not counted', function ($seg) {
    $tail = $seg->getInt(144);
    $seg->write(record('third'), 256 + $tail);
    $seg->setInt(144, $tail + strlen(record('third')));
});
scenario('push: counted, not yet unlocked', function ($seg) {
    $tail = $seg->getInt(144);
    $seg->write(record('third'), 256 + $tail);
    $seg->setInt(144, $tail + strlen(record('third')));
    $seg->addInt(152, 1);
});
scenario('pop: head moved, popped not counted', function ($seg) {
    $seg->setInt(136, $seg->getInt(136) + strlen(record('first')));
});
scenario('pop: counted, not yet unlocked', function ($seg) {
    $seg->setInt(136, $seg->getInt(136) + strlen(record('first')));
    $seg->addInt(160, 1);
});
?>
--CLEAN--
<?php
require __DIR__ . '/queue.inc';
queue_test_destroy(queue_test_name('repair'));
?>
--EXPECT--
holding the lock, nothing done: ["first","second"], pushed 2, popped 2, count 0, recoveries 1
  then: after
push: record written, tail not moved: ["first","second"], pushed 2, popped 2, count 0, recoveries 1
  then: after
push: tail moved, pushed not counted: ["first","second","third"], pushed 3, popped 3, count 0, recoveries 1
  then: after
push: counted, not yet unlocked: ["first","second","third"], pushed 3, popped 3, count 0, recoveries 1
  then: after
pop: head moved, popped not counted: ["second"], pushed 2, popped 2, count 0, recoveries 1
  then: after
pop: counted, not yet unlocked: ["second"], pushed 2, popped 2, count 0, recoveries 1
  then: after
