--TEST--
Shmx: shmx ls/stat/dump on a Queue: its messages and bytes in use; positions that do not fit its ring are reported as damage
--EXTENSIONS--
shmx
--INI--
pcre.jit=0
--FILE--
<?php
require __DIR__ . '/cli.inc';
$name = cli_name('queue');
cli_remove($name);
$q = new Shmx\Queue($name, 4096, 'n');
$q->push('first');
$q->push([1, 2, 3]);
$q->push(42);
$o = cli_json('stat', $name);
echo "stat: ", cli_pick($o, ['kind', 'status', 'entries', 'used', 'free']), "\n";
$d = cli_json('dump', $name);
echo "dump: ", json_encode($d), "\n";
$q->pop();
$o = cli_json('stat', $name);
echo "after a pop: ", cli_pick($o, ['entries', 'used', 'closed']), "\n";
$q->close();
echo "closed: ", cli_pick(cli_json('stat', $name), ['entries', 'closed']), ", dump says closed: ",
    var_export(cli_json('dump', $name)['closed'], true), "\n";
[, $ls] = cli_run('ls');
echo "ls: ", preg_match('/2 messages, used [^,\n]+ of [^,\n]+, closed/', $ls), "\n";
// head beyond tail, written through a raw view (the region header's 64 bytes, the queue's
// lock's 64, its capacity's 8, then head).
$raw = new Shmx\Segment($name, 0, 'w');
$raw->write(pack('P', 1 << 40), 64 + 64 + 8);
$o = cli_json('stat', $name);
echo "damaged: ", cli_pick($o, ['kind', 'status', 'entries']), "\n";
$q->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
cli_remove(cli_name('queue'));
?>
--EXPECTF--
stat: {"kind":"Queue","status":"ok","used":%d,"free":%d,"entries":3}
dump: {"id":"%s","kind":"Queue","messages":3,"used":%d,"free":%d,"closed":false}
after a pop: {"used":%d,"entries":2,"closed":false}
closed: {"entries":2,"closed":true}, dump says closed: true
ls: 1
damaged: {"kind":"Queue","status":"damaged: its positions (head 1099511627776, tail %d) do not fit a 4096-byte ring","entries":null}
