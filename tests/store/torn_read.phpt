--TEST--
Shmx: Store: readers never see a torn value while writers replace it
--EXTENSIONS--
shmx
pcntl
posix
--FILE--
<?php
require __DIR__ . '/store.inc';
$s = new Shmx\Store(null, 4 << 20);
$a = str_repeat('A', 3000) . 'end';
$b = str_repeat('B', 1000) . 'end';
$arrA = ['list' => range(1, 200)];
$arrB = ['other' => 'x'];
$s->set('v', $a);
$s->set('arr', $arrA);
$s->set('i', 1);
$rounds = store_test_under_valgrind() ? 300 : 20000;
$codes = store_test_fork(4, function (int $w) use ($s, $a, $b, $arrA, $arrB, $rounds) {
    for ($i = 0; $i < $rounds; $i++) {
        if ($w < 2) {
            $s->set('v', ($i + $w) % 2 ? $a : $b);
            $s->set('arr', $i % 2 ? $arrA : $arrB);
            $s->set('i', $i % 2 ? 1 : -1);
            $s->set("tmp:$w:" . ($i % 64), str_repeat('t', $i % 300));   // keeps blocks being reused
            $s->delete("tmp:$w:" . (($i + 32) % 64));
        } else {
            $v = $s->get('v');
            $arr = $s->get('arr');
            $int = $s->get('i');
            if (($v !== $a && $v !== $b) || ($arr !== $arrA && $arr !== $arrB) || ($int !== 1 && $int !== -1)) {
                fwrite(STDERR, "torn read\n");
                return 1;
            }
        }
    }
    return 0;
});
var_dump($codes);
?>
--EXPECT--
array(4) {
  [0]=>
  int(0)
  [1]=>
  int(0)
  [2]=>
  int(0)
  [3]=>
  int(0)
}
