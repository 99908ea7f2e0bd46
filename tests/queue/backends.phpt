--TEST--
Shmx: Queue: every backend (anonymous, System V key, POSIX name, file:) between forked processes and an unrelated php; allowed classes
--EXTENSIONS--
shmx
pcntl
--FILE--
<?php
require __DIR__ . '/queue.inc';
class Job { public $n; }
$ids = [null, queue_test_key(1), queue_test_name('backends'), 'file:' . queue_test_file('backends')];
foreach ($ids as $id) {
    if ($id !== null) {
        queue_test_destroy($id);
    }
    $q = new Shmx\Queue($id, 4096);
    $pid = pcntl_fork();
    if ($pid === 0) {
        $child = $id === null ? $q : new Shmx\Queue($id, 0 + 64, 'w');
        for ($i = 0; $i < 100; $i++) {
            $child->push("m$i");
        }
        $job = new Job();
        $job->n = 7;
        $child->push($job);
        exit(0);
    }
    $ok = true;
    for ($i = 0; $i < 100; $i++) {
        $ok = $ok && $q->pop(10.0) === "m$i";
    }
    $job = $q->pop(10.0);
    pcntl_waitpid($pid, $status);
    echo $q->info()['backend'], ': ', $ok ? 'in order' : 'WRONG', ', ', get_class($job), "\n";
}

// An unrelated process: what it pushes comes out here, and the reverse.
$id = queue_test_name('backends');
$q = new Shmx\Queue($id, 4096, 'w');
$q->push(['from' => 'parent']);
echo store_test_run_php('$q = new Shmx\Queue(' . var_export($id, true) . ', 4096, "w"); var_dump($q->pop(5.0)); $q->push(42);');
var_dump($q->pop(5.0));

// Objects: a queue others can write (0666) gives back no classes under shmx.allowed_classes=auto.
$shared = new Shmx\Queue(queue_test_name('backends-shared'), 4096, 'c', 0666);
$shared->push(new Job());
var_dump(get_class($shared->pop()));
$trusting = new Shmx\Queue(queue_test_name('backends-shared'), 4096, 'w', 0600, true);
$trusting->push(new Job());
var_dump(get_class($trusting->pop()));
$only = new Shmx\Queue(null, 4096, 'c', 0600, ['ArrayObject']);
$only->push(new Job());
$only->push(new ArrayObject());
var_dump(get_class($only->pop()), get_class($only->pop()));
foreach ([queue_test_key(1), queue_test_name('backends'), 'file:' . queue_test_file('backends'), queue_test_name('backends-shared')] as $id) {
    queue_test_destroy($id);
}
?>
--CLEAN--
<?php
require __DIR__ . '/queue.inc';
foreach ([queue_test_key(1), queue_test_name('backends'), 'file:' . queue_test_file('backends'), queue_test_name('backends-shared')] as $id) {
    queue_test_destroy($id);
}
?>
--EXPECT--
anon: in order, Job
sysv: in order, Job
posix: in order, Job
file: in order, Job
array(1) {
  ["from"]=>
  string(6) "parent"
}
int(42)
string(22) "__PHP_Incomplete_Class"
string(3) "Job"
string(22) "__PHP_Incomplete_Class"
string(11) "ArrayObject"
