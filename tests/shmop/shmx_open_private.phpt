--TEST--
Shmx: shmop: shmx_open(): key 0 (IPC_PRIVATE) makes a new private segment each time
--EXTENSIONS--
shmx
--FILE--
<?php
$one = shmx_open(0, 'c', 0600, 64);
$two = shmx_open(0, 'c', 0600, 64);
shmx_delete($one);
shmx_delete($two);
shmx_write($one, 'one', 0);
var_dump(shmx_read($two, 0, 3) !== 'one');
?>
--EXPECT--
bool(true)
