--TEST--
Shmx: packaging: phpinfo() / php --ri shmx lists backends, locks, serializers, the SIGBUS guard, layout version and every INI entry
--EXTENSIONS--
shmx
--SKIPIF--
<?php
/* The other processes load igbinary, msgpack and shmop from the system's extension directory
 * (make test points extension_dir at modules/). */
foreach ([ini_get('extension_dir'), PHP_EXTENSION_DIR] as $dir) {
    if (is_file("$dir/igbinary.so") && is_file("$dir/msgpack.so") && is_file("$dir/shmop.so")) {
        exit;
    }
}
echo 'skip igbinary.so, msgpack.so and shmop.so are not installed';
?>
--INI--
shmx.lock_timeout=10
pcre.jit=0
--FILE--
<?php
/* The shmx part of phpinfo()'s text output: from the "shmx" heading to the next module's. */
function shmx_info(string $all): string
{
    if (!preg_match('/^shmx\n\n(.*?)(?=\n\n[A-Za-z][\w ]*\n\n(?!Directive)|\z)/ms', $all, $m)) {
        return "no shmx section in:\n$all";
    }
    return trim($m[1]) . "\n";
}

ini_set('shmx.lock_timeout', '2.5');
ob_start();
phpinfo(INFO_MODULES);
echo shmx_info(ob_get_clean());

/* Other processes: igbinary and msgpack loaded or not, compat mode, a script's own SIGBUS
 * handler replacing the guard. */
$shmx = escapeshellarg(__DIR__ . '/../../modules/shmx.so');
$dir = is_file(ini_get('extension_dir') . '/igbinary.so') ? ini_get('extension_dir') : PHP_EXTENSION_DIR;
$base = PHP_BINARY . ' -n -d extension_dir=' . escapeshellarg($dir);
$rows = '/^(Serializers|SIGBUS guard|Compat mode \(shmx\.compat\)|shmx\.compat) =>.*$/m';
foreach ([
    "-d extension=igbinary -d extension=msgpack -d extension=$shmx -d shmx.compat=1 --ri shmx",
    "-d extension=igbinary -d extension=$shmx -d extension=shmop -d shmx.compat=1 -d display_startup_errors=0 --ri shmx",
    "-d extension=$shmx -r " . escapeshellarg('pcntl_signal(SIGBUS, function () {}); phpinfo(INFO_MODULES);'),
] as $args) {
    $out = (string)shell_exec("$base $args 2>&1");
    preg_match_all($rows, $out, $m);
    echo "--\n", implode("\n", $m[0]), "\n";
}
?>
--EXPECTF--
shmx support => enabled
Version => 0.1.0
Backends => anon, sysv, posix, file
Locks that recover from a killed holder => yes (futex word naming the holder's thread)
Store, Mutex, Semaphore => available
shmx_sem_* (sysvsem compatible) => available
Redis backend (several hosts) => %s
Serializers => php, igbinary (not loaded), msgpack (not loaded)
SIGBUS guard => active (a POSIX or file: object truncated under a mapping is Shmx\CorruptException, not SIGBUS)
Layout version => %d
Thread safety => NTS build
Compat mode (shmx.compat) => off

Directive => Local Value => Master Value
shmx.allowed_classes => auto => auto
shmx.compat => Off => Off
shmx.lock_timeout => 2.5 => 10
shmx.redis_spin => 0.00005 => 0.00005
shmx.serializer => php => php
--
Serializers => php, igbinary (loaded), msgpack (loaded)
SIGBUS guard => active (a POSIX or file: object truncated under a mapping is Shmx\CorruptException, not SIGBUS)
Compat mode (shmx.compat) => on: the names of shmop, sysvshm, sysvsem
shmx.compat => On => On
--
Serializers => php, igbinary (loaded), msgpack (not loaded)
SIGBUS guard => active (a POSIX or file: object truncated under a mapping is Shmx\CorruptException, not SIGBUS)
Compat mode (shmx.compat) => on: the names of sysvshm, sysvsem
shmx.compat => On => On
--
Serializers => php, igbinary (not loaded), msgpack (not loaded)
SIGBUS guard => replaced by another SIGBUS handler (pcntl_signal?): a truncated mapping kills the process
Compat mode (shmx.compat) => off
shmx.compat => Off => Off
