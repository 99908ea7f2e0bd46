<?php
/* Segment::read/write against shmop_read/shmop_write on the same sizes. */
$cases = [];
foreach ([64 => '64 B', 4096 => '4 KiB', 1048576 => '1 MiB'] as $size => $label) {
    $seg = new Shmx\Segment(null, $size);
    $data = str_repeat('x', $size);
    $shmop = extension_loaded('shmop') ? shmop_open(0, 'c', 0600, $size) : null;
    /* Marked for deletion now, so that the segment goes when the run ends. */
    $shmop && shmop_delete($shmop);
    $cases[] = [
        'group' => 'Segment', 'case' => "read $label", 'target' => 1.0, 'needs' => ['shmop'],
        'shmx' => ['label' => 'Segment::read', 'run' => function (int $n) use ($seg, $size) {
            for ($i = 0; $i < $n; $i++) { $seg->read(0, $size); }
        }],
        'peer' => ['label' => 'shmop_read', 'run' => function (int $n) use ($shmop, $size) {
            for ($i = 0; $i < $n; $i++) { shmop_read($shmop, 0, $size); }
        }],
    ];
    $cases[] = [
        'group' => 'Segment', 'case' => "write $label", 'target' => 1.0, 'needs' => ['shmop'],
        'shmx' => ['label' => 'Segment::write', 'run' => function (int $n) use ($seg, $data) {
            for ($i = 0; $i < $n; $i++) { $seg->write($data, 0); }
        }],
        'peer' => ['label' => 'shmop_write', 'run' => function (int $n) use ($shmop, $data) {
            for ($i = 0; $i < $n; $i++) { shmop_write($shmop, $data, 0); }
        }],
    ];
}
return $cases;
