--TEST--
Shmx: compat: shmx_* and the real ext/sysvshm share variables in both directions
--EXTENSIONS--
shmx
sysvshm
--FILE--
<?php
$key = ftok(__FILE__, 'i');

// In one process: the real extension and shmx on the same segment.
$real = shm_attach($key, 4096, 0600);
$mine = shmx_attach($key);
var_dump(shm_put_var($real, 1, ['from' => 'sysvshm', 'n' => 1]));
var_dump(shmx_put_var($mine, 2, ['from' => 'shmx', 'f' => 1.5]));
var_dump(shmx_get_var($mine, 1), shm_get_var($real, 2));
// Replacing and removing keep the chain both sides walk.
var_dump(shmx_put_var($mine, 1, 'replaced by shmx'), shm_put_var($real, 3, str_repeat('r', 100)));
var_dump(shm_remove_var($real, 2), shmx_has_var($mine, 2), shm_get_var($real, 1), shmx_get_var($mine, 3) === str_repeat('r', 100));

// Another process that has only the real extension reads what shmx wrote and answers.
$cmd = PHP_BINARY . ' -n -d extension_dir=' . escapeshellarg(ini_get('extension_dir')) . ' -d extension=sysvshm -r '
    . escapeshellarg('$s = shm_attach(' . $key . '); var_export(shm_get_var($s, 1)); shm_put_var($s, 4, ["pid" => getmypid(), "ext" => extension_loaded("shmx")]);');
$p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo stream_get_contents($pipes[1]), "\n";
echo stream_get_contents($pipes[2]);
var_dump(proc_close($p));
$answer = shmx_get_var($mine, 4);
var_dump(is_int($answer['pid']), $answer['ext']);

// And the other way: a process with only shmx reads what the real extension wrote.
shm_put_var($real, 5, 'written by sysvshm');
$cmd = PHP_BINARY . ' -n -d extension=' . escapeshellarg(__DIR__ . '/../../modules/shmx.so') . ' -r '
    . escapeshellarg('$s = shmx_attach(' . $key . '); echo shmx_get_var($s, 5), " ", var_export(extension_loaded("sysvshm"), true); shmx_remove_var($s, 5);');
$p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
echo stream_get_contents($pipes[1]), "\n";
echo stream_get_contents($pipes[2]);
var_dump(proc_close($p));
var_dump(shm_has_var($real, 5));
shm_remove($real);
?>
--EXPECT--
bool(true)
bool(true)
array(2) {
  ["from"]=>
  string(7) "sysvshm"
  ["n"]=>
  int(1)
}
array(2) {
  ["from"]=>
  string(4) "shmx"
  ["f"]=>
  float(1.5)
}
bool(true)
bool(true)
bool(true)
bool(false)
string(16) "replaced by shmx"
bool(true)
'replaced by shmx'
int(0)
bool(true)
bool(false)
written by sysvshm false
int(0)
bool(false)
