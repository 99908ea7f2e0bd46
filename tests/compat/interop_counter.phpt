--TEST--
Shmx: compat: a counter incremented under the semaphore by a shmx process and a real sysvshm/sysvsem process loses nothing
--EXTENSIONS--
shmx
pcntl
--FILE--
<?php
$shmKey = ftok(__FILE__, 'n');
$semKey = ftok(__FILE__, 'p');
$rounds = getenv('SHMX_STRESS') ? 5000 : 500;
pcntl_alarm(120);

$sem = shmx_sem_get($semKey, 1, 0600);
$shm = shmx_attach($shmKey, 4096, 0600);
shmx_put_var($shm, 1, 0);

// The other process runs the same loop with the original extensions only.
$child = '$sem = sem_get(' . $semKey . ', 1, 0600); $shm = shm_attach(' . $shmKey . ');'
    . ' sem_acquire($sem); shm_put_var($shm, 2, "ready"); sem_release($sem);'
    . ' while (!shm_has_var($shm, 100)) {}'
    . ' for ($i = 0; $i < ' . $rounds . '; $i++) { sem_acquire($sem);'
    . ' shm_put_var($shm, 1, shm_get_var($shm, 1) + 1); shm_put_var($shm, 3 + ($i % 7), str_repeat("x", $i % 50));'
    . ' sem_release($sem); } echo "child done\n";';
$cmd = PHP_BINARY . ' -n -d extension_dir=' . escapeshellarg(ini_get('extension_dir'))
    . ' -d extension=sysvshm -d extension=sysvsem -r ' . escapeshellarg($child);
$p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);

// Start barrier: the child spins until "go", so that both loops run at the same time.
while (!shmx_has_var($shm, 2)) {
    usleep(1000);
}
shmx_sem_acquire($sem);
shmx_put_var($shm, 100, 'go');
shmx_sem_release($sem);
for ($i = 0; $i < $rounds; $i++) {
    shmx_sem_acquire($sem);
    shmx_put_var($shm, 1, shmx_get_var($shm, 1) + 1);
    shmx_put_var($shm, 3 + ($i % 7), str_repeat("y", $i % 50));
    shmx_sem_release($sem);
}

echo trim(stream_get_contents($pipes[1]) . stream_get_contents($pipes[2])), "\n";
var_dump(proc_close($p));
var_dump(shmx_get_var($shm, 1) === 2 * $rounds);
shmx_remove($shm);
shmx_sem_remove($sem);
?>
--EXPECT--
child done
int(0)
bool(true)
