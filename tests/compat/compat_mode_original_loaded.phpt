--TEST--
Shmx: compat: shmx.compat=1 leaves a loaded original alone, whatever the load order, with a startup warning
--EXTENSIONS--
shmx
--FILE--
<?php
$shmx = escapeshellarg(__DIR__ . '/../../modules/shmx.so');
$dir = escapeshellarg(ini_get('extension_dir'));
$key = ftok(__FILE__, 'o');
$code = escapeshellarg('foreach (["shm_attach", "sem_get"] as $f) echo $f, ": ", (new ReflectionFunction($f))->getExtensionName(), "\n";'
    . '$s = sem_get(' . $key . ', 1, 0600); echo get_class($s), " ", function_exists("shmx_sem_get") ? "shmx_sem_get" : "-", "\n"; sem_remove($s);');
foreach (["-d extension=sysvsem -d extension=$shmx", "-d extension=$shmx -d extension=sysvsem"] as $order) {
    $cmd = PHP_BINARY . " -n -d display_startup_errors=1 -d extension_dir=$dir $order -d shmx.compat=1 -r $code 2>&1";
    echo shell_exec($cmd), "--\n";
}
?>
--EXPECTF--
%AWarning: PHP Startup: shmx.compat=1: ext/sysvsem is loaded, so its functions and class stay the original's; shmx provides only its shmx_ names for it in Unknown on line 0
shm_attach: sysvshm
sem_get: sysvsem
SysvSemaphore shmx_sem_get
--
%AWarning: PHP Startup: shmx.compat=1: ext/sysvsem is loaded, so its functions and class stay the original's; shmx provides only its shmx_ names for it in Unknown on line 0
shm_attach: sysvshm
sem_get: sysvsem
SysvSemaphore shmx_sem_get
--
