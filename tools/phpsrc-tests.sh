#!/usr/bin/env bash
# tools/phpsrc-tests.sh DIR [run-tests options]: run php-src's own tests of ext/shmop, ext/sysvshm
# and ext/sysvsem against shmx in compat mode, the originals not loaded.
#
# DIR holds local copies of php-src's ext/*/tests/*.phpt (in subfolders or not); this script
# downloads nothing. shmx is loaded as
#   php -n -d extension_dir= -d extension=<abs>/modules/shmx.so -d shmx.compat=1
# The empty extension_dir matters: run-tests loads <extension_dir>/<name>.so for an --EXTENSIONS--
# entry that is not loaded, so with the system directory it could pull in the real sysvshm; with
# shmx.compat=1 the names sysvshm and sysvsem are already loaded (by shmx), and nothing else can
# be found. Extensions the tests use as tools (posix, ffi) are loaded by absolute path. shmop is
# too, from the system, as long as shmx does not provide it itself: some sysvshm tests forge
# hostile segments with shmop_*().
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=${1:?usage: tools/phpsrc-tests.sh DIR [run-tests options]}
shift
[ -f "$root/modules/shmx.so" ] || bash tools/run.sh build
[ -f "$root/run-tests.php" ] || { echo "run-tests.php missing: bash tools/run.sh build" >&2; exit 1; }

sysdir=$(php-config --extension-dir)
args=(-n -d "extension_dir=" -d "extension=$root/modules/shmx.so" -d shmx.compat=1)
for ext in posix ffi; do
	if [ -f "$sysdir/$ext.so" ]; then args+=(-d "extension=$sysdir/$ext.so"); fi
done
if ! php "${args[@]}" -r 'exit(extension_loaded("shmop") ? 0 : 1);' 2>/dev/null; then
	echo "phpsrc-tests: shmx does not provide shmop in this build; loading the real shmop.so as a tool" >&2
	args+=(-d "extension=$sysdir/shmop.so")
fi

TEST_PHP_EXECUTABLE=$(command -v php) NO_INTERACTION=1 \
	php -n run-tests.php -q --show-diff "${args[@]}" "$@" "$dir"
