--TEST--
Shmx: Segment: a POSIX or file: segment truncated by another process under a live mapping is Shmx\CorruptException, never SIGBUS, for good on that handle
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

/* The file behind an id: POSIX objects are files in /dev/shm on Linux. */
function backing(string $id): string
{
    return str_starts_with($id, 'file:') ? substr($id, 5) : '/dev/shm/' . $id;
}

function cut(string $path, int $size): void
{
    $fp = fopen($path, 'r+');
    ftruncate($fp, $size);
    fclose($fp);
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

$ids = shmx_test_ids(__FILE__, 0, false);
unset($ids['sysv']); /* a System V segment cannot be truncated */
foreach ($ids as $backend => $id) {
    echo "$backend:\n";
    $size = 64 << 10;
    $seg = new Shmx\Segment($id, $size, 'n');
    $other = new Shmx\Segment($id, 0, 'w'); /* a second handle of this process, same object */
    $seg->write('head', 0);
    $seg->write('tail', $size - 4);

    /* Another process cuts it to half while we have it mapped. */
    shmx_test_fork(1, fn() => cut(backing($id), $size / 2));
    attempt('read past the new end', fn() => $seg->read($size - 4, 4));
    /* From then on the handle fails, even where the bytes are still there. */
    attempt('read of the head', fn() => $seg->read(0, 4));
    attempt('write', fn() => $seg->write('x', 0));
    attempt('getInt', fn() => $seg->getInt(0));
    attempt('setInt', fn() => $seg->setInt(8, 1));
    attempt('addInt', fn() => $seg->addInt(8, 1));
    attempt('compareAndSwapInt', fn() => $seg->compareAndSwapInt(8, 0, 1));
    attempt('flush', fn() => $seg->flush());
    /* The other handle learns it from this process's fault, before it touches a lost page. */
    attempt('other handle, head', fn() => $other->read(0, 4));
    /* What does not touch the memory still answers. */
    attempt('size', fn() => $seg->size());
    attempt('stat size', fn() => $seg->stat()['size']);
    /* A fresh open sees the object as it is now. */
    attempt('reopened', fn() => [($n = new Shmx\Segment($id, 0, 'w'))->size(), $n->read(0, 4)]);

    /* Cut to nothing: the very first touch fails, here in a forked child that inherited the
     * mapping, and which must exit normally rather than die of SIGBUS. */
    $seg2 = new Shmx\Segment($id, 0, 'w');
    cut(backing($id), 0);
    $pid = pcntl_fork();
    if ($pid === 0) {
        try {
            $seg2->getInt(0);
            exit(1);
        } catch (Shmx\CorruptException $e) {
            exit(7);
        }
    }
    pcntl_waitpid($pid, $status);
    echo '  child: ', pcntl_wifexited($status) ? 'exited ' . pcntl_wexitstatus($status) : 'killed by signal ' . pcntl_wtermsig($status), "\n";
    attempt('parent after the child', fn() => $seg2->read(0, 4));

    $seg->destroy();
    echo '  destroyed, name gone: ', json_encode(!file_exists(backing($id))), "\n";
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
/* Not through shmx: an object cut to nothing cannot be opened (it is empty). */
@unlink('/dev/shm/' . shmx_test_name(__FILE__));
?>
--EXPECT--
posix:
  read past the new end: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  read of the head: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  write: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  getInt: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  setInt: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  addInt: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  compareAndSwapInt: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  flush: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  other handle, head: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  size: 65536
  stat size: 65536
  reopened: [32768,"head"]
  child: exited 7
  parent after the child: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  destroyed, name gone: true
file:
  read past the new end: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  read of the head: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  write: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  getInt: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  setInt: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  addInt: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  compareAndSwapInt: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  flush: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  other handle, head: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  size: 65536
  stat size: 65536
  reopened: [32768,"head"]
  child: exited 7
  parent after the child: Shmx\CorruptException: ID: was truncated by another process while mapped here; this handle cannot be used any more
  destroyed, name gone: true
