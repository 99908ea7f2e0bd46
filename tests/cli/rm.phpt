--TEST--
Shmx: shmx rm, stat and usage: removing by key, shmid, POSIX name and file:, refusing what does not exist (exit 1), malformed IDs and usage (exit 2)
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/cli.inc';

$k = cli_key(20);
$name = cli_name('rm');
$file = cli_file('rm');
cli_remove($k, $name, "file:$file");

$seg = new Shmx\Segment($k, 64, 'n');
$shmid = $seg->stat()['shmid'];
$priv = new Shmx\Segment(0, 64);
$privid = $priv->stat()['shmid'];
new Shmx\Counter($name, 1, 'n');
new Shmx\Store("file:$file", 64 << 10, 'n');

echo "stat by shmid: ", cli_json('stat', "shmid:$shmid")['id'] === cli_hex($k) ? 'the key' : 'WRONG', "\n";
echo "stat of key 0: ", cli_json('stat', "shmid:$privid")['id'] === "shmid:$privid" ? 'by shmid' : 'WRONG', "\n";
echo "name without slash: ", cli_json('stat', ltrim($name, '/'))['kind'], "\n";

[$code, $out, $err] = cli_run('rm', cli_hex($k), $name, "file:$file", "shmid:$privid");
echo "rm: exit $code\n", str_replace([cli_hex($k), $file, $name, (string)$privid], ['KEY', 'FILE', 'NAME', 'ID'], $out), $err;
echo "gone: ", json_encode([
    !file_exists('/dev/shm' . $name),
    !file_exists($file),
    $seg->stat()['destroyed'],
    $priv->stat()['destroyed'],
]), "\n";

[$code, $out, $err] = cli_run('rm', cli_hex($k), $name, "file:$file");
echo "rm again: exit $code\n", str_replace([cli_hex($k), $file, $name], ['KEY', 'FILE', 'NAME'], $out . $err);
[$code, $out, $err] = cli_run('stat', $name);
echo "stat of nothing: exit $code: ", str_replace($name, 'NAME', $err);
[$code, $out, $err] = cli_run('stat', '0');
echo "stat of key 0: exit $code: $err";

foreach ([['stat', 'a/b'], ['stat', '0x1ffffffff'], ['stat', 'shmid:-1'], ['rm', 'file:'], ['frob'], [], ['ls', 'x'], ['stat'], ['ls', '--bogus'],
    ['dump', '/x', '--prefix'], ['rm'], ['rm', '--dry-run', '/x'], ['top', '/x', '--count', '0'], ['top', '/x', '--interval', 'soon']] as $args) {
    [$code, $out, $err] = cli_run(...$args);
    echo json_encode(implode(' ', $args)), ": exit $code: ", strtok($err, "\n"), "\n";
}
[$code, $out] = cli_run('help');
echo "help: exit $code, ", strtok($out, "\n"), "\n";
[$code, $out, $err] = cli_run('rm', '--stale', '--dry-run', '/' . str_repeat('x', 300));
echo "stale with a bad id: exit $code: ", strtok($err, "\n"), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
cli_remove(cli_key(20), cli_name('rm'), 'file:' . cli_file('rm'));
?>
--EXPECT--
stat by shmid: the key
stat of key 0: by shmid
name without slash: Counter
rm: exit 0
removed KEY
removed NAME
removed file:FILE
removed shmid:ID
gone: [true,true,true,true]
rm again: exit 1
shmx: rm: key KEY: no such System V segment
shmx: rm: NAME: does not exist
shmx: rm: file:FILE: does not exist
stat of nothing: exit 1: shmx: stat: NAME: does not exist
stat of key 0: exit 1: shmx: stat: key 0 is IPC_PRIVATE, which names no segment: name one by its id, shmid:N
"stat a\/b": exit 2: shmx: stat: ID must be a name with no "/" after the first character
"stat 0x1ffffffff": exit 2: shmx: stat: ID must be a System V key between -2147483648 and 4294967295
"stat shmid:-1": exit 2: shmx: stat: ID must give a System V shmid (0 or more) after "shmid:"
"rm file:": exit 2: shmx: rm: ID must name a file after "file:"
"frob": exit 2: shmx: unknown command frob
"": exit 2: shmx: no command given
"ls x": exit 2: shmx: ls takes no arguments
"stat": exit 2: shmx: stat takes one ID
"ls --bogus": exit 2: shmx: unknown option --bogus
"dump \/x --prefix": exit 2: shmx: --prefix needs a value
"rm": exit 2: shmx: rm needs an ID or --stale
"rm --dry-run \/x": exit 2: shmx: --dry-run goes with rm --stale
"top \/x --count 0": exit 2: shmx: --count must be a whole number of at least 1
"top \/x --interval soon": exit 2: shmx: --interval must be a number of seconds greater than 0
help: exit 0, usage: shmx ls [--json]
stale with a bad id: exit 2: shmx: rm: ID must be a name of at most 255 bytes
