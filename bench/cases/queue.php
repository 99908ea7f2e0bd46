<?php
/*
 * Shmx\Queue against a System V message queue (msg_send/msg_receive) and against a socket
 * pair (stream_socket_pair, one 100-byte message per write) between one forked producer and
 * one forked consumer, 100-byte strings. bench_fork() times both workers (worker 0 produces,
 * worker 1 consumes); the consumer's count of messages it did not get is the 'lost' column.
 */

require_once __DIR__ . '/../fork.php';

$queue_msg = str_repeat('m', 100);
$queue_shmx = new Shmx\Queue(null, 1 << 20);
$queue_cases = [];

/* One side of a producer/consumer case: $send($i) and $recv() over whatever the side uses. */
function bench_queue_pair(int $n, callable $send, callable $recv): array
{
    $got = new Shmx\Counter(null);
    $t = bench_fork(2, $n, function (int $k, int $w) use ($send, $recv, $got) {
        if ($w === 0) {
            for ($i = 0; $i < $k; $i++) { $send($i); }
        } else {
            $ok = 0;
            for ($i = 0; $i < $k; $i++) { if ($recv() !== false) { $ok++; } }
            $got->set($ok);
        }
    });
    return ['seconds' => $t, 'lost' => $n - $got->get()];
}

$queue_cases[] = [
    'group' => 'Queue', 'case' => '1P+1C, 100 B strings', 'target' => 3.0, 'needs' => ['sysvmsg', 'pcntl'],
    'shmx' => ['label' => 'Queue::push/pop', 'run' => function (int $n) use ($queue_shmx, $queue_msg) {
        return bench_queue_pair($n,
            function () use ($queue_shmx, $queue_msg) { $queue_shmx->push($queue_msg); },
            function () use ($queue_shmx) { return $queue_shmx->pop(); });
    }],
    'peer' => ['label' => 'msg_send/msg_receive', 'run' => function (int $n) use ($queue_msg) {
        $mq = msg_get_queue(ftok(__FILE__, 'q'), 0600);
        $r = bench_queue_pair($n,
            function () use ($mq, $queue_msg) { msg_send($mq, 1, $queue_msg, false); },
            function () use ($mq) { return msg_receive($mq, 0, $type, 256, $m, false) ? $m : false; });
        msg_remove_queue($mq);
        return $r;
    }],
];

$queue_cases[] = [
    'group' => 'Queue', 'case' => '1P+1C, 100 B strings', 'needs' => ['pcntl'],
    'shmx' => ['label' => 'Queue::push/pop', 'run' => function (int $n) use ($queue_shmx, $queue_msg) {
        return bench_queue_pair($n,
            function () use ($queue_shmx, $queue_msg) { $queue_shmx->push($queue_msg); },
            function () use ($queue_shmx) { return $queue_shmx->pop(); });
    }],
    'peer' => ['label' => 'stream_socket_pair', 'run' => function (int $n) use ($queue_msg) {
        [$a, $b] = stream_socket_pair(STREAM_PF_UNIX, STREAM_SOCK_STREAM, STREAM_IPPROTO_IP);
        $r = bench_queue_pair($n,
            function () use ($a, $queue_msg) { fwrite($a, $queue_msg); },
            function () use ($b) { $m = fread($b, 100); while ($m !== false && strlen($m) < 100) { $m .= fread($b, 100 - strlen($m)); } return $m; });
        fclose($a);
        fclose($b);
        return $r;
    }],
];

return $queue_cases;
