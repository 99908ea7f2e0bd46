--TEST--
Shmx: Segment: __construct(): bad arguments are ValueErrors, refused opens are Shmx\Exception with errno
--EXTENSIONS--
shmx
--FILE--
<?php
require __DIR__ . '/fixtures/common.php';

function attempt(callable $f): void
{
    try {
        $f();
        echo "no error\n";
    } catch (Throwable $e) {
        echo get_class($e), ($e instanceof Shmx\Exception ? ' (code ' . $e->getCode() . ')' : ''), ': ', $e->getMessage(), "\n";
    }
}

echo "-- arguments\n";
attempt(fn() => new Shmx\Segment(4294967296, 10));
attempt(fn() => new Shmx\Segment(-2147483649, 10));
attempt(fn() => new Shmx\Segment(''));
attempt(fn() => new Shmx\Segment('/'));
attempt(fn() => new Shmx\Segment('a/b'));
attempt(fn() => new Shmx\Segment("a\0b"));
attempt(fn() => new Shmx\Segment('file:'));
attempt(fn() => new Shmx\Segment(str_repeat('x', 256)));
attempt(fn() => new Shmx\Segment(null));
attempt(fn() => new Shmx\Segment(null, -1));
attempt(fn() => new Shmx\Segment(null, 0, 'n'));
attempt(fn() => new Shmx\Segment(null, 10, ''));
attempt(fn() => new Shmx\Segment(null, 10, 'cw'));
attempt(fn() => new Shmx\Segment(null, 10, 'C'));
attempt(fn() => new Shmx\Segment(null, 10, 'c', -1));
attempt(fn() => new Shmx\Segment(null, 10, 'c', 01000));
attempt(fn() => new Shmx\Segment([]));

foreach (shmx_test_ids(__FILE__, 0, false) as $backend => $id) {
    echo "-- $backend\n";
    attempt(fn() => new Shmx\Segment($id, 0));          /* 'c' of nothing needs a size */
    attempt(fn() => new Shmx\Segment($id, 10, 'w'));    /* ENOENT */
    attempt(fn() => new Shmx\Segment($id, 10, 'a'));
    $seg = new Shmx\Segment($id, 64, 'n');
    attempt(fn() => new Shmx\Segment($id, 64, 'n'));    /* EEXIST */
    attempt(fn() => new Shmx\Segment($id, 65, 'c'));    /* bigger than it is: both sizes */
    attempt(fn() => new Shmx\Segment($id, 4096, 'w'));
    $seg->destroy();
}
echo "-- anon\n";
attempt(fn() => new Shmx\Segment(null, 10, 'w'));
attempt(fn() => new Shmx\Segment(null, 10, 'a'));
attempt(fn() => new Shmx\Segment(0, 10, 'w'));
attempt(fn() => new Shmx\Segment('file:' . sys_get_temp_dir() . '/no/such/dir/x', 10));

echo "-- object\n";
$s = new Shmx\Segment(null, 8);
attempt(fn() => $s->__construct(null, 8));
attempt(fn() => clone $s);
attempt(fn() => serialize($s));
attempt(fn() => unserialize('O:12:"Shmx\Segment":0:{}'));
attempt(function () use ($s) { $s->dynamic = 1; });
var_dump($s == new Shmx\Segment(null, 8));
?>
--CLEAN--
<?php
require __DIR__ . '/fixtures/common.php';
shmx_test_clean(__FILE__);
?>
--EXPECTF--
-- arguments
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a System V key between -2147483648 and 4294967295
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a System V key between -2147483648 and 4294967295
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a non-empty name
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a non-empty name
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a name with no "/" after the first character
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must not contain any null bytes
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must name a file after "file:"
ValueError: Shmx\Segment::__construct(): Argument #1 ($id) must be a name of at most 255 bytes
ValueError: Shmx\Segment::__construct(): Argument #2 ($size) must be greater than 0 to create a segment
ValueError: Shmx\Segment::__construct(): Argument #2 ($size) must be greater than or equal to 0
ValueError: Shmx\Segment::__construct(): Argument #2 ($size) must be greater than 0
ValueError: Shmx\Segment::__construct(): Argument #3 ($mode) must be one of "c", "n", "w" or "a"
ValueError: Shmx\Segment::__construct(): Argument #3 ($mode) must be one of "c", "n", "w" or "a"
ValueError: Shmx\Segment::__construct(): Argument #3 ($mode) must be one of "c", "n", "w" or "a"
ValueError: Shmx\Segment::__construct(): Argument #4 ($permissions) must be between 0 and 0777
ValueError: Shmx\Segment::__construct(): Argument #4 ($permissions) must be between 0 and 0777
TypeError: Shmx\Segment::__construct(): Argument #1 ($id) must be of type string|int|null, array given
-- sysv
ValueError: Shmx\Segment::__construct(): Argument #2 ($size) must be greater than 0 to create a segment
Shmx\Exception (code 2): key 0x%x: does not exist
Shmx\Exception (code 2): key 0x%x: does not exist
Shmx\Exception (code 17): key 0x%x: already exists
Shmx\Exception (code 0): key 0x%x: asked for 65 bytes but it has only 64
Shmx\Exception (code 0): key 0x%x: asked for 4096 bytes but it has only 64
-- posix
ValueError: Shmx\Segment::__construct(): Argument #2 ($size) must be greater than 0 to create a segment
Shmx\Exception (code 2): /shmx-test-%s-0: does not exist
Shmx\Exception (code 2): /shmx-test-%s-0: does not exist
Shmx\Exception (code 17): /shmx-test-%s-0: already exists
Shmx\Exception (code 0): /shmx-test-%s-0: asked for 65 bytes but it has only 64
Shmx\Exception (code 0): /shmx-test-%s-0: asked for 4096 bytes but it has only 64
-- file
ValueError: Shmx\Segment::__construct(): Argument #2 ($size) must be greater than 0 to create a segment
Shmx\Exception (code 2): file:%s/shmx-test-%s-0.bin: does not exist
Shmx\Exception (code 2): file:%s/shmx-test-%s-0.bin: does not exist
Shmx\Exception (code 17): file:%s/shmx-test-%s-0.bin: already exists
Shmx\Exception (code 0): file:%s/shmx-test-%s-0.bin: asked for 65 bytes but it has only 64
Shmx\Exception (code 0): file:%s/shmx-test-%s-0.bin: asked for 4096 bytes but it has only 64
-- anon
Shmx\Exception (code 2): anonymous: there is no existing anonymous mapping to open; use mode 'c' or 'n'
Shmx\Exception (code 2): anonymous: there is no existing anonymous mapping to open; use mode 'c' or 'n'
Shmx\Exception (code 2): key 0x00000000: key 0 is IPC_PRIVATE, which can only be created (mode 'c' or 'n')
Shmx\Exception (code 2): file:%s/no/such/dir/x: cannot create: No such file or directory
-- object
Error: Cannot call Shmx\Segment::__construct() twice
Error: Trying to clone an uncloneable object of class Shmx\Segment
Exception: Serialization of 'Shmx\Segment' is not allowed
Exception: Unserialization of 'Shmx\Segment' is not allowed
Error: Cannot create dynamic property Shmx\Segment::$dynamic
bool(false)
