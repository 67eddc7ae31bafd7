#!/bin/sh
# rfplan predict --products and the batch key "products" (issue 19 point 4;
# doc/outputs.md "Products"): each product's files present exactly when it
# is asked (the file lists below are doc/outputs.md's table), an unknown
# name refused naming the nearest known one, qgis without maps refused,
# run.json's outputs the same list in the same order with 1 and 2 threads
# (the products are written as parallel jobs) and exactly the files of the
# output directory, and the maps' pixels the same whatever the products and
# the threads.  The bundled island sample, Hata over 3 km: seconds.
. "$(dirname "$0")/lib.sh"
plan 8

PY=/usr/bin/python3
S="$ROOT/samples/island"

run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws"
if [ "$rc" != 0 ]; then
	fail_rest "import failed: $(head -c 300 "$T/err")"
	exit 1
fi

# files DIR: the sorted names in DIR, one a line
files() { find "$1" -mindepth 1 -maxdepth 1 -printf '%f\n' | LC_ALL=C sort; }
# outputs DIR: run.json's outputs, one a line, sorted
outputs() {
	"$PY" -c 'import json, sys; print("\n".join(sorted(json.load(open(sys.argv[1]))["outputs"])))' \
		"$1/run.json"
}
# sorted NAME...: the names, one a line, sorted
sorted() { printf '%s\n' "$@" | LC_ALL=C sort; }
# predict NAME OPTION...: predict into $T/NAME
predict() {
	n=$1; shift
	run "$RFPLAN" predict "$T/ws" --model hata --env suburban --radius 3 -q -o "$T/$n" "$@"
}

MAPS="best_server.csv best_server.qml best_server.tif overlap.qml overlap.tif rsrp.qml rsrp.tif rsrq.qml rsrq.tif sinr.qml sinr.tif"
SERVICE="cqi.qml cqi.tif pdsch_sinr.qml pdsch_sinr.tif throughput_dl_mbps.pgw throughput_dl_mbps.png throughput_dl_mbps.qml throughput_dl_mbps.tif throughput_dl_mbps_legend.png throughput_ul_mbps.qml throughput_ul_mbps.tif ul_limited.qml ul_limited.tif ul_rbs.qml ul_rbs.tif ul_sinr.qml ul_sinr.tif"

begin "products: maps only writes the maps, their styles and best_server.csv"
predict maps --products maps
expect_rc 0
# shellcheck disable=SC2086  # the lists split on blanks
want=$(sorted $MAPS run.json)
[ "$(files "$T/maps")" = "$want" ] || fail "files: $(files "$T/maps" | tr '\n' ' ')"
[ "$(outputs "$T/maps")" = "$want" ] || fail "run.json outputs: $(outputs "$T/maps" | tr '\n' ' ')"
end

begin "products: each other product alone writes its files and nothing else"
for p in service hillshade gpkg png kmz stats; do
	case $p in
	service) want=$SERVICE ;;
	hillshade) want=hillshade.tif ;;
	gpkg) want=coverage.gpkg ;;
	png) want=rsrp.png ;;   # shaded with a hillshade computed in memory
	kmz) want="rsrp.kmz rsrp_legend.png rsrp_map.pgw rsrp_map.png" ;;
	stats) want=stats.csv ;;
	esac
	predict "only_$p" --products "$p"
	[ "$rc" = 0 ] || { fail "--products $p: exit $rc: $(head -c 200 "$T/err")"; continue; }
	# shellcheck disable=SC2086
	want=$(sorted $want run.json)
	[ "$(files "$T/only_$p")" = "$want" ] ||
		fail "--products $p wrote: $(files "$T/only_$p" | tr '\n' ' ')"
	[ "$(outputs "$T/only_$p")" = "$want" ] ||
		fail "--products $p: run.json outputs $(outputs "$T/only_$p" | tr '\n' ' ')"
done
# stats.csv alone: the RSRP rows and no service rows (SERVICE not asked)
grep -q "^\"total\",rsrp_dbm," "$T/only_stats/stats.csv" || fail "stats.csv lacks its rsrp_dbm rows"
grep -q ",cqi," "$T/only_stats/stats.csv" && fail "stats.csv has service rows without service"
end

begin "products: an unknown product is refused naming the nearest known one"
predict bad --products maps,gpks
expect_rc 2
expect_err "option --products: unknown product 'gpks' (did you mean 'gpkg'?"
expect_no_file "$T/bad"
end

begin "products: qgis without maps is refused; with maps, project.qgs lists only what exists"
predict q1 --products qgis,gpkg
expect_rc 2
expect_err "qgis needs maps"
expect_no_file "$T/q1"
predict q2 --products maps,qgis
expect_rc 0
expect_file "$T/q2/project.qgs"
grep -q 'rsrp.tif' "$T/q2/project.qgs" || fail "project.qgs lacks rsrp.tif"
grep -q 'hillshade.tif\|coverage.gpkg\|cqi.tif' "$T/q2/project.qgs" &&
	fail "project.qgs references a product that was not written"
[ "$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["parameters"]["products"])' \
	"$T/q2/run.json")" = "maps,qgis" ] ||
	fail "run.json parameters.products is not 'maps,qgis'"
end

begin "products: run.json lists every file written, in one order with 1 and 2 threads"
predict all1 --threads 1
expect_rc 0
predict all2 --threads 2
expect_rc 0
[ "$(outputs "$T/all1")" = "$(files "$T/all1")" ] ||
	fail "outputs and files differ: $(outputs "$T/all1" | tr '\n' ' ') / $(files "$T/all1" | tr '\n' ' ')"
# the order itself (not sorted): the writers' fixed order
"$PY" - "$T/all1/run.json" "$T/all2/run.json" >"$T/py.out" 2>&1 <<'PY' || fail "$(cat "$T/py.out")"
import json, sys
a, b = (json.load(open(p))["outputs"] for p in sys.argv[1:3])
assert a == b, (a, b)
# the documented order: maps, KMZ, stats and service maps, then the GIS
# products, project.qgs last but for run.json
order = ["rsrp.tif", "sinr.tif", "rsrq.tif", "overlap.tif", "best_server.tif", "rsrp.kmz",
         "stats.csv", "cqi.tif", "hillshade.tif", "rsrp.png", "coverage.gpkg", "project.qgs",
         "run.json"]
idx = [a.index(n) for n in order]
assert idx == sorted(idx), idx
PY
end

begin "products: the maps' pixels do not depend on the products or the threads"
"$PY" - "$T" >"$T/py.out" 2>&1 <<'PY' || fail "$(cat "$T/py.out")"
import sys
from osgeo import gdal
t = sys.argv[1]
def px(d, f):
    ds = gdal.Open("%s/%s/%s" % (t, d, f))
    return ds.GetRasterBand(1).ReadRaster()
for f in ["rsrp.tif", "sinr.tif", "rsrq.tif", "overlap.tif", "best_server.tif"]:
    assert px("all1", f) == px("all2", f) == px("maps", f), f
for f in ["cqi.tif", "ul_sinr.tif", "throughput_dl_mbps.tif"]:
    assert px("all1", f) == px("all2", f) == px("only_service", f), f
assert px("all1", "hillshade.tif") == px("only_hillshade", "hillshade.tif")
PY
end

begin "products: the readable rsrp.png is the same without hillshade.tif"
"$PY" - "$T/all1/rsrp.png" "$T/only_png/rsrp.png" >"$T/py.out" 2>&1 <<'PY' || fail "$(cat "$T/py.out")"
import sys
from osgeo import gdal
a, b = (gdal.Open(p) for p in sys.argv[1:3])
assert a.RasterCount == b.RasterCount
for i in range(1, a.RasterCount + 1):
    assert a.GetRasterBand(i).ReadRaster() == b.GetRasterBand(i).ReadRaster(), i
PY
end

begin "products: the batch key products selects a region's products and is checked"
mkdir -p "$T/p/island"
cp "$S"/* "$T/p/island/"
cat >"$T/p/plan.json" <<'JSON'
{
  "defaults": { "sites": "island/sites_acma.csv",
                "predict": { "model": "hata", "radius_km": 2, "products": "maps,stats" } },
  "regions": [ { "name": "r", "dem": "island/dem_mga48.tif" } ]
}
JSON
run "$RFPLAN" batch "$T/p/plan.json" -o "$T/b" -q
expect_rc 0
expect_file "$T/b/r/predict/rsrp.tif"
expect_file "$T/b/r/predict/stats.csv"
expect_no_file "$T/b/r/predict/coverage.gpkg"
expect_no_file "$T/b/r/predict/cqi.tif"
sed 's/maps,stats/maps,stat/' "$T/p/plan.json" >"$T/p/bad.json"
run "$RFPLAN" batch "$T/p/bad.json" -o "$T/b2" -q
expect_rc 1
expect_err "defaults.predict.products: unknown product 'stat' (did you mean 'stats'?"
end
