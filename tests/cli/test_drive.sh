#!/bin/sh
# Synthetic drive tests (issue 22): held-out validation by route
# (calibrate --folds-by column=NAME, with --offset-by column=NAME on another
# column) and compare without a prediction directory (compare --no-maps with
# predict's own options).  doc/calibration.md.
#
# Terrain and truth as tests/cli/test_calibrate_offsets.sh: a flat DEM (50 m),
# receiver 10 m, no obstruction, so the SPM path loss is
#   PL = K1 + K2 log10 d + K3 log10 h + K5 log10 d log10 h   (d, h in m)
# with K1 = 30, K2 = 38, K3 = 5.83, K5 = -6.55, d the local ellipsoidal
# distance (WGS84 radii of curvature at the mid-latitude).  Generated here,
# independently of rfplan, with a fixed-seed Park-Miller LCG and Box-Muller:
# 500 rounds over the 6 cells, round i on route R(i mod 4 + 1), so every
# route holds 125 points of every cell; sigma = 5 dB shadowing.
#   rsrp_dbm = 40 - PL + b(route) + sigma z      (sigma z: column shadow_db)
#   rsrp_op  = rsrp_dbm + o(operator)
# Route biases b: R1 +4, R2 -2, R3 +1, R4 -3 dB (sum 0).  Operators "A"
# (+3 dB: cells 101/1, 104/1, 105/1) and "B" (-3 dB: 102/1, 103/1, 105/2),
# mixing low and high antennas so that no height term can stand for them.
#
# Held out by route: a least-squares fit with a free K1 on the three other
# routes leaves their residuals a zero mean, so K1 takes their mean bias and
# shadowing, (S - b_r - n_r) / 3 with n_r route r's mean shadowing, S the sum
# of the four routes' n (the biases sum to 0; every route holds the same
# cells, so the slopes K2..K5 carry no route bias), and route r is predicted
# with error = predicted - measured = -4/3 (b_r + n_r) + S / 3.  The test
# computes it from shadow_db: with b alone, -5.333, +2.667, -1.333, +4.000
# dB; n_r moves it by 0.2 dB (sigma / sqrt(750) x 4/3) at most a few times.
# Tolerance 0.15 dB: what the slopes fitted on 2250 points can move the mean
# of 750 others.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/drive_lib.sh"
plan 6

SIGMA=5
if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi

setup_drive() {
	drive_setup "101 1 51.9405 -8.5605 15 A 3" "102 1 51.9105 -8.4805 25 B -3" \
		"103 1 51.8905 -8.5505 40 B -3" "104 1 51.9605 -8.4905 60 A 3" \
		"105 1 51.9205 -8.5205 90 A 3" "105 2 51.9205 -8.5205 90 B -3" || return 1
	# shellcheck disable=SC2016 # an awk program (drive_lib.sh)
	drive_generate '
		BEGIN { seed = 31415
			b[1] = 4; b[2] = -2; b[3] = 1; b[4] = -3
			print "lat,lon,rsrp_dbm,rsrp_op,site_id,cell_id,route,operator,shadow_db" }
		{ op[NR] = $6; off[NR] = $7 }
		function emit(i, k, pl, z,   r, v) {
			r = i % 4 + 1; v = 40 - pl + b[r] + sigma * z
			printf "%.7f,%.7f,%.3f,%.3f,%s,%s,R%d,%s,%.6f\n", plat, plon, v, v + off[k], s[k], c[k], r, op[k], sigma * z
		}
		END { drive_rounds() }'
}

if ! setup_drive; then
	fail_rest "set-up failed: $(head -c 300 "$T/err")"
	exit 0
fi
CAL="--rx-height 10 --radius 3.5"

# check_routes FILE: the held-out figures per route are -4/3 (b + n) + S/3
# (header), from the measurements' own shadow_db
check_routes() {
	python3 -c 'import csv, json, sys
c = json.load(open(sys.argv[1]))["calibration"]
b = {"R1": 4, "R2": -2, "R3": 1, "R4": -3}
z = {k: [] for k in b}
for row in csv.DictReader(open(sys.argv[2])):
    z[row["route"]].append(float(row["shadow_db"]))
n = {k: sum(v) / len(v) for k, v in z.items()}
want = {k: -4 / 3 * (b[k] + n[k]) + sum(n.values()) / 3 for k in b}
g = c["heldout_by_group"]
assert c["folds_by"] == "column" and c["fold_column"] == "route", (c["folds_by"], c.get("fold_column"))
assert [e["name"] for e in g] == ["R1", "R2", "R3", "R4"], [e["name"] for e in g]
for e in g:
    assert e["count"] == 750, (e["name"], e["count"])
    assert abs(e["mean_error_db"] - want[e["name"]]) < 0.15, (e["name"], e["mean_error_db"], want[e["name"]])' "$1" "$T/meas.csv"
}

begin "calibrate --folds-by column=route: each route held out, its mean error -4/3 of its bias"
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/cal.json" $CAL \
	--folds-by column=route
expect_rc 0
expect_out "after, held out, one route out"
expect_out "held out: R3"
check_routes "$T/cal.json" 2>"$T/py" || fail "$(tail -1 "$T/py")"
end

begin "calibrate --offset-by column=operator with --folds-by column=route: both columns, both results"
# the operators' offsets (+3 / -3 dB, 1500 points each: 3 x 5 / sqrt(1500)
# = 0.39 dB sampling) and the routes' held-out means as above (the offsets
# are fitted in every fold, the route bias is not; the operators hold the
# same share of every route)
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" --columns rsrp_dbm=rsrp_op \
	-o "$T/calop.json" $CAL --per-cell-offset --offset-by column=operator --folds-by column=route
expect_rc 0
expect_out "offsets: 2 column values"
check_routes "$T/calop.json" 2>"$T/py" || fail "$(tail -1 "$T/py")"
python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))
g = {e["value"]: e["offset_db"] for e in c["calibration"]["offset_groups"]}
assert sorted(g) == ["A", "B"], g
assert abs(g["A"] - 3) < 0.6 and abs(g["B"] + 3) < 0.6, g
ops = {"101/1": "A", "102/1": "B", "103/1": "B", "104/1": "A", "105/1": "A", "105/2": "B"}
assert all(e["group"] == ops[e["site_id"] + "/" + e["cell_id"]] for e in c["cell_offsets"]), c["cell_offsets"]' \
	"$T/calop.json" 2>"$T/py" || fail "$(tail -1 "$T/py")"
end

begin "calibrate --folds-by column=: an unknown column names it, the file and the closest header; a row without a value names its line"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/u.json" --folds-by column=rout
expect_rc 1
expect_err "meas.csv:1: no column 'rout' (--folds-by column=rout; did you mean 'route'?)"
expect_no_file "$T/u.json"
{ cat "$T/meas.csv"; echo "51.9305,-8.5505,-90,-90,105,1,,B"; } >"$T/hole.csv"
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/hole.csv" -o "$T/u.json" $CAL --folds-by column=route
expect_rc 1
expect_err "hole.csv:3002 has no value in column 'route'"
expect_no_file "$T/u.json"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/u.json" --folds-by column=
expect_rc 2
expect_err "option --folds-by: 'column=' is none of file, cell, site, day, column=NAME"
end

# A point 6.6 km from the nearest site (beyond --radius 3.5 of every cell)
# and the measurements without ids (best server) beside those with ids.
{ cat "$T/meas.csv"; echo "51.9995,-8.6195,-100,-100,101,1,R1,A"; } >"$T/far.csv"
cut -d, -f1-3 "$T/far.csv" >"$T/noid.csv"

begin "compare --no-maps with predict's options equals compare --no-maps of that prediction"
# the same request reached two ways: predict --model itm --radius 3.5
# writes it to run.json; compare reads the same words with predict's parser
run "$RFPLAN" predict "$T/ws" --model itm --radius 3.5 --rx-height 10 -o "$T/pitm" -q --products maps
expect_rc 0
for f in far noid; do
	run "$RFPLAN" compare "$T/ws" "$T/pitm" --measurements "$T/$f.csv" --no-maps -o "$T/cd_$f" -q
	expect_rc 0
	run "$RFPLAN" compare "$T/ws" --measurements "$T/$f.csv" --no-maps --model itm --radius 3.5 \
		--rx-height 10 -o "$T/co_$f"
	expect_rc 0
	expect_err "1 measurements excluded: outside the workspace or every cell's radius (first: .*$f.csv:3002)"
	cmp -s "$T/cd_$f/compare.json" "$T/co_$f/compare.json" ||
		fail "$f: compare.json differs: $(diff "$T/cd_$f/compare.json" "$T/co_$f/compare.json" | head -4)"
	cmp -s "$T/cd_$f/scatter.png" "$T/co_$f/scatter.png" || fail "$f: scatter.png differs"
	python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))
assert c["excluded"]["outside_predicted_area"] == 1, c["excluded"]
assert sys.argv[2] != "far" or c["points"] == 3000, c["points"]' "$T/co_$f/compare.json" "$f" 2>"$T/py" || fail "$(tail -1 "$T/py")"
done
end

begin "compare --no-maps with predict's options: another request gives other figures"
# the invariant above is not vacuous: --radius and --model reach compare
run "$RFPLAN" compare "$T/ws" --measurements "$T/far.csv" --no-maps --model spm --radius 3.5 \
	--rx-height 10 -o "$T/co_spm" -q
expect_rc 0
run "$RFPLAN" compare "$T/ws" --measurements "$T/far.csv" --no-maps --model itm --radius 2 \
	--rx-height 10 -o "$T/co_r2" -q
expect_rc 0
python3 -c 'import json, sys
a, b, r2 = (json.load(open(p)) for p in sys.argv[1:4])
assert a["overall"]["mean_error_db"] != b["overall"]["mean_error_db"], "spm equals itm"
assert r2["excluded"]["outside_predicted_area"] + r2["excluded"]["no_predicted_value"] > 1, r2["excluded"]' \
	"$T/co_far/compare.json" "$T/co_spm/compare.json" "$T/co_r2/compare.json" 2>"$T/py" ||
	fail "$(tail -1 "$T/py")"
end

begin "compare: predict's options need --no-maps without PREDICT_DIR, and are refused with one"
run "$RFPLAN" compare "$T/ws" "$T/pitm" --measurements "$T/far.csv" --no-maps --radius 3 -o "$T/x1"
expect_rc 2
expect_err "option --radius: not with PREDICT_DIR (the request is its run.json)"
run "$RFPLAN" compare "$T/ws" --measurements "$T/far.csv" --model itm -o "$T/x2"
expect_rc 2
expect_err "missing WORKDIR or PREDICT_DIR (without PREDICT_DIR: --no-maps"
run "$RFPLAN" compare "$T/ws" --measurements "$T/far.csv" --no-maps --freq-mhz 900 -o "$T/x3"
expect_rc 2
expect_err "option --freq-mhz: the frequency is per cell"
run "$RFPLAN" compare "$T/ws" --measurements "$T/far.csv" --no-maps --radius 3 --main-radius 1 \
	--ext-res 200 -o "$T/x4"
expect_rc 2
expect_err "options --main-radius and --ext-res: compare evaluates each point"
for d in x1 x2 x3 x4; do expect_no_file "$T/$d"; done
end
