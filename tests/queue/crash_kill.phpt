--TEST--
Shmx: Queue: producers and consumers SIGKILLed at random during an exchange: nothing delivered twice, nothing lost beyond one message per killed consumer, nobody blocked
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
/*
 * Producers push "p:i:g" (message i of producer p, g = how many times that producer was
 * restarted, so that a message re-pushed after a kill is a different string) and, right
 * after push() returned, record g + 1 in acked[p][i]. A restarted producer resumes at its first
 * message not acked. Consumers pop and, right after pop() returned, Store::add() the string:
 * an add that finds the string already there is a duplicate delivery. The parent SIGKILLs a
 * random producer or consumer every few milliseconds and restarts it, then lets everyone
 * finish; the last producer done closes the queue, consumers drain it and exit.
 *
 * Checked: no string is ever delivered twice; every acked push (the string of attempt
 * acked - 1) was delivered, except at most one message per consumer kill (a consumer killed
 * after its pop took the message, before its add logged it); the queue's popped tally exceeds
 * the logged deliveries by no more than the consumer kills; and the queue ends empty with its
 * tallies equal (a dead holder's half-done commit was repaired).
 */
require __DIR__ . '/queue.inc';
$light = queue_test_under_valgrind();
$per = $light ? 300 : 40000;
$kills = $light ? 8 : 400;   // at most: the killing stops when the producers are done
$P = 2;
$C = 2;
$q = new Shmx\Queue(null, 4096);
$acked = new Shmx\Segment(null, 8 * $P * $per);
$dups = new Shmx\Segment(null, 64);            // duplicates found, deliveries logged
$done = new Shmx\Segment(null, 8 * $P);         // per producer: 1 once all its messages are acked
$log = new Shmx\Store(null, 8 << 20);

function producer(int $p, int $g, Shmx\Queue $q, Shmx\Segment $acked, Shmx\Segment $done, int $per, int $P): void
{
    pcntl_alarm(120);
    for ($i = 0; $i < $per; $i++) {
        if ($acked->getInt(8 * ($p * $per + $i)) !== 0) {
            continue;
        }
        $q->push("$p:$i:$g" . str_repeat('.', ($i * 13) % 90));
        $acked->setInt(8 * ($p * $per + $i), $g + 1);
    }
    // The last producer to finish closes the queue (a restarted one that finds everything
    // acked may close it again, which does nothing).
    $done->setInt(8 * $p, 1);
    for ($k = 0; $k < $P; $k++) {
        if ($done->getInt(8 * $k) === 0) {
            exit(0);
        }
    }
    $q->close();
    exit(0);
}

function consumer(Shmx\Queue $q, Shmx\Store $log, Shmx\Segment $dups): void
{
    pcntl_alarm(120);
    for (;;) {
        try {
            $m = $q->pop(60.0);
        } catch (Shmx\Exception $e) {
            exit($q->isClosed() ? 0 : 5);
        }
        $key = rtrim($m, '.');
        if (!$log->add($key, 1)) {
            $dups->addInt(0, 1);
        }
        $dups->addInt(8, 1);
    }
}

function start(string $role, int $n, int $g): int
{
    global $q, $acked, $done, $log, $dups, $per, $P;
    $pid = pcntl_fork();
    if ($pid === 0) {
        $role === 'p' ? producer($n, $g, $q, $acked, $done, $per, $P) : consumer($q, $log, $dups);
    }
    return $pid;
}

$workers = [];   // pid => [role, n, restarts]
for ($p = 0; $p < $P; $p++) {
    $workers[start('p', $p, 0)] = ['p', $p, 0];
}
for ($c = 0; $c < $C; $c++) {
    $workers[start('c', $c, 0)] = ['c', $c, 0];
}
$killed = ['p' => 0, 'c' => 0];
$finished = [];
for ($k = 0; $k < $kills; $k++) {
    usleep(mt_rand(200, $light ? 50000 : 3000));
    $pid = array_rand($workers);
    [$role, $n, $g] = $workers[$pid];
    posix_kill($pid, SIGKILL);
    pcntl_waitpid($pid, $status);
    unset($workers[$pid]);
    if (pcntl_wifsignaled($status)) {
        $killed[$role]++;
    } else {
        $finished[] = pcntl_wexitstatus($status); // it had finished before the kill landed
        if ($role === 'p') {
            continue;
        }
    }
    $workers[start($role, $n, $g + 1)] = [$role, $n, $g + 1];
    if (count(array_filter($workers, fn($w) => $w[0] === 'p')) === 0) {
        break;
    }
}
// Everyone left runs to its end; a producer killed above that has not restarted is restarted.
$deadline = time() + 150;
while ($workers && time() < $deadline) {
    foreach ($workers as $pid => $w) {
        if (pcntl_waitpid($pid, $status, WNOHANG) === $pid) {
            unset($workers[$pid]);
            $finished[] = pcntl_wifexited($status) ? pcntl_wexitstatus($status) : -pcntl_wtermsig($status);
        }
    }
    usleep(10000);
}
foreach ($workers as $pid => $w) {
    posix_kill($pid, SIGKILL);
    echo "still running at the deadline: $w[0]$w[1]\n";
}
echo "exits: ", count(array_filter($finished)) === 0 ? 'all 0' : implode(' ', $finished), "\n";

$missing = 0;
$unacked = 0;
for ($p = 0; $p < $P; $p++) {
    for ($i = 0; $i < $per; $i++) {
        $g = $acked->getInt(8 * ($p * $per + $i));
        if ($g === 0) {
            $unacked++;
        } elseif (!$log->has("$p:$i:" . ($g - 1))) {
            $missing++;
        }
    }
}
echo "messages never acked: $unacked\n";
$info = $q->info();
$logged = $dups->getInt(8);
echo "duplicates: ", $dups->getInt(0), "\n";
echo "acked but not delivered <= consumer kills: ", $missing <= $killed['c'] ? 'yes' : "NO ($missing > {$killed['c']})", "\n";
echo "popped but not logged <= consumer kills: ", $info['popped'] - $logged <= $killed['c'] && $info['popped'] >= $logged ? 'yes' : "NO ({$info['popped']} popped, $logged logged)", "\n";
echo "every logged delivery was pushed: ", $info['pushed'] >= $logged ? 'yes' : 'NO', "\n";
var_dump($info['count'], $info['used'], $info['pushed'] === $info['popped'], $info['closed']);
echo "kills: ", $killed['p'] + $killed['c'] > 0 ? 'some' : 'none', "\n";
?>
--EXPECT--
exits: all 0
messages never acked: 0
duplicates: 0
acked but not delivered <= consumer kills: yes
popped but not logged <= consumer kills: yes
every logged delivery was pushed: yes
int(0)
int(0)
bool(true)
bool(true)
kills: some
