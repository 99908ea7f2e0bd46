--TEST--
Shmx: Shmx\remove() (shmx rm) marks a shmx region removed, as destroy() does: a process that looked at the name less than 1 ms ago reopens a new object, not its cached mapping of the removed one
--EXTENSIONS--
shmx
pcntl
--FILE--
<?php
$name = '/shmx-rm-marked-' . getmypid();
foreach (['Store', 'Counter'] as $kind) {
    $go = new Shmx\Counter(null);
    $obj = $kind === 'Store' ? new Shmx\Store($name, 1 << 20) : new Shmx\Counter($name);
    $kind === 'Store' ? $obj->set('a', 1) : $obj->set(7);
    unset($obj);
    $pid = pcntl_fork();
    if ($pid === 0) {
        while ($go->get() === 0) { }
        Shmx\remove($name);
        $go->set(2);
        exit(0);
    }
    usleep(50000);
    // This open looks at the name; the next one, well within 1 ms (SHMX_MAP_RECHECK_NS), would
    // reuse this process's mapping without looking, unless the region says it was removed.
    $obj = $kind === 'Store' ? new Shmx\Store($name, 1 << 20) : new Shmx\Counter($name);
    unset($obj);
    $go->set(1);
    while ($go->get() !== 2) { }
    $obj = $kind === 'Store' ? new Shmx\Store($name, 1 << 20) : new Shmx\Counter($name);
    var_dump($kind === 'Store' ? $obj->has('a') : $obj->get());
    pcntl_waitpid($pid, $st);
    $obj->destroy();
}
// Foreign bytes are removed without being written.
$path = sys_get_temp_dir() . '/shmx-rm-marked-' . getmypid();
file_put_contents($path, str_repeat("\xAB", 8192));
$before = file_get_contents($path);
$fd = fopen($path, 'r');
Shmx\remove("file:$path");
var_dump(file_exists($path), stream_get_contents($fd) === $before);
// A symlink to a store is refused and marks nothing: the store stays usable through its name.
$real = sys_get_temp_dir() . '/shmx-rm-marked-real-' . getmypid();
$link = "$real.link";
@unlink($real); @unlink($link);
$s = new Shmx\Store("file:$real", 1 << 16);
$s->set('k', 'v');
symlink($real, $link);
try { Shmx\remove("file:$link"); echo "removed\n"; } catch (Shmx\Exception $e) { echo preg_replace('/^.*: /', '', $e->getMessage()), "\n"; }
unset($s);
usleep(2000);
$s = new Shmx\Store("file:$real", 1 << 16);
var_dump(is_link($link), $s->get('k'));
$s->destroy();
@unlink($link);
?>
--EXPECT--
bool(false)
int(0)
bool(false)
bool(true)
not a regular file; not removed
bool(true)
string(1) "v"
