--TEST--
Shmx: a lock word naming this very thread, left by a dead thread whose id it reuses (another start time), is taken over and repaired (Queue, Mutex); an exact copy of this thread's own record is still "already held"
--EXTENSIONS--
shmx
--SKIPIF--
<?php
if (!is_readable('/proc/self/stat')) die('skip needs /proc start times');
?>
--INI--
shmx.lock_timeout=0.5
--FILE--
<?php
const LOCK_AT = 64;              // region header, then the lock: word, holder, start
const PUSHED_AT = 64 + 24;       // the Queue's pushed tally
$path = sys_get_temp_dir() . '/shmx-test-' . md5(__FILE__);
$mpath = "$path.mutex";
@unlink($path);
@unlink($mpath);

// This thread's own lock record, read from a Mutex it holds.
$m = new Shmx\Mutex("file:$mpath", 'n');
$m->lock();
$mraw = new Shmx\Segment("file:$mpath", 0, 'w');
[$word, $holder, $start] = array_values(unpack('Vw/Vh/Ps', $mraw->read(LOCK_AT, 16)));
$m->unlock();
echo "own record: ", var_export($holder === getmypid() && $start > 0, true), "\n";

// The Queue: a push by a thread with this id, of an earlier start, died between its commit
// and its tally.
$q = new Shmx\Queue("file:$path", 4096, 'n');
$q->push('a');
$q->push('b');
$raw = new Shmx\Segment("file:$path", 0, 'w');
$raw->write(pack('VVP', $word, $holder, $start - 1), LOCK_AT);
$raw->setInt(PUSHED_AT, $raw->getInt(PUSHED_AT) - 1);
$q->push('c');
echo "queue: ", count($q), " ", implode(',', [$q->pop(0), $q->pop(0), $q->pop(0)]), " left ", count($q), "\n";

// The Mutex: taken over, not "already held".
$mraw->write(pack('VVP', $word, $holder, $start - 1), LOCK_AT);
var_dump(is_int($m->lock(0.2)));
$m->unlock();
// An exact copy of this thread's record cannot be told from this thread holding it.
$mraw->write(pack('VVP', $word, $holder, $start), LOCK_AT);
try { $m->lock(0.2); echo "locked\n"; } catch (Error $e) { echo get_class($e), ": ", preg_replace('/^.*: /', '', $e->getMessage()), "\n"; }
$mraw->write(pack('VVP', 0, 0, 0), LOCK_AT);
unset($q, $raw, $m, $mraw);
@unlink($path);
@unlink($mpath);
?>
--EXPECT--
own record: true
queue: 3 a,b,c left 0
bool(true)
Error: this process already holds the mutex
