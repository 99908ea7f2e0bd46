--TEST--
Shmx: Store::lock() and Mutex::synchronized() on Redis: exit() inside stays an exit with its status when giving the lease back then fails (the server went away)
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
foreach (['Store', 'Mutex'] as $kind) {
    $srv = redis_spawn();
    $url = "redis://127.0.0.1:{$srv['port']}/lockexit?timeout=0.5";
    $pid = pcntl_fork();
    if ($pid === 0) {
        $kill = function () use ($srv) { redis_kill($srv); exit(3); };
        if ($kind === 'Store') {
            (new Shmx\Store($url))->lock($kill);
        } else {
            (new Shmx\Mutex($url))->synchronized($kill);
        }
        exit(0);
    }
    pcntl_waitpid($pid, $status);
    echo "$kind: exit status ", pcntl_wexitstatus($status), "\n";
    @redis_kill($srv);
    redis_cleanup($srv);
}
?>
--EXPECT--
Store: exit status 3
Mutex: exit status 3
