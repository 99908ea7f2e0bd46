--TEST--
Shmx: reopening an id this process has mapped reuses the mapping, never a stale one: destroyed, recreated by another process, removed from outside, across fork, on every named backend
--EXTENSIONS--
shmx
pcntl
posix
shmop
--FILE--
<?php
require __DIR__ . '/store.inc';
$tag = store_test_tag();
$ids = [
    'sysv' => 0x5e000000 | hexdec(substr($tag, 0, 4)),
    'posix' => store_test_name('reopen'),
    'file' => 'file:' . store_test_file('reopen'),
];
$fds = fn() => count(scandir('/proc/self/fd')) - 2;
/* Another process (a fork child that exits) does $fn. */
$elsewhere = function (callable $fn) {
    $pid = pcntl_fork();
    if ($pid === 0) {
        $fn();
        exit(0);
    }
    pcntl_waitpid($pid, $status);
};
foreach ($ids as $backend => $id) {
    store_test_destroy($id);
    echo "-- $backend\n";
    $s = new Shmx\Store($id, 1 << 20, 'n');
    $s->set('gen', 1);
    unset($s);
    // Reopened: the same object; the default size opens it whatever its size.
    $s = new Shmx\Store($id);
    echo "reopened: ", $s->get('gen'), ", size ", $s->info()['size'], "\n";
    $ro = new Shmx\Store($id, 0, 'a');
    $w = new Shmx\Store($id, 0, 'w');
    $w->set('gen', 2);
    echo "read-only and writable handles: ", $ro->get('gen'), "\n";
    try {
        $ro->set('x', 1);
    } catch (Error $e) {
        echo "read-only stays read-only\n";
    }
    try {
        new Shmx\Store($id, 1 << 20, 'n');
    } catch (Shmx\Exception $e) {
        echo "mode n: ", str_contains($e->getMessage(), 'already exists') ? 'already exists' : $e->getMessage(), "\n";
    }
    try {
        new Shmx\Store($id, 4 << 20, 'w');
    } catch (Shmx\Exception $e) {
        echo "asking for more: ", str_contains($e->getMessage(), 'has only') ? 'refused' : $e->getMessage(), "\n";
    }
    unset($s, $ro, $w);
    // Destroyed and recreated (bigger) by another process: the reopen maps the new one.
    $elsewhere(function () use ($id) {
        (new Shmx\Store($id, 0, 'w'))->destroy();
        (new Shmx\Store($id, 2 << 20, 'n'))->set('gen', 3);
    });
    $s = new Shmx\Store($id);
    echo "recreated elsewhere: ", $s->get('gen'), ", size ", $s->info()['size'], "\n";
    unset($s);
    // Removed from outside shmx (ipcrm / rm), which leaves no mark in the object: the name is
    // looked at again once the last look is a millisecond old.
    if ($backend === 'sysv') {
        $h = shmop_open($id, 'w', 0, 0);
        shmop_delete($h);
    } else {
        unlink($backend === 'posix' ? '/dev/shm' . $id : substr($id, 5));
    }
    usleep(2000);
    try {
        new Shmx\Store($id, 0, 'w');
        echo "removed from outside: still opened!\n";
    } catch (Shmx\Exception $e) {
        echo "removed from outside: ", str_contains($e->getMessage(), 'does not exist') ? 'does not exist' : $e->getMessage(), "\n";
    }
    $n = new Shmx\Store($id, 1 << 20, 'n');
    $n->set('gen', 4);
    unset($n);
    echo "recreated: ", (new Shmx\Store($id))->get('gen'), "\n";
    // A fork child reopens what its parent cached, destroys it and makes a new one; the
    // parent then sees the new one. And right away: a handle of the parent is still open (its
    // mapping was checked just now), a waiting child destroys and recreates at a signal, and
    // the parent reopens as soon as it is told: destroy()'s mark in the old object says so.
    $gate = new Shmx\Segment(null, 16);
    $pid = pcntl_fork();
    if ($pid === 0) {
        while ($gate->getInt(0) === 0) {
        }
        (new Shmx\Store($id))->destroy();
        (new Shmx\Store($id, 1 << 20, 'n'))->set('gen', 'fast');
        $gate->setInt(8, 1);
        exit(0);
    }
    usleep(2000);
    $keep = new Shmx\Store($id);        // the name looked at now
    $gate->setInt(0, 1);
    while ($gate->getInt(8) === 0) {
    }
    echo "recreated at once: ", (new Shmx\Store($id))->get('gen'), "; the old handle still reads ", $keep->get('gen'), "\n";
    pcntl_waitpid($pid, $status);
    unset($keep);
    $elsewhere(function () use ($id) {
        $c = new Shmx\Store($id);
        $c->set('child', $c->get('gen'));
        $c->destroy();
        (new Shmx\Store($id, 1 << 20, 'n'))->set('gen', 5);
    });
    $s = new Shmx\Store($id);
    echo "after the child: ", $s->get('gen'), ", child saw ", var_export($s->get('child'), true), "\n";
    // The same for a Counter, destroyed and recreated in this process.
    $s->destroy();
    $c = new Shmx\Counter($id, 7);
    $c->increment();
    unset($c);
    echo "counter: ", (new Shmx\Counter($id))->get(), "\n";
    (new Shmx\Counter($id))->destroy();
    echo "counter recreated: ", (new Shmx\Counter($id, 100))->get(), "\n";
    (new Shmx\Counter($id))->destroy();
}
// Many objects opened and closed: the process keeps only a bounded number mapped.
$before = $fds();
for ($i = 0; $i < 100; $i++) {
    $c = new Shmx\Counter(store_test_name("reopen-many-$i"), $i);
    unset($c);
}
$after = $fds();
echo "descriptors kept for 100 closed objects: ", $after - $before <= 32 ? "at most 32\n" : ($after - $before) . "\n";
for ($i = 0; $i < 100; $i++) {
    (new Shmx\Counter(store_test_name("reopen-many-$i")))->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
$tag = store_test_tag();
foreach ([0x5e000000 | hexdec(substr($tag, 0, 4)), store_test_name('reopen'), 'file:' . store_test_file('reopen')] as $id) {
    store_test_destroy($id);
}
for ($i = 0; $i < 100; $i++) {
    @unlink('/dev/shm' . store_test_name("reopen-many-$i"));
}
?>
--EXPECT--
-- sysv
reopened: 1, size 1048576
read-only and writable handles: 2
read-only stays read-only
mode n: already exists
asking for more: refused
recreated elsewhere: 3, size 2097152
removed from outside: does not exist
recreated: 4
recreated at once: fast; the old handle still reads 4
after the child: 5, child saw NULL
counter: 8
counter recreated: 100
-- posix
reopened: 1, size 1048576
read-only and writable handles: 2
read-only stays read-only
mode n: already exists
asking for more: refused
recreated elsewhere: 3, size 2097152
removed from outside: does not exist
recreated: 4
recreated at once: fast; the old handle still reads 4
after the child: 5, child saw NULL
counter: 8
counter recreated: 100
-- file
reopened: 1, size 1048576
read-only and writable handles: 2
read-only stays read-only
mode n: already exists
asking for more: refused
recreated elsewhere: 3, size 2097152
removed from outside: does not exist
recreated: 4
recreated at once: fast; the old handle still reads 4
after the child: 5, child saw NULL
counter: 8
counter recreated: 100
descriptors kept for 100 closed objects: at most 32
