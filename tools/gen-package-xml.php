<?php
/*
 * tools/gen-package-xml.php: writes package.xml from the files git tracks, so that the PECL
 * package always lists every shipped file. Run from the repository root:
 *   php tools/gen-package-xml.php > package.xml
 * CI (tools/run.sh test) checks that the committed package.xml is what this prints.
 */
$version = '0.1.0';
if (preg_match('/PHP_SHMX_VERSION "([^"]+)"/', file_get_contents('php_shmx.h'), $m)) {
    $version = $m[1];
}
$files = array_filter(explode("\n", shell_exec('git ls-files') ?? ''), function ($f) {
    return $f !== '' && $f !== 'package.xml' && $f !== '.gitignore' && !str_starts_with($f, '.ci/');
});
sort($files);

function role(string $f): string
{
    if (str_starts_with($f, 'tests/')) {
        return 'test';
    }
    /* The command-line tool, installed into PEAR's bin_dir. */
    if (str_starts_with($f, 'bin/')) {
        return 'script';
    }
    if (preg_match('/\.(c|h|m4|w32)$|\.stub\.php$/', $f)) {
        return 'src';
    }
    return 'doc';
}

$tree = [];
foreach ($files as $f) {
    $node = &$tree;
    $parts = explode('/', $f);
    $name = array_pop($parts);
    foreach ($parts as $p) {
        $node[$p] ??= [];
        $node = &$node[$p];
    }
    $node[] = $name . "\0" . role($f);
    unset($node);
}

function emit(array $node, int $depth): string
{
    $pad = str_repeat(' ', $depth);
    $out = '';
    foreach ($node as $k => $v) {
        if (is_array($v)) {
            $out .= "$pad<dir name=\"" . htmlspecialchars($k) . "\">\n" . emit($v, $depth + 1) . "$pad</dir>\n";
        } else {
            [$name, $role] = explode("\0", $v);
            $out .= "$pad<file name=\"" . htmlspecialchars($name) . "\" role=\"$role\"/>\n";
        }
    }
    return $out;
}

$contents = emit($tree, 3);
echo <<<XML
<?xml version="1.0" encoding="UTF-8"?>
<package version="2.0" xmlns="http://pear.php.net/dtd/package-2.0" xmlns:tasks="http://pear.php.net/dtd/tasks-1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://pear.php.net/dtd/tasks-1.0 http://pear.php.net/dtd/tasks-1.0.xsd http://pear.php.net/dtd/package-2.0 http://pear.php.net/dtd/package-2.0.xsd">
 <name>shmx</name>
 <channel>pecl.php.net</channel>
 <summary>Shared memory for PHP processes: segments, a typed store, counters and locks that survive kill -9</summary>
 <description>shmx gives PHP processes memory they can share, safely: raw segments, a typed key/value store, lock-free counters, mutexes and semaphores that recover when a holder is killed, a producer/consumer queue, drop-in replacements for ext/shmop, ext/sysvshm and ext/sysvsem, and the same classes on Redis for several hosts.</description>
 <lead>
  <name>shmx developers</name>
  <user>shmx</user>
  <email>shmx@localhost</email>
  <active>yes</active>
 </lead>
 <date>2026-11-23</date>
 <version>
  <release>$version</release>
  <api>$version</api>
 </version>
 <stability>
  <release>alpha</release>
  <api>alpha</api>
 </stability>
 <license uri="https://opensource.org/licenses/MIT">MIT</license>
 <notes>First release.</notes>
 <contents>
  <dir name="/">
$contents  </dir>
 </contents>
 <dependencies>
  <required>
   <php>
    <min>8.2.0</min>
   </php>
   <pearinstaller>
    <min>1.10.0</min>
   </pearinstaller>
  </required>
 </dependencies>
 <providesextension>shmx</providesextension>
 <extsrcrelease/>
</package>

XML;
