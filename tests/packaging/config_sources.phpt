--TEST--
Shmx: packaging: config.m4 and config.w32 build the same sources, every src/*.c among them; composer.json names the extension PIE builds
--EXTENSIONS--
shmx
--FILE--
<?php
$root = __DIR__ . '/../../';
/* config.m4: the SHMX_SOURCES="..." list (paths from the root); config.w32: shmx.c and the
 * quoted names ADD_SOURCES takes from src/. */
preg_match('/SHMX_SOURCES="(.*?)"/s', file_get_contents($root . 'config.m4'), $m);
$m4 = preg_split('/[\s\\\\]+/', $m[1], -1, PREG_SPLIT_NO_EMPTY);
$w32src = file_get_contents($root . 'config.w32');
preg_match('/var shmx_sources =(.*?);/s', $w32src, $m);
preg_match_all('/"([\w.]+\.c) "/', $m[1], $names);
$w32 = array_map(fn($f) => "src/$f", $names[1]);
preg_match('/EXTENSION\("shmx", "([^"]+)"/', $w32src, $m);
$w32[] = $m[1];
$disk = array_map(fn($f) => substr($f, strlen($root)), glob($root . 'src/*.c'));
$disk[] = 'shmx.c';
foreach (['m4' => $m4, 'w32' => $w32, 'disk' => $disk] as $k => $list) {
    sort($list);
    $lists[$k] = $list;
}
echo count($lists['m4']), " sources\n";
var_dump(array_values(array_diff($lists['m4'], $lists['w32'])), array_values(array_diff($lists['w32'], $lists['m4'])));
var_dump(array_values(array_diff($lists['disk'], $lists['m4'])), count($lists['m4']) === count(array_unique($lists['m4'])));

$c = json_decode(file_get_contents($root . 'composer.json'), true);
var_dump($c['type'], $c['php-ext']['extension-name'], $c['require']['php'],
    $c['php-ext']['support-nts'], $c['php-ext']['support-zts'],
    array_column($c['php-ext']['configure-options'], 'name'));
?>
--EXPECT--
42 sources
array(0) {
}
array(0) {
}
array(0) {
}
bool(true)
string(7) "php-ext"
string(4) "shmx"
string(5) ">=8.2"
bool(true)
bool(false)
array(2) {
  [0]=>
  string(11) "enable-shmx"
  [1]=>
  string(18) "without-shmx-redis"
}
