--TEST--
Shmx: Segment: stat() gives API.md's keys on every backend, null where the backend cannot know
--EXTENSIONS--
shmx
posix
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

$keys = ['id', 'backend', 'shmid', 'size', 'permissions', 'uid', 'gid', 'creator_pid', 'last_pid',
    'attached', 'atime', 'dtime', 'ctime', 'destroyed'];
foreach (shmx_test_ids(__FILE__) as $backend => $id) {
    $s = new Shmx\Segment($id, 1000, 'c', 0640);
    $st = $s->stat();
    var_dump(array_keys($st) === $keys, $st['id'] === $s->id(), $st['backend'] === $backend, $st['size'] === 1000);
    $types = [];
    foreach ($st as $k => $v) {
        $types[] = "$k:" . get_debug_type($v);
    }
    echo implode(' ', $types), "\n";
    if ($st['uid'] !== null) {
        var_dump($st['uid'] === posix_geteuid(), $st['permissions'] === 0640);
    }
    if ($backend === 'sysv') {
        // A second handle in the same process shares the first one's attachment: one attach.
        $other = new Shmx\Segment($id, 0, 'w');
        var_dump($st['creator_pid'] === getmypid(), $st['attached'], $other->stat()['attached'], $st['destroyed']);
        $s->destroy();
        var_dump($other->stat()['destroyed']);
    }
    $s->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECT--
bool(true)
bool(true)
bool(true)
bool(true)
id:null backend:string shmid:null size:int permissions:int uid:null gid:null creator_pid:null last_pid:null attached:null atime:null dtime:null ctime:null destroyed:null
bool(true)
bool(true)
bool(true)
bool(true)
id:int backend:string shmid:int size:int permissions:int uid:int gid:int creator_pid:int last_pid:int attached:int atime:int dtime:int ctime:int destroyed:bool
bool(true)
bool(true)
bool(true)
int(1)
int(1)
bool(false)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
id:string backend:string shmid:null size:int permissions:int uid:int gid:int creator_pid:null last_pid:null attached:null atime:int dtime:null ctime:int destroyed:bool
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
bool(true)
id:string backend:string shmid:null size:int permissions:int uid:int gid:int creator_pid:null last_pid:null attached:null atime:int dtime:null ctime:int destroyed:bool
bool(true)
bool(true)
