--TEST--
Shmx: Segment: addInt(): 4 forked workers x 50,000 increments end exact
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

$seg = new Shmx\Segment(null, 64);
shmx_test_fork(4, function () use ($seg) {
    for ($n = 0; $n < 50000; $n++) {
        $seg->addInt(8, 1);
    }
});
var_dump($seg->getInt(8));

/* The same on a segment every worker opens by its key, with a delta that is not 1. */
$key = shmx_test_key(__FILE__);
$seg = new Shmx\Segment($key, 64, 'n');
shmx_test_fork(4, function () use ($key) {
    $own = new Shmx\Segment($key, 0, 'w');
    for ($n = 0; $n < 50000; $n++) {
        $own->addInt(16, -3);
    }
});
var_dump($seg->getInt(16));
$seg->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
int(200000)
int(-600000)
