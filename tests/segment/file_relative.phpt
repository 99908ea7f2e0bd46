--TEST--
Shmx: a relative file: path is resolved against the working directory when the object is opened: after a chdir() the same id names another file, and id() gives the absolute path
--EXTENSIONS--
shmx
--FILE--
<?php
$base = sys_get_temp_dir() . '/shmx-relative-' . getmypid();
@mkdir("$base/d1", 0700, true);
@mkdir("$base/d2", 0700, true);
chdir("$base/d1");
$a = new Shmx\Counter('file:rel.cnt', 111);
chdir("$base/d2");
$b = new Shmx\Counter('file:rel.cnt', 222);          // not the first one's mapping again
var_dump($a->get(), $b->get());
var_dump(file_exists("$base/d1/rel.cnt"), file_exists("$base/d2/rel.cnt"));
$s = new Shmx\Segment('file:../d1/./seg.bin', 64, 'n');
var_dump($s->id() === "file:$base/d1/seg.bin");
$s->write('x');
var_dump((new Shmx\Segment("file:$base/d1/seg.bin"))->read(0, 1));
$a->destroy();
$b->destroy();
$s->destroy();
rmdir("$base/d1");
rmdir("$base/d2");
rmdir($base);
?>
--EXPECT--
int(111)
int(222)
bool(true)
bool(true)
bool(true)
string(1) "x"
