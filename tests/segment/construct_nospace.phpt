--TEST--
Shmx: Segment: __construct(): a file: segment its filesystem cannot hold is Shmx\Exception (ENOSPC) at once, and nothing is left behind
--EXTENSIONS--
shmx
posix
--SKIPIF--
<?php
require __DIR__ . '/fixtures/common.php';
echo shmx_test_small_tmpfs_skip(__FILE__, '1m');
?>
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';
/* A 1 MiB tmpfs, as Docker's 64 MiB /dev/shm is to a big store: a sparse file of 4 MiB
 * could be created and mapped, and would die of SIGBUS at the first page past the first MiB. */
$dir = shmx_test_small_tmpfs(__FILE__);
if ($dir === null) {
    die("cannot mount the tmpfs\n");
}
foreach (['c', 'n'] as $mode) {
    try {
        new Shmx\Segment("file:$dir/big", 4 << 20, $mode);
        echo "$mode: created\n";
    } catch (Shmx\Exception $e) {
        echo "$mode: ", get_class($e), ' ', $e->getCode() === 28 ? 'ENOSPC' : $e->getCode(), ': ',
            str_replace($dir, 'DIR', $e->getMessage()), "\n";
    }
}
echo 'left behind: ', json_encode(array_values(array_diff(scandir($dir), ['.', '..']))), "\n";

/* The space is all there again: a segment that fits is created, and every byte of it can be
 * written, the last page too. */
$seg = new Shmx\Segment("file:$dir/fits", 768 << 10, 'n');
$seg->write(str_repeat("\xff", $seg->size()));
echo 'fits: ', $seg->size(), ' bytes, last byte ', bin2hex($seg->read($seg->size() - 1, 1)), "\n";
/* What is reserved is taken: a second one that would have fitted alone does not now. */
try {
    new Shmx\Segment("file:$dir/second", 512 << 10, 'n');
    echo "second: created\n";
} catch (Shmx\Exception $e) {
    echo 'second: ', $e->getCode() === 28 ? 'ENOSPC' : $e->getCode(), "\n";
}
$seg->destroy();
echo 'left behind: ', json_encode(array_values(array_diff(scandir($dir), ['.', '..']))), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_small_tmpfs_clean(__FILE__);
?>
--EXPECT--
c: Shmx\Exception ENOSPC: file:DIR/big: cannot reserve 4194304 bytes for it: No space left on device
n: Shmx\Exception ENOSPC: file:DIR/big: cannot reserve 4194304 bytes for it: No space left on device
left behind: []
fits: 786432 bytes, last byte ff
second: ENOSPC
left behind: []
