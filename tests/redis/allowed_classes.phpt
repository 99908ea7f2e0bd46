--TEST--
Shmx: Store on Redis: objects come back only as the allowed classes say (auto means none on Redis)
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
class Point { public function __construct(public int $x = 0) {} public function __wakeup() { echo "wakeup\n"; } }
$url = redis_url(__FILE__);
$w = new Shmx\Store($url, allowedClasses: true);
$w->set('p', new Point(3));
var_dump($w->get('p'));
$none = new Shmx\Store($url);                                // shmx.allowed_classes=auto
var_dump(get_class($none->get('p')));
$list = new Shmx\Store($url, allowedClasses: ['Point']);
var_dump($list->get('p')->x);
$other = new Shmx\Store($url, allowedClasses: ['stdClass']);
var_dump(get_class($other->get('p')));
foreach ($other as $k => $v) { var_dump(get_class($v)); }
$w->destroy();
?>
--EXPECT--
wakeup
object(Point)#2 (1) {
  ["x"]=>
  int(3)
}
string(22) "__PHP_Incomplete_Class"
wakeup
int(3)
string(22) "__PHP_Incomplete_Class"
string(22) "__PHP_Incomplete_Class"
