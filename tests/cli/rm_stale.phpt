--TEST--
Shmx: shmx rm --stale: removes a System V segment nobody is attached to whose creator is dead, and nothing else (attached, live creator, foreign POSIX bytes, a POSIX object someone maps); a POSIX shmx object only when no process can be mapping it; --dry-run removes nothing
--EXTENSIONS--
shmx
pcntl
posix
--INI--
pcre.jit=0
--FILE--
<?php
require __DIR__ . '/cli.inc';

$ids = [
    'A' => cli_key(30), // SysV, creator dead, nobody attached: stale
    'B' => cli_key(31), // SysV, creator dead, this process attached
    'C' => cli_key(32), // SysV, creator (this process) alive, nobody attached
    'D' => cli_name('stale-d'), // POSIX Counter, creator dead, nobody maps it
    'E' => cli_name('stale-e'), // POSIX plain bytes, creator dead
    'F' => cli_name('stale-f'), // POSIX Counter, creator dead, this process maps it
];
cli_remove(...array_values($ids));
$dead = cli_in_dead_child(function () use ($ids) {
    new Shmx\Segment($ids['A'], 128, 'n');
    new Shmx\Segment($ids['B'], 128, 'n');
    new Shmx\Counter($ids['D'], 1, 'n');
    new Shmx\Segment($ids['E'], 128, 'n');
    new Shmx\Counter($ids['F'], 1, 'n');
});
$b = new Shmx\Segment($ids['B'], 0, 'w');
$c = new Shmx\Segment($ids['C'], 128, 'n');
unset($c);
$f = new Shmx\Counter($ids['F'], 0, 'w');

$label = [];
foreach ($ids as $l => $id) {
    $label[is_int($id) ? cli_hex($id) : $id] = $l;
}
/* Only the lines about this test's objects: others may have stale objects of their own. */
function ours(string $out, array $label): string
{
    $r = '';
    foreach (explode("\n", rtrim($out)) as $line) {
        foreach ($label as $id => $l) {
            if (preg_match('/^(would remove|removed|kept) ' . preg_quote($id, '/') . '\b/', $line)) {
                $r .= str_replace($id, $l, $line) . "\n";
            }
        }
    }
    return $r;
}

/* Whether this process can read every other process's maps (else nobody can tell that a POSIX
 * object is unmapped, and rm --stale keeps it). */
$complete = true;
foreach (glob('/proc/[0-9]*') as $p) {
    if ((int)basename($p) !== getmypid() && file_exists("$p/maps") && @file_get_contents("$p/maps") === false && file_exists($p)) {
        $complete = false;
    }
}
$dLine = $complete ? "removed D (posix, Counter, 128; no process maps it, creator $dead dead)"
    : 'kept D: cannot tell which processes map it';

[$code, $out] = cli_run('rm', '--stale', '--dry-run');
$lines = ours($out, $label);
if ($complete) {
    $lines = str_replace('would ' . str_replace('removed', 'remove', $dLine) . "\n", '', $lines);
}
echo "dry run: exit $code\n", str_replace((string)$dead, 'DEAD', $lines);
echo "A still there: ", json_encode(cli_json('stat', cli_hex($ids['A']))['id'] === cli_hex($ids['A'])), "\n";

[$code, $out] = cli_run('rm', '--stale', ...array_map('strval', array_keys($label)));
$lines = ours($out, $label);
$lines = str_replace($dLine . "\n", "D as expected\n", $lines);
echo "rm --stale: exit $code\n", str_replace((string)$dead, 'DEAD', $lines);

foreach ($label as $id => $l) {
    try {
        Shmx\inspect($id);
        $there = 'there';
    } catch (Shmx\Exception $e) {
        $there = 'gone';
    }
    echo "$l: $there\n";
}
unset($b, $f);
cli_remove(...array_values($ids));
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
cli_remove(cli_key(30), cli_key(31), cli_key(32), cli_name('stale-d'), cli_name('stale-e'), cli_name('stale-f'));
?>
--EXPECTF--
dry run: exit 0
would remove A (sysv, not shmx, 128; nobody attached, creator DEAD dead)
A still there: true
rm --stale: exit 0
removed A (sysv, not shmx, 128; nobody attached, creator DEAD dead)
kept B: attached by 1
kept C: creator %d is alive
D as expected
kept E: not a shmx object
kept F: %s
A: gone
B: there
C: there
D: %s
E: there
F: there
