--TEST--
Shmx: a huge value read under a low memory_limit (shmx_read, shmx_get_var, Segment::read, Store::get) is PHP's normal "Allowed memory size" fatal error, shutdown functions run, never a hard kill
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/../store/store.inc';
$key = 0x5f000000 | hexdec(substr(store_test_tag(), 0, 4));
/* Each case runs in its own php with memory_limit=8M (and PHP's own allocator, also under
 * valgrind); the value is written first with a higher limit. */
$cases = [
    'shmx_read' => '$h = shmx_open(KEY, "c", 0600, 48 << 20); shmx_write($h, "x", 0); ini_set("memory_limit", "8M"); $s = shmx_read($h, 0, 48 << 20);',
    'shmx_get_var' => '$h = shmx_attach(KEY + 1, 48 << 20); ini_set("memory_limit", "200M"); shmx_put_var($h, 1, str_repeat("x", 40 << 20)); ini_set("memory_limit", "8M"); $v = shmx_get_var($h, 1);',
    'Segment::read' => '$s = new Shmx\Segment(KEY + 2, 48 << 20); ini_set("memory_limit", "8M"); $v = $s->read(0, 48 << 20);',
    'Store::get' => '$s = new Shmx\Store(null, 64 << 20); ini_set("memory_limit", "200M"); $s->set("k", str_repeat("x", 40 << 20)); ini_set("memory_limit", "8M"); $v = $s->get("k");',
];
foreach ($cases as $what => $code) {
    $code = str_replace('KEY', (string)$key, $code);
    $code = 'register_shutdown_function(function () { echo "shutdown function ran\n"; }); ' . $code . ' echo "not reached\n";';
    $cmd = 'USE_ZEND_ALLOC=1 ' . store_test_php_command(['-d memory_limit=64M', '-d display_errors=1'])
        . ' -r ' . escapeshellarg($code) . ' 2>&1; echo "exit $?"';
    $out = shell_exec($cmd);
    echo "$what: ", preg_replace('/\d+ bytes/', 'N bytes', trim(str_replace("\n", ' | ', trim($out)))), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/../store/store.inc';
$key = 0x5f000000 | hexdec(substr(store_test_tag(), 0, 4));
foreach ([$key, $key + 1, $key + 2] as $k) {
    store_test_destroy($k);
}
?>
--EXPECT--
shmx_read: Fatal error: Allowed memory size of N bytes exhausted (tried to allocate N bytes) in Command line code on line 1 | shutdown function ran | exit 255
shmx_get_var: Fatal error: Allowed memory size of N bytes exhausted (tried to allocate N bytes) in Command line code on line 1 | shutdown function ran | exit 255
Segment::read: Fatal error: Allowed memory size of N bytes exhausted (tried to allocate N bytes) in Command line code on line 1 | shutdown function ran | exit 255
Store::get: Fatal error: Allowed memory size of N bytes exhausted (tried to allocate N bytes) in Command line code on line 1 | shutdown function ran | exit 255
