--TEST--
Shmx: Queue: arrays and objects with shmx.serializer=igbinary; a process that cannot unserialize a value gets a Shmx\Exception and leaves it at the head of the queue
--EXTENSIONS--
shmx
igbinary
--INI--
shmx.serializer=igbinary
--FILE--
<?php
require __DIR__ . '/queue.inc';
$name = queue_test_name('serializer');
queue_test_destroy($name);
$q = new Shmx\Queue($name, 4096, 'c', 0600, true);
$q->push(['a' => 1, 'b' => new ArrayObject([2, 3])]);   // an object in it: through the serializer
$q->push('after');
// An unrelated php without igbinary: refused, nothing taken.
echo store_test_run_php('$q = new Shmx\Queue(' . var_export($name, true) . ', 4096, "w");
try { $q->pop(); } catch (Shmx\Exception $e) { echo get_class($e), ": ", preg_replace("/^[^:]*: /", "", $e->getMessage()), "\n"; }
try { $q->tryPop($v); } catch (Shmx\Exception $e) { echo "tryPop: ", get_class($e), "\n"; }
echo count($q), "\n";'), "\n";
// A handle here that allows no classes cannot read igbinary either (it cannot limit them).
$strict = new Shmx\Queue($name, 4096, 'w', 0600, false);
try { $strict->pop(); } catch (Shmx\Exception $e) { echo queue_test_error($e), "\n"; }
var_dump(count($q));
// This one can.
var_dump($q->pop(), $q->pop());
$q->destroy();
?>
--CLEAN--
<?php
require __DIR__ . '/queue.inc';
queue_test_destroy(queue_test_name('serializer'));
?>
--EXPECTF--
Shmx\Exception: The value at the head of the queue was serialized with igbinary, which is not loaded in this process
tryPop: Shmx\Exception
2

Shmx\Exception: The value at the head of the queue was serialized with igbinary, which cannot limit the classes it creates, and this queue allows no classes (shmx.allowed_classes, or the constructor's $allowedClasses)
int(2)
array(2) {
  ["a"]=>
  int(1)
  ["b"]=>
  object(ArrayObject)#%d (1) {
    ["storage":"ArrayObject":private]=>
    array(2) {
      [0]=>
      int(2)
      [1]=>
      int(3)
    }
  }
}
string(5) "after"
