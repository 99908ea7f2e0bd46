--TEST--
Shmx: Store: __construct(): a file: store its filesystem cannot hold is Shmx\Exception (ENOSPC), not a SIGBUS while it formats, and nothing is left behind
--EXTENSIONS--
shmx
posix
--SKIPIF--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
echo shmx_test_small_tmpfs_skip(__FILE__, '1m');
?>
--FILE--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
/* Formatting a store writes its whole index: on a sparse file bigger than the tmpfs, that
 * was a SIGBUS inside the constructor. */
$dir = shmx_test_small_tmpfs(__FILE__);
if ($dir === null) {
    die("cannot mount the tmpfs\n");
}
try {
    new Shmx\Store("file:$dir/store", 16 << 20);
    echo "created\n";
} catch (Shmx\Exception $e) {
    echo get_class($e), ' ', $e->getCode() === 28 ? 'ENOSPC' : $e->getCode(), ': ',
        str_replace($dir, 'DIR', $e->getMessage()), "\n";
}
echo 'left behind: ', json_encode(array_values(array_diff(scandir($dir), ['.', '..']))), "\n";

$s = new Shmx\Store("file:$dir/store", 512 << 10);
$s->set('a', str_repeat('x', 1000));
echo 'fits: ', strlen($s->get('a')), ' bytes read back, ', $s->info()['size'], "-byte store\n";
$s->destroy();
echo 'left behind: ', json_encode(array_values(array_diff(scandir($dir), ['.', '..']))), "\n";
?>
--CLEAN--
<?php
require __DIR__ . '/../segment/fixtures/common.php';
shmx_test_small_tmpfs_clean(__FILE__);
?>
--EXPECT--
Shmx\Exception ENOSPC: file:DIR/store: cannot reserve 16777216 bytes for it: No space left on device
left behind: []
fits: 1000 bytes read back, 524288-byte store
left behind: []
