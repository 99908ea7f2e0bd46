--TEST--
Shmx: Store on Redis: compareAndSwap() compares two floats as numbers, as === and a local store do (0.0 is -0.0, NAN matches nothing), and an int never matches a float
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
/* [stored, expected]: each is swapped for 'new' when the two are equal to compareAndSwap(). */
$cases = [
    '0.0 / -0.0' => [0.0, -0.0],
    '-0.0 / 0.0' => [-0.0, 0.0],
    '-0.0 / -0.0' => [-0.0, -0.0],
    'NAN / NAN' => [NAN, NAN],
    '-NAN / NAN' => [-NAN, NAN],
    'NAN / 0.0' => [NAN, 0.0],
    'INF / INF' => [INF, INF],
    '-INF / -INF' => [-INF, -INF],
    'INF / -INF' => [INF, -INF],
    '0.1+0.2 / 0.30000000000000004' => [0.1 + 0.2, 0.30000000000000004],
    '0.1+0.2 / 0.3' => [0.1 + 0.2, 0.3],
    '5e-324 / 5e-324' => [5e-324, 5e-324],
    '5e-324 / 0.0' => [5e-324, 0.0],
    'PHP_FLOAT_MAX / PHP_FLOAT_MAX' => [PHP_FLOAT_MAX, PHP_FLOAT_MAX],
    'int 1 / 1.0' => [1, 1.0],
    '1.0 / int 1' => [1.0, 1],
    'int 0 / -0.0' => [0, -0.0],
    "'1.5' / 1.5" => ['1.5', 1.5],
    '1.5 / 1.5' => [1.5, 1.5],
];
$local = new Shmx\Store(null);
$url = redis_url(__FILE__);
$redis = new Shmx\Store($url);
foreach ($cases as $name => [$stored, $expected]) {
    $out = [];
    foreach (['local' => $local, 'redis' => $redis] as $b => $s) {
        $s->set('k', $stored);
        $r = $s->compareAndSwap('k', $expected, 'new');
        $out[$b] = var_export($r, true) . '/' . var_export($s->get('k') === 'new', true);
    }
    echo str_pad($name, 32), $out['local'], $out['local'] === $out['redis'] ? '' : '  redis: ' . $out['redis'], "\n";
}
/* Another process sees the swapped value. */
$redis->set('z', 0.0);
var_dump($redis->compareAndSwap('z', -0.0, 7));
$pid = pcntl_fork();
if ($pid === 0) {
    $c = new Shmx\Store($url);
    exit($c->get('z') === 7 && !$c->compareAndSwap('z', 7.0, 8) ? 0 : 1);
}
pcntl_waitpid($pid, $st);
var_dump(pcntl_wexitstatus($st), $redis->get('z'));
$redis->destroy();
?>
--EXPECT--
0.0 / -0.0                      true/true
-0.0 / 0.0                      true/true
-0.0 / -0.0                     true/true
NAN / NAN                       false/false
-NAN / NAN                      false/false
NAN / 0.0                       false/false
INF / INF                       true/true
-INF / -INF                     true/true
INF / -INF                      false/false
0.1+0.2 / 0.30000000000000004   true/true
0.1+0.2 / 0.3                   false/false
5e-324 / 5e-324                 true/true
5e-324 / 0.0                    false/false
PHP_FLOAT_MAX / PHP_FLOAT_MAX   true/true
int 1 / 1.0                     false/false
1.0 / int 1                     false/false
int 0 / -0.0                    false/false
'1.5' / 1.5                     false/false
1.5 / 1.5                       true/true
bool(true)
int(0)
int(7)
