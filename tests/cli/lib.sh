# shellcheck shell=sh
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
_planned=""
_reported=0

begin() { _case="$1"; _case_failed=0; _case_why=""; }
fail() {
	# one line per case: a multi-line reason (a program's stderr) is joined
	[ "$_case_failed" = 1 ] || _case_why=$(printf '%s' "$*" | tr '\n' ' ')
	_case_failed=1
	echo "  $_case: $*" >&2
}
end() {
	if [ "$_case_failed" = 1 ]; then echo "FAIL $_case: $_case_why"; else echo "ok $_case"; fi
	_reported=$((_reported + 1))
}
# skip NAME WHY: only for a case that cannot run here for a reason that is
# neither missing data nor missing test tools nor a failed set-up (those are
# skip_data, skip_tool and fail: a set-up failure is a FAIL, never a skip).
skip() { echo "skip $1: $2"; _reported=$((_reported + 1)); }
# plan N: this script runs N cases (prints TAP's "1..N"), right after
# sourcing this file.  Mandatory: tests/run-tests.sh fails a script without
# it, or whose ok/FAIL/skip lines do not add up to N.
plan() { _planned=$1; echo "1..$1"; }
have_data() { [ -d "$DATA" ]; }
# skip_data NAME WHY: a case that needs the real data in $DATA cannot run.
# Outside CI that is a skip; in CI (CI=true) it is a failure, so the suite
# never ends green on skipped references.
skip_data() {
	if [ "${CI:-}" = true ]; then echo "FAIL $1: CI: $2"; else echo "skip $1: $2"; fi
	_reported=$((_reported + 1))
}
# skip_tool NAME WHY: a case needs a program that `scripts/install-deps.sh
# test` installs (gdal-bin, proj-bin, python3-qgis, parallel, shellcheck...).
# A skip outside CI; in CI, where install-deps ran, a failure.
skip_tool() { skip_data "$1" "$2 (scripts/install-deps.sh test)"; }
# When a set-up that every remaining case needs fails (or its data or tool
# is missing), report each remaining case of the plan, so none vanishes:
#   fail_rest WHY        FAIL "SCRIPT case K/N (not run): WHY"
#   skip_data_rest WHY   skip_data for each (a failure in CI)
#   skip_tool_rest WHY   skip_tool for each (a failure in CI)
# then `exit 0` (the FAIL lines make the script fail).
_rest() {
	_k=$((_reported + 1))
	while [ "$_k" -le "${_planned:-0}" ]; do
		"$1" "$(basename "$0") case $_k/$_planned (not run)" "$2"
		_k=$((_k + 1))
	done
}
_fail_case() { echo "FAIL $1: $(printf '%s' "$2" | tr '\n' ' ')"; _reported=$((_reported + 1)); }
fail_rest() { _rest _fail_case "$1"; }
skip_data_rest() { _rest skip_data "$1"; }
skip_tool_rest() { _rest skip_tool "$1"; }
# skip_rest WHY: the remaining cases cannot measure what they assert on this
# build (e.g. RSS under AddressSanitizer): a skip, in CI too, with its reason.
_skip_case() { echo "skip $1: $2"; _reported=$((_reported + 1)); }
skip_rest() { _rest _skip_case "$1"; }
# setup CMD...: a set-up step every remaining case needs; when it fails,
# every remaining case fails (fail_rest, naming the command) and the script
# exits.
setup() {
	"$@" >"$T/setup.out" 2>"$T/setup.err" && return 0
	fail_rest "set-up failed (exit $?): $* ($(head -c 300 "$T/setup.err"))"
	exit 0
}
# need_rfplan: fail every case when $RFPLAN is not built, then exit.
need_rfplan() {
	[ -x "$RFPLAN" ] && return 0
	fail_rest "$RFPLAN not built (make)"
	exit 0
}

# run CMD...: runs it, keeps stdout in $T/out, stderr in $T/err, status in $rc.
run() { "$@" >"$T/out" 2>"$T/err"; rc=$?; }
expect_rc() { [ "$rc" = "$1" ] || fail "exit status $rc, want $1 ($(head -c 300 "$T/err"))"; }
expect_err() { grep -q -- "$1" "$T/err" || fail "stderr lacks '$1' (got: $(head -c 300 "$T/err"))"; }
expect_out() { grep -q -- "$1" "$T/out" || fail "stdout lacks '$1' (got: $(head -c 300 "$T/out"))"; }
expect_file() { [ -s "$1" ] || fail "missing or empty file $1"; }
expect_no_file() { [ ! -e "$1" ] || fail "file $1 should not exist"; }
# near GOT WANT TOL [what]: both numbers (an empty or non-numeric value,
# e.g. a value that was never read, fails instead of counting as 0).
# Returns 1 when it failed.
near() {
	awk -v g="$1" -v w="$2" -v t="$3" 'function num(s) {
			return s ~ /^[ \t]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ \t]*$/ }
		BEGIN { if (!num(g) || !num(w) || !num(t)) exit 1
			d = g - w; if (d < 0) d = -d; exit !(d <= t) }' \
		|| { fail "${4:-value} = '$1', want '$2' +- $3"; return 1; }
}
# nothing_written PATH: PATH does not exist and no temporary or backup of it
# (PATH.tmp-*, PATH.old-*, .BASENAME.* beside it) was left behind.
nothing_written() {
	expect_no_file "$1"
	for f in "$1".tmp-* "$1".old-* "$(dirname "$1")/.$(basename "$1")".*; do
		[ -e "$f" ] && fail "left behind: $f"
	done
}
