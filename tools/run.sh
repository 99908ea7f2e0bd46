#!/usr/bin/env bash
# tools/run.sh: the one entry point README's two commands use.
#   bash tools/run.sh demo    set up, build, run examples/demo.php
#   bash tools/run.sh test    set up, build, run the whole phpt suite under valgrind
#   bash tools/run.sh bench   set up, build, run bench/run.php
#   bash tools/run.sh build   set up and build only
#   bash tools/run.sh sanitize  build with ASan + UBSan (in build-san/) and run the suite on it
#   bash tools/run.sh ctest   build and run the C core's unit tests (tests/c/, no PHP) under ASan+UBSan
#   bash tools/run.sh fuzz [S] build the libFuzzer targets (tests/c/fuzz/) and run each S seconds (20)
#   bash tools/run.sh shmx ARGS  build, run bin/shmx ARGS with the built module (shmx ls, ...)
# Idempotent: installs only missing Debian packages, rebuilds only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

packages=(php-dev php-cli php8.2-apcu php8.2-igbinary php8.2-msgpack php8.2-fpm libfcgi-bin valgrind make gcc clang
	libhiredis-dev redis-server php8.2-redis)

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

# A redis-server of our own for the tests and the bench (never the system's service): a free
# loopback port, a temporary directory, nothing saved; stopped by the trap however we leave.
# Exports SHMX_TEST_REDIS=redis://127.0.0.1:PORT (the tests in tests/redis skip without it).
redis_pid=
redis_dir=
redis_stop() {
	if [ -n "$redis_pid" ]; then
		kill "$redis_pid" 2>/dev/null || true
		wait "$redis_pid" 2>/dev/null || true
		redis_pid=
	fi
	if [ -n "$redis_dir" ]; then
		rm -rf "$redis_dir"
		redis_dir=
	fi
}
redis_start() {
	command -v redis-server >/dev/null || { echo "shmx: no redis-server: the Redis tests skip"; return 0; }
	local port i
	port=$(php -r '$s = stream_socket_server("tcp://127.0.0.1:0"); $n = stream_socket_get_name($s, false); echo substr($n, strrpos($n, ":") + 1);')
	redis_dir=$(mktemp -d /tmp/shmx-redis.XXXXXX)
	trap redis_stop EXIT
	redis-server --port "$port" --bind 127.0.0.1 --dir "$redis_dir" --save '' --appendonly no --daemonize no \
		>"$redis_dir/log" 2>&1 &
	redis_pid=$!
	for i in $(seq 50); do
		redis-cli -p "$port" ping >/dev/null 2>&1 && break
		sleep 0.1
	done
	export SHMX_TEST_REDIS=redis://127.0.0.1:$port
	echo "shmx: redis-server $(redis-server --version | sed -E 's/.*v=([^ ]*).*/\1/') on 127.0.0.1:$port for the Redis tests"
}

run_tests() {
	build
	redis_start
	if [ -d .git ] && ! php tools/gen-package-xml.php | cmp -s - package.xml; then
		echo "shmx: warning: package.xml is stale; run: php tools/gen-package-xml.php > package.xml" >&2
	fi
	local log=$root/tests/.last-run.txt
	local valgrind=(-m)
	[ "${SHMX_TEST_NO_VALGRIND:-0}" = 1 ] && valgrind=()
	# run-tests' -m runs valgrind -q with its default --leak-check=summary, which prints nothing
	# for a leak: a test that leaks would pass. Ask for every definite leak as an error, so that
	# its .mem file is not empty and run-tests calls the test LEAKED; tests/valgrind.supp leaves
	# out PHP's own memory in processes that a test kills (see there).
	export VALGRIND_OPTS="--leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --num-callers=50 --suppressions=$root/tests/valgrind.supp${VALGRIND_OPTS:+ $VALGRIND_OPTS}"
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
	# The whole suite (no paths given) also runs on the ASan + UBSan build.
	if [ $# = 0 ] && [ "${SHMX_TEST_NO_UBSAN:-0}" != 1 ] && [ "${SHMX_TEST_NO_SAN:-0}" != 1 ]; then
		echo "shmx: the suite again, on the extension built with AddressSanitizer and UndefinedBehaviorSanitizer"
		sanitize_suite >/dev/null 2>&1 || true
		sed -n '/^FAILED TEST SUMMARY/,/^=====/p' "$root/build-san/tests/.last-run.txt"
		echo "shmx: ASan + UBSan run: $(summarise "$root/build-san/tests/.last-run.txt" | tail -n1)"
		logs+=("$root/build-san/tests/.last-run.txt")
	fi
	# The whole suite also runs the C core's unit tests and fuzz targets (each binary, each
	# target one test).
	if [ $# = 0 ] && [ "${SHMX_TEST_NO_C:-0}" != 1 ]; then
		echo "shmx: the C core's unit tests (tests/c), under AddressSanitizer and UBSan"
		ctest || true
		logs+=("$root/build-c/ctest.log")
		echo "shmx: the fuzz targets (tests/c/fuzz), ${SHMX_FUZZ_SECONDS:-20} s each"
		fuzz "${SHMX_FUZZ_SECONDS:-20}" || true
		logs+=("$root/build-c/fuzz.log")
	fi
	SHMX_RERUN_LOG=$rerun summarise "${logs[@]}"
}

# phpt LOG [run-tests options and paths...]: one run-tests run, its output also in LOG.
phpt() {
	local log=$1
	shift
	# pcre.jit=0: PCRE's JIT code reads up to 16 bytes past a subject (SIMD), which valgrind
	# reports as an invalid read whenever a subject ends near the end of its block: tests that
	# match server output (INFO) then fail at random under -m.
	TEST_PHP_EXECUTABLE=$(command -v php) NO_INTERACTION=1 \
		php -n run-tests.php -q -j"$(nproc)" --show-diff "${php_args[@]}" -d pcre.jit=0 "$@" 2>&1 | tee "$log"
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

# The extension built with AddressSanitizer and UndefinedBehaviorSanitizer in build-san/ (a
# copy of the sources, so that the normal build stays as it is), and the phpt suite run against
# it; a report ends the process, which fails its test. Debian's php loads extensions with
# dlopen(RTLD_DEEPBIND), which the ASan runtime refuses: tools/nodeepbind.c, preloaded before
# the runtime, drops the flag. run-tests' --asan makes php allocate with malloc, so ASan sees
# PHP's heap too. Leak checking stays valgrind's (php itself, uninstrumented, keeps its
# allocations to the end).
sanitize() {
	setup
	local dir=$root/build-san
	mkdir -p "$dir"
	if [ -d .git ]; then
		git ls-files -z | xargs -0 cp --parents -t "$dir"
	else
		tar --exclude=./build-san -cf - . | tar -C "$dir" -xf -
	fi
	(
		cd "$dir"
		if [ ! -f configure ] || [ config.m4 -nt configure ]; then
			phpize >/dev/null
			rm -f Makefile
		fi
		if [ ! -f Makefile ]; then
			./configure --enable-shmx CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
				LDFLAGS="-fsanitize=address,undefined" >/dev/null
		fi
		make -j"$(nproc)" >/dev/null
		cc -shared -fPIC -O2 -o nodeepbind.so tools/nodeepbind.c -ldl
	)
	local log=$dir/tests/.last-run.txt asan
	asan=$(cc -print-file-name=libasan.so)
	set +e
	LD_PRELOAD="$dir/nodeepbind.so $asan" \
	ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0:halt_on_error=1:handle_sigbus=0:allow_user_segv_handler=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 TEST_PHP_EXECUTABLE=$(command -v php) NO_INTERACTION=1 \
		php -n "$dir/run-tests.php" -q -j"$(nproc)" --asan --show-diff \
		-n -d "extension_dir=$(php-config --extension-dir)" -d "extension=$dir/modules/shmx.so" \
		"${@:-$dir/tests}" 2>&1 | tee "$log"
	set -e
}

sanitize_suite() {
	sanitize
	summarise "$root/build-san/tests/.last-run.txt"
}

# The C core (src/ without the PHP layer): every src/*.c that is not src/php_*.c.
core_sources() {
	local f
	for f in src/*.c; do
		case $f in src/php_*) ;; *) echo "$f" ;; esac
	done
}

c_compiler() {
	command -v clang >/dev/null && echo clang || echo gcc
}

c_flags=(-g -O1 -fno-omit-frame-pointer -std=gnu11 -Wall -Wextra -Wno-unused-parameter -Wno-sign-compare
	-DHAVE_SHMX_SHM_OPEN -D_GNU_SOURCE)

# c_log FILE PASSED FAILED: a summary in run-tests' format, which summarise adds up.
c_log() {
	printf 'Tests skipped   : %4d\nTests failed    : %4d\nTests passed    : %4d\n' 0 "$3" "$2" >"$1"
}

# Builds tests/c/test_*.c against the core with ASan and UBSan (build-c/), runs each binary,
# prints "C tests: N passed, N failed" and writes build-c/ctest.log for summarise.
ctest() {
	local cc out=$root/build-c passed=0 failed=0 t name
	cc=$(c_compiler)
	mkdir -p "$out"
	local san=(-fsanitize=address,undefined -fno-sanitize-recover=undefined)
	local srcs
	mapfile -t srcs < <(core_sources)
	for t in tests/c/test_*.c; do
		name=$(basename "$t" .c)
		if ! "$cc" "${c_flags[@]}" "${san[@]}" -o "$out/$name" "${srcs[@]}" "$t" -lpthread -lrt 2>"$out/$name.build.txt"; then
			cat "$out/$name.build.txt"
			echo "FAIL $name (does not build)"
			failed=$((failed + 1))
			continue
		fi
		if ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
				timeout 300 "$out/$name" >"$out/$name.txt" 2>&1; then
			passed=$((passed + 1))
			echo "PASS $name"
		else
			failed=$((failed + 1))
			cat "$out/$name.txt"
			echo "FAIL $name"
		fi
	done
	c_log "$out/ctest.log" "$passed" "$failed"
	echo "C tests: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# Builds each tests/c/fuzz/fuzz_*.c with libFuzzer, ASan and UBSan (clang only) and runs it
# for $1 seconds (default 20) on a copy of its seed corpus (tests/c/fuzz/corpus/<target>/,
# which stays as committed). A crash, a sanitizer report or a leak fails the target; the input
# that caused it is kept in build-c/fuzz/ and named in the output. Writes build-c/fuzz.log.
fuzz() {
	local secs=${1:-20} out=$root/build-c/fuzz passed=0 failed=0 t name
	mkdir -p "$out"
	if ! command -v clang >/dev/null; then
		echo "shmx: fuzzing needs clang (bash tools/run.sh setup installs it)"
		c_log "$root/build-c/fuzz.log" 0 1
		return 1
	fi
	local srcs
	mapfile -t srcs < <(core_sources)
	for t in tests/c/fuzz/fuzz_*.c; do
		name=$(basename "$t" .c)
		if ! clang "${c_flags[@]}" -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
				-o "$out/$name" "${srcs[@]}" "$t" -lpthread -lrt 2>"$out/$name.build.txt"; then
			cat "$out/$name.build.txt"
			echo "FAIL $name (does not build)"
			failed=$((failed + 1))
			continue
		fi
		rm -rf "$out/$name.corpus"
		mkdir -p "$out/$name.corpus"
		if [ -d "tests/c/fuzz/corpus/$name" ]; then
			cp tests/c/fuzz/corpus/"$name"/* "$out/$name.corpus/" 2>/dev/null || true
		fi
		if (cd "$out" && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
				timeout $((secs + 60)) "./$name" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
				-print_final_stats=1 -artifact_prefix="$out/$name-" "$name.corpus" >"$name.txt" 2>&1); then
			passed=$((passed + 1))
			echo "PASS $name ($(grep -a 'stat::number_of_executed_units' "$out/$name.txt" | awk '{print $2}') runs)"
		else
			failed=$((failed + 1))
			tail -n 40 "$out/$name.txt"
			echo "FAIL $name (see $out/$name.txt; inputs kept as $out/$name-*)"
		fi
	done
	c_log "$root/build-c/fuzz.log" "$passed" "$failed"
	echo "Fuzz targets: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

case "${1:-}" in
	demo) build; php "${php_args[@]}" examples/demo.php ;;
	test) shift; run_tests "$@" ;;
	bench) shift; build
		redis_start
		# phpredis, the peer of the Redis case, where Debian's php8.2-redis is installed.
		redis_ext=()
		# phpredis links against igbinary and msgpack: they load first.
		[ -f "$(php-config --extension-dir)/redis.so" ] && redis_ext=(-d extension=igbinary -d extension=msgpack -d extension=redis)
		# The peers, loaded beside shmx: shmop, sysvshm, sysvsem, APCu (CLI needs enable_cli).
		php "${php_args[@]}" "${redis_ext[@]}" -d extension=shmop -d extension=sysvshm -d extension=sysvsem -d extension=sysvmsg \
			-d extension=apcu -d apc.enable_cli=1 -d apc.shm_size=256M bench/run.php "$@" ;;
	build) build ;;
	# The build's output goes to stderr, so that `shmx ls --json` prints JSON alone.
	shmx) shift; build >&2; exec php "${php_args[@]}" bin/shmx "$@" ;;
	sanitize|ubsan) shift; sanitize "$@"; summarise "$root/build-san/tests/.last-run.txt" ;;
	ctest) setup; ctest ;;
	fuzz) shift; setup; fuzz "$@" ;;
	setup) setup ;;
	*) echo "usage: bash tools/run.sh demo|test|bench|build|sanitize|ctest|fuzz [seconds]|setup|shmx ARGS" >&2; exit 2 ;;
esac
