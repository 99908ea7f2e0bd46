--TEST--
Shmx: shmx ls/stat/dump: foreign and damaged memory is reported, never trusted: garbage bytes, a truncated Store, an empty object, a kind from a later build, another layout version, a dead formatter, a header whose sizes lie
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/cli.inc';

function region_header(int $magic, int $version, int $kind, int $total, int $initPid = 0): string
{
    return pack('VVVVPPl', $magic, $version, $kind, 64, $total, $total - 64, $initPid) . str_repeat("\0", 28);
}

function write_object(string $name, string $bytes): void
{
    file_put_contents('/dev/shm' . $name, $bytes);
}

$names = [];
foreach (['garbage', 'truncated', 'empty', 'kind9', 'version4', 'formatter', 'sizes', 'shortmutex'] as $n) {
    $names[$n] = cli_name("hostile-$n");
    @unlink('/dev/shm' . $names[$n]);
}
mt_srand(11);
$garbage = '';
for ($i = 0; $i < 4096; $i++) {
    $garbage .= chr(mt_rand(0, 255));
}
write_object($names['garbage'], $garbage);

$s = new Shmx\Store($names['truncated'], 256 << 10, 'n');
$s->set('k', 'v');
unset($s);
$fp = fopen('/dev/shm' . $names['truncated'], 'r+');
ftruncate($fp, 100 << 10);
fclose($fp);

write_object($names['empty'], '');
$v = (new Shmx\Store(null, 1 << 20))->info()['layout_version'];   // this build's
write_object($names['kind9'], region_header(0x584d4853, $v, 9, 4096) . str_repeat("\xff", 4032));
write_object($names['version4'], region_header(0x584d4853, 4, 1, 4096) . str_repeat("\0", 4032));
$dead = cli_in_dead_child(function () {});
write_object($names['formatter'], region_header(0x54494e49, $v, 0, 0, $dead) . str_repeat("\0", 4032));
write_object($names['sizes'], region_header(0x584d4853, $v, 1, 1 << 40) . str_repeat("\0", 4032));
write_object($names['shortmutex'], region_header(0x584d4853, $v, 3, 64 + 16) . str_repeat("\xff", 16));

$ls = cli_ls(array_values($names));
foreach ($names as $n => $name) {
    $o = $ls[$name] ?? null;
    echo "$n: ", $o === null ? 'not listed' : cli_pick($o, ['size', 'shmx', 'kind', 'layout_version', 'status', 'entries']), "\n";
    echo "  creator: ", $o === null ? '-' : ($o['creator_pid'] === $dead ? "the dead pid, alive " . json_encode($o['creator_alive']) : json_encode($o['creator_pid'])), "\n";
}

echo "stat of the truncated Store: ", cli_json('stat', $names['truncated'])['status'], "\n";
[$code, $out, $err] = cli_run('dump', $names['truncated']);
echo "dump of the truncated Store: exit $code, ", trim($err), "\n";
[$code, $out, $err] = cli_run('dump', $names['garbage'], '--json');
$d = json_decode($out, true);
echo "dump of garbage: exit $code, kind ", json_encode($d['kind']), ", head matches: ", json_encode($d['head'] === bin2hex(substr($garbage, 0, 256))), "\n";
[$code, $out, $err] = cli_run('dump', $names['empty']);
echo "dump of the empty object: exit $code\n$out";
[$code, $out, $err] = cli_run('top', $names['garbage'], '--count', '1');
echo "top of garbage: exit $code, ", trim($err), "\n";

foreach ($names as $name) {
    @unlink('/dev/shm' . $name);
}
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
foreach (['garbage', 'truncated', 'empty', 'kind9', 'version4', 'formatter', 'sizes', 'shortmutex'] as $n) {
    @unlink('/dev/shm' . cli_name("hostile-$n"));
}
?>
--EXPECTF--
garbage: {"size":4096,"shmx":false,"kind":null,"layout_version":null,"status":"not a shmx object","entries":null}
  creator: null
truncated: {"size":102400,"shmx":true,"kind":"Store","layout_version":%d,"status":"damaged: the shmx header's sizes (262144 bytes) do not fit the 102400-byte object","entries":null}
  creator: %d
empty: {"size":0,"shmx":false,"kind":null,"layout_version":null,"status":"empty (0 bytes): not a shmx object","entries":null}
  creator: null
kind9: {"size":4096,"shmx":true,"kind":"shmx kind 9","layout_version":%d,"status":"ok","entries":null}
  creator: null
version4: {"size":4096,"shmx":true,"kind":"Store","layout_version":4,"status":"shmx layout version 4, this build reads version %d","entries":null}
  creator: null
formatter: {"size":4096,"shmx":true,"kind":null,"layout_version":null,"status":"damaged: its formatter (pid %d) died before it finished; the next open formats it again","entries":null}
  creator: the dead pid, alive false
sizes: {"size":4096,"shmx":true,"kind":"Store","layout_version":%d,"status":"damaged: the shmx header's sizes (1099511627776 bytes) do not fit the 4096-byte object","entries":null}
  creator: null
shortmutex: {"size":80,"shmx":true,"kind":"Mutex","layout_version":%d,"status":"damaged: 16 bytes of payload, a Mutex needs 128","entries":null}
  creator: null
stat of the truncated Store: damaged: the shmx header's sizes (262144 bytes) do not fit the 102400-byte object
dump of the truncated Store: exit 1, shmx: %s: damaged: the shmx header's sizes (262144 bytes) do not fit the 102400-byte object
dump of garbage: exit 0, kind null, head matches: true
dump of the empty object: exit 0
%s: empty (0 bytes): not a shmx object, 0 bytes; the first 0:
top of garbage: exit 1, shmx: %s: top watches a Store, and this is not a shmx object
