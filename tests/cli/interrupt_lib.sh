# shellcheck shell=sh
# Helpers for the interrupted-run tests (sourced after lib.sh by
# tests/cli/test_interrupt.sh and test_interrupt_tools.sh; doc/errors.md,
# "Interrupted runs").  A run is signalled once it has started its work (a
# progress line above 0 %, or a file in its temporary directory),
# never after a fixed time: a loaded machine only makes a case slower.

# snapshot DIR: every name below DIR (hidden ones too), then every file's
# SHA-256, sorted.
snapshot() {
	(cd "$1" && find . | LC_ALL=C sort && find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}
# leftovers DIR: rfplan's temporaries and locks anywhere below DIR.
leftovers() {
	find "$1" \( -name '*.tmp-*' -o -name '*.old-*' -o -name '*.lock' \
		-o -name .rfplan-tmp \) -print
}
# alive PID: PID runs (a zombie, ended but not yet waited for, does not).
alive() {
	kill -0 "$1" 2>/dev/null || return 1
	# /proc/PID/stat: "PID (COMM) STATE ..."; without /proc, kill -0 alone
	_st=""
	read -r _st 2>/dev/null <"/proc/$1/stat" || return 0
	case ${_st##*) } in Z*) return 1 ;; esac
	return 0
}
# started WHEN: WHEN holds: fn:NAME, the shell function NAME returns 0
# (e.g. a file in the command's temporary directory exists), else WHEN is a
# grep pattern that $T/err matches.
started() {
	case $1 in
	fn:*) "${1#fn:}" ;;
	*) grep -q -- "$1" "$T/err" ;;
	esac
}
# interrupt SIG WHEN CMD...: run CMD in the background, wait until WHEN
# holds (started) or CMD ended, send SIG, wait; its status in $rc, stderr in
# $T/err, and $early=1 when CMD ended before WHEN held (finished_early).
# SIGINT, SIGTERM and SIGHUP are reset to their default action for CMD: a
# shell without job control starts a background job with SIGINT ignored,
# and rfplan keeps an ignored signal ignored (as nohup expects).  The
# loop's bound (30000 x 0.05 s) only stops a test that hangs.
interrupt() {
	_sig=$1
	_when=$2
	shift 2
	: >"$T/err"   # emptied here: the loop must not read the previous run's lines
	RFPLAN_PROGRESS_INTERVAL_S=0 env --default-signal=INT,TERM,HUP "$@" >"$T/out" 2>>"$T/err" &
	_pid=$!
	_n=0
	early=1
	while alive "$_pid" && [ "$_n" -lt 30000 ]; do
		if started "$_when"; then
			early=0
			break
		fi
		sleep 0.05
		_n=$((_n + 1))
	done
	kill -s "$_sig" "$_pid" 2>/dev/null
	wait "$_pid"
	rc=$?
}
# finished_early: the last interrupt's command did its whole work before
# the signal reached it (it ended first, exit 0, or it saw the signal only
# after its output was in place): the case must be run again on a larger
# input, never counted as passed.
finished_early() {
	[ "$early" = 1 ] || [ "$rc" = 0 ] || grep -q 'as it finished' "$T/err"
}
# one_message CMD SIG DEST: stderr has exactly one "interrupted" line, the
# command's, naming the signal and DEST.
one_message() {
	[ "$(grep -c interrupted "$T/err")" = 1 ] ||
		fail "want one 'interrupted' line, got: $(grep interrupted "$T/err")"
	grep -q "^rfplan $1: interrupted ($2): nothing written to $3" "$T/err" ||
		fail "no line 'rfplan $1: interrupted ($2): nothing written to $3': $(grep interrupted "$T/err")"
}
# same_as FILE DIR: DIR's snapshot equals the one in FILE.
same_as() {
	snapshot "$2" >"$T/after.txt"
	cmp -s "$1" "$T/after.txt" ||
		fail "$2 changed: $(diff "$1" "$T/after.txt" | head -n 6)"
}
