#!/bin/sh
# Run every unit test binary ($BUILD/tests/test_*) and every CLI test script
# (tests/cli/test_*.sh); count their "ok"/"FAIL"/"skip" lines and end with
# one line "N passed, N failed, N skipped".  A test program that crashes or
# exits non-zero without printing a FAIL counts as one failure.  Every file
# must declare its plan, TAP's "1..N" line (TEST_PLAN(n) in tests/unit/check.h,
# `plan N` in tests/cli/lib.sh); a file without one, or whose ok/FAIL/skip
# lines do not add up to N, fails.
# BUILDS="build build-sanitize" runs the whole suite once per build directory
# (the CLI tests use that build's rfplan) and counts them all together.
cd "$(dirname "$0")/.." || exit 1
BUILDS=${BUILDS:-${BUILD:-build}}
log=$(mktemp)
trap 'rm -f "$log" "$log.one"' EXIT
for BUILD in $BUILDS; do
	export BUILD
	[ "$BUILDS" = "$BUILD" ] || echo "=== build $BUILD"
	for t in "$BUILD"/tests/test_* tests/cli/test_*.sh; do
		[ -x "$t" ] || [ -f "$t" ] || continue
		echo "== $t"
		case "$t" in *.sh) sh "$t" >"$log.one" ;; *) "$t" >"$log.one" ;; esac
		rc=$?
		cat "$log.one"
		cat "$log.one" >>"$log"
		if [ "$rc" -ne 0 ] && ! grep -q '^FAIL ' "$log.one"; then
			echo "FAIL $t: exited with status $rc"
			echo "FAIL $t: exited with status $rc" >>"$log"
		fi
		# The plan (mandatory): every file prints "1..N" and reports exactly
		# N cases (a case that returned before reporting must not vanish).
		planned=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log.one" | head -n 1)
		if [ -z "$planned" ]; then
			echo "FAIL $t: no plan (TEST_PLAN(n) / plan N printing 1..N)"
			echo "FAIL $t: no plan (TEST_PLAN(n) / plan N printing 1..N)" >>"$log"
		else
			ran=$(grep -c -e '^ok ' -e '^FAIL ' -e '^skip ' "$log.one")
			if grep -q '^FAIL plan:' "$log.one"; then
				ran=$((ran - 1))
			fi
			if [ "$ran" -ne "$planned" ]; then
				echo "FAIL $t: reported $ran cases, planned $planned"
				echo "FAIL $t: reported $ran cases, planned $planned" >>"$log"
			fi
		fi
	done
done
rm -f "$log.one"
pass=$(grep -c '^ok ' "$log")
fail=$(grep -c '^FAIL ' "$log")
skip=$(grep -c '^skip ' "$log")
if [ "$fail" -gt 0 ]; then
	echo
	echo "failures:"
	grep '^FAIL ' "$log"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
