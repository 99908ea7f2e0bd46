#!/usr/bin/env bash
# tools/run.sh: the one entry point README's two commands use.
#   bash tools/run.sh demo    set up, build, run examples/demo.php
#   bash tools/run.sh test    set up, build, run the whole phpt suite under valgrind
#   bash tools/run.sh bench   set up, build, run bench/run.php
#   bash tools/run.sh build   set up and build only
#   bash tools/run.sh ubsan   build with UBSan (in build-ubsan/) and run the suite on it
#   bash tools/run.sh shmx ARGS  build, run bin/shmx ARGS with the built module (shmx ls, ...)
# Idempotent: installs only missing Debian packages, rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

packages=(php-dev php-cli php8.2-apcu php8.2-igbinary php8.2-msgpack valgrind make gcc)

as_root() {
	if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

setup() {
	local missing=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "shmx: installing ${missing[*]}"
		as_root apt-get update -qq
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
	fi
}

build() {
	setup
	if [ ! -f configure ] || [ config.m4 -nt configure ]; then
		phpize >/dev/null
		rm -f Makefile
	fi
	if [ ! -f Makefile ]; then
		./configure --enable-shmx >/dev/null
	fi
	make -j"$(nproc)" >/dev/null
}

# php with shmx and only what a test asks for: no php.ini, extension_dir the system one so that
# --EXTENSIONS-- can load posix, apcu, shmop... for the tests that compare against them.
php_args=(-n -d "extension_dir=$(php-config --extension-dir 2>/dev/null || true)" -d "extension=$root/modules/shmx.so")

run_tests() {
	build
	if [ -d .git ] && ! php tools/gen-package-xml.php | cmp -s - package.xml; then
		echo "shmx: warning: package.xml is stale; run: php tools/gen-package-xml.php > package.xml" >&2
	fi
	local log=$root/tests/.last-run.txt
	local valgrind=(-m)
	[ "${SHMX_TEST_NO_VALGRIND:-0}" = 1 ] && valgrind=()
	# Heavy stress tests run when asked; CI asks.
	export SHMX_STRESS=${SHMX_STRESS:-${CI:+1}}
	set +e
	phpt "$log" "${valgrind[@]}" "${@:-tests}"
	# Tests that cannot run under valgrind (address-space limits) skip there; run them once
	# more without it, so that they run somewhere in every full run.
	local logs=("$log") rerun=
	if [ ${#valgrind[@]} -gt 0 ]; then
		local unvalgrinded
		mapfile -t unvalgrinded < <(grep -rlF --include='*.phpt' "USE_ZEND_ALLOC') === '0') die('skip" "${@:-tests}" 2>/dev/null)
		if [ ${#unvalgrinded[@]} -gt 0 ]; then
			echo "shmx: running without valgrind the tests that skip under it: ${unvalgrinded[*]}"
			phpt "$log.novalgrind" "${unvalgrinded[@]}"
			logs+=("$log.novalgrind")
			rerun=$log.novalgrind
		fi
	fi
	set -e
	# The whole suite (no paths given) also runs on the UBSan build.
	if [ $# = 0 ] && [ "${SHMX_TEST_NO_UBSAN:-0}" != 1 ]; then
		echo "shmx: the suite again, on the extension built with UndefinedBehaviorSanitizer"
		ubsan_suite >/dev/null 2>&1 || true
		sed -n '/^FAILED TEST SUMMARY/,/^=====/p' "$root/build-ubsan/tests/.last-run.txt"
		echo "shmx: UBSan run: $(summarise "$root/build-ubsan/tests/.last-run.txt" | tail -n1)"
		logs+=("$root/build-ubsan/tests/.last-run.txt")
	fi
	SHMX_RERUN_LOG=$rerun summarise "${logs[@]}"
}

# phpt LOG [run-tests options and paths...]: one run-tests run, its output also in LOG.
phpt() {
	local log=$1
	shift
	TEST_PHP_EXECUTABLE=$(command -v php) NO_INTERACTION=1 \
		php -n run-tests.php -q -j"$(nproc)" --show-diff "${php_args[@]}" "$@" 2>&1 | tee "$log"
}

# Prints "N passed, N failed, N skipped" from run-tests' summaries (one log per run, added
# up), and returns non-zero if any test failed, leaked or was borked. A test that passed only
# when run-tests retried it (it does that for tests using sleep/microtime) counts as passed, and
# is named above the line. A test skipped in one run and passed in a rerun counts once, passed.
summarise() {
	local passed=0 failed=0 leaked=0 borked=0 warned=0 skipped=0 bad log n
	count() { { grep -aE "^$1 *:" "$log" || true; } | tail -n1 | sed -E 's/^[^:]*: *([0-9]+).*/\1/'; }
	for log in "$@"; do
		n=$(count "Tests passed"); passed=$((passed + ${n:-0}))
		n=$(count "Tests failed"); failed=$((failed + ${n:-0}))
		n=$(count "Tests leaked"); leaked=$((leaked + ${n:-0}))
		n=$(count "Tests borked"); borked=$((borked + ${n:-0}))
		n=$(count "Tests warned"); warned=$((warned + ${n:-0}))
		n=$(count "Tests skipped"); skipped=$((skipped + ${n:-0}))
	done
	# The tests of a rerun (SHMX_RERUN_LOG) were skipped in the first run: count them once.
	if [ -n "${SHMX_RERUN_LOG:-}" ]; then
		log=$SHMX_RERUN_LOG
		n=$(count "Number of tests"); skipped=$((skipped - ${n:-0}))
		[ "$skipped" -ge 0 ] || skipped=0
	fi
	bad=$((failed + leaked + borked))
	if [ "$passed" = 0 ] && [ "$warned" = 0 ] && [ "$bad" = 0 ]; then
		echo "no test ran"
		echo "0 passed, 1 failed, $skipped skipped"
		return 1
	fi
	[ "$warned" = 0 ] || echo "shmx: $warned test(s) passed with a warning (see WARNED TEST SUMMARY above)"
	echo "$((passed + warned)) passed, $bad failed, $skipped skipped"
	[ "$bad" = 0 ]
}

# The extension built with UndefinedBehaviorSanitizer in build-ubsan/ (a copy of the sources,
# so that the normal build stays as it is), and the phpt suite run against it; a report ends
# the process, which fails its test. (AddressSanitizer cannot run inside Debian's php: php
# loads extensions with RTLD_DEEPBIND, which the ASan runtime refuses. The C core runs under
# ASan in the C tests and fuzz targets instead; memory errors in the extension are valgrind's.)
ubsan() {
	setup
	local dir=$root/build-ubsan
	mkdir -p "$dir"
	if [ -d .git ]; then
		git ls-files -z | xargs -0 cp --parents -t "$dir"
	else
		tar --exclude=./build-ubsan -cf - . | tar -C "$dir" -xf -
	fi
	(
		cd "$dir"
		if [ ! -f configure ] || [ config.m4 -nt configure ]; then
			phpize >/dev/null
			rm -f Makefile
		fi
		if [ ! -f Makefile ]; then
			./configure --enable-shmx CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=undefined -fno-sanitize-recover=undefined" \
				LDFLAGS="-fsanitize=undefined" >/dev/null
		fi
		make -j"$(nproc)" >/dev/null
	)
	local log=$dir/tests/.last-run.txt
	set +e
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 TEST_PHP_EXECUTABLE=$(command -v php) NO_INTERACTION=1 \
		php -n "$dir/run-tests.php" -q -j"$(nproc)" --show-diff \
		-n -d "extension_dir=$(php-config --extension-dir)" -d "extension=$dir/modules/shmx.so" \
		"${@:-$dir/tests}" 2>&1 | tee "$log"
	set -e
}

ubsan_suite() {
	ubsan
	summarise "$root/build-ubsan/tests/.last-run.txt"
}

case "${1:-}" in
	demo) build; php "${php_args[@]}" examples/demo.php ;;
	test) shift; run_tests "$@" ;;
	bench) shift; build
		# The peers, loaded beside shmx: shmop, sysvshm, sysvsem, APCu (CLI needs enable_cli).
		php "${php_args[@]}" -d extension=shmop -d extension=sysvshm -d extension=sysvsem \
			-d extension=apcu -d apc.enable_cli=1 -d apc.shm_size=256M bench/run.php "$@" ;;
	build) build ;;
	# The build's output goes to stderr, so that `shmx ls --json` prints JSON alone.
	shmx) shift; build >&2; exec php "${php_args[@]}" bin/shmx "$@" ;;
	ubsan) shift; ubsan "$@"; summarise "$root/build-ubsan/tests/.last-run.txt" ;;
	*) echo "usage: bash tools/run.sh demo|test|bench|build|ubsan|shmx ARGS" >&2; exit 2 ;;
esac
