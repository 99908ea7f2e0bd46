--TEST--
Shmx: Store: clear() SIGKILLed at a random moment leaves all the keys or none, and the store usable
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 16 << 20);
$n = store_test_under_valgrind() ? 3000 : 100000;
$rounds = store_test_under_valgrind() ? 6 : 40;
$fill = function () use ($s, $n) {
    for ($i = 0; $i < $n; $i++) {
        $s->set("k$i", $i);
    }
};
// how long a clear takes here, so that the kills land before, inside and after it
$fill();
$t = hrtime(true);
$s->clear();
$took_us = max(1, (int)((hrtime(true) - $t) / 1000));
$empty = $s->info()['used'];                   // the index itself, with no entries
$flag = new Shmx\Segment(null, 8);
$seen = ['none' => 0, 'all' => 0];
$ok = true;
for ($r = 0; $r < $rounds; $r++) {
    if (count($s) !== $n) {
        $fill();
    }
    $flag->setInt(0, 0);
    $pid = pcntl_fork();
    if ($pid === 0) {
        $flag->setInt(0, 1);
        $s->clear();
        $flag->setInt(0, 2);
        for (;;) {
            usleep(1000);                      // wait to be killed, so every child dies the same way
        }
    }
    while ($flag->getInt(0) === 0) {
        usleep(10);
    }
    // every other kill aims at the end, where clear() empties the buckets (a short stretch)
    usleep($r % 2 ? mt_rand(0, (int)($took_us * 1.2)) : mt_rand((int)($took_us * 0.8), (int)($took_us * 1.05)));
    posix_kill($pid, SIGKILL);
    pcntl_waitpid($pid, $status);
    $s->set('probe', 1);                       // the first write after the kill repairs
    $s->delete('probe');
    $count = count($s);
    if ($count === 0) {
        $seen['none']++;
        if ($s->info()['used'] !== $empty) {
            echo "round $r: cleared but ", $s->info()['used'] - $empty, " bytes of entries still in use\n";
            $ok = false;
        }
    } elseif ($count === $n) {
        $seen['all']++;
        for ($i = 0; $i < $n; $i++) {
            if ($s->get("k$i") !== $i) {
                echo "round $r: k$i is ", var_export($s->get("k$i"), true), "\n";
                $ok = false;
                break;
            }
        }
    } else {
        echo "round $r: $count of $n keys left: a half-done clear\n";
        $ok = false;
    }
}
var_dump($ok, $seen['none'] + $seen['all'] === $rounds);
// still usable: fill it again and clear it in one piece
$fill();
$s->clear();
var_dump(count($s), $s->info()['used'] === $empty);
?>
--EXPECT--
bool(true)
bool(true)
int(0)
bool(true)
