--TEST--
Shmx: Store: a POSIX or file: store truncated by another process under a live mapping is Shmx\CorruptException, never SIGBUS; the handle keeps failing, destroy() works
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';

function backing(string $id): string
{
    return str_starts_with($id, 'file:') ? substr($id, 5) : '/dev/shm/' . ltrim($id, '/');
}

/* Cut to $size bytes by another process, while this one keeps the store mapped. */
function cut_elsewhere(string $id, int $size): void
{
    $codes = store_test_fork(1, function () use ($id, $size) {
        $fp = fopen(backing($id), 'r+');
        ftruncate($fp, $size);
        fclose($fp);
    });
    if ($codes !== [0]) {
        echo "truncating child: ", json_encode($codes), "\n";
    }
}

function attempt(string $what, callable $fn): void
{
    try {
        $r = $fn();
        echo "  $what: ", json_encode($r), "\n";
    } catch (Throwable $e) {
        echo "  $what: ", get_class($e), ': ', preg_replace('/^\S+: /', 'ID: ', $e->getMessage()), "\n";
    }
}

function every_call(Shmx\Store $s): void
{
    attempt('get', fn() => $s->get('k1'));
    attempt('set', fn() => $s->set('new', 1));
    attempt('add', fn() => $s->add('new2', 1));
    attempt('has', fn() => $s->has('k1'));
    attempt('delete', fn() => $s->delete('k1'));
    attempt('increment', fn() => $s->increment('n'));
    attempt('compareAndSwap', fn() => $s->compareAndSwap('k1', 1, 2));
    attempt('count', fn() => $s->count());
    attempt('keys', fn() => $s->keys());
    attempt('iterate', fn() => iterator_to_array($s));
    attempt('offsetGet', fn() => $s['k1']);
    attempt('lock', fn() => $s->lock(fn() => 'the callback ran'));
    attempt('info', fn() => $s->info()['size']);
    attempt('clear', fn() => $s->clear());
}

$file = store_test_file('truncated');
@unlink($file);
@unlink('/dev/shm' . store_test_name('truncated'));
$ids = ['posix' => store_test_name('truncated'), 'file' => "file:$file"];
foreach ($ids as $backend => $id) {
    echo "$backend, cut to nothing:\n";
    $s = new Shmx\Store($id, 256 << 10, 'n');
    $s->set('k1', 1);
    cut_elsewhere($id, 0);
    every_call($s);
    $s->destroy();
    echo '  destroyed, name gone: ', json_encode(!file_exists(backing($id))), "\n";

    echo "$backend, cut to half a full store:\n";
    $s = new Shmx\Store($id, 256 << 10, 'n');
    $n = 0;
    try {
        for (;; $n++) {
            $s->set("k$n", str_repeat(chr(65 + $n % 26), 500));
        }
    } catch (Shmx\FullException $e) {
    }
    cut_elsewhere($id, 128 << 10);
    /* Reading every value touches the lost half somewhere; from there on, every call fails.
     * A value read before that is whole: never a mix of real bytes and zeros. */
    $first = null;
    for ($i = 0; $i < $n; $i++) {
        try {
            $v = $s->get("k$i");
            if ($v !== str_repeat(chr(65 + $i % 26), 500)) {
                echo "  k$i: a wrong value\n";
            }
        } catch (Shmx\CorruptException $e) {
            $first ??= $e->getMessage();
        }
    }
    echo '  some get() failed: ', json_encode($first !== null), "\n";
    every_call($s);
    $s->destroy();
    echo '  destroyed, name gone: ', json_encode(!file_exists(backing($id))), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
@unlink(store_test_file('truncated'));
/* Not through shmx: an object cut to nothing cannot be opened (it is empty). */
@unlink('/dev/shm' . store_test_name('truncated'));
?>
--EXPECT--
posix, cut to nothing:
  get: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  set: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  add: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  has: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  delete: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  increment: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  compareAndSwap: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  count: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  keys: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  iterate: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  offsetGet: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  lock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  info: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  clear: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  destroyed, name gone: true
posix, cut to half a full store:
  some get() failed: true
  get: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  set: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  add: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  has: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  delete: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  increment: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  compareAndSwap: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  count: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  keys: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  iterate: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  offsetGet: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  lock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  info: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  clear: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  destroyed, name gone: true
file, cut to nothing:
  get: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  set: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  add: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  has: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  delete: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  increment: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  compareAndSwap: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  count: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  keys: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  iterate: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  offsetGet: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  lock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  info: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  clear: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  destroyed, name gone: true
file, cut to half a full store:
  some get() failed: true
  get: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  set: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  add: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  has: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  delete: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  increment: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  compareAndSwap: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  count: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  keys: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  iterate: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  offsetGet: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  lock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  info: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  clear: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  destroyed, name gone: true
