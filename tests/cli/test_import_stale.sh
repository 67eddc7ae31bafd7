#!/bin/sh
# A killed `rfplan import` leaves its WORKDIR.tmp-PID-XXXXXX directory (the
# workspace being built; doc/errors.md, "Faults"); the next import of the
# same WORKDIR removes the leftovers of processes that no longer exist, and
# never a directory of a running import nor the only copy of a workspace.
. "$(dirname "$0")/lib.sh"
plan 3
need_rfplan
S="$ROOT/samples/island"
IMP="--dem $S/dem_mga48.tif --sites $S/sites_acma.csv -q"

# A PID that no longer exists: a child that has exited and been waited for.
sh -c 'exit 0' &
dead=$!
wait "$dead"

begin "import removes WORKDIR.tmp-PID-* of a dead process, keeps a live one's"
mkdir -p "$T/ws.tmp-$dead-aB3dE9/antennas" "$T/ws.tmp-$$-zZ9yY8"
: >"$T/ws.tmp-$dead-aB3dE9/antennas/x.msi"
: >"$T/ws.tmp-$dead-aB3dE9/dem.tif"
# rfplan's marker (RF_TMP_MARKER, src/core/util.h), as a killed import leaves it
: >"$T/ws.tmp-$dead-aB3dE9/.rfplan-tmp"
# shellcheck disable=SC2086 # $IMP: the options, one word each
run "$RFPLAN" import $IMP -o "$T/ws"
expect_rc 0
expect_file "$T/ws/manifest.json"
expect_no_file "$T/ws.tmp-$dead-aB3dE9"
[ -d "$T/ws.tmp-$$-zZ9yY8" ] || fail "the directory of a live process ($$) was removed"
end

begin "import keeps WORKDIR.old-PID-* when WORKDIR does not exist (the only copy)"
mkdir -p "$T/w2.old-$dead-Qq1Ww2"
: >"$T/w2.old-$dead-Qq1Ww2/manifest.json"
# shellcheck disable=SC2086
run "$RFPLAN" import $IMP -o "$T/w2"
expect_rc 0
[ -f "$T/w2.old-$dead-Qq1Ww2/manifest.json" ] || fail "the moved-aside workspace was removed"
end

# A real kill: a slow import (10 m grid, a few seconds) killed with SIGKILL
# (no handler can clean up) once its temporary directory exists.
begin "a SIGKILLed import's WORKDIR.tmp-* is removed by the next import"
# shellcheck disable=SC2086
"$RFPLAN" import $IMP --clutter "$S/clutter_mga48.tif" --clutter-classes "$S/clutter_classes.csv" \
	--res 10m -o "$T/wk" 2>/dev/null &
pid=$!
i=0
while [ $i -lt 500 ] && ! ls -d "$T"/wk.tmp-* >/dev/null 2>&1; do
	sleep 0.01
	i=$((i + 1))
done
kill -KILL "$pid" 2>/dev/null
wait "$pid"
st=$?
if [ "$st" != 137 ]; then
	skip "a SIGKILLed import's WORKDIR.tmp-* is removed by the next import" \
		"the import finished (status $st) before the signal"
else
	ls -d "$T/wk.tmp-$pid-"* >/dev/null 2>&1 || fail "the killed import left no $T/wk.tmp-$pid-*"
	expect_no_file "$T/wk"
	# shellcheck disable=SC2086
	run "$RFPLAN" import $IMP -o "$T/wk"
	expect_rc 0
	expect_file "$T/wk/manifest.json"
	for f in "$T"/wk.tmp-*; do
		[ -e "$f" ] && fail "left behind after the re-run: $f"
	done
	end
fi
