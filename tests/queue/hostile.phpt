--TEST--
Shmx: Queue: bytes written by another process into the header, the lock and the ring are a Shmx\CorruptException or normal operation, never a crash or a hang
--EXTENSIONS--
shmx
--FILE--
<?php
/* Offsets as in crash_repair.phpt: lock word 64, capacity 128, head 136, tail 144, pushed 152,
 * popped 160, closed 168, sequences and flags 172-187; the ring at 256. */
require __DIR__ . '/queue.inc';
$name = queue_test_name('hostile');
queue_test_destroy($name);

function attempt(Shmx\Queue $q): string
{
    $out = [];
    foreach (['push', 'pop', 'tryPop', 'count', 'info', 'close'] as $op) {
        try {
            match ($op) {
                'push' => $q->push('hello', 0.01),
                'pop' => $q->pop(0.01),
                'tryPop' => $q->tryPop($v),
                'count' => count($q),
                'info' => $q->info(),
                'close' => $q->close(),
            };
            $out[] = 'ok';
        } catch (Shmx\CorruptException $e) {
            $out[] = 'corrupt';
        } catch (Shmx\TimeoutException $e) {
            $out[] = 'timeout';
        } catch (Shmx\Exception $e) {
            $out[] = 'exception';
        }
    }
    return implode(',', $out);
}

function fresh(): array
{
    global $name;
    queue_test_destroy($name);
    $q = new Shmx\Queue($name, 512);
    foreach (['a', 'bb', str_repeat('c', 100), 42] as $v) {
        $q->push($v);
    }
    return [$q, new Shmx\Segment($name, 0, 'w')];
}

$cases = [
    'head past tail' => fn($s) => $s->setInt(136, $s->getInt(144) + 8),
    'tail past head + capacity' => fn($s) => $s->setInt(144, $s->getInt(136) + 4096),
    'misaligned tail' => fn($s) => $s->setInt(144, $s->getInt(144) + 3),
    'tallies disagree' => fn($s) => $s->setInt(152, 1000),
    'record magic' => fn($s) => $s->write("\xff\xff", 256 + 6),
    'record length huge' => fn($s) => $s->write(pack('V', 0xfffffff0), 256),
    'record type unknown' => fn($s) => $s->write("\x63", 256 + 4),
    'int record of 3 bytes' => fn($s) => $s->write(pack('VCCv', 3, 4, 0, 0x5152), 256),
    'lock word without tag' => fn($s) => $s->write(pack('V', 12345), 64),
    'lock word naming this process' => fn($s) => $s->write(pack('V', getmypid() | ((stat('/proc/self/ns/pid')['ino'] % 511 + 1) << 22)), 64),
    'waiting flags and sequences' => fn($s) => $s->write(random_bytes(16), 172),
    // A holder that died, and a ring that no longer parses: the repair fails, and is not
    // forgotten when the lock is let go (a push behind that head would never be delivered).
    'record magic, holder dead' => function ($s) {
        $s->write("\xff\xff", 256 + 6);
        $s->write(pack('V', 0x3ffffe | ((stat('/proc/self/ns/pid')['ino'] % 511 + 1) << 22)), 64);
    },
];
foreach ($cases as $title => $hurt) {
    [$q, $seg] = fresh();
    $hurt($seg);
    echo "$title: ", attempt($q), "\n";
}

// The same, push after push: the second is refused too, not queued behind a head that no pop
// can get past.
[$q, $seg] = fresh();
$cases['record magic, holder dead']($seg);
foreach ([1, 2] as $i) {
    try {
        $q->push("after $i", 0.01);
        echo "push $i: queued, count ", count($q), "\n";
    } catch (Shmx\CorruptException $e) {
        echo "push $i: ", queue_test_error($e), "\n";
    }
}

// A capacity that does not fit the object: refused when opened.
[$q, $seg] = fresh();
$seg->setInt(128, 1 << 30);
try {
    new Shmx\Queue($name, 512, 'w');
} catch (Shmx\CorruptException $e) {
    echo queue_test_error($e), "\n";
}
// ... while a handle opened before keeps the capacity it validated.
echo "old handle: ", attempt($q), "\n";

// Random bytes anywhere in the header or the ring, many times: only the listed outcomes.
$rounds = queue_test_under_valgrind() ? 40 : 1500;
$outcomes = [];
mt_srand(11);
for ($r = 0; $r < $rounds; $r++) {
    [$q, $seg] = fresh();
    for ($k = mt_rand(1, 4); $k > 0; $k--) {
        $off = mt_rand(0, 1) ? mt_rand(128, 191) : mt_rand(256, 256 + 511);
        $seg->write(random_bytes(mt_rand(1, 8)), min($off, 256 + 512 - 8));
    }
    foreach (explode(',', attempt($q)) as $o) {
        $outcomes[$o] = true;
    }
}
ksort($outcomes);
echo "random: ", implode(' ', array_keys(array_intersect_key($outcomes, ['ok' => 1, 'corrupt' => 1]))), "\n";
echo "anything else: ", implode(' ', array_keys(array_diff_key($outcomes, ['ok' => 1, 'corrupt' => 1, 'timeout' => 1, 'exception' => 1]))) ?: 'nothing', "\n";
queue_test_destroy($name);
?>
--CLEAN--
<?php
require __DIR__ . '/queue.inc';
queue_test_destroy(queue_test_name('hostile'));
?>
--EXPECT--
head past tail: corrupt,corrupt,corrupt,ok,ok,corrupt
tail past head + capacity: corrupt,corrupt,corrupt,ok,ok,corrupt
misaligned tail: corrupt,corrupt,corrupt,ok,ok,corrupt
tallies disagree: corrupt,corrupt,corrupt,ok,ok,corrupt
record magic: ok,corrupt,corrupt,ok,ok,ok
record length huge: ok,corrupt,corrupt,ok,ok,ok
record type unknown: ok,corrupt,corrupt,ok,ok,ok
int record of 3 bytes: ok,corrupt,corrupt,ok,ok,ok
lock word without tag: corrupt,corrupt,corrupt,ok,ok,corrupt
lock word naming this process: corrupt,corrupt,corrupt,ok,ok,corrupt
waiting flags and sequences: ok,ok,ok,ok,ok,ok
record magic, holder dead: corrupt,corrupt,corrupt,ok,ok,corrupt
push 1: Shmx\CorruptException: the shmx Queue is corrupted (a record in its ring does not parse)
push 2: Shmx\CorruptException: the shmx Queue is corrupted (a repair after a process that died holding its lock found it damaged)
Shmx\CorruptException: the shmx Queue is corrupted (a capacity of 1073741824 bytes does not fit its 704 bytes)
old handle: ok,ok,ok,ok,ok,ok
random: corrupt ok
anything else: nothing
