--TEST--
Shmx: Counter, Mutex, Semaphore: a POSIX or file: object truncated by another process is Shmx\CorruptException, never SIGBUS; a Mutex or permit held when it happened; later locks still work
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/sync.inc';

function backing(string $id): string
{
    return str_starts_with($id, 'file:') ? substr($id, 5) : '/dev/shm/' . $id;
}

function cut_elsewhere(string $id): void
{
    $codes = sync_fork(1, function () use ($id) {
        $fp = fopen(backing($id), 'r+');
        ftruncate($fp, 0);
        fclose($fp);
    });
    if ($codes !== [0]) {
        echo 'truncating child: ', json_encode($codes), "\n";
    }
}

function attempt(string $what, callable $fn): void
{
    try {
        $r = json_encode($fn());
        echo "  $what: $r\n";
    } catch (Throwable $e) {
        echo "  $what: ", get_class($e), ': ', preg_replace('/^\S+: /', 'ID: ', $e->getMessage()), "\n";
    }
}

$ids = [
    'posix' => sync_name(__FILE__),
    'file' => 'file:' . sys_get_temp_dir() . '/' . sync_name(__FILE__) . '.bin',
];
foreach ($ids as $backend => $id) {
    echo "$backend Counter:\n";
    $c = new Shmx\Counter($id, 5, 'n');
    cut_elsewhere($id);
    attempt('get', fn() => $c->get());
    attempt('set', fn() => $c->set(1));
    attempt('increment', fn() => $c->increment());
    attempt('decrement', fn() => $c->decrement());
    attempt('compareAndSwap', fn() => $c->compareAndSwap(5, 6));
    $c->destroy();
    unset($c);

    echo "$backend Mutex, held while cut:\n";
    $m = new Shmx\Mutex($id, 'n');
    $m->lock();
    cut_elsewhere($id);
    attempt('unlock', fn() => $m->unlock());
    attempt('tryLock', fn() => $m->tryLock());
    attempt('lock', fn() => $m->lock(0.1));
    attempt('synchronized', fn() => $m->synchronized(fn() => 'ran'));
    $m->destroy();
    unset($m);
    /* Locks taken afterwards, in new objects, still work. */
    $n = new Shmx\Mutex(null);
    attempt('a new mutex', fn() => [$n->tryLock(), $n->unlock(), $n->synchronized(fn() => 'ran')][2]);
    $st = new Shmx\Store(null, 1 << 20);
    attempt('a new store', fn() => [$st->increment('n'), $st->lock(fn() => $st->increment('n'))]);
    unset($n, $st);

    echo "$backend Semaphore:\n";
    $s = new Shmx\Semaphore($id, 2, 'n');
    $s->acquire();
    cut_elsewhere($id);
    attempt('release', fn() => $s->release());
    attempt('tryAcquire', fn() => $s->tryAcquire());
    attempt('acquire', fn() => $s->acquire(0.1));
    $s->destroy();
    unset($s);
    echo '  name gone: ', json_encode(!file_exists(backing($id))), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/sync.inc';
@unlink(sys_get_temp_dir() . '/' . sync_name(__FILE__) . '.bin');
@unlink('/dev/shm/' . sync_name(__FILE__));
?>
--EXPECT--
posix Counter:
  get: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  set: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  increment: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  decrement: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  compareAndSwap: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
posix Mutex, held while cut:
  unlock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  tryLock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  lock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  synchronized: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  a new mutex: "ran"
  a new store: [1,2]
posix Semaphore:
  release: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  tryAcquire: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  acquire: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  name gone: true
file Counter:
  get: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  set: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  increment: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  decrement: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  compareAndSwap: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
file Mutex, held while cut:
  unlock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  tryLock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  lock: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  synchronized: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  a new mutex: "ran"
  a new store: [1,2]
file Semaphore:
  release: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  tryAcquire: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  acquire: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  name gone: true
