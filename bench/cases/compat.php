<?php
/* shmx_get_var/shmx_put_var against shm_get_var/shm_put_var, and shmx_sem_acquire+release
 * against sem_acquire+release, on the same kind of segment and semaphore set.
 * Wrapped in a closure: bench/run.php requires every case file into its own scope, where a
 * top-level $cases would overwrite the harness's list. */
return (function (): array {
$cases = [];
$shmKey = ftok(__FILE__, 'b');
$semKey = ftok(__FILE__, 'c');
$values = [
    'int' => 42,
    'string 100 B' => str_repeat('v', 100),
    'array 10' => ['id' => 7, 'name' => 'bench', 'tags' => ['a', 'b', 'c'], 'score' => 1.5, 'on' => true, 'n' => null, 'x' => 1, 'y' => 2, 'z' => 3, 'w' => 'end'],
];
$haveShm = extension_loaded('sysvshm');
// Both sides use their own segment of the same size, so that neither sees the other's chunks.
$mine = shmx_attach($shmKey, 1 << 20, 0600);
$theirs = $haveShm ? shm_attach($shmKey + 1, 1 << 20, 0600) : null;
/* Other cases fork workers that exit through PHP's shutdown too: only this process cleans up. */
$owner = getmypid();
register_shutdown_function(function () use ($mine, $theirs, $owner) {
    if (getmypid() !== $owner) {
        return;
    }
    shmx_remove($mine);
    $theirs && shm_remove($theirs);
});
// A few other variables in front, as a real segment would have.
for ($k = 100; $k < 110; $k++) {
    shmx_put_var($mine, $k, "filler $k");
    $theirs && shm_put_var($theirs, $k, "filler $k");
}
foreach ($values as $label => $value) {
    shmx_put_var($mine, 1, $value);
    $theirs && shm_put_var($theirs, 1, $value);
    $cases[] = [
        'group' => 'compat', 'case' => "get_var $label", 'target' => 1.0, 'needs' => ['sysvshm'],
        'shmx' => ['label' => 'shmx_get_var', 'setup' => fn() => shmx_put_var($mine, 1, $value),
            'run' => function (int $n) use ($mine) {
                for ($i = 0; $i < $n; $i++) { shmx_get_var($mine, 1); }
            }],
        'peer' => ['label' => 'shm_get_var', 'setup' => fn() => shm_put_var($theirs, 1, $value),
            'run' => function (int $n) use ($theirs) {
                for ($i = 0; $i < $n; $i++) { shm_get_var($theirs, 1); }
            }],
    ];
    $cases[] = [
        'group' => 'compat', 'case' => "put_var $label", 'target' => 1.0, 'needs' => ['sysvshm'],
        'shmx' => ['label' => 'shmx_put_var', 'run' => function (int $n) use ($mine, $value) {
            for ($i = 0; $i < $n; $i++) { shmx_put_var($mine, 1, $value); }
        }],
        'peer' => ['label' => 'shm_put_var', 'run' => function (int $n) use ($theirs, $value) {
            for ($i = 0; $i < $n; $i++) { shm_put_var($theirs, 1, $value); }
        }],
    ];
}

$sem = shmx_sem_get($semKey, 1, 0600);
$peerSem = extension_loaded('sysvsem') ? sem_get($semKey + 1, 1, 0600) : null;
register_shutdown_function(function () use ($sem, $peerSem, $owner) {
    if (getmypid() !== $owner) {
        return;
    }
    shmx_sem_remove($sem);
    $peerSem && sem_remove($peerSem);
});
$cases[] = [
    'group' => 'compat', 'case' => 'sem acquire+release', 'target' => 1.0, 'needs' => ['sysvsem'],
    'shmx' => ['label' => 'shmx_sem_acquire+release', 'run' => function (int $n) use ($sem) {
        for ($i = 0; $i < $n; $i++) { shmx_sem_acquire($sem); shmx_sem_release($sem); }
    }],
    'peer' => ['label' => 'sem_acquire+release', 'run' => function (int $n) use ($peerSem) {
        for ($i = 0; $i < $n; $i++) { sem_acquire($peerSem); sem_release($peerSem); }
    }],
];
return $cases;
})();
