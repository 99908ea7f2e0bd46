--TEST--
Shmx: compat: sem_acquire() in a process with the real ext/sysvsem and shmx_sem_acquire() exclude each other
--EXTENSIONS--
shmx
sysvsem
--FILE--
<?php
$key = ftok(__FILE__, 'm');
$shmx_php = PHP_BINARY . ' -n -d extension=' . escapeshellarg(__DIR__ . '/../../modules/shmx.so');
$real_php = PHP_BINARY . ' -n -d extension_dir=' . escapeshellarg(ini_get('extension_dir')) . ' -d extension=sysvsem';

function run(string $php, string $code): string {
    $p = proc_open($php . ' -r ' . escapeshellarg($code), [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    proc_close($p);
    return trim($out);
}

// The real extension holds the semaphore here; a shmx process cannot take it...
$real = sem_get($key, 1, 0600);
var_dump(sem_acquire($real));
echo run($shmx_php, '$s = shmx_sem_get(' . $key . ', 1, 0600); var_dump(shmx_sem_acquire($s, true));'), "\n";
// ...until it is released.
var_dump(sem_release($real));
echo run($shmx_php, '$s = shmx_sem_get(' . $key . ', 1, 0600); var_dump(shmx_sem_acquire($s, true), shmx_sem_release($s));'), "\n";

// shmx holds it here; a process with only the real extension cannot take it.
$mine = shmx_sem_get($key, 1, 0600);
var_dump(shmx_sem_acquire($mine));
echo run($real_php, '$s = sem_get(' . $key . ', 1, 0600); var_dump(sem_acquire($s, true), extension_loaded("shmx"));'), "\n";
var_dump(shmx_sem_release($mine));
echo run($real_php, '$s = sem_get(' . $key . ', 1, 0600); var_dump(sem_acquire($s, true));'), "\n";

// A holder that dies is undone by the kernel for both.
echo run($real_php, '$s = sem_get(' . $key . ', 1, 0600); sem_acquire($s); echo "held\n"; exit(0);'), "\n";
var_dump(shmx_sem_acquire($mine, true), shmx_sem_release($mine));
var_dump(sem_remove($real));
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(false)
bool(false)
bool(true)
bool(true)
held
bool(true)
bool(true)
bool(true)
