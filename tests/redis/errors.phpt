--TEST--
Shmx: Store on Redis: bad ids are ValueErrors; a server nobody runs and a silent one are Shmx\Exception and Shmx\TimeoutException; Segment says it is not on Redis
--EXTENSIONS--
shmx
--SKIPIF--
<?php require __DIR__ . '/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/redis.inc';
foreach (['redis://127.0.0.1/', 'redis://127.0.0.1', 'redis://:6379/p', 'redis://h:0/p', 'redis://h:99999/p', 'redis://h/a{b}',
    'redis://h/p?timeout=0', 'redis://h/p?timeout=x', 'redis://h/p?db=-1', 'redis://h/p?color=red', 'redis+unix://rel/p',
    'redis+unix:///p'] as $id) {
    try { new Shmx\Store($id); echo "opened $id\n"; }
    catch (ValueError $e) { echo preg_replace('/^.*\(\$id\) /', '', $e->getMessage()), "\n"; }
}
$port = redis_free_port();
try { new Shmx\Store("redis://127.0.0.1:$port/p"); }
catch (Shmx\Exception $e) { echo get_class($e), ': ', $e->getMessage() === "redis://127.0.0.1:$port/p: cannot connect: Connection refused" ? 'refused' : $e->getMessage(), ' ', $e->getCode() === 111 ? 'ECONNREFUSED' : $e->getCode(), "\n"; }
try { new Shmx\Counter("redis+unix:///nonexistent/sock/p"); }
catch (Shmx\Exception $e) { echo get_class($e), ': ', $e->getMessage(), "\n"; }
/* A server that accepts and never answers: every command is bounded by timeout=. */
$silent = stream_socket_server('tcp://127.0.0.1:0');
$addr = stream_socket_get_name($silent, false);
$t = microtime(true);
try { $s = new Shmx\Store("redis://$addr/p?timeout=0.3"); $s->get('k'); }
catch (Shmx\TimeoutException $e) { echo get_class($e), ': ', str_replace($addr, 'ADDR', $e->getMessage()), "\n"; }
$took = microtime(true) - $t;
var_dump($took >= 0.25 && $took < 2.0);
/* A value or a type at a key written by someone else: a counter that is not a number is corrupt (the server's words with it), a wrong Redis type the server's words. */
$s = new Shmx\Store(redis_url(__FILE__));
$s->set('k', 1);
$c = new Shmx\Counter(redis_url(__FILE__));
$c->set(5);
$port = (int)substr(getenv('SHMX_TEST_REDIS'), strrpos(getenv('SHMX_TEST_REDIS'), ':') + 1);
redis_cli($port, 'SET', '{' . basename(redis_url(__FILE__)) . '}:n', 'not a number');
try { $c->increment(); } catch (Shmx\Exception $e) { echo get_class($e), ': ', preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
try { $c->get(); } catch (Shmx\Exception $e) { echo get_class($e), "\n"; }
/* The Store's hash ({P}:h) made a list by another client. */
redis_cli($port, 'DEL', '{' . basename(redis_url(__FILE__)) . '}:h');
redis_cli($port, 'LPUSH', '{' . basename(redis_url(__FILE__)) . '}:h', 'x');
try { $s->get('k'); } catch (Shmx\Exception $e) { echo get_class($e), ': ', preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
try { $s->increment('k'); } catch (Shmx\Exception $e) { echo get_class($e), ': ', preg_replace('/^.*?: /', '', $e->getMessage()), "\n"; }
foreach (['Segment'] as $cls) {
    try { $class = "Shmx\\$cls"; new $class(getenv('SHMX_TEST_REDIS') . '/p'); }
    catch (Shmx\Exception $e) { echo $e->getMessage(), "\n"; }
}
$s->destroy();
$c->destroy();
?>
--EXPECTF--
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): no prefix after the address
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): no /prefix after the address
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): no host
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): the port must be a number from 1 to 65535
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): the port must be a number from 1 to 65535
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): the prefix must not contain "{" or "}" (it is the hash tag)
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): timeout= must be a number of seconds greater than 0 and at most 86400
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): timeout= must be a number of seconds greater than 0 and at most 86400
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): db= must be a database number (0 or more)
must be a Redis id with known options (timeout, db, lease, cache), "color" given
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): redis+unix:// needs an absolute socket path, then /prefix
must be a Redis id (redis://host:port/prefix or redis+unix:///path/to/socket/prefix): redis+unix:// needs an absolute socket path, then /prefix
Shmx\Exception: refused ECONNREFUSED
Shmx\Exception: redis+unix:///nonexistent/sock/p: cannot connect: No such file or directory
Shmx\TimeoutException: redis://ADDR/p?timeout=0.3: HGET timed out after 0.3 s (timeout= in the id)
bool(true)
Shmx\CorruptException: the counter holds "not a number", not an integer (the server says: ERR value is not an integer or out of range)
Shmx\CorruptException
Shmx\Exception: the server says: WRONGTYPE {%s}:h holds a list, not a shmx Store
Shmx\Exception: the server says: WRONGTYPE {%s}:h holds a list, not a shmx Store
Shmx\Segment is not available on Redis (raw shared memory has no Redis meaning)
