--TEST--
Shmx: Store: every method on all four backends
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/store.inc';
$file = store_test_file('backends');
@unlink($file);
$ids = ['anon' => null, 'sysv' => store_test_key(1), 'posix' => store_test_name('backends'), 'file' => "file:$file"];
foreach ($ids as $name => $id) {
    $s = new Shmx\Store($id, 1 << 20, 'n');
    $s->set('a', 1);
    $s->set('b', 'bee', 100);
    $s->set('c', ['x' => 1]);
    $r = [
        $s->get('a'), $s->get('b'), $s->get('c'), $s->get('none', 'd'),
        $s->add('a', 2), $s->add('d', 4), $s->has('d'), $s->delete('d'), $s->delete('d'), $s->has('d'),
        $s->increment('a', 10), $s->decrement('a', 2), $s->increment('f', 0.5),
        $s->compareAndSwap('a', 9, 100), $s->compareAndSwap('a', 9, 0), $s->get('a'),
        $s->lock(fn(Shmx\Store $st) => $st->increment('a')), $s->keys(), $s->keys('b'), count($s),
        iterator_to_array($s), isset($s['a']), $s['a'], $s['zz'],
    ];
    $s['e'] = 'set by offset';
    unset($s['a']);
    $r[] = [$s->has('a'), $s['e']];
    $info = $s->info();
    $r[] = [$info['backend'], $info['id'] === $id, $info['size'], $info['entries'], $info['layout_version']];
    sort($r[17]);
    ksort($r[20]);
    echo $name, ': ', json_encode($r), "\n";
    // another handle on the same store sees the same values
    if ($id !== null) {
        $t = new Shmx\Store($id, 0, 'w');
        echo '  reopened: ', json_encode([$t->get('e'), $t->get('b'), count($t)]), "\n";
        $ro = new Shmx\Store($id, 0, 'a');
        echo '  read-only: ', json_encode([$ro->get('e'), $ro->has('b')]), "\n";
        try { $ro->set('x', 1); } catch (Error $e) { echo '  ', get_class($e), ': ', $e->getMessage(), "\n"; }
        try { $ro->increment('x'); } catch (Error $e) { echo '  ', get_class($e), ': ', $e->getMessage(), "\n"; }
    }
    $s->clear();
    echo '  cleared: ', count($s), ' ', json_encode($s->keys()), "\n";
    $s->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
@unlink(store_test_file('backends'));
store_test_destroy(store_test_key(1));
store_test_destroy(store_test_name('backends'));
?>
--EXPECTF--
anon: [1,"bee",{"x":1},"d",false,true,true,true,false,false,11,9,0.5,true,false,100,101,["a","b","c","f"],["b"],4,{"a":101,"b":"bee","c":{"x":1},"f":0.5},true,101,null,[false,"set by offset"],["anon",true,1048576,4,6]]
  cleared: 0 []
sysv: [1,"bee",{"x":1},"d",false,true,true,true,false,false,11,9,0.5,true,false,100,101,["a","b","c","f"],["b"],4,{"a":101,"b":"bee","c":{"x":1},"f":0.5},true,101,null,[false,"set by offset"],["sysv",true,1048576,4,6]]
  reopened: ["set by offset","bee",4]
  read-only: ["set by offset",true]
  Error: %s: cannot write to a store opened read-only (mode "a")
  Error: %s: cannot write to a store opened read-only (mode "a")
  cleared: 0 []
posix: [1,"bee",{"x":1},"d",false,true,true,true,false,false,11,9,0.5,true,false,100,101,["a","b","c","f"],["b"],4,{"a":101,"b":"bee","c":{"x":1},"f":0.5},true,101,null,[false,"set by offset"],["posix",true,1048576,4,6]]
  reopened: ["set by offset","bee",4]
  read-only: ["set by offset",true]
  Error: %s: cannot write to a store opened read-only (mode "a")
  Error: %s: cannot write to a store opened read-only (mode "a")
  cleared: 0 []
file: [1,"bee",{"x":1},"d",false,true,true,true,false,false,11,9,0.5,true,false,100,101,["a","b","c","f"],["b"],4,{"a":101,"b":"bee","c":{"x":1},"f":0.5},true,101,null,[false,"set by offset"],["file",true,1048576,4,6]]
  reopened: ["set by offset","bee",4]
  read-only: ["set by offset",true]
  Error: %s: cannot write to a store opened read-only (mode "a")
  Error: %s: cannot write to a store opened read-only (mode "a")
  cleared: 0 []
