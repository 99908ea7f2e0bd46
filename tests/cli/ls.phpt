--TEST--
Shmx: shmx ls: every kind with its facts (Store entries, Counter value, Mutex holder in a forked child, Semaphore permits, sysvshm-compat variables, a plain shmop segment), as JSON and as an aligned table
--EXTENSIONS--
shmx
pcntl
posix
--INI--
pcre.jit=0
--FILE--
<?php
require __DIR__ . '/cli.inc';

$store = cli_name('ls-store');
$mutex = cli_name('ls-mutex');
[$kc, $ks, $kp, $kv] = [cli_key(1), cli_key(2), cli_key(3), cli_key(4)];
cli_remove($store, $mutex, $kc, $ks, $kp, $kv);

$s = new Shmx\Store($store, 1 << 20, 'n');
$s->set('a', 1);
$s->set('b', 'two');
$s->set('c', [3]);
$s->get('a');
$s->get('a');
$s->get('missing');
$c = new Shmx\Counter($kc, 42, 'n');
$c->increment(8);
$sem = new Shmx\Semaphore($ks, 3, 'n');
$sem->acquire();
$shmop = shmx_open($kp, 'n', 0640, 100);
$sysv = shmx_attach($kv, 4096, 0600);
shmx_put_var($sysv, 1, 'one');
shmx_put_var($sysv, 2, [2]);
[$holder, $gate] = cli_fork_holder(function () use ($mutex) {
    $m = new Shmx\Mutex($mutex, 'n');
    $m->lock();
    $GLOBALS['m'] = $m;
});

/* A System V segment's nattch counts this process and the holder, which inherited its
 * attachments by fork; a POSIX object's count is at least 1, or unknown where some process's
 * maps cannot be read. */
$ids = [$store, $mutex, cli_hex($kc), cli_hex($ks), cli_hex($kp), cli_hex($kv)];
$ls = cli_ls($ids);
echo "found: ", count($ls), "\n";
$me = getmypid();
foreach ($ids as $id) {
    $o = $ls[$id];
    echo "$id" === $store ? 'store' : ($id === $mutex ? 'mutex' : $o['kind'] ?? 'plain'), ': ',
        cli_pick($o, ['backend', 'size', 'shmx', 'kind', 'layout_version', 'status', 'entries', 'hits', 'misses', 'value', 'permits', 'available']), "\n";
    echo '  permissions ', decoct($o['permissions']), ', owner ', $o['uid'] === posix_getuid() ? 'me' : $o['uid'],
        ', user ', $o['user'] === (posix_getpwuid(posix_getuid())['name'] ?? null) ? 'mine' : json_encode($o['user']),
        ', creator ', $o['creator_pid'] === $me ? 'me' : ($o['creator_pid'] === $holder ? 'holder' : json_encode($o['creator_pid'])),
        ' alive ', json_encode($o['creator_alive']),
        ', attached ', $o['backend'] === 'sysv' ? json_encode($o['attached']) : ($o['attached'] === null || $o['attached'] >= 1 ? 'ok' : 'WRONG ' . $o['attached']),
        "\n";
}
$m = $ls[$mutex];
echo "mutex holder is the child: ", json_encode($m['holder'] === $holder), ", alive: ", json_encode($m['holder_alive']), "\n";
echo "store used within size: ", json_encode($ls[$store]['used'] > 0 && $ls[$store]['used'] + $ls[$store]['free'] === $ls[$store]['size']), "\n";

posix_kill($holder, SIGKILL);
pcntl_waitpid($holder, $status);
$m = cli_ls([$mutex])[$mutex];
echo "after SIGKILL: holder ", json_encode($m['holder'] === $holder), ", alive: ", json_encode($m['holder_alive']), "\n";

/* The table: a header and one aligned row per object. */
[$code, $out] = cli_run('ls');
echo "ls exit $code\n";
$lines = explode("\n", rtrim($out));
echo $lines[0], "\n";
$col = strpos($lines[0], 'STATUS');
$rows = [];
foreach ($lines as $line) {
    $rows[strtok($line, ' ')] = $line;
}
foreach ($ids as $id) {
    $line = $rows[$id] ?? null;
    if ($line !== null) {
        $rest = preg_replace('/ {2,}/', ' | ', substr($line, strlen($id)));
        $fields = explode(' | ', trim($rest, ' |'));
        echo $id === $store ? 'store' : ($id === $mutex ? 'mutex' : $fields[1]), ': aligned ', json_encode(strlen($line) > $col && $line[$col - 1] === ' '),
            ' | ', $fields[0], ' | ', $fields[1], ' | ', end($fields), "\n";
    }
}

$s->destroy();
$c->destroy();
$sem->release();
$sem->destroy();
shmx_delete($shmop);
shmx_remove($sysv);
Shmx\remove($mutex);
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
cli_remove(cli_name('ls-store'), cli_name('ls-mutex'), cli_key(1), cli_key(2), cli_key(3), cli_key(4));
?>
--EXPECTF--
found: 6
store: {"backend":"posix","size":1048576,"shmx":true,"kind":"Store","layout_version":%d,"status":"ok","entries":3,"hits":2,"misses":1,"value":null,"permits":null,"available":null}
  permissions 600, owner me, user mine, creator me alive true, attached ok
mutex: {"backend":"posix","size":192,"shmx":true,"kind":"Mutex","layout_version":%d,"status":"ok","entries":null,"hits":null,"misses":null,"value":null,"permits":null,"available":null}
  permissions 600, owner me, user mine, creator holder alive true, attached ok
Counter: {"backend":"sysv","size":128,"shmx":true,"kind":"Counter","layout_version":%d,"status":"ok","entries":null,"hits":null,"misses":null,"value":50,"permits":null,"available":null}
  permissions 600, owner me, user mine, creator me alive true, attached 2
Semaphore: {"backend":"sysv","size":%d,"shmx":true,"kind":"Semaphore","layout_version":%d,"status":"ok","entries":null,"hits":null,"misses":null,"value":null,"permits":3,"available":2}
  permissions 600, owner me, user mine, creator me alive true, attached 2
plain: {"backend":"sysv","size":100,"shmx":false,"kind":null,"layout_version":null,"status":"not a shmx object","entries":null,"hits":null,"misses":null,"value":null,"permits":null,"available":null}
  permissions 640, owner me, user mine, creator me alive true, attached 2
sysvshm-compat: {"backend":"sysv","size":4096,"shmx":true,"kind":"sysvshm-compat","layout_version":null,"status":"ok","entries":2,"hits":null,"misses":null,"value":null,"permits":null,"available":null}
  permissions 600, owner me, user mine, creator me alive true, attached 2
mutex holder is the child: true, alive: true
store used within size: true
after SIGKILL: holder true, alive: false
ls exit 0
ID%sBACKEND  KIND%sSIZE  OWNER%sPERMS  ATTACHED  CREATOR%sSTATUS
store: aligned true | posix | Store | 3 entries, used %s, hits 2, misses 1
mutex: aligned true | posix | Mutex | held by %d (dead: the next lock() takes it over)
Counter: aligned true | sysv | Counter | value 50
Semaphore: aligned true | sysv | Semaphore | 2 of 3 permits free
-: aligned true | sysv | - | not a shmx object
sysvshm-compat: aligned true | sysv | sysvshm-compat | 2 variables, used %s
