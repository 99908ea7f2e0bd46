<?php
/*
 * shmx_read/shmx_write against shmop_read/shmop_write on the same sizes. Each side has its own
 * IPC_PRIVATE segment, marked for deletion at once so that nothing outlives the run.
 */
return (static function (): array {
    $cases = [];
    if (!extension_loaded('shmop')) {
        return $cases;
    }
    foreach ([64 => '64 B', 4096 => '4 KiB', 1048576 => '1 MiB'] as $size => $label) {
        $mine = shmx_open(0, 'c', 0600, $size);
        shmx_delete($mine);
        $orig = shmop_open(0, 'c', 0600, $size);
        shmop_delete($orig);
        $data = str_repeat('x', $size);
        $cases[] = [
            'group' => 'shmop', 'case' => "read $label", 'target' => 1.0, 'needs' => ['shmop'],
            'shmx' => ['label' => 'shmx_read', 'run' => function (int $n) use ($mine, $size) {
                for ($i = 0; $i < $n; $i++) { shmx_read($mine, 0, $size); }
            }],
            'peer' => ['label' => 'shmop_read', 'run' => function (int $n) use ($orig, $size) {
                for ($i = 0; $i < $n; $i++) { shmop_read($orig, 0, $size); }
            }],
        ];
        $cases[] = [
            'group' => 'shmop', 'case' => "write $label", 'target' => 1.0, 'needs' => ['shmop'],
            'shmx' => ['label' => 'shmx_write', 'run' => function (int $n) use ($mine, $data) {
                for ($i = 0; $i < $n; $i++) { shmx_write($mine, $data, 0); }
            }],
            'peer' => ['label' => 'shmop_write', 'run' => function (int $n) use ($orig, $data) {
                for ($i = 0; $i < $n; $i++) { shmop_write($orig, $data, 0); }
            }],
        ];
    }
    return $cases;
})();
