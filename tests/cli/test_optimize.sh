#!/bin/sh
# rfplan optimize on a constructed network with a known answer
# (doc/planning.md): two sites 3.3 km apart on flat terrain, each with one
# sector of samples/island/sector65_1800.msi at 30 m facing the other; cell
# A/1 is tilted 20 deg down (mechanical), B/1 2 deg.  At 20 deg the main
# beam meets the ground 30 m / tan(20 deg + the antenna's electrical tilt)
# < 100 m from the mast, so beyond it A/1's gain is its vertical pattern's
# low side lobes: any smaller tilt of the range 0..12 raises the area at or
# above -110 dBm, so the search must lower A/1's tilt and the objective must
# rise.  Then the statistics optimize reports for the optimised cells must
# be those of rfplan predict run on cells_optimized.csv (stats.csv rows
# summed here in python), its maps those of a cold `predict --no-cache`
# bit for bit, and its path losses predict's path-loss matrices: an
# optimize after a predict computes none and stores none, a predict after an
# optimize reuses the ones it stored (optimize.json / run.json say so).
. "$(dirname "$0")/lib.sh"
plan 17
need_rfplan
if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi
PY=/usr/bin/python3

setup gdal_create -q -of GTiff -ot Float32 -outsize 200 150 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.2 -42.15 -burn 20 "$T/flat.tif"
cat >"$T/sites.csv" <<'EOF'
id,lat,lon
A,-42.075,147.08
B,-42.075,147.12
EOF
setup cp "$ROOT/samples/island/sector65_1800.msi" "$T/"
cat >"$T/cells.csv" <<'EOF'
site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,tx_power_dbm,frequency_mhz,bandwidth_mhz
A,1,90,30,20,sector65_1800.msi,43,1800,10
B,1,270,30,2,sector65_1800.msi,43,1800,10
EOF
setup "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	--cells "$T/cells.csv" --res 200m -o "$T/ws" -q
MODEL="--model cost231 --radius 4"
# a workspace copy without matrices, for the --no-cache and cold cases
setup cp -R "$T/ws" "$T/ws2"
# the starting cells predicted first: their matrices stored in ws/pathloss
# shellcheck disable=SC2086 # MODEL is a list of options
setup "$RFPLAN" predict "$T/ws" $MODEL -o "$T/pred0" -q
ls "$T/ws/pathloss" >"$T/pl0.txt"
# shellcheck disable=SC2086
setup "$RFPLAN" optimize "$T/ws" $MODEL --tilt 0..12 --seed 7 -o "$T/opt" -q
ls "$T/ws/pathloss" >"$T/pl1.txt"
# the optimised cells predicted cold: every loss computed, no matrix read
# shellcheck disable=SC2086
setup "$RFPLAN" predict "$T/ws" $MODEL --no-cache --cells "$T/opt/cells_optimized.csv" \
	-o "$T/pred" -q
setup gdalinfo -json "$T/ws/dem.tif"
cp "$T/setup.out" "$T/dem.json"

# check.py MODE ...: prints nothing and exits 0 when the check holds.
cat >"$T/check.py" <<'EOF'
import csv, json, sys

def cells(path):
    with open(path, newline="") as f:
        return {(r["site_id"], r["cell_id"]): r for r in csv.DictReader(f)}

def stats_at_or_above(path, metric, threshold):
    """Area of the classes of scope total whose lower edge is >= threshold."""
    total = 0.0
    with open(path, newline="") as f:
        for r in csv.reader(f):
            if r[0] == "total" and r[1] == metric and r[3] != "" and float(r[3]) >= threshold:
                total += float(r[5])
    return total

mode = sys.argv[1]
if mode == "tilt":
    c = cells(sys.argv[2])[("A", "1")]
    t = float(c["mech_tilt_deg"])
    ch = [r for r in csv.DictReader(open(sys.argv[3], newline=""))
          if r["site_id"] == "A" and r["parameter"] == "mech_tilt_deg"]
    if not (0 <= t <= 12 and t < 20) or len(ch) != 1 or float(ch[0]["before"]) != 20 \
            or float(ch[0]["after"]) != t:
        sys.exit("A/1 tilt %s, changes %s" % (t, ch))
elif mode == "rises":
    j = json.load(open(sys.argv[2]))
    if not j["after"]["objective"] > j["before"]["objective"]:
        sys.exit("objective %s -> %s" % (j["before"]["objective"], j["after"]["objective"]))
elif mode == "equal":
    # stats.csv holds 6 decimals per class: 4 classes, <= 2e-6 km^2 apart
    j = json.load(open(sys.argv[2]))["after"]
    for key, metric, thr in (("rsrp_area_km2", "rsrp_dbm", -110), ("sinr_area_km2", "sinr_db", -3)):
        want = stats_at_or_above(sys.argv[3], metric, thr)
        if abs(j[key] - want) > 1e-5 or want <= 0:
            sys.exit("%s %.6f, predict's stats.csv %.6f" % (key, j[key], want))
elif mode == "same":
    # all but the seconds and where the losses came from
    a, b = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
    for k in ("search_s", "timings_s", "pathloss_matrices", "maps_pathloss_matrices"):
        a.pop(k); b.pop(k)
    if a != b:
        sys.exit("optimize.json differs")
elif mode == "matrices":
    # FILE MEMBER WANT: every cell (A/1, B/1) of MEMBER says WANT
    m = json.load(open(sys.argv[2]))[sys.argv[3]]
    got = sorted((e["site_id"], e["cell_id"], e["matrix"]) for e in m)
    if got != [("A", "1", sys.argv[4]), ("B", "1", sys.argv[4])]:
        sys.exit("%s: %s" % (sys.argv[3], got))
elif mode == "maps":
    # every GeoTIFF of DIR2 has the same size, geotransform and pixel bytes
    # (every band) in DIR1
    import glob, os
    from osgeo import gdal
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(sys.argv[3], "*.tif")))
    if "rsrp.tif" not in names or "best_server.tif" not in names:
        sys.exit("maps: %s" % names)
    for n in names:
        a, b = gdal.Open(os.path.join(sys.argv[2], n)), gdal.Open(os.path.join(sys.argv[3], n))
        if a is None or a.RasterCount != b.RasterCount or \
                a.GetGeoTransform() != b.GetGeoTransform() or \
                any(a.GetRasterBand(i).ReadRaster() != b.GetRasterBand(i).ReadRaster()
                    for i in range(1, b.RasterCount + 1)):
            sys.exit("%s differs" % n)
elif mode == "weight":
    # a weight of 2 on every workspace pixel: each served pixel of the grid
    # (the workspace's own pixels) weighs 2, so weight_served = 2 x the
    # served pixels = 2 x served area / pixel area (the ellipsoidal cell at
    # the sites' latitude; over the 3 km of the windows it varies < 0.1%)
    import math
    j = json.load(open(sys.argv[2]))["after"]
    gt = [float(v) for v in sys.argv[3].split(",")]
    lat = math.radians(-42.075)
    mlat = 111132.954 - 559.822 * math.cos(2 * lat)
    mlon = 111412.84 * math.cos(lat)
    px_km2 = gt[1] * mlon * -gt[5] * mlat / 1e6
    n = j["served_area_km2"] / px_km2
    m = round(n)
    if m < 10 or abs(n - m) > 0.1 or abs(j["weight_served"] - 2 * m) > 1e-6 * m:
        sys.exit("weight_served %s for %.3f served pixels" % (j["weight_served"], n))
elif mode == "fixed":
    c = cells(sys.argv[2])
    if float(c[("A", "1")]["mech_tilt_deg"]) != 20:
        sys.exit("A/1 tilt %s, constraints fix it at 20" % c[("A", "1")]["mech_tilt_deg"])
EOF

begin optimize_writes_outputs
for f in cells_optimized.csv changes.csv optimize.json rsrp.tif best_server.tif stats.csv; do
	expect_file "$T/opt/$f"
done
end

begin optimize_tilted_cell_brought_back
run "$PY" "$T/check.py" tilt "$T/opt/cells_optimized.csv" "$T/opt/changes.csv"
expect_rc 0
end

begin optimize_objective_rises
run "$PY" "$T/check.py" rises "$T/opt/optimize.json"
expect_rc 0
end

begin optimize_stats_equal_predict
run "$PY" "$T/check.py" equal "$T/opt/optimize.json" "$T/pred/stats.csv"
expect_rc 0
end

begin optimize_stats_file_equal_predict
# its own stats.csv is predict's map writer's on the same cells: the same bytes
cmp -s "$T/opt/stats.csv" "$T/pred/stats.csv" || fail "stats.csv differs from predict's"
end

begin optimize_reuses_predict_matrices
# after predict on the same cells: both losses from the stored matrices,
# for the search and for the maps, and no matrix file created
run "$PY" "$T/check.py" matrices "$T/opt/optimize.json" pathloss_matrices reused
expect_rc 0
run "$PY" "$T/check.py" matrices "$T/opt/optimize.json" maps_pathloss_matrices reused
expect_rc 0
[ "$(wc -l <"$T/pl0.txt")" = 2 ] || fail "predict stored $(wc -l <"$T/pl0.txt") matrices, want 2"
cmp -s "$T/pl0.txt" "$T/pl1.txt" || fail "optimize changed ws/pathloss"
end

begin optimize_maps_equal_cold_predict
# the maps of the optimised cells from the matrices = predict --no-cache's
run "$PY" "$T/check.py" maps "$T/opt" "$T/pred"
expect_rc 0
end

begin optimize_no_cache
# --no-cache on the copy without matrices: every loss computed ("off"),
# WS/pathloss not created, the same search result as from the matrices
# shellcheck disable=SC2086
run "$RFPLAN" optimize "$T/ws2" $MODEL --tilt 0..12 --seed 7 --no-cache -o "$T/optn" -q
expect_rc 0
run "$PY" "$T/check.py" matrices "$T/optn/optimize.json" pathloss_matrices off
expect_rc 0
run "$PY" "$T/check.py" matrices "$T/optn/optimize.json" maps_pathloss_matrices off
expect_rc 0
expect_no_file "$T/ws2/pathloss"
# (the antennas named by their absolute path: the workspace's own copy)
sed 's|/ws2/antennas/|/ws/antennas/|' "$T/optn/cells_optimized.csv" >"$T/optn_cells.csv"
cmp -s "$T/opt/cells_optimized.csv" "$T/optn_cells.csv" || fail "cells differ"
cmp -s "$T/opt/changes.csv" "$T/optn/changes.csv" || fail "changes differ"
run "$PY" "$T/check.py" same "$T/opt/optimize.json" "$T/optn/optimize.json"
expect_rc 0
run "$PY" "$T/check.py" maps "$T/opt" "$T/optn"
expect_rc 0
end

begin optimize_stores_then_predict_reuses
# optimize first on the copy: it computes and stores both matrices, its
# maps read them; a predict after it reuses them and stores none
# shellcheck disable=SC2086
run "$RFPLAN" optimize "$T/ws2" $MODEL --tilt 0..12 --seed 7 -o "$T/opts" -q
expect_rc 0
run "$PY" "$T/check.py" matrices "$T/opts/optimize.json" pathloss_matrices computed
expect_rc 0
run "$PY" "$T/check.py" matrices "$T/opts/optimize.json" maps_pathloss_matrices reused
expect_rc 0
ls "$T/ws2/pathloss" >"$T/pl2.txt"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws2" $MODEL -o "$T/preds" -q
expect_rc 0
run "$PY" "$T/check.py" matrices "$T/preds/run.json" pathloss_matrices reused
expect_rc 0
ls "$T/ws2/pathloss" >"$T/pl3.txt"
[ "$(wc -l <"$T/pl2.txt")" = 2 ] || fail "optimize stored $(wc -l <"$T/pl2.txt") matrices, want 2"
cmp -s "$T/pl2.txt" "$T/pl3.txt" || fail "predict changed ws2/pathloss"
end

begin optimize_same_seed_same_output
# shellcheck disable=SC2086
run "$RFPLAN" optimize "$T/ws" $MODEL --tilt 0..12 --azimuth 20 --power -3..0 --seed 7 \
	--threads 1 -o "$T/opt2"
expect_rc 0
cp "$T/err" "$T/opt2.log"
# shellcheck disable=SC2086
run "$RFPLAN" optimize "$T/ws" $MODEL --tilt 0..12 --azimuth 20 --power -3..0 --seed 7 \
	-o "$T/opt2b" -q
expect_rc 0
cmp -s "$T/opt2/cells_optimized.csv" "$T/opt2b/cells_optimized.csv" || fail "cells differ"
cmp -s "$T/opt2/changes.csv" "$T/opt2b/changes.csv" || fail "changes differ"
run "$PY" "$T/check.py" same "$T/opt2/optimize.json" "$T/opt2b/optimize.json"
expect_rc 0
end

begin optimize_incremental_objective_equals_full
# the search's running objective (window deltas summed, the last pass line)
# equals the objective recomputed over the whole grid (the "after" line)
inc=$(sed -n 's/.*optimize: pass [0-9]*: objective \([-0-9.]*\) .*/\1/p' "$T/opt2.log" | tail -n 1)
full=$(sed -n 's/.*after: objective \([-0-9.]*\),.*/\1/p' "$T/opt2.log")
near "$inc" "$full" 0.0000011 "running objective"
end

begin optimize_constraints_fix_a_cell
printf 'site_id,cell_id,tilt_min,tilt_max\nA,1,20,20\n' >"$T/cons.csv"
# shellcheck disable=SC2086
run "$RFPLAN" optimize "$T/ws" $MODEL --tilt 0..12 --constraints "$T/cons.csv" -o "$T/opt3" -q
expect_rc 0
run "$PY" "$T/check.py" fixed "$T/opt3/cells_optimized.csv"
expect_rc 0
end

begin optimize_weight_raster
# the weight raster exactly on the workspace grid, 2 per pixel
GT=$("$PY" -c 'import json,sys; j=json.load(sys.stdin); g=j["geoTransform"]; s=j["size"]
print("%.17g %.17g %.17g %.17g %d %d %s" % (g[0], g[3], g[0] + s[0] * g[1], g[3] + s[1] * g[5],
      s[0], s[1], ",".join("%.17g" % v for v in g)))' <"$T/dem.json")
# shellcheck disable=SC2086 # GT is a list of numbers
set -- $GT
gdal_create -q -of GTiff -ot Float32 -outsize "$5" "$6" -a_srs EPSG:4326 \
	-a_ullr "$1" "$2" "$3" "$4" -burn 2 "$T/weight.tif" || fail "gdal_create"
# shellcheck disable=SC2086
run "$RFPLAN" optimize "$T/ws" $MODEL --tilt 0..12 --weight "$T/weight.tif" -o "$T/optw" -q
expect_rc 0
run "$PY" "$T/check.py" weight "$T/optw/optimize.json" "$7"
expect_rc 0
end

begin optimize_bad_ranges_are_usage_errors
for bad in "--tilt 12..0" "--tilt 0..95" "--power x" "--azimuth 200" "--tilt 5"; do
	# shellcheck disable=SC2086 # bad is an option and its value
	run "$RFPLAN" optimize "$T/ws" $bad -o "$T/bad"
	expect_rc 2
	expect_err "option ${bad%% *}"
done
run "$RFPLAN" optimize "$T/ws" -o "$T/bad"
expect_rc 2
expect_err "nothing to search"
nothing_written "$T/bad"
end

begin optimize_constraints_unknown_column
printf 'site_id,cell_id,tilt_mni\nA,1,3\n' >"$T/cons2.csv"
run "$RFPLAN" optimize "$T/ws" --model cost231 --radius 4 --constraints "$T/cons2.csv" -o "$T/bad"
expect_rc 1
expect_err "cons2.csv"
expect_err "tilt_mni"
nothing_written "$T/bad"
end

# A hilly copy of the network (ridges across the path between the sites),
# where the profile's sampling changes the loss: optimize --profile-spacing
# 16 must evaluate and map the losses predict --profile-spacing 16 computes.
cat >"$T/hills.py" <<'EOF2'
import math, struct, sys
from osgeo import gdal, osr
d = gdal.GetDriverByName("GTiff").Create(sys.argv[1], 200, 150, 1, gdal.GDT_Float32)
d.SetGeoTransform((147.0, 0.001, 0, -42.0, 0, -0.001))
s = osr.SpatialReference(); s.ImportFromEPSG(4326); d.SetProjection(s.ExportToWkt())
d.GetRasterBand(1).WriteRaster(0, 0, 200, 150, b"".join(
    struct.pack("<f", 20 + 60 * abs(math.sin(c / 3.0) * math.cos(r / 4.0)))
    for r in range(150) for c in range(200)))
EOF2
SP="--model itm --radius 4 --profile-spacing 16"

begin optimize_profile_spacing_maps_equal_predict
# its maps equal a cold predict with the same options on its cells, bit for
# bit, and its search's losses are predict's: its stored matrices (the key
# holds the request's profile_points_max) are reused by that predict
run "$PY" "$T/hills.py" "$T/hills.tif"
expect_rc 0
run "$RFPLAN" import --dem "$T/hills.tif" --sites "$T/sites.csv" --sites-format generic \
	--cells "$T/cells.csv" --res 200m -o "$T/ws3" -q
expect_rc 0
# shellcheck disable=SC2086 # SP is a list of options
run "$RFPLAN" optimize "$T/ws3" $SP --tilt 0..12 --seed 7 -o "$T/optp" -q
expect_rc 0
run "$PY" "$T/check.py" matrices "$T/optp/optimize.json" pathloss_matrices computed
expect_rc 0
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws3" $SP --cells "$T/optp/cells_optimized.csv" -o "$T/predp" -q
expect_rc 0
run "$PY" "$T/check.py" matrices "$T/predp/run.json" pathloss_matrices reused
expect_rc 0
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws3" $SP --no-cache --cells "$T/optp/cells_optimized.csv" \
	-o "$T/predpc" -q
expect_rc 0
run "$PY" "$T/check.py" maps "$T/optp" "$T/predpc"
expect_rc 0
end

begin optimize_profile_spacing_changes_the_losses
# the option matters here: predict's default (every DEM pixel) on the same
# cells gives another rsrp.tif, so the equality above is not vacuous
run "$RFPLAN" predict "$T/ws3" --model itm --radius 4 --no-cache \
	--cells "$T/optp/cells_optimized.csv" -o "$T/predd" -q
expect_rc 0
run "$PY" "$T/check.py" maps "$T/optp" "$T/predd"
expect_rc 1
expect_err "differs"
end
