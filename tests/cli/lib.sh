# Helpers for the CLI end-to-end tests (sourced by tests/cli/test_*.sh).
# Each case prints "ok NAME", "FAIL NAME: why" or "skip NAME: why".
# Every script runs in its own temporary directory $T (removed at exit).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
RFPLAN="$BUILD/rfplan"
DATA=${RFPLAN_TESTDATA:-$ROOT/../shared/data}
T=$(mktemp -d "${TMPDIR:-/tmp}/rfplan-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
_case=""
_case_failed=0
_case_why=""

begin() { _case="$1"; _case_failed=0; _case_why=""; }
fail() { [ "$_case_failed" = 1 ] || _case_why="$*"; _case_failed=1; echo "  $_case: $*" >&2; }
end() {
	if [ "$_case_failed" = 1 ]; then echo "FAIL $_case: $_case_why"; else echo "ok $_case"; fi
}
skip() { echo "skip $1: $2"; }
# plan N: this script runs N cases (prints TAP's "1..N"); tests/run-tests.sh
# fails the script when its ok/FAIL/skip lines do not add up to N.
plan() { echo "1..$1"; }
have_data() { [ -d "$DATA" ]; }
# skip_data NAME WHY: a case that needs the real data in $DATA cannot run.
# Outside CI that is a skip; in CI (CI=true) it is a failure, so the suite
# never ends green on skipped references.
skip_data() {
	if [ "${CI:-}" = true ]; then echo "FAIL $1: CI: $2"; else echo "skip $1: $2"; fi
}

# run CMD...: runs it, keeps stdout in $T/out, stderr in $T/err, status in $rc.
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "exit status $rc, want $1 ($(head -c 300 "$T/err"))"; }
expect_err() { grep -q -- "$1" "$T/err" || fail "stderr lacks '$1' (got: $(head -c 300 "$T/err"))"; }
expect_out() { grep -q -- "$1" "$T/out" || fail "stdout lacks '$1' (got: $(head -c 300 "$T/out"))"; }
expect_file() { [ -s "$1" ] || fail "missing or empty file $1"; }
expect_no_file() { [ ! -e "$1" ] || fail "file $1 should not exist"; }
# near GOT WANT TOL [what]
near() {
	awk -v g="$1" -v w="$2" -v t="$3" 'BEGIN { d = g - w; if (d < 0) d = -d; exit !(d <= t) }' \
		|| fail "${4:-value} = $1, want $2 +- $3"
}
# nothing_written PATH: PATH does not exist and no temporary or backup of it
# (PATH.tmp-*, PATH.old-*, .BASENAME.* beside it) was left behind.
nothing_written() {
	expect_no_file "$1"
	for f in "$1".tmp-* "$1".old-* "$(dirname "$1")/.$(basename "$1")".*; do
		[ -e "$f" ] && fail "left behind: $f"
	done
}
