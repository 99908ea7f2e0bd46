--TEST--
Shmx: the shmx command: names and values with control characters are shown escaped (no escape sequence or forged row reaches the terminal); NAN and INF survive --json; a malformed ID among several stops rm before it removes any
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/cli.inc';
// A Store whose key carries an escape sequence and a newline, and whose values are not finite.
$name = cli_name("esc\e[2J");
$s = new Shmx\Store($name, 65536, 'n');
$s->set("k\e[31mRED\nfake  row", 'v');
$s->set('inf', INF);
$s->set('nan', NAN);
[$code, $out] = cli_run('dump', $name);
echo "dump exit $code, raw ESC: ", var_export(str_contains($out, "\e"), true), "\n";
echo preg_replace('/^.*?(k\\\\033)/m', '$1', trim(implode("\n", preg_grep('/RED/', explode("\n", $out))))), "\n";
echo "rows: ", count(preg_grep('/fake  row/', explode("\n", $out))), " mentioning the fake row, ",
    count(preg_grep('/^fake/', explode("\n", $out))), " starting with it\n";
[$code, $out] = cli_run('ls');
echo "ls: raw ESC ", var_export(str_contains($out, "\e"), true), ", escaped name ",
    var_export(str_contains($out, substr($name, 0, -4) . '\033[2J'), true), "\n";
$j = cli_json('dump', $name);
var_dump($j['entries']['inf'], $j['entries']['nan']);
$s->destroy();

// rm with a malformed ID among good ones: exit 2, and nothing removed.
$a = new Shmx\Segment(cli_name('rm-a'), 64, 'n');
$b = new Shmx\Segment(cli_name('rm-b'), 64, 'n');
[$code, $out, $err] = cli_run('rm', cli_name('rm-a'), 'shmid:x', cli_name('rm-b'));
echo "rm exit $code, out '", trim($out), "', ", trim($err), "\n";
echo "both still there: ", var_export(file_exists('/dev/shm' . cli_name('rm-a')) && file_exists('/dev/shm' . cli_name('rm-b')), true), "\n";
[$code, $out, $err] = cli_run('rm', '--stale', '--dry-run', cli_name('rm-a'), '99999999999');
echo "rm --stale exit $code, out '", trim($out), "'\n";
[$code] = cli_run('rm', cli_name('rm-a'), cli_name('rm-b'));
echo "then rm exit $code\n";
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
foreach (["esc\e[2J", 'rm-a', 'rm-b'] as $n) {
    @unlink('/dev/shm' . cli_name($n));
}
?>
--EXPECTF--
dump exit 0, raw ESC: false
k\033[31mRED\nfake  row%s
rows: 1 mentioning the fake row, 0 starting with it
ls: raw ESC false, escaped name true
string(3) "INF"
string(3) "NAN"
rm exit 2, out '', shmx: rm: ID must give a System V shmid (0 or more) after "shmid:"
both still there: true
rm --stale exit 2, out ''
then rm exit 0
