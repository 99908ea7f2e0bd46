--TEST--
Shmx: shmx.redis_spin: how long a Redis call polls for its reply before it sleeps; 0 turns it off, and the same calls give the same results either way; bad values are refused with a warning
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
var_dump(ini_get('shmx.redis_spin'));
foreach (['-1', 'abc', '', '0.002', 'nan'] as $bad) {
    var_dump(ini_set('shmx.redis_spin', $bad));
}
var_dump(ini_get('shmx.redis_spin'));
$s = new Shmx\Store(redis_url(__FILE__));
$q = new Shmx\Queue(redis_url(__FILE__) . 'q', 1 << 16);
foreach (['0', '0.00005', '0.001'] as $spin) {
    ini_set('shmx.redis_spin', $spin);
    $s->set('k', "v$spin");
    $s->increment('n');
    $t = microtime(true);
    try {
        $q->pop(0.2);                                 // BLMOVE: waits on the server, asleep
        $got = 'a value';
    } catch (Shmx\TimeoutException $e) {
        $got = 'timed out';
    }
    echo "$spin: ", $s->get('k'), ' ', $s->get('n'), " $got ", microtime(true) - $t >= 0.15 ? 'waited' : 'did not wait', "\n";
}
$s->destroy();
$q->destroy();
?>
--EXPECTF--
string(7) "0.00005"

Warning: ini_set(): shmx.redis_spin must be a number of seconds from 0 to 0.001, not "-1" in %s on line %d
bool(false)

Warning: ini_set(): shmx.redis_spin must be a number of seconds from 0 to 0.001, not "abc" in %s on line %d
bool(false)

Warning: ini_set(): shmx.redis_spin must be a number of seconds from 0 to 0.001, not "" in %s on line %d
bool(false)

Warning: ini_set(): shmx.redis_spin must be a number of seconds from 0 to 0.001, not "0.002" in %s on line %d
bool(false)

Warning: ini_set(): shmx.redis_spin must be a number of seconds from 0 to 0.001, not "nan" in %s on line %d
bool(false)
string(7) "0.00005"
0: v0 1 timed out waited
0.00005: v0.00005 2 timed out waited
0.001: v0.001 3 timed out waited
