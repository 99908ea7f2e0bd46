--TEST--
Shmx: Shmx\objects(), Shmx\inspect(), Shmx\remove() in this process (what bin/shmx runs on): keys, errors, hostile bytes
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/cli.inc';

$name = cli_name('inspect');
$junk = cli_name('inspect-junk');
$k = cli_key(40);
cli_remove($name, $junk, $k);
$s = new Shmx\Store($name, 64 << 10, 'n');
$s->set('a', 1);
$c = new Shmx\Counter($k, 7, 'n');
file_put_contents('/dev/shm' . $junk, "SHMX" . str_repeat("\xee", 200));

$o = Shmx\inspect($name);
echo implode(',', array_keys($o)), "\n";
echo cli_pick($o, ['id', 'kind', 'entries', 'status']) === json_encode(['id' => $name, 'kind' => 'Store', 'status' => 'ok', 'entries' => 1], JSON_UNESCAPED_SLASHES) ? "store ok\n" : cli_pick($o, ['id', 'kind', 'entries', 'status']) . "\n";
echo Shmx\inspect($k)['value'], ' ', Shmx\inspect(cli_hex($k))['value'], ' ', Shmx\inspect((string)$k)['value'], "\n";
echo Shmx\inspect($junk)['status'], "\n";
$ids = array_column(Shmx\objects(), 'id');
echo "listed: ", json_encode([in_array($name, $ids, true), in_array(cli_hex($k), $ids, true), in_array($junk, $ids, true)]), "\n";

foreach ([fn() => Shmx\inspect('shmid:abc'), fn() => Shmx\inspect(1 << 40), fn() => Shmx\inspect(''), fn() => Shmx\inspect('/a/b'),
    fn() => Shmx\inspect(cli_name('nothing')), fn() => Shmx\remove(cli_name('nothing')), fn() => Shmx\inspect(0), fn() => Shmx\inspect([])] as $f) {
    try {
        $f();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ': ', str_replace(cli_name('nothing'), 'NAME', $e->getMessage()), ' (', $e->getCode(), ")\n";
    }
}
Shmx\remove($name);
Shmx\remove($junk);
Shmx\remove($k);
echo "removed: ", json_encode([file_exists('/dev/shm' . $name), file_exists('/dev/shm' . $junk), $c->get()]), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
cli_remove(cli_name('inspect'), cli_name('inspect-junk'), cli_key(40));
?>
--EXPECTF--
id,backend,key,shmid,name,size,permissions,uid,user,gid,attached,attached_min,creator_pid,creator_alive,last_pid,ctime,destroyed,shmx,kind,layout_version,status,used,free,entries,hits,misses,value,holder,holder_alive,permits,available,closed
store ok
7 7 7
shmx layout version 4008636142, this build reads version %d
listed: [true,true,true]
ValueError: Shmx\inspect(): Argument #1 ($id) must give a System V shmid (0 or more) after "shmid:" (0)
ValueError: Shmx\inspect(): Argument #1 ($id) must be a System V key between -2147483648 and 4294967295 (0)
ValueError: Shmx\inspect(): Argument #1 ($id) must be a non-empty name (0)
ValueError: Shmx\inspect(): Argument #1 ($id) must be a name with no "/" after the first character (0)
Shmx\Exception: NAME: does not exist (2)
Shmx\Exception: NAME: does not exist (2)
Shmx\Exception: key 0 is IPC_PRIVATE, which names no segment: name one by its id, shmid:N (2)
TypeError: Shmx\inspect(): Argument #1 ($id) must be of type string|int, array given (0)
removed: [false,false,7]
