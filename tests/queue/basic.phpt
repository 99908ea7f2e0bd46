--TEST--
Shmx: Queue: push()/pop() keep FIFO order and every type; tryPop(), count(), info(); records wrapping around the ring
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/queue.inc';
$q = new Shmx\Queue(null, 4096);
var_dump($q instanceof Countable, count($q));
$values = [null, true, false, 0, -1, PHP_INT_MAX, PHP_INT_MIN, 1.5, -0.0, NAN, INF, '', 'a', "bin\0ary", str_repeat('x', 1000),
    [1, 'two' => [3]], new ArrayObject(['k' => 'v'])];
foreach ($values as $v) {
    $q->push($v);
}
var_dump(count($q));
$info = $q->info();
var_dump($info['count'], $info['pushed'], $info['popped'], $info['used'] + $info['free'] === $info['capacity'], $info['closed']);
echo json_encode(array_keys($info)), "\n";
$ok = true;
foreach ($values as $i => $v) {
    $got = $q->pop();
    if (is_float($v) && is_nan($v)) {
        $same = is_float($got) && is_nan($got);
    } elseif (is_object($v)) {
        $same = $got == $v && get_class($got) === get_class($v);
    } else {
        $same = $got === $v;
    }
    if (!$same || (is_float($v) && !is_nan($v) && 1 / ($v ?: 1) !== 1 / ($got ?: 1))) {
        echo "value $i differs: ", var_export($got, true), "\n";
        $ok = false;
    }
}
var_dump($ok, count($q), $q->info()['used']);

// tryPop on an empty queue leaves the variable alone
$v = 'untouched';
var_dump($q->tryPop($v), $v);
var_dump($q->tryPush('one'), $q->tryPop($v), $v);

// Records of every length wrap around a small ring many times, in order.
$q = new Shmx\Queue(null, 200);
$next = 0;
$expect = 0;
$bad = 0;
for ($round = 0; $round < 3000; $round++) {
    $len = ($round * 7) % 150;
    while (!$q->tryPush(str_repeat(chr(65 + $next % 26), ($next * 7) % 150) . "#$next")) {
        if (!$q->tryPop($got)) {
            break;
        }
        $want = str_repeat(chr(65 + $expect % 26), ($expect * 7) % 150) . "#$expect";
        $bad += $got !== $want;
        $expect++;
    }
    $next++;
}
while ($q->tryPop($got)) {
    $want = str_repeat(chr(65 + $expect % 26), ($expect * 7) % 150) . "#$expect";
    $bad += $got !== $want;
    $expect++;
}
var_dump($bad, $expect === $next, $q->info()['pushed'] === $next);
?>
--EXPECT--
bool(true)
int(0)
int(17)
int(17)
int(17)
int(0)
bool(true)
bool(false)
["id","backend","capacity","used","free","count","pushed","popped","closed","layout_version"]
bool(true)
int(0)
int(0)
bool(false)
string(9) "untouched"
bool(true)
bool(true)
string(3) "one"
int(0)
bool(true)
bool(true)
