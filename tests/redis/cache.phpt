--TEST--
Shmx: Store on Redis with cache=S: another process's set/delete/create/expire/FLUSHDB reaches a cached reader within a second (not after S), and cached gets send nothing to the server
--EXTENSIONS--
shmx
pcntl
posix
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/cache.inc';
$srv = redis_spawn();
$p = $srv['port'];
$base = "redis://127.0.0.1:$p/cache";
$w = new Shmx\Store($base);                     // the writer: no cache
$w->set('k', 'v1');

[$pid, $sock] = worker(function ($sock) use ($base, $p) {
    $s = new Shmx\Store("$base?cache=5");
    $first = $s->get('k');
    $before = cmd_calls($p, 'hget');
    for ($i = 0; $i < 100; $i++) {
        $x = $s->get('k');
    }
    $cc = $s->info()['client_cache'];
    say($sock, sprintf('read %s %s, GETs sent by 100 cached gets: %d, hits %d, tracking %s',
        $first, $x, cmd_calls($p, 'hget') - $before, $cc['hits'], var_export($cc['tracking'], true)));
    /* Each step: the parent writes, then says so; the new state must show within 1 s, far
     * below the 5 s an entry may live. */
    $steps = [
        'set' => fn() => $s->get('k') === 'v2',
        'delete' => fn() => $s->get('k', 'gone') === 'gone',
        'create' => fn() => $s->get('k', 'gone') === 'v3',
        'expire' => fn() => $s->has('k') === false,
        'flushdb' => fn() => $s->get('f', 'none') === 'none',
    ];
    foreach ($steps as $what => $seen) {
        if ($what === 'create' || $what === 'delete') {
            $s->get('k', 'gone');                          // cached (present or absent)
        }
        $note = '';
        if ($what === 'expire') {
            $note = ' (has: ' . var_export($s->has('k'), true) . ')';   // cached as present
        }
        if ($what === 'flushdb') {
            $s->get('f');
        }
        say($sock, "ready $what$note");
        hear($sock);
        /* expire: a value set with a 1 s ttl must be gone once that second has passed. */
        $max = $what === 'expire' ? 2.0 : 1.0;
        $t = within($max, $seen);
        say($sock, "$what: " . ($t === null ? "NOT seen within $max s" : "seen within $max s"));
    }
    say($sock, 'invalidations ' . ($s->info()['client_cache']['invalidations'] >= 5 ? '>= 5' : 'too few'));
});
echo hear($sock), "\n";
$writes = [
    'set' => fn() => $w->set('k', 'v2'),
    'delete' => fn() => $w->delete('k'),
    'create' => fn() => $w->set('k', 'v3'),
    'expire' => fn() => $w->set('k', 'v4', 1),
    'flushdb' => fn() => redis_cli($p, 'FLUSHDB'),
];
foreach ($writes as $what => $write) {
    if ($what === 'flushdb') {
        $w->set('f', 'before flush');
    }
    echo hear($sock), "\n";
    $write();
    say($sock, 'done');
    echo hear($sock), "\n";
}
echo hear($sock), "\n";
pcntl_waitpid($pid, $status);
var_dump(pcntl_wexitstatus($status));
redis_kill($srv);
redis_cleanup($srv);
?>
--EXPECT--
read v1 v1, GETs sent by 100 cached gets: 0, hits 100, tracking true
ready set
set: seen within 1 s
ready delete
delete: seen within 1 s
ready create
create: seen within 1 s
ready expire (has: true)
expire: seen within 2 s
ready flushdb
flushdb: seen within 1 s
invalidations >= 5
int(0)
