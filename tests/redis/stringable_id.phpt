--TEST--
Shmx: a Stringable redis:// id is a Redis id for every class; one whose __toString() throws is that exception
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
final class Id implements Stringable
{
    public function __construct(private string $s) {}
    public function __toString(): string { return $this->s; }
}
final class Bad implements Stringable
{
    public function __toString(): string { throw new RuntimeException('no id today'); }
}
$url = redis_url(__FILE__);
$s = new Shmx\Store(new Id($url));
$s->set('k', 42);
var_dump((new Shmx\Store($url))->get('k'), $s->info()['backend']);
$c = new Shmx\Counter(new Id($url));
var_dump($c->increment(5));
$m = new Shmx\Mutex(new Id($url));
var_dump(is_int($m->lock()));
$m->unlock();
$q = new Shmx\Queue(new Id($url));
$q->push('x');
var_dump((new Shmx\Queue($url))->pop(0));
$sem = new Shmx\Semaphore(new Id($url), 2);
var_dump($sem->available());
foreach (['Store', 'Counter', 'Mutex', 'Semaphore', 'Queue', 'Segment'] as $cls) {
    try { $class = "Shmx\\$cls"; new $class(new Bad()); echo "$cls: no exception\n"; }
    catch (RuntimeException $e) { echo "$cls: ", $e->getMessage(), "\n"; }
}
try { new Shmx\Store(new stdClass()); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
$s->destroy(); $c->destroy(); $m->destroy(); $q->destroy(); $sem->destroy();
?>
--EXPECT--
int(42)
string(5) "redis"
int(5)
bool(true)
string(1) "x"
int(2)
Store: no id today
Counter: no id today
Mutex: no id today
Semaphore: no id today
Queue: no id today
Segment: no id today
Shmx\Store::__construct(): Argument #1 ($id) must be of type string|int|null, stdClass given
