<?php
/*
 * Shmx\Store, Shmx\Counter, Shmx\Mutex, Shmx\Semaphore and Shmx\Queue on Redis against phpredis (Debian's
 * php8.2-redis), on the same redis-server over loopback TCP: get, set, increment; a Mutex
 * lock+unlock against phpredis doing the same by hand (SET NX PX with a random token, EVAL
 * compare-and-delete; without the fencing token or the renewal, which shmx adds); a Queue push
 * then pop (against plain RPUSH/LPOP, which loses a value whose consumer dies, and against the
 * reliable pattern done by hand: RPUSH, RPOPLPUSH into a processing list, LREM from it once
 * handled). tools/run.sh bench starts a server of
 * its own and exports SHMX_TEST_REDIS; without one (or without Redis support in shmx) the
 * cases are left out with a message. Both sides time themselves on the wall clock: a network
 * call spends its time waiting for the server, which CPU time would not see.
 */
return (function (): array {
$url = getenv('SHMX_TEST_REDIS');
if ($url === false || $url === '') {
    fwrite(STDERR, "bench: Redis cases skipped: SHMX_TEST_REDIS is not set (tools/run.sh bench starts a redis-server)\n");
    return [];
}
try {
    $store = new Shmx\Store("$url/shmxbench");
    $counter = new Shmx\Counter("$url/shmxbench");
    $queue = new Shmx\Queue("$url/shmxbenchq", 1 << 20);
    $mutex = new Shmx\Mutex("$url/shmxbench");
    $sem = new Shmx\Semaphore("$url/shmxbenchsem", 4);
} catch (Shmx\Exception $e) {
    fwrite(STDERR, "bench: Redis cases skipped: {$e->getMessage()}\n");
    return [];
}
$redis = null;
if (class_exists('Redis')) {
    $p = parse_url($url);
    $redis = new Redis();
    $redis->connect($p['host'], $p['port']);
}
$wall = static function (callable $body): callable {
    return static function (int $n) use ($body): array {
        $t = hrtime(true);
        $body($n);
        return ['seconds' => (hrtime(true) - $t) / 1e9, 'lost' => 0];
    };
};
$store->set('s', str_repeat('s', 100));
$redis?->set('{shmxbench}:raw:s', str_repeat('s', 100));
$cases = [];
$cases[] = [
    'group' => 'Redis', 'case' => 'get 100 B string', 'target' => 1.0, 'needs' => ['redis'],
    'shmx' => ['label' => 'Store::get (HGET)', 'run' => $wall(function (int $n) use ($store) {
        for ($i = 0; $i < $n; $i++) { $store->get('s'); }
    })],
    'peer' => ['label' => 'Redis::get', 'run' => $wall(function (int $n) use ($redis) {
        for ($i = 0; $i < $n; $i++) { $redis->get('{shmxbench}:raw:s'); }
    })],
];
/* The same read with the client-side cache (cache=60): a hit is answered in the process after
 * a zero-timeout poll of the tracker; the peer reads the very same key from the server. */
$cached = new Shmx\Store("$url/shmxbench?cache=60");
$cases[] = [
    'group' => 'Redis', 'case' => 'get 100 B string, cache=60', 'target' => 1.0, 'needs' => ['redis'],
    'shmx' => ['label' => 'Store::get (client-side cache)', 'run' => $wall(function (int $n) use ($cached) {
        for ($i = 0; $i < $n; $i++) { $cached->get('s'); }
    })],
    'peer' => ['label' => 'Redis::get', 'run' => $wall(function (int $n) use ($redis) {
        for ($i = 0; $i < $n; $i++) { $redis->get('{shmxbench}:k:s'); }
    })],
];
$cases[] = [
    'group' => 'Redis', 'case' => 'set 100 B string', 'target' => 1.0, 'needs' => ['redis'],
    'shmx' => ['label' => 'Store::set (HSET)', 'run' => $wall(function (int $n) use ($store) {
        $v = str_repeat('t', 100);
        for ($i = 0; $i < $n; $i++) { $store->set('s', $v); }
    })],
    'peer' => ['label' => 'Redis::set', 'run' => $wall(function (int $n) use ($redis) {
        $v = str_repeat('t', 100);
        for ($i = 0; $i < $n; $i++) { $redis->set('{shmxbench}:raw:s', $v); }
    })],
];
$cases[] = [
    'group' => 'Redis', 'case' => 'Store increment', 'target' => 1.0, 'needs' => ['redis'],
    'shmx' => ['label' => 'Store::increment (HINCRBY)', 'run' => $wall(function (int $n) use ($store) {
        for ($i = 0; $i < $n; $i++) { $store->increment('i'); }
    })],
    'peer' => ['label' => 'Redis::incr', 'run' => $wall(function (int $n) use ($redis) {
        for ($i = 0; $i < $n; $i++) { $redis->incr('{shmxbench}:raw:i'); }
    })],
];
$cases[] = [
    'group' => 'Redis', 'case' => 'Counter increment', 'target' => 1.0, 'needs' => ['redis'],
    'shmx' => ['label' => 'Counter::increment', 'run' => $wall(function (int $n) use ($counter) {
        for ($i = 0; $i < $n; $i++) { $counter->increment(); }
    })],
    'peer' => ['label' => 'Redis::incr', 'run' => $wall(function (int $n) use ($redis) {
        for ($i = 0; $i < $n; $i++) { $redis->incr('{shmxbench}:raw:i'); }
    })],
];
/* The same three with shmx.redis_spin=0: shmx sleeps in read() at once, as phpredis does, so
 * these show what the one bare command alone gives (parity) and the rows above what the
 * spinning adds. No target: informational. */
foreach (['get 100 B string', 'set 100 B string', 'Store increment'] as $name) {
    foreach ($cases as $c) {
        if ($c['case'] === $name) {
            $c['case'] = "$name, redis_spin=0";
            unset($c['target']);
            $c['shmx']['label'] .= ', no spin';
            $c['shmx']['setup'] = static function (): void { ini_set('shmx.redis_spin', '0'); };
            $c['shmx']['teardown'] = static function (): void { ini_restore('shmx.redis_spin'); };
            $cases[] = $c;
            break;
        }
    }
}
/* Where one script is one round trip and phpredis needs several for the same guarantee. */
$store->set('c', 0);
$redis?->set('{shmxbench}:raw:c', 0);
$cases[] = [
    'group' => 'Redis', 'case' => 'compareAndSwap', 'needs' => ['redis'],
    'shmx' => ['label' => 'Store::compareAndSwap (script)', 'run' => $wall(function (int $n) use ($store) {
        for ($i = 0; $i < $n; $i++) { $store->compareAndSwap('c', $i, $i + 1); }
    })],
    'peer' => ['label' => 'WATCH+GET, MULTI+SET+EXEC', 'run' => $wall(function (int $n) use ($redis) {
        $k = '{shmxbench}:raw:c';
        $redis->set($k, 0);
        for ($i = 0; $i < $n; $i++) {
            $redis->watch($k);
            if ((int)$redis->get($k) !== $i) { $redis->unwatch(); continue; }
            $redis->multi()->set($k, $i + 1)->exec();
        }
    })],
];
for ($i = 0; $i < 100; $i++) {
    $store->set("it:$i", $i);
    $redis?->set("{shmxbench}:raw:it:$i", $i);
}
$cases[] = [
    'group' => 'Redis', 'case' => 'iterate 100 of 100+ keys', 'needs' => ['redis'],
    'shmx' => ['label' => 'foreach (Store) (script)', 'run' => $wall(function (int $n) use ($store) {
        for ($i = 0; $i < $n; $i++) { $c = 0; foreach ($store as $k => $v) { $c++; } }
    })],
    'peer' => ['label' => 'SCAN MATCH + MGET', 'run' => $wall(function (int $n) use ($redis) {
        for ($i = 0; $i < $n; $i++) {
            $it = null;
            $c = 0;
            while (($keys = $redis->scan($it, '{shmxbench}:raw:*', 1000)) !== false) {
                if ($keys) { $c += count(array_filter($redis->mget($keys), fn ($v) => $v !== false)); }
            }
        }
    })],
];
$queueRun = $wall(function (int $n) use ($queue) {
    $v = str_repeat('q', 100);
    for ($i = 0; $i < $n; $i++) { $queue->push($v); $queue->pop(); }
});
$cases[] = [
    'group' => 'Redis', 'case' => 'Queue push+pop 100 B, plain peer', 'needs' => ['redis'],
    'shmx' => ['label' => 'Queue::push+pop (3 scripts)', 'run' => $queueRun],
    'peer' => ['label' => 'Redis::rPush+lPop', 'run' => $wall(function (int $n) use ($redis) {
        $v = str_repeat('q', 100);
        for ($i = 0; $i < $n; $i++) { $redis->rPush('{shmxbench}:raw:q', $v); $redis->lPop('{shmxbench}:raw:q'); }
    })],
];
$cases[] = [
    'group' => 'Redis', 'case' => 'Queue push+pop 100 B, reliable peer', 'needs' => ['redis'],
    'shmx' => ['label' => 'Queue::push+pop (3 scripts)', 'run' => $queueRun],
    'peer' => ['label' => 'rPush+rpoplpush+lRem', 'run' => $wall(function (int $n) use ($redis) {
        $v = str_repeat('q', 100);
        for ($i = 0; $i < $n; $i++) {
            $redis->rPush('{shmxbench}:raw:q', $v);
            $got = $redis->rpoplpush('{shmxbench}:raw:q', '{shmxbench}:raw:w');
            $redis->lRem('{shmxbench}:raw:w', $got, 1);
        }
    })],
];
$cases[] = [
    'group' => 'Redis', 'case' => 'Mutex lock + unlock', 'needs' => ['redis'],
    'shmx' => ['label' => 'Mutex::lock+unlock (scripts, fencing token)', 'run' => $wall(function (int $n) use ($mutex) {
        for ($i = 0; $i < $n; $i++) { $mutex->lock(); $mutex->unlock(); }
    })],
    'peer' => ['label' => 'SET NX PX + EVAL compare-and-delete', 'run' => $wall(function (int $n) use ($redis) {
        $unlock = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
        for ($i = 0; $i < $n; $i++) {
            $token = bin2hex(random_bytes(16));
            if (!$redis->set('{shmxbench}:raw:lock', $token, ['nx', 'px' => 30000])) {
                throw new RuntimeException('the bench lock was taken');
            }
            $redis->eval($unlock, ['{shmxbench}:raw:lock', $token], 1);
        }
    })],
];
$cases[] = [
    'group' => 'Redis', 'case' => 'Semaphore acquire + release', 'needs' => ['redis'],
    'shmx' => ['label' => 'Semaphore::acquire+release (scripts)', 'run' => $wall(function (int $n) use ($sem) {
        for ($i = 0; $i < $n; $i++) { $sem->acquire(); $sem->release(); }
    })],
    /* The same permits-as-leases by hand: a script drops the expired members and adds a token
     * if fewer than the permits are left; ZREM gives it back. */
    'peer' => ['label' => 'EVAL ZADD if ZCARD < N + ZREM', 'run' => $wall(function (int $n) use ($redis) {
        $take = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "
            . "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) "
            . "if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end "
            . "redis.call('ZADD', KEYS[1], now + 30000, ARGV[1]) return 1";
        for ($i = 0; $i < $n; $i++) {
            $token = bin2hex(random_bytes(16));
            if (!$redis->eval($take, ['{shmxbench}:raw:sem', $token, 4], 1)) {
                throw new RuntimeException('the bench semaphore was full');
            }
            $redis->zRem('{shmxbench}:raw:sem', $token);
        }
    })],
];
return $cases;
})();
