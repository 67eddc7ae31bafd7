#!/bin/sh
# rfplan compare and rfplan calibrate with known truth (doc/calibration.md).
#
# Terrain: the real SRTM-derived Big Tujunga DEM (California mountains, 30 m,
# ../shared/data/dem): steep terrain, so most paths are diffracted and K4 is
# determined.  Five omnidirectional 1800 MHz cells, antennas 15 to 90 m.
# Truth: the SPM with K1 = 28, K2 = 40, K3 = 5.83, K4 = 0.6, K5 = -6.55,
# K6 = K7 = 0 (d in m).  K1, K2 and K4 differ from rfplan's defaults (22,
# 44.9, 5.83, 1, -6.55); K3 and K5 equal them: the height terms of five sites
# are weakly determined, and calibrate reports K5 as fixed (not determined).
# The truth map is `rfplan predict --model spm --spm-file truth.json
# --per-cell`; measurements are its per-cell path loss at sampled pixels
# (gdal_translate -of XYZ) turned into RSRP (RS EPRE 40 dBm, 0 dBi) plus
# Gaussian shadowing of sigma = 6 dB from a fixed-seed generator written
# below in awk: the Park-Miller minimal standard LCG (x = 16807 x mod
# 2^31 - 1, exact in doubles) and the Box-Muller transform.  Only pixels
# whose true RSRP lies within [-115, -55] dBm are sampled (a selection on
# the truth, not on the noisy value, so it does not bias the fit).
#
# Tolerances: with ~3000 points the least-squares standard errors are about
# K1 1.2, K2 0.4, K3 0.2, K4 0.007; each coefficient must be within 3 of
# them (K1 3.5 dB, K2 1.2, K3 0.6, K4 0.025).  The held-out RMSE and the
# compare standard deviation must be within 0.5 dB of sigma, the mean error
# within 0.5 dB of 0 (its standard error is 6 / sqrt(3000) = 0.11 dB).
. "$(dirname "$0")/lib.sh"
plan 10

SIGMA=6
DEM="$DATA/dem/bigtujunga_utm11_30m.tif"

# json_num FILE KEY [AFTER]: the first "KEY": number after the line that
# holds AFTER (the whole file without AFTER).
json_num() {
	awk -v k="\"$2\":" -v a="${3:-}" '
		a != "" && index($0, a) { on = 1 }
		(a == "" || on) && index($0, k) { v = $0; sub(/.*": */, "", v); sub(/,.*/, "", v); print v; exit }' "$1"
}

calib_setup() {
	cat >"$T/sites.csv" <<-EOF
	site_id,latitude,longitude,name
	201,34.3000,-118.2500,A
	202,34.3300,-118.1500,B
	203,34.2800,-118.0500,C
	204,34.3600,-118.2000,D
	205,34.2600,-118.1200,E
	EOF
	cat >"$T/cells.csv" <<-EOF
	site_id,cell_id,height_agl_m,rs_epre_dbm,frequency_mhz,gain_dbi
	201,1,15,40,1800,0
	202,1,25,40,1800,0
	203,1,40,40,1800,0
	204,1,60,40,1800,0
	205,1,90,40,1800,0
	EOF
	echo '{ "k1": 28.0, "k2": 40.0, "k3": 5.83, "k4": 0.6, "k5": -6.55, "k6": 0, "k7": 0, "distance_unit": "m" }' >"$T/truth.json"
	"$RFPLAN" import --dem "$DEM" --sites "$T/sites.csv" --cells "$T/cells.csv" -o "$T/ws" -q \
		2>"$T/err" || return 1
	"$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/truth.json" --per-cell --radius 4 \
		-o "$T/truth" -q 2>"$T/err" || return 1
	for s in 201 202 203 204 205; do
		gdal_translate -q -of XYZ "$T/truth/pathloss_${s}_1.tif" "$T/pl_$s.xyz" || return 1
	done
	# lat,lon,rsrp_dbm,site_id,cell_id, shuffled by a random key
	awk -v p=0.06 -v sigma="$SIGMA" '
		function u() { seed = (16807 * seed) % 2147483647; return seed / 2147483647 }
		BEGIN { seed = 12345; pi = 3.141592653589793 }
		FNR == 1 { site = FILENAME; sub(/.*pl_/, "", site); sub(/\.xyz$/, "", site) }
		$3 > -9000 && 40 - $3 >= -115 && 40 - $3 <= -55 && u() < p {
			z = sqrt(-2 * log(u())) * cos(2 * pi * u())
			printf "%.9f %.7f,%.7f,%.3f,%s,1\n", u(), $2, $1, 40 - $3 + sigma * z, site
		}' "$T"/pl_20?.xyz | sort -n | cut -d' ' -f2 >"$T/body.csv"
	{ echo "lat,lon,rsrp_dbm,site_id,cell_id"; cat "$T/body.csv"; } >"$T/meas.csv"
	NMEAS=$(wc -l <"$T/body.csv")
	[ "$NMEAS" -gt 2000 ]
}

if ! have_data || [ ! -f "$DEM" ]; then
	for c in truth compare usable bin floor badformat outside cells illcond classes; do
		skip_data "calibrate $c" "real data (dem/bigtujunga_utm11_30m.tif) not found"
	done
	exit 0
fi
if ! calib_setup; then
	for c in truth compare usable bin floor badformat outside cells illcond classes; do
		echo "FAIL calibrate $c: set-up failed: $(head -c 300 "$T/err")"
	done
	exit 0
fi

begin "calibrate recovers the known K values; held-out RMSE ~ sigma"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/meas.csv" -o "$T/cal.json" --radius 4 --folds 5
expect_rc 0
expect_out "k5 .*fixed"
expect_out "k6 .*fixed: every point has the receiver height 1.50 m"
near "$(json_num "$T/cal.json" k1)" 28.0 3.5 "k1"
near "$(json_num "$T/cal.json" k2)" 40.0 1.2 "k2"
near "$(json_num "$T/cal.json" k3)" 5.83 0.6 "k3"
near "$(json_num "$T/cal.json" k4)" 0.6 0.025 "k4"
near "$(json_num "$T/cal.json" k5)" -6.55 1e-9 "k5 (fixed)"
near "$(json_num "$T/cal.json" rmse_db '"heldout"')" "$SIGMA" 0.5 "held-out rmse"
near "$(json_num "$T/cal.json" mean_error_db '"heldout"')" 0 0.5 "held-out mean error"
# the defaults are far off: before, the error is much larger
b=$(json_num "$T/cal.json" rmse_db '"before"')
awk -v b="$b" 'BEGIN { exit !(b > 10) }' || fail "before rmse $b, want > 10"
end

begin "compare with the truth: mean ~0, std ~sigma, own cells, outputs"
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/meas.csv" -o "$T/cmp"
expect_rc 0
kept=$(json_num "$T/cmp/compare.json" measurements_kept)
expect_out "matched: $kept with their own cell, 0 with the best server"
awk -v k="$kept" -v n="$NMEAS" 'BEGIN { exit !(k > n - 10) }' || fail "kept $kept of $NMEAS"
near "$(json_num "$T/cmp/compare.json" mean_error_db '"overall"')" 0 0.5 "mean error"
near "$(json_num "$T/cmp/compare.json" std_db '"overall"')" "$SIGMA" 0.5 "std"
pts=$(json_num "$T/cmp/compare.json" points)
for f in compare.json points.gpkg points.qml scatter.png histogram.png error_distance.png; do
	expect_file "$T/cmp/$f"
done
n=$(ogrinfo -ro -so "$T/cmp/points.gpkg" points 2>/dev/null | sed -n 's/^Feature Count: //p')
[ "$n" = "$pts" ] || fail "points.gpkg has $n features, compare.json says $pts"
s=$(ogrinfo -ro -q "$T/cmp/points.gpkg" -sql "SELECT useAsDefault, f_table_name FROM layer_styles" 2>/dev/null | grep -c "f_table_name (String) = points")
[ "$s" = 1 ] || fail "no default QGIS style for 'points' in layer_styles"
# each row of the per-cell table sums to the overall count
sum=$(awk '/"per_cell"/ { on = 1 } /"per_clutter_class"/ { on = 0 } on && /"count"/ { v = $2; sub(/,/, "", v); s += v } END { print s }' "$T/cmp/compare.json")
[ "$sum" = "$pts" ] || fail "per-cell counts add up to $sum, not $pts"
# a value NaN or inf (after ':', '[' or ','), not the letters inside a name
# or path (a class "Rainforest", a temporary directory's random suffix)
bad=$(grep -nE '(:|\[|,)[[:space:]]*-?(NaN|nan|inf|Infinity)' "$T/cmp/compare.json" | head -n 2)
[ -z "$bad" ] || fail "NaN or inf in compare.json: $bad"
# a point's prediction is its cell's map value at the pixel (the per-cell
# raster of the truth run, read by gdallocationinfo): RSRP = 40 dBm - loss
ogrinfo -ro -q "$T/cmp/points.gpkg" -sql "SELECT ST_X(geom) AS x, ST_Y(geom) AS y, predicted_dbm AS p, site_id AS s FROM points WHERE match = 'own_cell' LIMIT 8" 2>/dev/null |
	awk '/ x \(Real\)/ { x = $NF } / y \(Real\)/ { y = $NF } / p \(Real\)/ { p = $NF } / s \(String\)/ { print x, y, p, $NF }' >"$T/pts.txt"
[ "$(wc -l <"$T/pts.txt")" = 8 ] || fail "could not read 8 points from points.gpkg"
while read -r x y p s; do
	v=$(gdallocationinfo -valonly -wgs84 "$T/truth/pathloss_${s}_1.tif" "$x" "$y")
	near "$p" "$(awk -v v="$v" 'BEGIN { print 40 - v }')" 0.001 "predicted at $y,$x (cell $s)"
done <"$T/pts.txt"
# every point is evaluated on its own: the thread count changes nothing
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/meas.csv" -o "$T/cmp_t1" --threads 1 -q
expect_rc 0
cmp -s "$T/cmp/compare.json" "$T/cmp_t1/compare.json" || fail "compare.json differs with --threads 1"
end

begin "the calibrated file is a model for predict --spm-file; compare then agrees"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$T/cal.json" --radius 4 -o "$T/pcal" -q
expect_rc 0
run "$RFPLAN" compare "$T/ws" "$T/pcal" --measurements "$T/meas.csv" -o "$T/cmp2" -q
expect_rc 0
near "$(json_num "$T/cmp2/compare.json" mean_error_db '"overall"')" 0 0.5 "mean error"
near "$(json_num "$T/cmp2/compare.json" rmse_db '"overall"')" "$SIGMA" 0.5 "rmse"
end

begin "compare: best-server matching (no cell ids); --bin averages mean power per pixel"
cut -d, -f1-3 "$T/meas.csv" >"$T/noid.csv"
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/noid.csv" -o "$T/cmp3" -q
expect_rc 0
kept=$(json_num "$T/cmp3/compare.json" measurements_kept)
[ "$(json_num "$T/cmp3/compare.json" best_server)" = "$kept" ] || fail "not all $kept matched with the best server"
m1=$(json_num "$T/cmp3/compare.json" mean_error_db '"overall"')
# every point twice, at +3 and -3 dB: one bin each, whose mean power is
# 10 log10((10^0.3 + 10^-0.3) / 2) = 0.9629 dB above the point's value
awk -F, 'NR == 1 { print; next } { print $1 "," $2 "," $3 + 3; print $1 "," $2 "," $3 - 3 }' \
	"$T/noid.csv" >"$T/twice.csv"
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/twice.csv" --bin -o "$T/cmp4" -q
expect_rc 0
pts=$(json_num "$T/cmp4/compare.json" points)
[ "$pts" = "$kept" ] || fail "$pts bins, want $kept"
near "$(json_num "$T/cmp4/compare.json" mean_error_db '"overall"')" "$(awk -v m="$m1" 'BEGIN { print m - 0.9629 }')" 0.002 "binned mean error"
tot=$(ogrinfo -ro -q "$T/cmp4/points.gpkg" -sql "SELECT SUM(n_averaged) AS s FROM points" 2>/dev/null | sed -n 's/.*s (Integer[64]*) = //p')
[ "$tot" = "$((2 * kept))" ] || fail "n_averaged adds up to $tot, want $((2 * kept))"
end

begin "compare: --floor-dbm and --min-distance-m exclude what awk counts"
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/meas.csv" --floor-dbm -100 \
	--min-distance-m 0 -o "$T/cmp8" -q
expect_rc 0
# rows in the reporting range [-140, -44] dBm and below -100 dBm
want=$(awk -F, 'NR > 1 && $3 >= -140 && $3 <= -44 && $3 < -100 { n++ } END { print n + 0 }' "$T/meas.csv")
[ "$(json_num "$T/cmp8/compare.json" below_floor)" = "$want" ] || fail "below_floor $(json_num "$T/cmp8/compare.json" below_floor), awk $want"
[ "$(json_num "$T/cmp8/compare.json" closer_than_min_distance)" = 0 ] || fail "points excluded as too close with --min-distance-m 0"
# 1 km around each site: awk's own distances (spherical, within 0.5% of
# the geodesic: the points 995-1005 m away are left out of the count)
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/meas.csv" --min-distance-m 1000 -o "$T/cmp9" -q
expect_rc 0
awk -F, 'NR == FNR { if (FNR > 1) { la[$1] = $2; lo[$1] = $3 } next }
	FNR > 1 && $3 >= -140 && $3 <= -44 {
		r = 3.14159265358979 / 180; a = la[$4] * r; b = $1 * r
		h = sin((b - a) / 2)^2 + cos(a) * cos(b) * sin(($2 - lo[$4]) * r / 2)^2
		d = 2 * 6371008.8 * atan2(sqrt(h), sqrt(1 - h))
		if (d < 995) n++; else if (d < 1005) u++
	} END { print n + 0, u + 0 }' "$T/sites.csv" "$T/meas.csv" >"$T/near.txt"
read -r lo unsure <"$T/near.txt"
got=$(json_num "$T/cmp9/compare.json" closer_than_min_distance)
awk -v g="$got" -v l="$lo" -v u="$unsure" 'BEGIN { exit !(g >= l && g <= l + u && l > 100) }' \
	|| fail "closer than 1 km: $got, awk $lo (+ up to $unsure at the edge)"
end

begin "compare: a file of no known format names the file and line; nothing written"
printf 'a,b,c\n1,2,3\n' >"$T/x.csv"
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/x.csv" -o "$T/cmp6"
expect_rc 1
expect_err "x.csv:1: no known measurement format"
nothing_written "$T/cmp6"
end

begin "compare: points outside the workspace are named (file:line); all out is an error"
printf 'lat,lon,rsrp_dbm\n-23.3,143.3,-90\n-23.31,143.31,-91\n' >"$T/far.csv"
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/far.csv" -o "$T/cmp5"
expect_rc 1
expect_err "far.csv:2"
expect_err "outside_predicted_area"
nothing_written "$T/cmp5"
end

begin "compare: cells that are not the prediction's are refused, naming the cell"
sed 's/^203,1,40,/203,1,41,/' "$T/cells.csv" >"$T/cells41.csv"
run "$RFPLAN" compare "$T/ws" "$T/truth" --measurements "$T/meas.csv" --cells "$T/cells41.csv" -o "$T/cmp7"
expect_rc 1
expect_err "run.json: cell 3 (203/1) differs from the cells given"
nothing_written "$T/cmp7"
end

begin "calibrate: too few points, one distance only: clear errors, no file"
head -21 "$T/meas.csv" >"$T/few.csv"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/few.csv" -o "$T/few.json" --radius 4
expect_rc 1
expect_err "too few points to calibrate: 20"
expect_no_file "$T/few.json"
# 60 points on a 1 km circle around site 201 (34.3 N, -118.25 E)
awk 'BEGIN { print "lat,lon,rsrp_dbm,site_id,cell_id"; for (i = 0; i < 60; i++) { a = i * 6 * 3.14159265 / 180;
	printf "%.7f,%.7f,-90,201,1\n", 34.3 + 1000 * cos(a) / 110950, -118.25 + 1000 * sin(a) / 92000 } }' >"$T/ring.csv"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/ring.csv" -o "$T/ring.json" --radius 4
expect_rc 1
expect_err "ill-conditioned: the 60 points span distances within a factor 1.0"
expect_no_file "$T/ring.json"
end

# --classes with known truth: the real Queensland 1" DEM and GA land cover
# (classes 5, 6 and 14 occur here; 12 and 15 do not).  Truth: the default
# SPM and class losses 5: 6 dB, 6: 12 dB, 14: 3 dB (heights 0, so the paths
# do not change); calibrate runs on a workspace whose table says 8 dB for
# every class.  A common shift of all class losses is the same as a shift
# of K1, so only the differences between classes are determined: L6 - L5 =
# 6 and L14 - L5 = -3, within 3 standard errors of a class mean (sigma /
# sqrt(points): ~120 points in class 6, ~950 in 14, ~1800 in 5).
begin "calibrate --classes recovers class loss differences; classes without points keep their default"
QDEM="$DATA/dem/qld_1sec_wgs84.tif"
QCL="$DATA/clutter/qld_landcover_wgs84.tif"
printf '%s\n' "site_id,latitude,longitude,name" "101,-23.2500,143.2500,NW" \
	"102,-23.2600,143.3500,NE" "103,-23.3500,143.2600,SW" "104,-23.3400,143.3400,SE" \
	>"$T/qsites.csv"
printf '%s\n' "site_id,cell_id,height_agl_m,rs_epre_dbm,frequency_mhz,gain_dbi" \
	"101,1,20,40,1800,0" "102,1,30,40,1800,0" "103,1,45,40,1800,0" "104,1,70,40,1800,0" \
	>"$T/qcells.csv"
printf '%s\n' "code,name,loss_db,height_m" "5,Suburban,6,0" "6,Open forest,12,0" \
	"12,Mudflats,0,0" "14,Class 14,3,0" "15,Class 15,9,0" >"$T/truth_classes.csv"
printf '%s\n' "code,name,loss_db,height_m" "5,Suburban,8,0" "6,Open forest,8,0" \
	"12,Mudflats,8,0" "14,Class 14,8,0" "15,Class 15,8,0" >"$T/default_classes.csv"
for w in truth default; do
	"$RFPLAN" import --dem "$QDEM" --clutter "$QCL" --clutter-classes "$T/${w}_classes.csv" \
		--sites "$T/qsites.csv" --cells "$T/qcells.csv" -o "$T/qws_$w" -q 2>"$T/err" \
		|| fail "import: $(head -c 200 "$T/err")"
done
"$RFPLAN" predict "$T/qws_truth" --model spm --per-cell --radius 4 -o "$T/qtruth" -q 2>"$T/err" \
	|| fail "predict: $(head -c 200 "$T/err")"
for s in 101 102 103 104; do
	gdal_translate -q -of XYZ "$T/qtruth/pathloss_${s}_1.tif" "$T/ql_$s.xyz"
done
awk -v p=0.03 -v sigma="$SIGMA" '
	function u() { seed = (16807 * seed) % 2147483647; return seed / 2147483647 }
	BEGIN { seed = 777; pi = 3.141592653589793 }
	FNR == 1 { site = FILENAME; sub(/.*ql_/, "", site); sub(/\.xyz$/, "", site) }
	$3 > -9000 && 40 - $3 >= -115 && 40 - $3 <= -55 && u() < p {
		z = sqrt(-2 * log(u())) * cos(2 * pi * u())
		printf "%.9f %.7f,%.7f,%.3f,%s,1\n", u(), $2, $1, 40 - $3 + sigma * z, site
	}' "$T"/ql_10?.xyz | sort -n | cut -d' ' -f2 >"$T/qbody.csv"
{ echo "lat,lon,rsrp_dbm,site_id,cell_id"; cat "$T/qbody.csv"; } >"$T/qmeas.csv"
class_loss() { awk -F, -v c="$2" '$1 == c { print $3 }' "$1"; }
run "$RFPLAN" calibrate "$T/qws_default" --measurements "$T/qmeas.csv" -o "$T/qcal.json" \
	--radius 4 --classes --class-weight 2
expect_rc 0
expect_file "$T/qcal_classes.csv"
l5=$(class_loss "$T/qcal_classes.csv" 5)
l6=$(class_loss "$T/qcal_classes.csv" 6)
l14=$(class_loss "$T/qcal_classes.csv" 14)
near "$(awk -v a="$l6" -v b="$l5" 'BEGIN { print a - b }')" 6 1.8 "L6 - L5"
near "$(awk -v a="$l14" -v b="$l5" 'BEGIN { print a - b }')" -3 1.0 "L14 - L5"
[ "$(class_loss "$T/qcal_classes.csv" 12)" = 8 ] || fail "class 12 (no points) moved"
[ "$(class_loss "$T/qcal_classes.csv" 15)" = 8 ] || fail "class 15 (no points) moved"
near "$(json_num "$T/qcal.json" rmse_db '"heldout"')" "$SIGMA" 0.5 "held-out rmse"
# the default weight (20 points) keeps class 6 nearer its default
run "$RFPLAN" calibrate "$T/qws_default" --measurements "$T/qmeas.csv" -o "$T/qcal20.json" \
	--radius 4 --classes -q
l6w=$(class_loss "$T/qcal20_classes.csv" 6)
awk -v a="$l6w" -v b="$l6" 'BEGIN { exit !(a < b && a > 8) }' \
	|| fail "class 6: $l6w with weight 20, $l6 with weight 2"
# the class table and the model are usable as they are
"$RFPLAN" import --dem "$QDEM" --clutter "$QCL" --clutter-classes "$T/qcal_classes.csv" \
	--sites "$T/qsites.csv" --cells "$T/qcells.csv" -o "$T/qws_cal" -q 2>"$T/err" \
	|| fail "import of the calibrated class table: $(head -c 200 "$T/err")"
run "$RFPLAN" predict "$T/qws_cal" --model spm --spm-file "$T/qcal.json" --radius 4 -o "$T/qpred" -q
expect_rc 0
run "$RFPLAN" compare "$T/qws_cal" "$T/qpred" --measurements "$T/qmeas.csv" -o "$T/qcmp" -q
expect_rc 0
near "$(json_num "$T/qcmp/compare.json" mean_error_db '"overall"')" 0 0.5 "mean error after calibration"
near "$(json_num "$T/qcmp/compare.json" rmse_db '"overall"')" "$SIGMA" 0.5 "rmse after calibration"
end
