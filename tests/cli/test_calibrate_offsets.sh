#!/bin/sh
# rfplan calibrate --per-cell-offset and predict --spm-file's cell offsets
# with known truth (doc/calibration.md).
#
# Terrain: a flat synthetic DEM (gdal_create, 50 m everywhere), so every SPM
# term is computable by hand: the effective height is the antenna height
# above ground (hata.c: ground at the site + height - mean ground), no path
# is obstructed (receiver 10 m: the first Fresnel zone clears the earth's
# bulge on every path within 3 km, so the diffraction term is 0) and d is the
# geodesic distance from the site to the map pixel's centre.  The
# measurements are generated here, independently of rfplan: at pixel centres
# sampled by a fixed-seed Park-Miller LCG (x = 16807 x mod 2^31 - 1, exact in
# doubles), RSRP = 40 dBm - PL + offset + sigma z, z ~ N(0, 1) by Box-Muller,
#   PL = K1 + K2 log10 d + K3 log10 h + K5 log10 d log10 h   (d, h in m)
# with K1 = 30, K2 = 38, K3 = 5.83, K5 = -6.55 (K4, K6, K7 play no part:
# no diffraction, one receiver height), d from the local ellipsoidal
# distance sqrt((M dlat)^2 + (N cos(lat) dlon)^2) with WGS84's radii of
# curvature M, N at the mid-latitude (within 1e-6 of the geodesic at a few
# km, 3e-5 dB of PL).  Known offsets per cell summing to 0 (K1 carries their
# mean: calibrate.h): 101/1 +5, 102/1 -4, 103/1 +3, 104/1 -6, 105/1 +4,
# 105/2 -2 dB.  sigma = 6 dB.
#
# Tolerances: each fitted offset within 3 x sigma / sqrt(points of the
# cell) of the truth (the sampling error of a cell's mean residual) and
# within 3 of its reported standard error; a fitted K within 2 of its
# standard error, a fixed one at its start (the truth here); the held-out
# std within 0.5 dB of sigma (its sampling error is 6 / sqrt(2 x 3000) =
# 0.08 dB); without offsets it cannot drop below sqrt(6^2 + 17.7) = 7.3 dB
# (the offsets' mean square is (25 + 16 + 9 + 36 + 16 + 4) / 6 = 17.7).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/drive_lib.sh"
plan 16

SIGMA=6
if ! command -v gdal_create >/dev/null 2>&1 || ! command -v gdallocationinfo >/dev/null 2>&1; then
	skip_tool_rest "gdal_create or gdallocationinfo not installed (gdal-bin)"
	exit 0
fi

# json_num FILE KEY [AFTER]: the first "KEY": number after the line that
# holds AFTER (the whole file without AFTER).
json_num() {
	awk -v k="\"$2\":" -v a="${3:-}" '
		a != "" && index($0, a) { on = 1 }
		(a == "" || on) && index($0, k) { v = $0; sub(/.*": */, "", v); sub(/,.*/, "", v); print v; exit }' "$1"
}

# offsets FILE: "site cell offset_db std_error_db points" per cell_offsets entry
offsets() {
	python3 -c 'import json, sys
for e in json.load(open(sys.argv[1])).get("cell_offsets", []):
    print(e["site_id"], e.get("cell_id", "-"), e["offset_db"], e["std_error_db"], e["points"])' "$1"
}

setup_offsets() {
	drive_setup "101 1 51.9405 -8.5605 15 5" "102 1 51.9105 -8.4805 25 -4" \
		"103 1 51.8905 -8.5505 40 3" "104 1 51.9605 -8.4905 60 -6" \
		"105 1 51.9205 -8.5205 90 4" "105 2 51.9205 -8.5205 90 -2" || return 1
	# 500 points per cell at pixel centres 200 m .. 3 km from the site,
	# interleaved over the cells (k-fold blocks then hold every cell)
	# shellcheck disable=SC2016 # an awk program (drive_lib.sh)
	drive_generate '
		BEGIN { seed = 2718; print "lat,lon,rsrp_dbm,site_id,cell_id" }
		{ off[NR] = $6 }
		function emit(i, k, pl, z) {
			printf "%.7f,%.7f,%.3f,%s,%s\n", plat, plon, 40 - pl + off[k] + sigma * z, s[k], c[k]
		}
		END { drive_rounds() }'
}

if ! setup_offsets; then
	fail_rest "set-up failed: $(head -c 300 "$T/err")"
	exit 0
fi
CAL="--rx-height 10 --radius 3.5"

begin "calibrate --per-cell-offset recovers known offsets and K's; held-out std = shadowing"
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/cal.json" $CAL --per-cell-offset
expect_rc 0
expect_out "offsets: 6 cells (6 with points)"
offsets "$T/cal.json" >"$T/off.txt"
[ "$(wc -l <"$T/off.txt")" = 6 ] || fail "$(wc -l <"$T/off.txt") offsets, want 6"
awk -v sigma="$SIGMA" 'NR == FNR { t[$1 "/" $2] = $6; next }
	{ e = $3 - t[$1 "/" $2]; if (e < 0) e = -e
	  if (!($1 "/" $2 in t) || e > 3 * sigma / sqrt($5) || e > 3 * $4)
		{ printf "%s/%s: %g, truth %g (se %g, %d points)\n", $1, $2, $3, t[$1 "/" $2], $4, $5; bad = 1 } }
	END { exit bad }' "$T/truth.txt" "$T/off.txt" >"$T/bad" || fail "$(cat "$T/bad")"
python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))
truth = {"k1": 30, "k2": 38, "k3": 5.83, "k5": -6.55}
cal = c["calibration"]
for k, t in truth.items():
    se = cal["std_error"].get(k)
    if k in cal["fitted"]:
        assert abs(c[k] - t) <= 2 * se, "%s %g truth %g se %g" % (k, c[k], t, se)
    else:
        assert c[k] == cal["start"][k] == t, "%s fixed at %g, truth %g" % (k, c[k], t)
assert "k1" in cal["fitted"] and "k2" in cal["fitted"], cal["fitted"]' "$T/cal.json" 2>"$T/py" \
	|| fail "$(tail -1 "$T/py")"
near "$(json_num "$T/cal.json" std_db '"heldout"')" "$SIGMA" 0.5 "held-out std"
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/cal0.json" $CAL -q
expect_rc 0
s0=$(json_num "$T/cal0.json" std_db '"heldout"')
awk -v s="$s0" 'BEGIN { exit !(s > 7.0) }' || fail "held-out std without offsets $s0, want > 7"
end

begin "predict --spm-file applies each cell's offset (K1 - offset); run.json records them; compare agrees"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/cal.json" --rx-height 10 --radius 3.5 \
	--per-cell -o "$T/pcal" -q
expect_rc 0
python3 -c 'import json, sys
c = json.load(open(sys.argv[1])); del c["cell_offsets"]; json.dump(c, open(sys.argv[2], "w"))' \
	"$T/cal.json" "$T/nooff.json"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/nooff.json" --rx-height 10 --radius 3.5 \
	--per-cell -o "$T/pnooff" -q
expect_rc 0
# a pixel 1.1 km east of each site: path loss lower by exactly the offset
while read -r s c o _; do
	lat=$(awk -F, -v s="$s" '$1 == s { print $2 }' "$T/sites.csv")
	lon=$(awk -F, -v s="$s" '$1 == s { print $3 + 0.016 }' "$T/sites.csv")
	a=$(gdallocationinfo -valonly -wgs84 "$T/pcal/pathloss_${s}_${c}.tif" "$lon" "$lat")
	b=$(gdallocationinfo -valonly -wgs84 "$T/pnooff/pathloss_${s}_${c}.tif" "$lon" "$lat")
	near "$(awk -v a="$a" -v b="$b" 'BEGIN { print b - a }')" "$o" 1e-3 "cell $s/$c: offset"
done <"$T/off.txt"
grep -q '"cell_offsets"' "$T/pcal/run.json" || fail "run.json does not record the offsets"
run "$RFPLAN" compare "$T/ws" "$T/pcal" --measurements "$T/meas.csv" -o "$T/cmp" -q
expect_rc 0
near "$(json_num "$T/cmp/compare.json" mean_error_db '"overall"')" 0 0.5 "mean error"
near "$(json_num "$T/cmp/compare.json" std_db '"overall"')" "$SIGMA" 0.5 "std"
end

begin "predict: cells without an offset in the SPM file are named in a warning"
python3 -c 'import json, sys
c = json.load(open(sys.argv[1])); c["cell_offsets"] = c["cell_offsets"][:4]; json.dump(c, open(sys.argv[2], "w"))' \
	"$T/cal.json" "$T/four.json"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/four.json" --rx-height 10 --radius 3.5 -o "$T/p4"
expect_rc 0
expect_err "SPM file: 2 of 6 cells have no calibrated offset (first 105/1): 0 dB for them"
end

begin "predict --spm-file: a malformed cell_offsets entry names the file, the entry and the key"
printf '%s\n' '{ "k1": 30, "k2": 38, "k3": 5.83, "k4": 1, "k5": -6.55, "k6": 0, "k7": 0,' \
	'"distance_unit": "m", "cell_offsets": [ { "site_id": "101", "ofset_db": 3 } ] }' >"$T/bad1.json"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/bad1.json" -o "$T/pbad1"
expect_rc 2
expect_err "bad1.json: cell_offsets\[0\]: key 'ofset_db' is not a key of a cell offset (did you mean 'offset_db'?)"
expect_no_file "$T/pbad1"
printf '%s\n' '{ "k1": 30, "k2": 38, "k3": 5.83, "k4": 1, "k5": -6.55, "k6": 0, "k7": 0,' \
	'"distance_unit": "m", "cell_offsets": [ { "site_id": "101", "offset_db": "3" } ] }' >"$T/bad2.json"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/bad2.json" -o "$T/pbad2"
expect_rc 2
expect_err "bad2.json: cell_offsets\[0\]: 'offset_db' is missing or not a number"
end

begin "calibrate --offset-by site: one offset per site, for every cell of it"
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/cals.json" $CAL \
	--per-cell-offset --offset-by site -q
expect_rc 0
offsets "$T/cals.json" >"$T/offs.txt"
[ "$(wc -l <"$T/offs.txt")" = 5 ] || fail "$(wc -l <"$T/offs.txt") offsets, want 5"
# site 105: its two cells' points (+4 and -2 dB) share one offset, +1 dB
# relative to the others' (the sites' true offsets 5 -4 3 -6 1 sum to -1:
# each fitted one is the truth + 1/5 within the sampling error)
awk '$1 == 105 && $2 == "-" { print $3, $5 }' "$T/offs.txt" >"$T/o105"
read -r o105 n105 <"$T/o105"
near "$o105" 1.2 "$(awk -v n="$n105" -v s="$SIGMA" 'BEGIN { print 3 * s / sqrt(n) }')" "site 105 offset"
end

begin "calibrate: --offset-by and --offset-sigma need --per-cell-offset; bad values are usage errors"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/u.json" --offset-by site
expect_rc 2
expect_err "options --offset-by and --offset-sigma need --per-cell-offset"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/u.json" --per-cell-offset --offset-by operator
expect_rc 2
expect_err "option --offset-by: 'operator' is none of cell, site, column=NAME"
expect_no_file "$T/u.json"
end

begin "compare.json: the std after one offset per cell is the shadowing when the EIRPs are unknown"
# the prediction without offsets: its std holds the offsets too (7.3 dB,
# above); less each cell's mean error it is sigma again (6 / sqrt(3000)
# sampling, plus 6 cell means from 500 points each)
run "$RFPLAN" compare "$T/ws" "$T/pnooff" --measurements "$T/meas.csv" -o "$T/cmp0"
expect_rc 0
expect_out "offset removed (per cell)"
s_all=$(json_num "$T/cmp0/compare.json" std_db '"overall"')
awk -v s="$s_all" 'BEGIN { exit !(s > 7.0) }' || fail "std with the offsets $s_all, want > 7"
near "$(json_num "$T/cmp0/compare.json" std_db '"overall_offset_removed"')" "$SIGMA" 0.5 "offset-removed std"
near "$(json_num "$T/cmp0/compare.json" mean_error_db '"overall_offset_removed"')" 0 1e-6 "offset-removed mean"
end

begin "compare: measurements naming a cell missing from the cells: a warning with the count and ids; --strict: an error"
{ cat "$T/meas.csv"; echo "51.9305,-8.5505,-90,999,7"; echo "51.9315,-8.5505,-91,999,7"; } >"$T/unk.csv"
run "$RFPLAN" compare "$T/ws" "$T/pcal" --measurements "$T/unk.csv" -o "$T/cmpu"
expect_rc 0
expect_err "2 measurements name a cell missing from the cells (first .*unk.csv:3002; ids 999/7)"
run "$RFPLAN" compare "$T/ws" "$T/pcal" --measurements "$T/unk.csv" -o "$T/cmpu2" --strict
expect_rc 1
expect_err "2 measurements name a cell missing from the cells .*(--strict)"
nothing_written "$T/cmpu2"
end

begin "--floor-dbm down to -150 dBm keeps a scanner's measurements; below -150 is a usage error"
{ cat "$T/meas.csv"; echo "51.9305,-8.5505,-145,105,1"; echo "51.9315,-8.5505,-149.5,105,1"; } >"$T/scan.csv"
run "$RFPLAN" compare "$T/ws" "$T/pcal" --measurements "$T/scan.csv" -o "$T/cmps" -q
expect_rc 0
[ "$(json_num "$T/cmps/compare.json" below_floor)" = 2 ] || fail "default floor -140: below_floor $(json_num "$T/cmps/compare.json" below_floor), want 2"
run "$RFPLAN" compare "$T/ws" "$T/pcal" --measurements "$T/scan.csv" -o "$T/cmps2" -q --floor-dbm -150
expect_rc 0
[ "$(json_num "$T/cmps2/compare.json" below_floor)" = 0 ] || fail "--floor-dbm -150: below_floor $(json_num "$T/cmps2/compare.json" below_floor), want 0"
[ "$(json_num "$T/cmps2/compare.json" measurements_kept)" = 3002 ] || fail "kept $(json_num "$T/cmps2/compare.json" measurements_kept), want 3002"
run "$RFPLAN" compare "$T/ws" "$T/pcal" --measurements "$T/scan.csv" -o "$T/cmps3" --floor-dbm -151
expect_rc 2
expect_err "floor-dbm"
end

begin "calibrate -o creates the missing parent directories"
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/new/dir/cal.json" $CAL -q
expect_rc 0
expect_file "$T/new/dir/cal.json"
end

begin "predict takes each cell's coefficients from its band of the calibrated file"
# cell 105/2 moved to 2600 MHz; file A: the fitted 1800 MHz band and a
# 2600 MHz band with K1 10 dB higher; file B: the same with K1 unchanged.
# Path loss of 105/2 differs by exactly 10 dB between them, 101/1's not.
sed 's/^105,2,90,40,1800,0$/105,2,90,40,2600,0/' "$T/cells.csv" >"$T/cells26.csv"
for w in A B; do
	python3 -c 'import json, sys
c = json.load(open(sys.argv[1])); b = dict(c["bands"][0])
b["frequency_min_mhz"] = b["frequency_max_mhz"] = 2600
b["k1"] += 10 if sys.argv[3] == "A" else 0
c["bands"].append(b); json.dump(c, open(sys.argv[2], "w"))' "$T/cal.json" "$T/band$w.json" "$w"
	run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/band$w.json" --cells "$T/cells26.csv" \
		--rx-height 10 --radius 3.5 --per-cell -o "$T/pb$w" -q
	expect_rc 0
done
for c in 105_2 101_1; do
	a=$(gdallocationinfo -valonly -wgs84 "$T/pbA/pathloss_$c.tif" -8.5 51.93)
	b=$(gdallocationinfo -valonly -wgs84 "$T/pbB/pathloss_$c.tif" -8.5 51.93)
	want=0; [ "$c" = 105_2 ] && want=10
	near "$(awk -v a="$a" -v b="$b" 'BEGIN { print a - b }')" "$want" 1e-3 "cell $c: band K1"
done
grep -q '"bands"' "$T/pbA/run.json" || fail "run.json does not record the bands"
end

begin "predict refuses a cell outside every fitted band unless --spm-band-tolerance; the built-in SPM warns far from 1800 MHz"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/cal.json" --cells "$T/cells26.csv" -o "$T/po1"
expect_rc 1
expect_err "cell 105/2: 2600 MHz is outside every band of the calibrated SPM file (first 1800-1800 MHz"
nothing_written "$T/po1"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/cal.json" --cells "$T/cells26.csv" \
	--spm-band-tolerance 800 --radius 3 -o "$T/po2" -q
expect_rc 0
run "$RFPLAN" predict "$T/ws" --model spm --cells "$T/cells26.csv" --radius 3 -o "$T/po3"
expect_rc 0
expect_err "model spm: 1 of 6 cells (first 105/2, 2600 MHz) are far from the built-in coefficients' 1800 MHz"
echo '{ "k1": 30, "k2": 38, "k3": 5.83, "k4": 1, "k5": -6.55, "k6": 0, "k7": 0, "distance_unit": "m" }' >"$T/plain.json"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/plain.json" --spm-band-tolerance 5 -o "$T/po4"
expect_rc 2
expect_err "option --spm-band-tolerance needs an --spm-file with bands"
end

begin "calibrate --folds-by cell|file: one group held out at a time, each group's held-out figures"
# a cell held out has no offset (0): its held-out mean error is minus its
# true offset, less the 1/5 of it that the other cells' zero-sum offsets
# hand to K1 (tolerance 0.25 |offset| + 3 x 6 / sqrt(500) = 0.8 dB)
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/calg.json" $CAL \
	--per-cell-offset --folds-by cell
expect_rc 0
expect_out "after, held out, one cell out"
expect_out "held out: 104/1"
python3 -c 'import json, sys
c = json.load(open(sys.argv[1]))["calibration"]
truth = {"101/1": 5, "102/1": -4, "103/1": 3, "104/1": -6, "105/1": 4, "105/2": -2}
g = {e["name"]: e for e in c["heldout_by_group"]}
assert c["folds_by"] == "cell" and sorted(g) == sorted(truth), sorted(g)
for k, t in truth.items():
    assert abs(g[k]["mean_error_db"] + t) < 0.25 * abs(t) + 0.8, (k, g[k]["mean_error_db"], t)
    assert g[k]["count"] == 500, (k, g[k]["count"])' "$T/calg.json" 2>"$T/py" || fail "$(tail -1 "$T/py")"
# files: the measurements split in two files, each held out in turn
head -1501 "$T/meas.csv" >"$T/m1.csv"
{ head -1 "$T/meas.csv"; tail -n +1502 "$T/meas.csv"; } >"$T/m2.csv"
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/m1.csv" --measurements "$T/m2.csv" \
	-o "$T/calf.json" $CAL --per-cell-offset --folds-by file -q
expect_rc 0
python3 -c 'import json, sys
g = json.load(open(sys.argv[1]))["calibration"]["heldout_by_group"]
assert [e["name"].split("/")[-1] for e in g] == ["m1.csv", "m2.csv"], g
assert all(e["count"] == 1500 and abs(e["std_db"] - 6) < 0.5 for e in g), g' "$T/calf.json" 2>"$T/py" \
	|| fail "$(tail -1 "$T/py")"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/u2.json" --folds 4 --folds-by cell
expect_rc 2
expect_err "options --folds and --folds-by exclude each other"
end

begin "compare --no-maps: from the workspace and run.json alone, the same figures as with the maps"
# a prediction directory holding only its run.json: own-cell points are
# the engine's per-pixel values either way; best-server points (no ids)
# take the engine's strongest cell, which is what best_server.tif holds
mkdir -p "$T/runonly"
cp "$T/pnooff/run.json" "$T/runonly/run.json"
cut -d, -f1-3 "$T/meas.csv" >"$T/noid.csv"
for f in meas noid; do
	run "$RFPLAN" compare "$T/ws" "$T/pnooff" --measurements "$T/$f.csv" -o "$T/cm_$f" -q
	expect_rc 0
	run "$RFPLAN" compare "$T/ws" "$T/runonly" --measurements "$T/$f.csv" -o "$T/cn_$f" --no-maps -q
	expect_rc 0
	for k in mean_error_db std_db; do
		a=$(json_num "$T/cm_$f/compare.json" "$k" '"overall"')
		b=$(json_num "$T/cn_$f/compare.json" "$k" '"overall"')
		if [ -z "$a" ] || [ "$a" != "$b" ]; then fail "$f: $k $b without maps, $a with"; fi
	done
done
run "$RFPLAN" compare "$T/ws" "$T/runonly" --measurements "$T/meas.csv" -o "$T/cn_x" -q
expect_rc 1
expect_err "rsrp.tif"
end

begin "calibrate --offset-by column=op: one offset per value of a measurement column, each cell its group's"
# an invariant: with op = the row's site id, the offsets per value are the
# --offset-by site offsets (the same least squares reached two ways), and
# every cell takes its site's
awk -F, 'NR == 1 { print $0 ",op"; next } { print $0 ",s" $4 }' "$T/meas.csv" >"$T/measop.csv"
# shellcheck disable=SC2086
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/measop.csv" -o "$T/calop.json" $CAL \
	--per-cell-offset --offset-by column=op
expect_rc 0
expect_out "offsets: 5 column values"
python3 -c 'import json, sys
c = json.load(open(sys.argv[1])); site = json.load(open(sys.argv[2]))
want = {"s" + e["site_id"]: e["offset_db"] for e in site["cell_offsets"]}
g = {e["value"]: e["offset_db"] for e in c["calibration"]["offset_groups"]}
assert sorted(g) == sorted(want) and all(abs(g[k] - want[k]) < 1e-6 for k in g), (g, want)
cells = c["cell_offsets"]
assert len(cells) == 6 and all(e["group"] == "s" + e["site_id"] and e["offset_db"] == g[e["group"]]
                               for e in cells), cells' "$T/calop.json" "$T/cals.json" 2>"$T/py" \
	|| fail "$(tail -1 "$T/py")"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/calop.json" --rx-height 10 --radius 3 -o "$T/pop" -q
expect_rc 0
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/calop2.json" --radius 3 \
	--per-cell-offset --offset-by column=operator
expect_rc 1
expect_err "meas.csv:1: no column 'operator' (--offset-by column=operator"
end

begin "calibrate --help, manual page, completion: --model's default is the model a run without --model fits"
# cal0.json: the first case's run without --model; its "model" key is the
# model calibrate used.  calibrate fits the SPM's coefficients
# (doc/calibration.md), so that is spm, not predict's default (itm).
used=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["model"])' "$T/cal0.json" 2>/dev/null)
[ "$used" = spm ] || fail "calibrate.json of a run without --model: model '$used', want spm"
run "$RFPLAN" calibrate --help
expect_rc 0
line=$(grep -e '^ *--model ' "$T/out")
[ "$(printf '%s\n' "$line" | grep -c .)" = 1 ] || fail "want one --model line in the help, got: $line"
case $line in
*"(default $used)"*) ;;
*) fail "help's --model line does not name the default '$used': $line" ;;
esac
run "$RFPLAN" calibrate --help=man
grep -A1 -e '^\\fB\\-\\-model\\fR' "$T/out" >"$T/man_model"
if [ "$(grep -c 'default' "$T/man_model")" != 1 ] || ! grep -q "(default $used)" "$T/man_model"; then
	fail "manual page's --model entry: $(tr '\n' ' ' <"$T/man_model")"
fi
run "$RFPLAN" calibrate --help=options
[ "$(tr ' ' '\n' <"$T/out" | grep -c -e '^--model$')" = 1 ] || fail "completion lists --model $(tr ' ' '\n' <"$T/out" | grep -c -e '^--model$') times"
end
