--TEST--
Shmx: Store: an unrelated process opens the store by key and by name
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/store.inc';
foreach ([store_test_key(3), store_test_name('unrelated'), 'file:' . store_test_file('unrelated')] as $id) {
    $s = new Shmx\Store($id, 1 << 20, 'n');
    $s->set('greeting', 'hello from the parent');
    $s->set('config', ['workers' => 4, 'debug' => false]);
    $s->set('hits', 10);
    $code = sprintf('$s = new Shmx\Store(%s, 0, "w");
        echo json_encode([$s->get("greeting"), $s->get("config"), $s->increment("hits", 5)]), "\n";
        $s->set("reply", "hello from pid " . getmypid());
        $s->set("list", [1, 2, 3]);', var_export($id, true));
    echo store_test_run_php($code);
    var_dump($s->get('hits'), str_starts_with($s->get('reply'), 'hello from pid '), $s->get('list'));
    $s->destroy();
}
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_key(3));
store_test_destroy(store_test_name('unrelated'));
@unlink(store_test_file('unrelated'));
?>
--EXPECT--
["hello from the parent",{"workers":4,"debug":false},15]
int(15)
bool(true)
array(3) {
  [0]=>
  int(1)
  [1]=>
  int(2)
  [2]=>
  int(3)
}
["hello from the parent",{"workers":4,"debug":false},15]
int(15)
bool(true)
array(3) {
  [0]=>
  int(1)
  [1]=>
  int(2)
  [2]=>
  int(3)
}
["hello from the parent",{"workers":4,"debug":false},15]
int(15)
bool(true)
array(3) {
  [0]=>
  int(1)
  [1]=>
  int(2)
  [2]=>
  int(3)
}
