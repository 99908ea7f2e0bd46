--TEST--
Shmx: Store: another process rewriting the writer lock's bytes while a holder is inside lock() cannot make the holder's unlock write anywhere
--EXTENSIONS--
shmx
pcntl
posix
--INI--
shmx.lock_timeout=1
--FILE--
<?php
require __DIR__ . '/store.inc';
/* With glibc's robust mutex the lock held the holder's robust-list pointers (addresses in the
 * holder's thread block); a writer could read them (an ASLR leak) and replace them, and the
 * holder's unlock then wrote chosen values to chosen addresses. shmx's lock keeps no pointer
 * in shared memory: only the holder's thread id and start time. */
const LOCK_AT = 128;
$name = store_test_name('hostile-lock-holder');
store_test_destroy($name);
$s = new Shmx\Store($name, 1 << 20, 'n');
$raw = new Shmx\Segment($name, 0, 'w');
$step = new Shmx\Counter(null, 0);
$pids = [];
$pid = pcntl_fork();
if ($pid === 0) {
    pcntl_alarm(60);
    $s->lock(function (Shmx\Store $st) use ($step) {
        $st->set('inside', 'committed');
        $step->set(1);
        while ($step->get() !== 2) {
            usleep(1000);
        }
    });
    // The unlock followed nothing from shared memory; the holder goes on writing.
    $s->set('after unlock', 'child');
    exit(0);
}
while ($step->get() !== 1) {
    usleep(1000);
}
$bytes = $raw->read(LOCK_AT, 64);
[$word, $holder, $start] = array_values(unpack('Vword/Vholder/Pstart', $bytes));
echo "word names the child: ", var_export(($word & 0x3fffff) === $pid, true), "\n";
echo "record names the child: ", var_export($holder === $pid, true), "\n";
echo "nothing else in the lock: ", var_export(substr($bytes, 16) === str_repeat("\0", 48), true), "\n";
// Replace everything but the word with what would have been forged pointers.
$raw->write(str_repeat(pack('P', 0x4141414141414141), 7) . pack('V', 0x41414141), LOCK_AT + 4);
$step->set(2);
pcntl_waitpid($pid, $status);
echo "holder exited: ", pcntl_wifexited($status) ? pcntl_wexitstatus($status) : 'killed by signal ' . pcntl_wtermsig($status), "\n";
$s->set('parent', 'writes');
var_dump($s->get('inside'), $s->get('after unlock'), $s->get('parent'));
$s->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('hostile-lock-holder'));
?>
--EXPECT--
word names the child: true
record names the child: true
nothing else in the lock: true
holder exited: 0
string(9) "committed"
string(5) "child"
string(6) "writes"
