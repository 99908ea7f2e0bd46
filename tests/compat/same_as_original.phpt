--TEST--
Shmx: compat: the same script under PHP's own shmop/sysvshm/sysvsem and under shmx.compat=1 prints the same (IPC_PRIVATE attach, IPC_CREAT in shmop permissions, formatting a larger segment, phpinfo rows, function order)
--EXTENSIONS--
shmx
--SKIPIF--
<?php
foreach (['shmop', 'sysvshm', 'sysvsem'] as $ext) {
    if (!is_file(ini_get('extension_dir') . "/$ext.so")) die("skip needs PHP's own $ext.so");
}
?>
--FILE--
<?php
$script = <<<'PHP'
<?php
[, $k1, $k2] = $argv;
function show(string $what, callable $f) {
    try {
        $r = $f();
        echo "$what: ", is_object($r) ? get_class($r) : var_export($r, true), "\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
set_error_handler(function ($no, $msg) { echo "  warning: $msg\n"; return true; });
// IPC_PRIVATE: a new segment each time, shared with a fork child.
$s = shm_attach(0, 1000);
show('shm_attach(0)', fn() => $s);
shm_put_var($s, 1, 'private');
$pid = pcntl_fork();
if ($pid === 0) { shm_put_var($s, 2, 'from the child'); exit(0); }
pcntl_waitpid($pid, $st);
show('the child wrote', fn() => shm_get_var($s, 2));
shm_remove($s);
show('shm_attach(0, 39)', fn() => shm_attach(0, 39));
// IPC_CREAT (01000) among shmop's permissions, with a mode that does not create.
$c = shmop_open((int)$k1, 'c', 0600, 16);
show('shmop_open w with IPC_CREAT', fn() => shmop_open((int)$k1, 'w', 01600, 0));
show('shmop_open a with IPC_CREAT', fn() => shmop_open((int)$k1, 'a', 01600, 0));
show('shmop_open w', fn() => shmop_open((int)$k1, 'w', 0600, 0));
shmop_delete($c);
// An existing segment with no head, larger than $size: formatted as $size bytes.
$raw = shmop_open((int)$k2, 'c', 0600, 1000);
$v = shm_attach((int)$k2, 100);
show('a 200-byte value into 100 bytes', fn() => shm_put_var($v, 1, str_repeat('x', 200)));
show('a small value', fn() => shm_put_var($v, 2, 'fits'));
$head = unpack('q5', shmop_read($raw, 0, 40));
echo "head: free $head[4], total $head[5]\n";
shm_remove($v);
shmop_delete($raw);
// What phpinfo() says, and the functions in the original's order.
foreach (['shmop', 'sysvshm', 'sysvsem'] as $ext) {
    ob_start();
    (new ReflectionExtension($ext))->info();
    $info = ob_get_clean();
    echo "$ext: ", var_export(str_contains($info, "$ext support => enabled"), true), ' ', implode(' ', get_extension_funcs($ext)), "\n";
}
PHP;
$file = sys_get_temp_dir() . '/shmx-same-as-original-' . getmypid() . '.php';
file_put_contents($file, $script);
$dir = ' -n -d extension_dir=' . escapeshellarg(ini_get('extension_dir'));
$args = ' ' . escapeshellarg($file) . ' ' . ftok(__FILE__, 'o') . ' ' . ftok(__FILE__, 'p');
$original = shell_exec(PHP_BINARY . $dir . ' -d extension=shmop -d extension=sysvshm -d extension=sysvsem' . $args . ' 2>&1');
$shmx = shell_exec(PHP_BINARY . $dir . ' -d extension=' . escapeshellarg(__DIR__ . '/../../modules/shmx.so') . ' -d shmx.compat=1' . $args . ' 2>&1');
unlink($file);
echo $shmx;
echo $original === $shmx ? "the same under the originals\n" : "under the originals:\n$original";
?>
--EXPECTF--
shm_attach(0): SysvSharedMemory
the child wrote: 'from the child'
  warning: shm_attach(): Failed for key 0x0: memorysize too small
shm_attach(0, 39): false
shmop_open w with IPC_CREAT: ValueError: shmop_open(): Argument #4 ($size) must be greater than 0 for the "c" and "n" access modes
shmop_open a with IPC_CREAT: ValueError: shmop_open(): Argument #4 ($size) must be greater than 0 for the "c" and "n" access modes
shmop_open w: Shmop
  warning: shm_put_var(): Not enough shared memory left
a 200-byte value into 100 bytes: false
a small value: true
head: free %d, total 100
shmop: true shmop_open shmop_read shmop_close shmop_size shmop_write shmop_delete
sysvshm: true shm_attach shm_detach shm_has_var shm_remove shm_put_var shm_get_var shm_remove_var
sysvsem: true sem_get sem_acquire sem_release sem_remove
the same under the originals
