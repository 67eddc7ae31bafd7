#!/bin/sh
# The shell scripts stay shellcheck-clean (Debian's shellcheck, in
# scripts/install-deps.sh's test set): every scripts/*.sh, the runner and
# every tests/cli/*.sh, sourced files followed (-x) from the script's own
# directory.  A deliberate exception is a `# shellcheck disable=SCnnnn`
# directive on the line, with the reason beside it.
. "$(dirname "$0")/lib.sh"
plan 2

if ! command -v shellcheck >/dev/null 2>&1; then
	skip_tool_rest "shellcheck not installed"
	exit 0
fi

# check NAME FILE...: shellcheck FILE... prints nothing and exits 0
check() {
	name=$1
	shift
	begin "shellcheck: $name"
	[ "$#" -ge 2 ] || fail "only $# files matched"
	(cd "$ROOT" && shellcheck -x -P SCRIPTDIR -f gcc "$@") >"$T/sc.out" 2>&1 ||
		fail "$(wc -l <"$T/sc.out") findings, first: $(head -n 3 "$T/sc.out")"
	end
}
cd "$ROOT" || exit 1
check "scripts/*.sh and tests/run-tests.sh are clean" scripts/*.sh tests/run-tests.sh
check "tests/cli/*.sh are clean" tests/cli/*.sh
