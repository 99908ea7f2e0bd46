--TEST--
Shmx: shmx top: a Store's live entries, memory, hits, misses and gets per second, refreshed --count times while a forked child reads it
--EXTENSIONS--
shmx
pcntl
posix
--INI--
pcre.jit=0
--FILE--
<?php
require __DIR__ . '/cli.inc';

$name = cli_name('top');
cli_remove($name);
$s = new Shmx\Store($name, 1 << 20, 'n');
for ($i = 0; $i < 10; $i++) {
    $s->set("k$i", $i);
}
[$reader, $gate] = cli_fork_holder(function () {});
/* The child's loop, after the gate: a hit and a miss at a time until told to stop. */
$pid = pcntl_fork();
if ($pid === 0) {
    pcntl_alarm(60);
    $r = new Shmx\Store($name, 0, 'w');
    while ($gate->getInt(8) === 0) {
        $r->get('k1');
        $r->get('k1');
        $r->get('nope');
        usleep(100);
    }
    exit(0);
}
usleep(100000);

[$code, $out, $err] = cli_run('top', $name, '--interval', '0.2', '--count', '3');
$gate->setInt(8, 1);
pcntl_waitpid($pid, $status);
pcntl_waitpid($reader, $status);
echo "exit $code$err\n";
$lines = explode("\n", rtrim($out));
echo count($lines), " lines\n", preg_replace('/ +/', ' ', $lines[0]), "\n";
$prev = null;
foreach (array_slice($lines, 1) as $n => $line) {
    [$time, $entries, $used, $free, $hits, $misses, $ratio, $rate] = preg_split('/ +/', $line);
    echo "sample $n: time ", json_encode((bool)preg_match('/^\d\d:\d\d:\d\d$/', $time)), ", entries $entries, used $used",
        ", hits grow ", json_encode($prev === null || (int)$hits > $prev[0]),
        ", misses grow ", json_encode($prev === null || (int)$misses > $prev[1]),
        ", hit% about 66: ", json_encode(abs((float)$ratio - 66.7) < 5),
        ", gets/s ", $n === 0 ? $rate : ((int)$rate > 0 ? 'positive' : "WRONG $rate"), "\n";
    $prev = [(int)$hits, (int)$misses];
}
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
cli_remove(cli_name('top'));
?>
--EXPECTF--
exit 0
4 lines
TIME ENTRIES USED FREE HITS MISSES HIT% GETS/S
sample 0: time true, entries 10, used %sK, hits grow true, misses grow true, hit% about 66: true, gets/s -
sample 1: time true, entries 10, used %sK, hits grow true, misses grow true, hit% about 66: true, gets/s positive
sample 2: time true, entries 10, used %sK, hits grow true, misses grow true, hit% about 66: true, gets/s positive
