--TEST--
Shmx: Segment: file: ids refuse FIFOs and devices without blocking; size 0 never creates
--EXTENSIONS--
shmx
posix
--FILE--
<?php
$fifo = sys_get_temp_dir() . '/shmx-file-special-' . getmypid();
@unlink($fifo);
posix_mkfifo($fifo, 0600);
foreach (['a', 'w', 'c'] as $mode) {
    try {
        new Shmx\Segment("file:$fifo", 0, $mode);
    } catch (Shmx\Exception $e) {
        echo str_replace($fifo, 'FIFO', $e->getMessage()), "\n";
    }
}
unlink($fifo);
try {
    new Shmx\Segment('file:/dev/zero', 4096, 'w');
} catch (Shmx\Exception $e) {
    echo $e->getMessage(), "\n";
}

/* Opening a missing name with size 0 is an error and leaves nothing behind. */
$name = 'shmx-file-special-' . getmypid();
foreach (["/$name", "file:" . sys_get_temp_dir() . "/$name"] as $id) {
    try {
        new Shmx\Segment($id);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
var_dump(file_exists("/dev/shm/$name"), file_exists(sys_get_temp_dir() . "/$name"));
?>
--EXPECT--
file:FIFO: not a regular file
file:FIFO: not a regular file
file:FIFO: not a regular file
file:/dev/zero: not a regular file
Shmx\Segment::__construct(): Argument #2 ($size) must be greater than 0 to create a segment
Shmx\Segment::__construct(): Argument #2 ($size) must be greater than 0 to create a segment
bool(false)
bool(false)
