#!/bin/sh
# The real Cork LTE drive tests (../shared/data/drivetest/cork_lte_driving,
# doc/calibration.md "On real data") through compare and calibrate, as a
# planner checking someone else's network: the cells' positions, heights,
# powers, azimuths and tilts are unknown.
#
# Set-up, all here with awk: LTE/5G-NSA rows with an RSRP in [-140, -44]
# dBm become lat,lon,rsrp_dbm,site_id = NODEHEX (the eNB), cell_id = CellID,
# time = Timestamp (UTC, "2019.12.14_10.16.30");
# each eNB's position is the mean of its 5 strongest samples (an estimate,
# as OpenCelliD's); every cell omni, 25 m, 1800 MHz, rfplan's default power.
# No DEM of Cork is in the shared data: a flat one (30 m) over the area, so
# the terrain terms vanish and only distance and the cells' unknowns remain.
#
# What is checked are properties that hold whatever the truth: every kept
# row is compared with its own cell (awk counts them); the std after one
# offset per cell (compare.json) is below the overall std; calibrate's
# per-cell offsets bring the k-fold held-out RMSE below that of the fit
# without them (unknown EIRPs are most of the error here: 8.6 -> 7.0 dB
# when this was written), and the calibrated file used by predict and
# compare gives a mean error within 1 dB.
. "$(dirname "$0")/lib.sh"
plan 4

CORK="$DATA/drivetest/cork_lte_driving"
if ! have_data || [ ! -d "$CORK" ]; then
	skip_data_rest "real data (drivetest/cork_lte_driving) not found"
	exit 0
fi
if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi

json_num() {
	awk -v k="\"$2\":" -v a="${3:-}" '
		a != "" && index($0, a) { on = 1 }
		(a == "" || on) && index($0, k) { v = $0; sub(/.*": */, "", v); sub(/,.*/, "", v); print v; exit }' "$1"
}

cork_setup() {
	awk -F, 'BEGIN { print "lat,lon,rsrp_dbm,site_id,cell_id,time" }
		FNR > 1 && ($7 == "LTE" || $7 == "5G") && $8 ~ /^-?[0-9]+$/ && $8 >= -140 && $8 <= -44 &&
		$2 != "-" && $3 != "-" { print $3 "," $2 "," $8 "," $22 "," $6 "," $1 }' "$CORK"/*.csv >"$T/meas.csv"
	tail -n +2 "$T/meas.csv" | sort -t, -k4,4 -k3,3nr | awk -F, '
		{ if ($4 != s) { s = $4; k = 0 } if (k < 5) { la[s] += $1; lo[s] += $2; n[s]++; k++ } }
		END { print "site_id,latitude,longitude,name"
		      for (s in n) printf "%s,%.6f,%.6f,%s\n", s, la[s] / n[s], lo[s] / n[s], s }' >"$T/sites.csv"
	{ echo "site_id,cell_id,height_agl_m,frequency_mhz"
	  tail -n +2 "$T/meas.csv" | awk -F, '{ c[$4 "," $5]++ } END { for (k in c) print k ",25,1800" }' | sort
	} >"$T/cells.csv"
	gdal_create -of GTiff -ot Float32 -outsize 230 170 -a_srs EPSG:4326 \
		-a_ullr -8.56 52.00 -8.33 51.83 -burn 30 "$T/flat.tif" >"$T/err" 2>&1 || return 1
	"$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --cells "$T/cells.csv" \
		-o "$T/ws" -q 2>"$T/err" || return 1
	"$RFPLAN" predict "$T/ws" --model spm --radius 3 -o "$T/pred" -q 2>"$T/err"
}
if ! cork_setup; then
	fail_rest "set-up failed: $(head -c 300 "$T/err")"
	exit 0
fi

begin "compare on Cork: every kept row with its own cell; std after one offset per cell below the overall"
run "$RFPLAN" compare "$T/ws" "$T/pred" --measurements "$T/meas.csv" -o "$T/cmp"
expect_rc 0
# every row is read, and each is compared or excluded under a reason
rows=$(($(wc -l <"$T/meas.csv") - 1))
python3 -c 'import json, sys
c = json.load(open(sys.argv[1])); rows = int(sys.argv[2])
assert c["rows_read"] == rows, "read %d of %d rows" % (c["rows_read"], rows)
assert c["measurements_kept"] + sum(c["excluded"].values()) == rows, (c["measurements_kept"], c["excluded"])
assert c["matched"]["own_cell"] == c["measurements_kept"] > rows // 2, c["matched"]
assert c["matched"]["id_not_in_cells"] == 0' "$T/cmp/compare.json" "$rows" 2>"$T/py" || fail "$(tail -1 "$T/py")"
s_all=$(json_num "$T/cmp/compare.json" std_db '"overall"')
s_off=$(json_num "$T/cmp/compare.json" std_db '"overall_offset_removed"')
awk -v a="$s_all" -v o="$s_off" 'BEGIN { exit !(o < a - 1) }' \
	|| fail "std after one offset per cell $s_off, overall $s_all"
end

begin "calibrate on Cork: per-cell offsets lower the held-out RMSE"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/cal0.json" --radius 3 -q
expect_rc 0
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/cal1.json" --radius 3 --per-cell-offset
expect_rc 0
h0=$(json_num "$T/cal0.json" rmse_db '"heldout"')
h1=$(json_num "$T/cal1.json" rmse_db '"heldout"')
awk -v a="$h0" -v b="$h1" 'BEGIN { exit !(b < a - 1) }' || fail "held-out RMSE $h1 with offsets, $h0 without"
n=$(grep -c '"offset_db"' "$T/cal1.json")
[ "$n" = $(($(wc -l <"$T/cells.csv") - 1)) ] || fail "$n offsets for $(($(wc -l <"$T/cells.csv") - 1)) cells"
end

begin "Cork: the calibrated file with its offsets in predict and compare: mean error within 1 dB"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/cal1.json" --radius 3 -o "$T/pcal" -q
expect_rc 0
run "$RFPLAN" compare "$T/ws" "$T/pcal" --measurements "$T/meas.csv" -o "$T/cmp1" -q
expect_rc 0
near "$(json_num "$T/cmp1/compare.json" mean_error_db '"overall"')" 0 1 "mean error"
s1=$(json_num "$T/cmp1/compare.json" std_db '"overall"')
awk -v a="$s_all" -v b="$s1" 'BEGIN { exit !(b < a - 1) }' || fail "std $s1 after calibration, $s_all before"
end

begin "Cork: --folds-by day and --folds-by-time, each group's held-out figures"
# the UTC days of the compared points' times: awk's from the Timestamps
# ("2019.12.14_..." -> 2019-12-14) of the rows calibrate keeps (its counts
# per day must add up to the points)
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/cald.json" --radius 3 \
	--per-cell-offset --folds-by day
expect_rc 0
expect_out "after, held out, one day out"
awk -F, 'NR > 1 { d = substr($6, 1, 10); gsub(/\./, "-", d); print d }' "$T/meas.csv" | sort -u >"$T/days"
python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))["calibration"]
g = c["heldout_by_group"]
days = [e["name"] for e in g]
assert c["folds_by"] == "day" and days == sorted(days), days
assert set(days) <= set(open(sys.argv[2]).read().split()) and len(days) >= 5, days
assert sum(e["count"] for e in g) == c["points"], (sum(e["count"] for e in g), c["points"])' \
	"$T/cald.json" "$T/days" 2>"$T/py" || fail "$(tail -1 "$T/py")"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/calt.json" --radius 3 \
	--per-cell-offset --folds-by-time 10min -q
expect_rc 0
python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))["calibration"]
g = c["heldout_by_group"]
assert c["folds_by"] == "time" and c["fold_block_s"] == 600 and len(g) > 20, len(g)
assert all(e["name"][14:16] in ("00", "10", "20", "30", "40", "50") and e["name"][17:] == "00Z" for e in g), g[0]
assert sum(e["count"] for e in g) == c["points"]' "$T/calt.json" 2>"$T/py" || fail "$(tail -1 "$T/py")"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/calx.json" --folds-by-time 5mins
expect_rc 2
expect_err "option --folds-by-time: '5mins' is not a duration"
end
