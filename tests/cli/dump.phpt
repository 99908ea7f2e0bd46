--TEST--
Shmx: shmx dump: a Store's keys and values read-only with no classes instantiated, --prefix, --json, table; a Counter, a Semaphore, a file: Store
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/cli.inc';

class Waker
{
    public $x = 1;
    public function __wakeup()
    {
        echo "WAKEUP\n";
    }
}

$name = cli_name('dump-store');
$file = cli_file('dump-store');
$kc = cli_key(10);
$ks = cli_key(11);
cli_remove($name, "file:$file", $kc, $ks);

$s = new Shmx\Store($name, 1 << 20, 'n');
$s->set('user:1', ['name' => 'ann', 'age' => 31]);
$s->set('user:2', 'bob');
$s->set('hits', 7);
$s->set('ratio', 0.5);
$s->set('flag', false);
$s->set('obj', new Waker());
$s->set("bin\x00key", "\xff\xfe");
$before = $s->info();

echo "--- json\n";
$d = cli_json('dump', $name);
ksort($d['entries']);
echo json_encode($d, JSON_UNESCAPED_SLASHES), "\n";
echo "--- prefix user:\n";
echo json_encode(cli_json('dump', $name, '--prefix', 'user:')['entries']), "\n";
echo "--- prefix nothing\n";
echo json_encode(cli_json('dump', $name, '--prefix=zzz')), "\n";
echo "--- table\n";
[$code, $out, $err] = cli_run('dump', $name, '--prefix', 'user:');
echo "exit $code\n$out";
[$code, $out, $err] = cli_run('dump', $name, '--prefix', 'obj');
echo $out;

/* Dumping is read-only: its mapping cannot be written, so not even the hit and miss counters
 * move. The dumping process never defined Waker, and created no object of it: here it is one. */
$after = $s->info();
echo "info unchanged: ", json_encode($after === $before), "\n";
echo "value still an object here: ", get_class($s->get('obj')), "\n";

echo "--- file:\n";
$f = new Shmx\Store("file:$file", 256 << 10, 'n');
$f->set('only', 'here');
echo json_encode(cli_json('dump', "file:$file")), "\n";

echo "--- Counter, Semaphore\n";
$c = new Shmx\Counter($kc, -5, 'n');
echo json_encode(cli_json('dump', cli_hex($kc))), "\n";
echo json_encode(cli_json('dump', (string)$kc)), "\n";
$sem = new Shmx\Semaphore($ks, 2, 'n');
$sem->acquire();
[$code, $out] = cli_run('dump', cli_hex($ks));
echo "exit $code\n", str_replace(cli_hex($ks), 'KEY', $out);

$s->destroy();
$f->destroy();
$c->destroy();
$sem->release();
$sem->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/cli.inc';
cli_remove(cli_name('dump-store'), 'file:' . cli_file('dump-store'), cli_key(10), cli_key(11));
?>
--EXPECTF--
--- json
{"id":"%s","kind":"Store","entries":{"bin\u0000key":"\ufffd\ufffd","flag":false,"hits":7,"obj":{"__PHP_Incomplete_Class_Name":"Waker","x":1},"ratio":0.5,"user:1":{"name":"ann","age":31},"user:2":"bob"}}
--- prefix user:
{"user:1":{"name":"ann","age":31},"user:2":"bob"}
--- prefix nothing
{"id":"%s","kind":"Store","entries":[]}
--- table
exit 0
KEY     TYPE    VALUE
user:1  array   {"name":"ann","age":31}
user:2  string  'bob'
KEY  TYPE                    VALUE
obj  __PHP_Incomplete_Class  object(Waker)
info unchanged: true
value still an object here: WAKEUP
Waker
--- file:
{"id":"file:%s","kind":"Store","entries":{"only":"here"}}
--- Counter, Semaphore
{"id":"%s","kind":"Counter","value":-5}
{"id":"%s","kind":"Counter","value":-5}
exit 0
KEY: Semaphore
  permits: 2
  available: 1
