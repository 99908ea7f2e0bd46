--TEST--
Shmx: a SIGBUS that is not a fault in a shmx mapping still takes its default action (the guard passes it on)
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
/* An unrelated php (not a fork, and not under valgrind when the suite is) with shmx loaded,
 * holding a file: segment so that the guard has a mapping registered, sends itself SIGBUS. */
$path = sys_get_temp_dir() . '/shmx-test-' . getmypid() . '-sigbus.bin';
$code = '$s = new Shmx\Segment(' . var_export("file:$path", true) . ', 4096, "n"); $s->write("x"); '
    . 'echo "sending\n"; posix_kill(posix_getpid(), SIGBUS); echo "survived\n";';
$cmd = [PHP_BINARY, '-n', '-d', 'extension_dir=' . ini_get('extension_dir'),
    '-d', 'extension=' . realpath(__DIR__ . '/../../modules/shmx.so'), '-d', 'extension=posix', '-r', $code];
$p = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes);
fclose($pipes[0]);
echo stream_get_contents($pipes[1]);
fclose($pipes[1]);
do {
    $st = proc_get_status($p);
    if ($st['running']) {
        usleep(1000);
    }
} while ($st['running']);
proc_close($p);
echo $st['signaled'] ? 'killed by ' . ($st['termsig'] === SIGBUS ? 'SIGBUS' : 'signal ' . $st['termsig']) : 'exited ' . $st['exitcode'], "\n";
@unlink($path);
?>
--EXPECT--
sending
killed by SIGBUS
