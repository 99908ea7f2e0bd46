--TEST--
Shmx: Store: a full store throws FullException and changes nothing; freed space is reused
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Store(null, 256 * 1024);
$s->set('old', 'old value');
try {
    $s->set('old', str_repeat('x', 300 * 1024));
} catch (Shmx\FullException $e) {
    echo get_class($e), "\n";
}
var_dump($s->get('old'));
$n = 0;
try {
    for (;; $n++) {
        $s->set("k$n", str_repeat(chr(65 + $n % 26), 100 + $n % 700));
    }
} catch (Shmx\FullException $e) {
    echo "full\n";
}
$before = $s->info();
try { $s->set('old', str_repeat('y', 2000)); } catch (Shmx\FullException $e) { echo "full again\n"; }
try { $s->add('new', str_repeat('y', 2000)); } catch (Shmx\FullException $e) { echo "full for add\n"; }
$after = $s->info();
var_dump($s->get('old'), $s->has('new'), $before['used'] === $after['used'], $before['entries'] === $after['entries']);
$ok = true;
for ($i = 0; $i < $n; $i++) {
    $ok = $ok && $s->get("k$i") === str_repeat(chr(65 + $i % 26), 100 + $i % 700);
}
var_dump($ok);
// delete every other value: the freed blocks take values of other sizes
for ($i = 0; $i < $n; $i += 2) {
    $s->delete("k$i");
}
$m = 0;
try {
    for (;; $m++) {
        $s->set("big$m", str_repeat('b', 60));
    }
} catch (Shmx\FullException $e) {
}
var_dump($m > $n / 2);
for ($i = 1; $i < $n; $i += 2) {
    $s->delete("k$i");
}
for ($i = 0; $i < $m; $i++) {
    $s->delete("big$i");
}
var_dump(count($s), $s->info()['used'] === $s->info()['size'] - $s->info()['free']);
// everything is free again: one value of most of the store fits
$s->set('huge', str_repeat('h', 200 * 1024));
var_dump(strlen($s->get('huge')));
?>
--EXPECT--
Shmx\FullException
string(9) "old value"
full
full again
full for add
string(9) "old value"
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
int(1)
bool(true)
int(204800)
