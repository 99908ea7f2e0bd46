--TEST--
Shmx: Store: get() never returns a value from a block that was freed and reused
--EXTENSIONS--
shmx
--FILE--
<?php
$s = new Shmx\Store(null, 64 * 1024);
$other = new Shmx\Store(null, 64 * 1024);   // unused: a second handle has its own lookup hints
$ok = true;
for ($round = 0; $round < 300; $round++) {
    $s->set('a', "a$round");
    $s->set('b', $round);
    $ok = $ok && $s->get('a') === "a$round" && $s->get('b') === $round;    // remembered where
    $s->delete('a');
    $s->set('b', "now a string $round");                                   // replaced, other type
    for ($i = 0; $i < 100; $i++) {                                          // reuse the freed blocks
        $s->set("filler$i", str_repeat('f', $i % 7));
        $s->set("a-like$i", "a$round");
    }
    $ok = $ok && $s->get('a') === null && $s->has('a') === false && $s->get('b') === "now a string $round";
    if ($round % 10 === 0) {
        $s->clear();
        $ok = $ok && $s->get('b') === null && $s->get('filler1') === null;
    }
    for ($i = 0; $i < 100; $i++) {
        $s->delete("filler$i");
        $s->delete("a-like$i");
    }
}
var_dump($ok);
?>
--EXPECT--
bool(true)
