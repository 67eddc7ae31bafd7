#!/bin/sh
# SIGINT, SIGTERM and SIGHUP stop a long run cleanly (doc/errors.md,
# "Interrupted runs"): exit status 128 + the signal (130, 143, 129), one
# message "interrupted (SIG...): nothing written to DIR", no output lock,
# no temporary directory or file, no path-loss matrix of the unfinished
# computation, and the previous output byte for byte as it was (a listing
# of every name with the SHA-256 of every file, before and after).
# The signal is sent once the run has printed a progress line above 0 %
# (RFPLAN_PROGRESS_INTERVAL_S=0: a line per percentage), never after a
# fixed time, so a loaded machine only makes the case slower.  The runs are
# chosen long (ITM over 20 km at 30 m; a DEM warped to 3 m): a run that
# ends before the signal fails the case with exit status 0.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/interrupt_lib.sh"
plan 6
need_rfplan
S="$ROOT/samples/island"

if ! env --default-signal=INT true 2>/dev/null; then
	skip_tool_rest "env --default-signal (coreutils >= 8.31)"
	exit 0
fi
mkdir -p "$T/p" "$T/i" "$T/b"
setup "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" --res 30m -o "$T/p/ws" -q
setup "$RFPLAN" predict "$T/p/ws" --model fspl --radius 3 -o "$T/p/out" -q
snapshot "$T/p" >"$T/p.txt"
grep -qx './out/rsrp.tif' "$T/p.txt" || { fail_rest "no previous output to keep"; exit 0; }

for sig in INT TERM; do
	case $sig in INT) want=130 ;; TERM) want=143 ;; esac
	begin "predict stopped by SIG$sig: exit $want, no lock, no temporaries, no matrix, previous output intact"
	interrupt "$sig" "path loss: *[1-9][0-9]*%" "$RFPLAN" predict "$T/p/ws" --model itm \
		--radius 20 -o "$T/p/out" --force
	expect_rc "$want"
	one_message predict "SIG$sig" "$T/p/out"
	[ -z "$(leftovers "$T/p")" ] || fail "left behind: $(leftovers "$T/p")"
	# the listing covers the lock (PARENT/.out.lock), the temporary
	# directories beside out/ and ws/pathloss/ (no matrix added)
	same_as "$T/p.txt" "$T/p"
	end
done

begin "predict --wait stopped by SIGINT while waiting for the lock: exit 130, the holder's lock kept"
if ! command -v flock >/dev/null 2>&1; then
	fail "flock (util-linux) not installed"
fi
rm -f "$T/go"
mkfifo "$T/go"
# another process holds the lock until a line arrives on the fifo
# shellcheck disable=SC2016 # $0 is expanded by the inner sh
flock -o "$T/p/.out.lock" sh -c 'read -r x <"$0"' "$T/go" &
holder=$!
n=0   # until the holder has the lock (a bounded loop, no time asserted)
while [ "$n" -lt 3000 ] && flock -n -E 75 "$T/p/.out.lock" true; do
	sleep 0.1
	n=$((n + 1))
done
interrupt INT "waiting for process" "$RFPLAN" predict "$T/p/ws" --model fspl --radius 1 \
	--wait -o "$T/p/out" --force
expect_rc 130
one_message predict SIGINT "$T/p/out"
# the holder still has it: a try to take it fails
flock -n -E 75 "$T/p/.out.lock" true
[ "$?" = 75 ] || fail "the holder's lock was taken or removed"
echo go >"$T/go"
wait "$holder"
rm -f "$T/p/.out.lock"   # the holder (flock(1)) does not remove it, rfplan's runs do
same_as "$T/p.txt" "$T/p"
end

begin "import stopped by SIGINT while warping: exit 130, previous workspace intact"
cp -R "$T/p/ws" "$T/i/ws"
snapshot "$T/i" >"$T/i.txt"
interrupt INT "warping DEM: *[1-9][0-9]*%" "$RFPLAN" import --dem "$S/dem_mga48.tif" \
	--clutter "$S/clutter_mga48.tif" --clutter-classes "$S/clutter_classes.csv" \
	--sites "$S/sites_acma.csv" --res 3m -o "$T/i/ws" --force
expect_rc 130
one_message import SIGINT "$T/i/ws"
[ -z "$(leftovers "$T/i")" ] || fail "left behind: $(leftovers "$T/i")"
same_as "$T/i.txt" "$T/i"
end

begin "import stopped by SIGHUP: exit 129, nothing written"
interrupt HUP "warping DEM: *[1-9][0-9]*%" "$RFPLAN" import --dem "$S/dem_mga48.tif" \
	--res 3m -o "$T/i/new"
expect_rc 129
one_message import SIGHUP "$T/i/new"
nothing_written "$T/i/new"
[ -z "$(leftovers "$T/i")" ] || fail "left behind: $(leftovers "$T/i")"
end

begin "batch stopped by SIGINT in a region's predict: exit 130, its previous prediction intact"
# a quick plan first, then the same region with a long prediction
plan_json() {
	printf '{"regions": [{"name": "r1", "dem": "%s", "sites": "%s", "res": "30m",
	  "predict": {"model": "%s", "radius_km": %s}}]}\n' \
		"$S/dem_mga48.tif" "$S/sites_acma.csv" "$1" "$2" >"$T/b/plan.json"
}
plan_json fspl 3
run "$RFPLAN" batch "$T/b/plan.json" --allow-outside -o "$T/b/out" -q
expect_rc 0
snapshot "$T/b/out/r1/predict" >"$T/b.txt"
plan_json itm 20
interrupt INT "path loss: *[1-9][0-9]*%" "$RFPLAN" batch "$T/b/plan.json" --allow-outside \
	-o "$T/b/out" -v
expect_rc 130
[ "$(grep -c interrupted "$T/err")" = 1 ] || fail "want one 'interrupted' line: $(grep interrupted "$T/err")"
expect_err "^rfplan batch: interrupted (SIGINT): nothing written for the regions not done"
[ -z "$(leftovers "$T/b")" ] || fail "left behind: $(leftovers "$T/b")"
same_as "$T/b.txt" "$T/b/out/r1/predict"
# the reports say the region did not complete
grep -q '"failed"' "$T/b/out/summary.json" || fail "summary.json: $(head -c 300 "$T/b/out/summary.json")"
end
