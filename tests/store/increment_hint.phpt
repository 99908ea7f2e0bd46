--TEST--
Shmx: Store: increment(): repeated increments of a key (which skip the lookup) never land in an entry that another handle or process replaced
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$id = store_test_name('increment-hint');
$a = new Shmx\Store($id, 1 << 20);
$b = new Shmx\Store($id, 0);
$a->clear();
$show = function (callable $f) {
    try {
        var_dump($f());
    } catch (Throwable $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
};

echo "-- one process, two handles --\n";
$a->increment('k');
$a->increment('k');                  // from here on $a remembers where 'k' is
$show(fn() => $a->increment('k'));   // 3
$b->delete('k');
$show(fn() => $a->increment('k'));   // gone: counts from 0
$a->increment('k');
$b->set('k', 'text');
$show(fn() => $a->increment('k'));   // a string now
$b->set('k', 10, 3600);
$show(fn() => $a->increment('k'));   // 11
$a->increment('k');
$b->set('k', 20);
$show(fn() => $a->increment('k'));   // 21
$a->increment('k');
$b->clear();
$show(fn() => $a->increment('k'));   // 1
$a->increment('k');
$b->set('k', 1.5);
$show(fn() => $a->increment('k'));   // 2.5
$b->set('k', 7);
$a->increment('k');
$show(fn() => $a->increment('k', -2));  // 6
$b->increment('k', 0.5);             // a float entry replaces the int one
$show(fn() => $a->increment('k'));   // 7.5
var_dump($b->get('k'));
$b->set('j', 1);
$a->increment('j');
$a->increment('j');
$b->lock(function (Shmx\Store $s) {
    $s->set('j', $s->get('j') * 100);
});
$show(fn() => $a->increment('j'));   // 301

echo "-- forked workers while another process keeps replacing the entry --\n";
$a->set('n', 0);
$n = store_test_under_valgrind() ? 300 : (getenv('SHMX_STRESS') ? 60000 : 15000);
$codes = store_test_fork(4, function (int $w) use ($id, $n) {
    $s = new Shmx\Store($id, 0);
    if ($w < 3) {
        for ($i = 0; $i < $n; $i++) {
            $s->increment('n');
        }
        return 0;
    }
    // The value is kept, the entry is not: a new entry under lock(), a float and back again,
    // a new expiry. An increment that landed in a retired entry would be missing at the end.
    for ($i = 0; $i < $n / 5; $i++) {
        switch ($i % 4) {
            case 0:
                $s->lock(function (Shmx\Store $st) use ($i) {
                    $v = $st->get('n');
                    $st->delete('n');
                    $st->set('n', $v, $i % 8 ? 0 : 3600);
                });
                break;
            default:
                $v = $s->increment('n', 0.0);        // int -> float, outside lock()
                while (is_float($v) && !$s->compareAndSwap('n', $v, (int)$v)) {
                    $v = $s->get('n');
                }
                break;
        }
        $s->set("pad$i", $i);                         // blocks come and go, and get reused
        $s->delete('pad' . ($i - 3));
    }
    return 0;
});
var_dump($codes === [0, 0, 0, 0]);
$total = $a->get('n');
var_dump($total == 3 * $n ? 'exact' : "got $total of " . 3 * $n);
$a->clear();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('increment-hint'));
?>
--EXPECTF--
-- one process, two handles --
int(3)
int(1)
Shmx\Exception: /shmx-store-%s-increment-hint: cannot increment the value of key "k": it is string, not an int or float
int(11)
int(21)
int(1)
float(2.5)
int(6)
float(7.5)
float(7.5)
int(301)
-- forked workers while another process keeps replacing the entry --
bool(true)
string(5) "exact"
