--TEST--
Shmx: the same cases on a local id and on a redis:// id give the same results (Store, Counter, Mutex, Semaphore, Queue)
--EXTENSIONS--
shmx
pcntl
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';

/* Each case runs its steps and records what each returned, or the class of what it threw
 * (the messages name the id, which differs). */
function step(array &$log, string $what, callable $fn): void
{
    try {
        $r = $fn();
        $out = str_replace("\n", ' ', var_export($r, true));
        $log[] = "$what = " . (strlen($out) > 400 ? strlen($out) . ' bytes, md5 ' . md5($out) : $out);
    } catch (Throwable $e) {
        $log[] = "$what ! " . get_class($e);
    }
}

$cases = [
    'Store' => function (callable $open): array {
        $log = [];
        $s = $open('Store');
        $values = [null, true, false, 0, -7, PHP_INT_MAX, 1.5, -0.0, '', "bin\0ary", str_repeat('x', 5000),
            [1, 'a' => [true, null, 2.5]], ['k' => 'v']];
        foreach ($values as $i => $v) {
            step($log, "set/get #$i", function () use ($s, $i, $v) { $s->set("v$i", $v); return $s->get("v$i"); });
        }
        step($log, 'get missing + default', fn () => $s->get('nope', 'dflt'));
        step($log, 'add new', fn () => $s->add('a', 1));
        step($log, 'add again', fn () => $s->add('a', 2));
        step($log, 'has a / nope', fn () => [$s->has('a'), $s->has('nope')]);
        step($log, 'delete a twice', fn () => [$s->delete('a'), $s->delete('a')]);
        step($log, 'increment new', fn () => $s->increment('n'));
        step($log, 'increment 10, decrement 3', fn () => [$s->increment('n', 10), $s->decrement('n', 3)]);
        step($log, 'increment by float', fn () => $s->increment('n', 0.5));
        step($log, 'increment PHP_INT_MAX overflow', function () use ($s) { $s->set('big', PHP_INT_MAX); return $s->increment('big'); });
        step($log, 'big unchanged', fn () => $s->get('big'));
        step($log, 'increment a string', function () use ($s) { $s->set('str', 'abc'); return $s->increment('str'); });
        step($log, 'cas hit', fn () => [$s->compareAndSwap('v3', 0, 'zero'), $s->get('v3')]);
        step($log, 'cas miss', fn () => $s->compareAndSwap('v3', 0, 'again'));
        step($log, 'cas missing key', fn () => $s->compareAndSwap('none', null, 1));
        step($log, 'cas array', fn () => $s->compareAndSwap('v12', ['k' => 'v'], 5));
        step($log, 'cas floats: 0.0 / -0.0, NAN / NAN, int 1 / 1.0', function () use ($s) {
            $s->set('f', 0.0); $a = $s->compareAndSwap('f', -0.0, 1.5);
            $s->set('f', NAN); $b = $s->compareAndSwap('f', NAN, 1.5);
            $s->set('f', 1); $c = $s->compareAndSwap('f', 1.0, 2);
            $s->delete('f');
            return [$a, $b, $c];
        });
        step($log, 'empty key', fn () => $s->set('', 1));
        step($log, 'ttl set/get', function () use ($s) { $s->set('t', 'soon', 100); return $s->get('t'); });
        step($log, 'keys(v1)', function () use ($s) { $k = $s->keys('v1'); sort($k); return $k; });
        step($log, 'count', fn () => $s->count());
        step($log, 'count()', fn () => count($s));
        step($log, 'iterate', function () use ($s) { $a = []; foreach ($s as $k => $v) { $a[$k] = gettype($v); } ksort($a); return $a; });
        step($log, 'ArrayAccess', function () use ($s) { $s['aa'] = 3; $r = [isset($s['aa']), $s['aa']]; unset($s['aa']); return [...$r, isset($s['aa'])]; });
        step($log, 'lock() returns', fn () => $s->lock(fn (Shmx\Store $st) => $st->increment('n', 1.5)));
        step($log, 'lock() throws', fn () => $s->lock(function () { throw new LogicException('x'); }));
        step($log, 'iterate 1100 keys, one deleted', function () use ($s) {
            for ($i = 0; $i < 1100; $i++) { $s->set("many:$i", $i); }
            $s->delete('many:600');
            $n = 0; $sum = 0;
            foreach ($s as $k => $v) { if (str_starts_with($k, 'many:')) { $n++; $sum += $v; } }
            return [$n, $sum, count($s->keys('many:'))];
        });
        step($log, 'clear + count', function () use ($s) { $s->clear(); return [$s->count(), $s->keys()]; });
        $s->destroy();
        return $log;
    },
    'Counter' => function (callable $open): array {
        $log = [];
        $c = $open('Counter');
        step($log, 'get', fn () => $c->get());
        step($log, 'increment, by 5, decrement 2', fn () => [$c->increment(), $c->increment(5), $c->decrement(2)]);
        step($log, 'set, get', function () use ($c) { $c->set(PHP_INT_MAX - 1); return $c->get(); });
        step($log, 'increment to MAX', fn () => $c->increment());
        step($log, 'overflow', fn () => $c->increment());
        step($log, 'after overflow', fn () => $c->get());
        step($log, 'cas', fn () => [$c->compareAndSwap(PHP_INT_MAX, 1), $c->compareAndSwap(PHP_INT_MAX, 2), $c->get()]);
        step($log, 'decrement MIN', fn () => $c->decrement(PHP_INT_MIN));
        $c->destroy();
        return $log;
    },
    'Mutex' => function (callable $open): array {
        $log = [];
        $m = $open('Mutex');
        step($log, 'tryLock', fn () => $m->tryLock());
        step($log, 'lock again', fn () => $m->lock(0.1));
        step($log, 'unlock', fn () => $m->unlock());
        step($log, 'unlock again', fn () => $m->unlock());
        step($log, 'tokens increase', function () use ($m) { $a = $m->lock(); $m->unlock(); $b = $m->lock(); $t = $m->token(); $m->unlock(); return [$b > $a, $t === $b, $m->token()]; });
        step($log, 'synchronized', fn () => $m->synchronized(fn () => 'inside'));
        step($log, 'free after synchronized', function () use ($m) { $r = $m->tryLock(); $m->unlock(); return $r; });
        $m->destroy();
        return $log;
    },
    'Semaphore' => function (callable $open): array {
        $log = [];
        $s = $open('Semaphore', 2);
        step($log, 'available', fn () => $s->available());
        step($log, 'acquire twice', function () use ($s) { $s->acquire(); $s->acquire(); return $s->available(); });
        step($log, 'tryAcquire when none', fn () => $s->tryAcquire());
        step($log, 'acquire(0.1) when none', fn () => $s->acquire(0.1));
        step($log, 'release twice', function () use ($s) { $s->release(); $s->release(); return $s->available(); });
        step($log, 'release when none held', fn () => $s->release());
        $s->destroy();
        return $log;
    },
    'Queue' => function (callable $open): array {
        $log = [];
        $q = $open('Queue', 256);
        foreach ([1, 'two', [3], 4.5, null, false] as $v) {
            step($log, 'push ' . var_export($v, true), fn () => $q->push($v, 0));
        }
        step($log, 'count', fn () => [$q->count(), count($q)]);
        step($log, 'tryPush until full', function () use ($q) { $n = 0; while ($q->tryPush(str_repeat('p', 20))) { $n++; } return $n; });
        step($log, 'push(…, 0) when full', fn () => $q->push('x', 0));
        step($log, 'too big for the queue', fn () => $q->tryPush(str_repeat('y', 1000)));
        step($log, 'pop all', function () use ($q) { $a = []; while ($q->tryPop($v)) { $a[] = $v; } return $a; });
        step($log, 'pop(0.05) empty', fn () => $q->pop(0.05));
        step($log, 'close, push', function () use ($q) { $q->push('last'); $q->close(); return [$q->isClosed(), $q->tryPush(1)]; });
        step($log, 'drain after close', fn () => [$q->pop(), $q->tryPop($v), $v ?? 'unset']);
        step($log, 'pop on closed and empty', fn () => $q->pop());
        $q->destroy();
        return $log;
    },
];

$url = getenv('SHMX_TEST_REDIS');
$n = 0;
foreach ($cases as $class => $case) {
    $n++;
    $local = $case(function (string $cls, ...$args) use ($n) {
        $c = "Shmx\\$cls";
        return $cls === 'Semaphore' ? new $c(null, ...$args) : ($cls === 'Queue' ? new $c(null, ...$args) : new $c(null));
    });
    $redis = $case(function (string $cls, ...$args) use ($url, $n) {
        $c = "Shmx\\$cls";
        return new $c(redis_url(__FILE__) . "-$n", ...$args);
    });
    echo "== $class\n";
    foreach ($local as $i => $line) {
        echo $line, "\n";
        if (($redis[$i] ?? '(missing)') !== $line) {
            echo "   redis differs: ", $redis[$i] ?? '(missing)', "\n";
        }
    }
    if (count($redis) !== count($local)) {
        echo "   redis has ", count($redis), " steps\n";
    }
}
?>
--EXPECT--
== Store
set/get #0 = NULL
set/get #1 = true
set/get #2 = false
set/get #3 = 0
set/get #4 = -7
set/get #5 = 9223372036854775807
set/get #6 = 1.5
set/get #7 = -0.0
set/get #8 = ''
set/get #9 = 'bin' . "\0" . 'ary'
set/get #10 = 5002 bytes, md5 31872422b4955894c518417cd8c09863
set/get #11 = array (   0 => 1,   'a' =>    array (     0 => true,     1 => NULL,     2 => 2.5,   ), )
set/get #12 = array (   'k' => 'v', )
get missing + default = 'dflt'
add new = true
add again = false
has a / nope = array (   0 => true,   1 => false, )
delete a twice = array (   0 => true,   1 => false, )
increment new = 1
increment 10, decrement 3 = array (   0 => 11,   1 => 8, )
increment by float = 8.5
increment PHP_INT_MAX overflow ! ArithmeticError
big unchanged = 9223372036854775807
increment a string ! Shmx\Exception
cas hit = array (   0 => true,   1 => 'zero', )
cas miss = false
cas missing key = false
cas array = true
cas floats: 0.0 / -0.0, NAN / NAN, int 1 / 1.0 = array (   0 => true,   1 => false,   2 => false, )
empty key ! ValueError
ttl set/get = 'soon'
keys(v1) = array (   0 => 'v1',   1 => 'v10',   2 => 'v11',   3 => 'v12', )
count = 17
count() = 17
iterate = array (   'big' => 'integer',   'n' => 'double',   'str' => 'string',   't' => 'string',   'v0' => 'NULL',   'v1' => 'boolean',   'v10' => 'string',   'v11' => 'array',   'v12' => 'integer',   'v2' => 'boolean',   'v3' => 'string',   'v4' => 'integer',   'v5' => 'integer',   'v6' => 'double',   'v7' => 'double',   'v8' => 'string',   'v9' => 'string', )
ArrayAccess = array (   0 => true,   1 => 3,   2 => false, )
lock() returns = 10.0
lock() throws ! LogicException
iterate 1100 keys, one deleted = array (   0 => 1099,   1 => 603850,   2 => 1099, )
clear + count = array (   0 => 0,   1 =>    array (   ), )
== Counter
get = 0
increment, by 5, decrement 2 = array (   0 => 1,   1 => 6,   2 => 4, )
set, get = 9223372036854775806
increment to MAX = 9223372036854775807
overflow ! ArithmeticError
after overflow = 9223372036854775807
cas = array (   0 => true,   1 => false,   2 => 1, )
decrement MIN ! ArithmeticError
== Mutex
tryLock = true
lock again ! Error
unlock = NULL
unlock again ! Error
tokens increase = array (   0 => true,   1 => true,   2 => NULL, )
synchronized = 'inside'
free after synchronized = true
== Semaphore
available = 2
acquire twice = 0
tryAcquire when none = false
acquire(0.1) when none ! Error
release twice = 2
release when none held ! Error
== Queue
push 1 = NULL
push 'two' = NULL
push array (
  0 => 3,
) = NULL
push 4.5 = NULL
push NULL = NULL
push false = NULL
count = array (   0 => 6,   1 => 6, )
tryPush until full = 5
push(…, 0) when full ! Shmx\TimeoutException
too big for the queue ! ValueError
pop all = array (   0 => 1,   1 => 'two',   2 =>    array (     0 => 3,   ),   3 => 4.5,   4 => NULL,   5 => false,   6 => 'pppppppppppppppppppp',   7 => 'pppppppppppppppppppp',   8 => 'pppppppppppppppppppp',   9 => 'pppppppppppppppppppp',   10 => 'pppppppppppppppppppp', )
pop(0.05) empty ! Shmx\TimeoutException
close, push ! Shmx\Exception
drain after close = array (   0 => 'last',   1 => false,   2 => false, )
pop on closed and empty ! Shmx\Exception