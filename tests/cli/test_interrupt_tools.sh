#!/bin/sh
# SIGINT and SIGTERM stop compare, calibrate, merge, neighbours and pci
# cleanly in the middle of their work (doc/errors.md, "Interrupted runs"):
# exit status 130 / 143, one message "interrupted (SIG...): nothing written
# to OUT", no temporary and no lock beside the output, the previous output
# at the same path byte for byte as it was, and nothing else changed (a
# listing of every name below the test's data directory, inputs and
# workspaces included, with the SHA-256 of every file, before and after).
#
# On the bundled sample these commands finish in well under a second, so
# each case makes its run long, deterministically, from inputs the script
# generates into its temporary directory:
# - compare and calibrate: a drive test of 400000 points on a lattice over
#   the island (awk), each evaluated against every cell in reach (ITM, SPM);
#   the signal goes after a progress line "points: N%" above 0 %.
# - merge: the tiles of predict --tile K/2 on the island imported at 7 m
#   (2285 x 1970 pixels; 12 GeoTIFF maps, PNGs and a KMZ to write); the
#   signal goes once the first map is complete in merge's temporary
#   directory (PARENT/.OUT.tmp-PID-*), while it writes the others.
# - neighbours and pci: a prediction with ITM over 8 km, whose path loss
#   they recompute (no matrix stored: predict --no-cache); the signal goes
#   after a progress line "path loss: N%" above 0 %.
# The previous outputs come from quick runs on small inputs into the same
# paths.  A run that finishes before the signal reaches it is run again on
# a larger input (compare, calibrate: 4 x the points; merge: 5 m; neighbours,
# pci: 12 km); one that finishes then too fails the case.
# Neighbours, pci and merge are also stopped with -o below directories that
# do not exist yet (new/a/b/; keep/old/x/y/ below an existing keep/old/;
# newm/a/): the directories the run made are removed again, an existing one
# stays.  After the signal, neighbours and pci print their one message and
# no summary ("RSRP: N of M cells ...", the result line).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/interrupt_lib.sh"
plan 8
need_rfplan
S="$ROOT/samples/island"
D="$T/d"   # every input and output: snapshot "$D" covers all of them

if ! env --default-signal=INT true 2>/dev/null; then
	skip_tool_rest "env --default-signal (coreutils >= 8.31)"
	exit 0
fi

# points N: a measurement CSV of N points on a lattice over the island
# (its 30 m workspace's bounds, 105.548..105.713 E, 10.430..10.575 S),
# RSRP -60..-109 dBm; no cell named (each point's best server).
points() {
	awk -v n="$1" 'BEGIN {
		w = int(sqrt(n)); h = int((n + w - 1) / w)
		print "lat,lon,rsrp_dbm"
		for (i = 0; i < n; i++) {
			r = int(i / w); c = i % w
			printf "%.6f,%.6f,%.1f\n", -10.4326 - 0.1391 * (r + 0.5) / h,
				105.5512 + 0.1590 * (c + 0.5) / w, -60 - (r + c) % 50
		}
	}'
}
# stopped WANT CMD SIG DEST BEFORE: the last interrupt stopped CMD cleanly:
# exit WANT, one message naming SIG and DEST, no temporary or lock anywhere
# in $D, and $D as the snapshot in BEFORE (every name: a directory made
# for DEST and left behind is a difference).
stopped() {
	expect_rc "$1"
	one_message "$2" "$3" "$4"
	[ -z "$(leftovers "$D")" ] || fail "left behind: $(leftovers "$D")"
	same_as "$5" "$D"
}
# no_summary CMD: after the signal CMD printed its one message and nothing
# that reads as a result: stdout empty, and on stderr the only line after
# the last progress line "path loss: N%" (the signal went after one) is
# "rfplan CMD: interrupted (...".
no_summary() {
	[ ! -s "$T/out" ] || fail "stdout after the signal: $(head -c 300 "$T/out")"
	_after=$(awk '/path loss: *[0-9]+%/ { n = 0; next } { line[++n] = $0 }
		END { for (i = 1; i <= n; i++) print line[i] }' "$T/err")
	case $_after in
	"rfplan $1: interrupted ("*) ;;
	*) fail "stderr after the signal is not the one message: $(printf '%s' "$_after" | head -c 300)" ;;
	esac
	[ "$(printf '%s\n' "$_after" | wc -l)" = 1 ] ||
		fail "more than the one message after the signal: $(printf '%s' "$_after" | head -c 300)"
}
# retried WHAT: the last run finished before the signal; says so (the case
# is run again on a larger input).
retried() {
	echo "  ($_case: $1 finished before the signal (exit $rc): again with a larger input)" >&2
}
# ended_first WHAT: the run on the largest input finished before the signal
# too: the case fails (never a silent skip).
ended_first() {
	fail "$1 finished before the signal (exit $rc): $(tail -c 300 "$T/err")"
}

mkdir -p "$D/c" "$D/k" "$D/m" "$D/n"
setup "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" --res 30m -o "$D/ws" -q
points 3000 >"$D/small.csv"

begin "compare stopped by SIGINT while evaluating points: exit 130, one message, no lock or temporary, previous output and inputs intact"
if ! "$RFPLAN" compare "$D/ws" --no-maps --model itm --radius 20 -m "$D/small.csv" \
	-o "$D/c/out" -q >/dev/null 2>"$T/err"; then
	fail "the previous compare failed: $(head -c 300 "$T/err")"
else
	for n in 400000 1600000; do
		points "$n" >"$D/big.csv"
		snapshot "$D" >"$T/before.txt"
		interrupt INT "points: *[1-9][0-9]*%" "$RFPLAN" compare "$D/ws" --no-maps --model itm \
			--radius 20 -m "$D/big.csv" -o "$D/c/out" --force -v
		finished_early || break
		retried "compare of $n points"
	done
	if finished_early; then
		ended_first "compare of $n points"
	else
		stopped 130 compare SIGINT "$D/c/out" "$T/before.txt"
	fi
fi
rm -f "$D/big.csv"
end

begin "calibrate stopped by SIGTERM while evaluating points: exit 143, one message, no temporary, previous model file and class table intact"
if ! "$RFPLAN" calibrate "$D/ws" -m "$D/small.csv" --classes -o "$D/k/model.json" -q \
	>/dev/null 2>"$T/err" || [ ! -f "$D/k/model_classes.csv" ]; then
	fail "the previous calibrate failed: $(head -c 300 "$T/err")"
else
	for n in 400000 1600000; do
		points "$n" >"$D/big.csv"
		snapshot "$D" >"$T/before.txt"
		interrupt TERM "points: *[1-9][0-9]*%" "$RFPLAN" calibrate "$D/ws" -m "$D/big.csv" \
			--classes -o "$D/k/model.json" -v
		finished_early || break
		retried "calibrate of $n points"
	done
	if finished_early; then
		ended_first "calibrate of $n points"
	else
		stopped 143 calibrate SIGTERM "$D/k/model.json" "$T/before.txt"
	fi
fi
rm -f "$D/big.csv"
end

# tiles WS DIR: predict --tile 1/2 and 2/2 of WS into DIR/tile1, DIR/tile2.
tiles() {
	for k in 1 2; do
		"$RFPLAN" predict "$1" --model fspl --radius 3 --tile "$k/2" -o "$2/tile$k" -q \
			2>"$T/err" || return 1
	done
}
# map_written: a map is complete in the temporary directory of merge into
# $merge_out (the maps are written as parallel jobs; at a signal those not
# started are skipped).
merge_out="$D/m/out"
map_written() {
	for f in "$(dirname "$merge_out")/.$(basename "$merge_out")".tmp-*/*.tif; do
		[ -e "$f" ] && return 0
	done
	return 1
}
begin "merge stopped by SIGINT while writing the maps: exit 130, one message, no lock or temporary, previous output and tiles intact"
# the previous output: a merge of the 30 m workspace's tiles
if ! tiles "$D/ws" "$D/t30" || ! "$RFPLAN" merge "$D/t30" -o "$D/m/out" -q 2>"$T/err"; then
	fail "the previous merge failed: $(head -c 300 "$T/err")"
else
	made=1
	for res in 7 5; do
		rm -rf "$D/ws$res" "$D/t$res"
		if ! "$RFPLAN" import --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" \
			--cells "$S/cells.csv" --res "${res}m" -o "$D/ws$res" -q 2>"$T/err" ||
			! tiles "$D/ws$res" "$D/t$res"; then
			fail "the tiles at $res m failed: $(head -c 300 "$T/err")"
			made=0
			break
		fi
		snapshot "$D" >"$T/before.txt"
		interrupt INT fn:map_written "$RFPLAN" merge "$D/t$res" -o "$D/m/out" --force -v
		finished_early || break
		retried "merge at $res m"
	done
	if [ "$made" = 1 ]; then
		if finished_early; then
			ended_first "merge at $res m"
		else
			stopped 130 merge SIGINT "$D/m/out" "$T/before.txt"
		fi
	fi
fi
end

# The output directory of predict, compare, merge and optimize (rf_outdir):
# its missing parents hold the lock and the temporary directory while it
# runs, and are removed with them.
begin "merge stopped by SIGINT with -o below directories that do not exist: exit 130, one message, the directories made for it removed"
if [ "${made:-0}" != 1 ]; then
	fail "no tiles from the case above"
else
	merge_out="$D/newm/a/out"
	snapshot "$D" >"$T/before.txt"
	interrupt INT fn:map_written "$RFPLAN" merge "$D/t$res" -o "$merge_out" -v
	if finished_early; then
		ended_first "merge at $res m into $merge_out"
	else
		stopped 130 merge SIGINT "$merge_out" "$T/before.txt"
		[ ! -e "$D/newm" ] || fail "left behind: $(find "$D/newm" | head -n 5)"
	fi
fi
end

# Neighbours and pci: the previous outputs from a quick prediction (FSPL,
# 3 km), the interrupted runs on a long one (ITM) into the same files.
if ! "$RFPLAN" predict "$D/ws" --model fspl --radius 3 -o "$D/p0" -q 2>"$T/err" ||
	! "$RFPLAN" neighbours "$D/p0" -o "$D/n/neighbours.csv" -q 2>>"$T/err" ||
	! "$RFPLAN" pci "$D/p0" -o "$D/n/pci.csv" -q 2>>"$T/err" ||
	! [ -f "$D/n/neighbours.gpkg" ]; then
	fail_rest "the previous neighbours and pci failed: $(head -c 300 "$T/err")"
	exit 0
fi
# long_prediction KM: the ITM prediction over KM in $D/p (no matrix stored:
# neighbours and pci compute every cell's path loss again); $pred_km = KM.
pred_km=0
long_prediction() {
	rm -rf "$D/p"
	pred_km=0
	"$RFPLAN" predict "$D/ws" --model itm --radius "$1" --no-cache -o "$D/p" -q 2>"$T/err" ||
		{ fail "the ITM prediction over $1 km failed: $(head -c 300 "$T/err")"; return 1; }
	pred_km=$1
}
# planning CMD SIG WANT FILE: CMD on $D/p stopped by SIG while it computes
# the path loss, printing no summary; retried once on a longer prediction.
planning() {
	for km in 8 12; do
		if [ "$pred_km" -lt "$km" ]; then
			long_prediction "$km" || return 0
		fi
		snapshot "$D" >"$T/before.txt"
		interrupt "$2" "path loss: *[1-9][0-9]*%" "$RFPLAN" "$1" "$D/p" -o "$4" -v
		finished_early || break
		retried "$1 on the prediction over $km km"
	done
	if finished_early; then
		ended_first "$1 on the prediction over $km km"
	else
		stopped "$3" "$1" "SIG$2" "$4" "$T/before.txt"
		no_summary "$1"
	fi
}

begin "neighbours stopped by SIGTERM while computing the path loss: exit 143, one message and no summary, no temporary, previous CSV and GeoPackage intact"
planning neighbours TERM 143 "$D/n/neighbours.csv"
end

begin "pci stopped by SIGINT while computing the path loss: exit 130, one message and no summary, no temporary, previous plan intact"
planning pci INT 130 "$D/n/pci.csv"
end

begin "neighbours stopped by SIGINT with -o below directories that do not exist: exit 130, the directories it made removed, no summary"
planning neighbours INT 130 "$D/new/a/b/neighbours.csv"
[ ! -e "$D/new" ] || fail "left behind: $(find "$D/new" | head -n 5)"
end

begin "pci stopped by SIGTERM with -o below an existing directory: exit 143, the directories it made removed, the existing one kept, no summary"
mkdir -p "$D/keep/old"
planning pci TERM 143 "$D/keep/old/x/y/pci.csv"
[ -d "$D/keep/old" ] || fail "the existing directory $D/keep/old was removed"
[ ! -e "$D/keep/old/x" ] || fail "left behind: $(find "$D/keep/old/x" | head -n 5)"
end
