#!/bin/sh
# Build the libFuzzer harnesses (tests/fuzz/fuzz_*.c) with clang and run each
# for a bounded time from its seed corpus (tests/fuzz/corpus/NAME/).
#
#   scripts/fuzz.sh [NAME...]        (default: every harness)
#   FUZZ_SECONDS=30                  time per harness (default 30)
#   FUZZ_BUILD=build-fuzz            where binaries and working corpora go
#
# The library sources are compiled into every fuzzer binary with
# -fsanitize=fuzzer,address,undefined (GDAL, PROJ, jansson, libcsv link
# normally).  The seed corpus in tests/ is never modified: new interesting
# inputs go to $FUZZ_BUILD/corpus/NAME/.  A crash, leak, timeout or UB report
# stops that harness; its input is saved as $FUZZ_BUILD/crash/NAME/... :
# fix the reader, then copy the input into tests/fuzz/regressions/NAME/ so
# that `make check` (tests/unit/test_fuzz_regressions.c) keeps it fixed.
# Exit status: 0 when every harness ran clean, 1 otherwise.
set -u
cd "$(dirname "$0")/.." || exit 1
SECONDS_EACH=${FUZZ_SECONDS:-30}
B=${FUZZ_BUILD:-build-fuzz}
CLANG=${CLANG:-clang}

if ! command -v "$CLANG" >/dev/null 2>&1; then
	echo "fuzz.sh: $CLANG not found (scripts/install-deps.sh fuzz)" >&2
	exit 1
fi
PKGS="gdal proj libpng libdeflate jansson libcrypto"
# The quotes around fuzz are meant literally (the C string "fuzz"), and
# $CFLAGS / $LIBS are split into words on purpose.
# shellcheck disable=SC2089,SC2086
CFLAGS="-g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -fopenmp \
 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 -fno-omit-frame-pointer -Iinclude -iquote src -DRFPLAN_VERSION=\"fuzz\" $(pkg-config --cflags $PKGS)"
# shellcheck disable=SC2086
LIBS="$(pkg-config --libs $PKGS) -lcsv -lm"

if [ $# -gt 0 ]; then
	names="$*"
else
	names=$(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)
fi

# Library sources: every src/**/*.c but the CLI, src/cli/ (as the
# Makefile's LIB_SRCS).
lib_srcs=$(for s in src/*/*.c src/*/*/*.c; do
	case "$s" in src/cli/*) ;; *) echo "$s" ;; esac
done)

mkdir -p "$B/obj" || exit 1
# Compile the library once (objects shared by every harness).
objs=""
for s in $lib_srcs; do
	o="$B/obj/$(echo "${s#src/}" | tr / _ | sed 's/\.c$//').o"
	if [ ! -e "$o" ] || [ -n "$(find "$s" -newer "$o")" ] ||
		[ -n "$(find include src -name '*.h' -newer "$o" 2>/dev/null | head -1)" ]; then
		# shellcheck disable=SC2086,SC2090
		$CLANG $CFLAGS -fsanitize=fuzzer-no-link -c "$s" -o "$o" || exit 1
	fi
	objs="$objs $o"
done

status=0
for n in $names; do
	h="tests/fuzz/fuzz_$n.c"
	[ -f "$h" ] || { echo "fuzz.sh: no harness $h" >&2; status=1; continue; }
	bin="$B/fuzz_$n"
	# shellcheck disable=SC2086,SC2090
	$CLANG $CFLAGS -Itests/fuzz -o "$bin" "$h" $objs $LIBS || { status=1; continue; }
	mkdir -p "$B/corpus/$n" "$B/crash/$n"
	echo "== fuzz $n: ${SECONDS_EACH}s" >&2
	# -max_len: the readers' inputs are small text files; 64 KiB is plenty
	# to reach every branch.  -timeout: an input taking over 10 s is a hang.
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$bin" -max_total_time="$SECONDS_EACH" -max_len=65536 -timeout=10 \
		-rss_limit_mb=4096 -print_final_stats=0 \
		-artifact_prefix="$B/crash/$n/" \
		"$B/corpus/$n" "tests/fuzz/corpus/$n" "tests/fuzz/regressions/$n" \
		>"$B/fuzz_$n.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "fuzz $n: FAILED (status $rc); see $B/fuzz_$n.log and $B/crash/$n/" >&2
		grep -m3 -E 'ERROR|SUMMARY|runtime error' "$B/fuzz_$n.log" >&2
		status=1
	else
		execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$B/fuzz_$n.log" | grep -o '[0-9]*$')
		line=$(grep -E '^#[0-9]+' "$B/fuzz_$n.log" | tail -1)
		echo "fuzz $n: ok ${line:-}" >&2
		: "${execs:=}"
	fi
done
exit $status
