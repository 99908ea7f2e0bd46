--TEST--
Shmx: Queue: 3 forked producers and 3 forked consumers exchange unique messages; each is delivered exactly once, each producer's in its order
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/queue.inc';
$per = queue_test_under_valgrind() ? 300 : 20000;
$producers = 3;
$consumers = 3;
$q = new Shmx\Queue(null, 2048);          // small: producers block on a full queue too
$log = new Shmx\Segment(null, 8 * $producers * $per);   // one cell per message: times delivered
$order = new Shmx\Segment(null, 8 * 64);  // per consumer x producer: last sequence number seen
$done = new Shmx\Counter(null);
$codes = store_test_fork($producers + $consumers, function (int $w) use ($q, $log, $order, $per, $producers, $done) {
    if ($w < $producers) {
        for ($i = 0; $i < $per; $i++) {
            $q->push($w % 2 ? "$w:$i:" . str_repeat('p', $i % 40) : $w * 1000000 + $i);
        }
        if ($done->increment() === $producers) {
            $q->close();   // the last producer: consumers drain, then stop
        }
        return 0;
    }
    $c = $w - $producers;
    for ($k = 0; $k < $producers; $k++) {
        $order->setInt(8 * ($c * 8 + $k), -1);
    }
    $bad = 0;
    for (;;) {
        try {
            $m = $q->pop(30.0);
        } catch (Shmx\Exception $e) {
            return $bad ? 4 : 0;   // closed and empty
        }
        if (is_int($m)) {
            [$p, $i] = [intdiv($m, 1000000), $m % 1000000];
        } else {
            [$p, $i] = array_map('intval', explode(':', $m, 3));
        }
        $log->addInt(8 * ($p * $per + $i), 1);
        // FIFO: one consumer sees each producer's messages in increasing order.
        $slot = 8 * ($c * 8 + $p);
        if ($order->getInt($slot) >= $i) {
            $bad++;
        }
        $order->setInt($slot, $i);
    }
}, 120);
echo "exit codes: ", implode(' ', $codes), "\n";
$histogram = [];
for ($m = 0; $m < $producers * $per; $m++) {
    $n = $log->getInt(8 * $m);
    $histogram[$n] = ($histogram[$n] ?? 0) + 1;
}
ksort($histogram);
// Every message delivered once: {1: all of them}.
var_dump($histogram === [1 => $producers * $per]);
$info = $q->info();
var_dump($info['pushed'] === $producers * $per, $info['popped'] === $producers * $per, $info['count'], $info['used']);
?>
--EXPECT--
exit codes: 0 0 0 0 0 0
bool(true)
bool(true)
bool(true)
int(0)
int(0)
