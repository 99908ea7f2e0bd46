--TEST--
Shmx: Store: memory it did not format is a CorruptException, and garbage never crashes it
--EXTENSIONS--
shmx
sysvshm
--FILE--
<?php
require __DIR__ . '/store.inc';
function open($id) {
    try {
        new Shmx\Store($id, 0, 'w');
        echo "opened\n";
    } catch (Shmx\CorruptException $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
$name = store_test_name('hostile');
$key = store_test_key(2);
mt_srand(7);

echo "random bytes: ";
$seg = new Shmx\Segment($name, 65536, 'n');
$seg->write(random_bytes(65536));
open($name);
$seg->destroy();

echo "a raw segment with data: ";
$seg = new Shmx\Segment($key, 65536, 'n');
$seg->write('hello from shmop');
open($key);
$seg->destroy();

echo "a sysvshm segment: ";
$shm = shm_attach($key, 65536, 0600);
shm_put_var($shm, 1, 'a sysvshm variable');
open($key);
shm_remove($shm);

echo "too small for a store: ";
$seg = new Shmx\Segment($name, 100, 'n');
open($name);
$seg->destroy();

echo "a future layout version: ";
$s = new Shmx\Store($name, 65536, 'n');
$seg = new Shmx\Segment($name, 0, 'w');
$seg->write(pack('V', 99), 4);
open($name);
$seg->destroy();

echo "a truncated store: ";
$file = store_test_file('hostile');
@unlink($file);
$s = new Shmx\Store("file:$file", 65536, 'n');
$s->set('k', 'v');
unset($s);
$h = fopen($file, 'r+');
ftruncate($h, 32768);
fclose($h);
open("file:$file");
unlink($file);

echo "a damaged store header: ";
$s = new Shmx\Store($name, 65536, 'n');
$seg = new Shmx\Segment($name, 0, 'w');
$seg->write(pack('V', 31), 64 + 4);                     // bucket_bits
open($name);
$seg->destroy();

echo "garbage in the index and data area:\n";
for ($round = 0; $round < 20; $round++) {
    $s = new Shmx\Store($name, 65536, 'n');
    for ($i = 0; $i < 200; $i++) {
        $s->set("k$i", $i % 3 ? str_repeat('v', $i) : $i);
    }
    $seg = new Shmx\Segment($name, 0, 'w');
    $bucketsOff = unpack('P', $seg->read(64 + 16, 8))[1] + 64;
    // scribble over random places of the index and the data (never the lock)
    for ($j = 0; $j < 50; $j++) {
        $at = mt_rand($bucketsOff, 65536 - 16);
        $seg->write(random_bytes(mt_rand(1, 16)), $at);
    }
    if ($round % 2) {
        $seg->write(random_bytes(64), 64 + 256);           // the allocator's state too
    }
    $outcomes = [];
    $try = function (callable $f) use (&$outcomes) {
        try {
            $f();
            $outcomes['ok'] = 1;
        } catch (Shmx\CorruptException $e) {
            $outcomes['corrupt'] = 1;
        } catch (Shmx\FullException $e) {
            $outcomes['full'] = 1;
        } catch (Shmx\Exception $e) {
            $outcomes['other'] = 1;
        } catch (Error $e) {
            $outcomes['error'] = 1;
        }
    };
    for ($i = 0; $i < 200; $i++) {
        $try(fn() => $s->get("k$i"));
        $try(fn() => $s->set("n$i", str_repeat('n', $i)));
        $try(fn() => $s->increment("k$i"));
        $try(fn() => $s->delete("k" . ($i + 1)));
    }
    $try(fn() => $s->keys());
    $try(fn() => count($s));
    $try(fn() => iterator_to_array($s));
    $try(fn() => $s->info());
    $try(fn() => $s->clear());
    $try(fn() => $s->set('fresh', 'after clear'));
    $seg->destroy();
}
echo "no crash\n";
?>
--CLEAN--
<?php
require __DIR__ . '/store.inc';
store_test_destroy(store_test_name('hostile'));
store_test_destroy(store_test_key(2));
@unlink(store_test_file('hostile'));
?>
--EXPECTF--
random bytes: Shmx\CorruptException: /shmx-store-%s-hostile: not a shmx Store (bad magic 0x%x)
a raw segment with data: Shmx\CorruptException: key 0x%x: not a shmx Store (bad magic 0x6c6c6568)
a sysvshm segment: Shmx\CorruptException: key 0x%x: not a shmx Store (%s)
too small for a store: Shmx\CorruptException: /shmx-store-%s-hostile: 100 bytes is too small to hold a shmx Store
a future layout version: Shmx\CorruptException: /shmx-store-%s-hostile: shmx layout version 99, this build reads version 6
a truncated store: Shmx\CorruptException: file:%sshmx-store-%s-hostile.bin: the shmx header is corrupted (sizes do not fit the 32768-byte mapping)
a damaged store header: Shmx\CorruptException: /shmx-store-%s-hostile: the Store header is corrupted (its layout does not match its 65472-byte payload)
garbage in the index and data area:
no crash
