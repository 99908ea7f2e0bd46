--TEST--
Shmx: Store on Redis: destroy() works through a read-only handle (mode "a"), as on a local store, also from another process; writes and clear() through it stay an \Error
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
$ids = ['local' => 'shmx-destroy-ro-' . getmypid(), 'redis' => redis_url(__FILE__)];
foreach ($ids as $b => $id) {
    echo "== $b\n";
    $w = new Shmx\Store($id, 1 << 20);
    $w->set('k', 'v');
    $ro = new Shmx\Store($id, 0, 'a');
    foreach (['set' => fn () => $ro->set('k', 'x'), 'clear' => fn () => $ro->clear(),
        'increment' => fn () => $ro->increment('n')] as $what => $fn) {
        try { $fn(); echo "$what: written\n"; } catch (Error $e) { echo "$what: ", get_class($e), "\n"; }
    }
    var_dump($ro->get('k'));
    $ro->destroy();
    echo "destroyed\n";
    try { new Shmx\Store($id, 0, 'w'); echo "still there\n"; } catch (Shmx\Exception $e) { echo "gone\n"; }

    /* Another process destroys it through a read-only handle of its own. */
    $w = new Shmx\Store($id, 1 << 20);
    $w->set('k', 'again');
    $pid = pcntl_fork();
    if ($pid === 0) {
        $r = new Shmx\Store($id, 0, 'a');
        $r->destroy();
        exit(0);
    }
    pcntl_waitpid($pid, $st);
    echo 'child: ', pcntl_wexitstatus($st), "\n";
    try { new Shmx\Store($id, 0, 'a'); echo "still there\n"; } catch (Shmx\Exception $e) { echo "gone\n"; }
    unset($w, $ro);
}
?>
--EXPECT--
== local
set: Error
clear: Error
increment: Error
string(1) "v"
destroyed
gone
child: 0
gone
== redis
set: Error
clear: Error
increment: Error
string(1) "v"
destroyed
gone
child: 0
gone
