--TEST--
Shmx: Segment: permissions default to 0600 and are honoured whatever the umask
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

umask(0077);
foreach (shmx_test_ids(__FILE__, 0, false) as $backend => $id) {
    foreach ([null, 0644, 0640] as $perms) {
        $s = $perms === null ? new Shmx\Segment($id, 64) : new Shmx\Segment($id, 64, 'n', $perms);
        $seen = sprintf('%04o', $s->stat()['permissions']);
        /* What the system itself shows: the /dev/shm entry, the file. */
        $path = match ($backend) {
            'posix' => '/dev/shm/' . shmx_test_name(__FILE__),
            'file' => shmx_test_path(__FILE__),
            default => null,
        };
        if ($path !== null) {
            clearstatcache();
            $seen .= sprintf(' (%04o on disk)', fileperms($path) & 0777);
        }
        printf("%s %s: %s\n", $backend, $perms === null ? 'default' : sprintf('%04o', $perms), $seen);
        $s->destroy();
    }
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
sysv default: 0600
sysv 0644: 0644
sysv 0640: 0640
posix default: 0600 (0600 on disk)
posix 0644: 0644 (0644 on disk)
posix 0640: 0640 (0640 on disk)
file default: 0600 (0600 on disk)
file 0644: 0644 (0644 on disk)
file 0640: 0640 (0640 on disk)
