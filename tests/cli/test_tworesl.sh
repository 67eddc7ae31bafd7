#!/bin/sh
# Two resolutions per cell (doc/engine.md, "Two resolutions") on the
# bundled island sample at 60 m, ITM over 3 km, --main-radius 1
# --ext-res 180m (3 x 3 workspace pixels): within the main radius every
# cell's path loss is bit-identical to the single-resolution run's; beyond
# it, it is the bilinear interpolation of the cell's extended matrix
# (WS/pathloss/ext-*-x3/pathloss/KEY.tif, found by its RFPLAN_CELL) at the
# fine pixel centre, recomputed here with GDAL's python bindings from the
# matrix's own geotransform (pixel centre (i + 0.5, j + 0.5), the four
# neighbours' weights (1-fx)(1-fy), fx(1-fy), (1-fx)fy, fx fy); the extended
# matrices are reused by a second run and a new --ext-res makes new ones;
# tiles + merge give the single run's maps; run.json records both options;
# bad values are usage errors naming the option.  --profile-spacing N
# (doc/engine.md, "Profiles that follow the resolution"): a cap above every
# profile's length gives the default's maps; with 16 points the pixels
# within 15 DEM pitches (0.8 km < 15 x 60 m) keep their bits and farther
# ones change.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/island_lib.sh"
plan 9
need_rfplan

island_setup "python3-gdal or numpy" "from osgeo import gdal; import numpy"
P="--model itm --radius 3 -q --cells $T/cells.csv"
TR="--main-radius 1 --ext-res 180m"

# check SINGLE TWO EXTDIR: per cell, the pixels nearer than 0.99 km are
# bit-identical, those from 1.01 to 2.97 km whose four extended neighbours
# have a loss are the bilinear interpolation within 1e-3 dB (Float32 and
# the haversine's zone edge allow no more).  Prints "ok N_inner N_outer" or
# what failed.
check() {
	/usr/bin/python3 - "$1" "$2" "$3" "$T/ws/sites.csv" <<'PY'
import sys, glob, math, csv
import numpy as np
from osgeo import gdal
single, two, ext, sites_csv = sys.argv[1:5]
sites = {}
for r in csv.DictReader(open(sites_csv)):
    k = {c.lower(): c for c in r}
    sites[r[k.get("site_id", "id")]] = (float(r[k["lat"] if "lat" in k else "lat_deg"]),
                                      float(r[k["lon"] if "lon" in k else "lon_deg"]))
matrices = {}
for f in glob.glob(ext + "/pathloss/*.tif"):
    ds = gdal.Open(f)
    matrices[ds.GetMetadataItem("RFPLAN_CELL")] = ds
n_in = n_out = 0
bad = []
for f in sorted(glob.glob(two + "/pathloss_*.tif")):
    name = f.split("/")[-1][len("pathloss_"):-4]
    site, cell = name.rsplit("_", 1)
    a = gdal.Open(single + "/pathloss_" + name + ".tif").ReadAsArray()
    ds = gdal.Open(f)
    b = ds.ReadAsArray()
    gt = ds.GetGeoTransform()
    # the extended matrix of this cell, or of a sector of its site (shared)
    m = matrices.get(site + "/" + cell) or next(v for k, v in matrices.items()
                                             if k.startswith(site + "/"))
    mg, mz = m.GetGeoTransform(), m.ReadAsArray().astype(float)
    lat0, lon0 = sites[site]
    for j in range(b.shape[0]):
        for i in range(b.shape[1]):
            lon, lat = gt[0] + (i + 0.5) * gt[1], gt[3] + (j + 0.5) * gt[5]
            p1, p2 = math.radians(lat0), math.radians(lat)
            h = (math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) *
                 math.sin(math.radians(lon - lon0) / 2) ** 2)
            d = 2 * 6371.0 * math.asin(math.sqrt(h))
            if d < 0.99:
                n_in += 1
                if not (a[j, i] == b[j, i] or (np.isnan(a[j, i]) and np.isnan(b[j, i]))):
                    bad.append("inner %s (%d,%d): %r != %r" % (name, i, j, a[j, i], b[j, i]))
            elif 1.01 < d < 2.97:
                x = (lon - mg[0]) / mg[1] - 0.5
                y = (lat - mg[3]) / mg[5] - 0.5
                x0, y0 = int(math.floor(x)), int(math.floor(y))
                if x0 < 0 or y0 < 0 or x0 + 1 >= mz.shape[1] or y0 + 1 >= mz.shape[0]:
                    continue
                q = mz[y0:y0 + 2, x0:x0 + 2]
                if not np.all(np.isfinite(q)):
                    continue
                fx, fy = x - x0, y - y0
                v = (q[0, 0] * (1 - fx) * (1 - fy) + q[0, 1] * fx * (1 - fy) +
                     q[1, 0] * (1 - fx) * fy + q[1, 1] * fx * fy)
                n_out += 1
                if not abs(v - b[j, i]) < 1e-3:
                    bad.append("outer %s (%d,%d): %r, bilinear %r" % (name, i, j, b[j, i], v))
if bad or not n_in or not n_out or not matrices:
    print("FAILED %d inner %d outer %d matrices: %s" % (n_in, n_out, len(matrices),
                                                       "; ".join(bad[:3])))
else:
    print("ok %d %d" % (n_in, n_out))
PY
}

predict single --per-cell --no-cache
[ "$rc" = 0 ] || { fail_rest "set-up: single-resolution run: $(head -c 300 "$T/err")"; exit 0; }

begin "tworesl: within the main radius bit-identical, beyond it the bilinear extended loss"
# shellcheck disable=SC2086
predict two --per-cell $TR
expect_rc 0
ext=$(find "$T/ws/pathloss" -maxdepth 1 -type d -name 'ext-*-x3')
[ -n "$ext" ] || fail "no WS/pathloss/ext-*-x3 directory"
r=$(check "$T/single" "$T/two" "$ext")
case "$r" in ok*) ;; *) fail "$r" ;; esac
end

begin "tworesl: run.json records --main-radius and --ext-res"
/usr/bin/python3 -c 'import json, sys
p = json.load(open(sys.argv[1]))["parameters"]
sys.exit(0 if p["main_radius_km"] == 1 and p["ext_res_m"] == 180 else 1)' "$T/two/run.json" ||
	fail "run.json parameters lack main_radius_km 1 / ext_res_m 180"
# compare (and calibrate --prediction, neighbours, pci: the same reader)
# evaluates points by their own profile: it refuses such a prediction
# rather than report a value its interpolated map does not hold
printf 'lat,lon,rsrp_dbm\n-10.45,105.62,-90\n' >"$T/meas.csv"
"$RFPLAN" compare "$T/ws" "$T/two" --measurements "$T/meas.csv" -o "$T/cmp" -q 2>"$T/err" &&
	fail "compare accepted a two-resolution prediction"
grep -q "two resolutions (--main-radius 1" "$T/err" || fail "compare's message: $(cat "$T/err")"
[ ! -e "$T/cmp" ] || fail "compare wrote $T/cmp"
end

begin "tworesl: a second run reuses the extended matrices (same files, same maps)"
ls -l --time-style=+%s.%N "$ext/pathloss" >"$T/ls1"
# shellcheck disable=SC2086
predict two_again --per-cell $TR
expect_rc 0
ls -l --time-style=+%s.%N "$ext/pathloss" >"$T/ls2"
cmp -s "$T/ls1" "$T/ls2" || fail "the extended matrices were rewritten: $(diff "$T/ls1" "$T/ls2" | head -c 300)"
digest "$T/two" >"$T/d1"
digest "$T/two_again" >"$T/d2"
cmp -s "$T/d1" "$T/d2" || fail "maps of the second run differ"
end

begin "tworesl: another --ext-res uses its own extended matrices, never the others"
predict two240 --per-cell --main-radius 1 --ext-res 240
expect_rc 0
ext4=$(find "$T/ws/pathloss" -maxdepth 1 -type d -name 'ext-*-x4')
[ -n "$ext4" ] || fail "no WS/pathloss/ext-*-x4 directory"
r=$(check "$T/single" "$T/two240" "$ext4")
case "$r" in ok*) ;; *) fail "240 m: $r" ;; esac
ls -l --time-style=+%s.%N "$ext/pathloss" >"$T/ls3"
cmp -s "$T/ls1" "$T/ls3" || fail "the 180 m matrices changed"
end

begin "tworesl: tiles + merge give the single run's maps"
# shellcheck disable=SC2086
predict whole $TR --no-cache
mkdir -p "$T/tiles"
for k in 1 2 3; do
	# shellcheck disable=SC2086
	predict "tiles/t$k" $TR --tile "$k/3"
	[ "$rc" = 0 ] || fail "tile $k: $(head -c 300 "$T/err")"
done
run "$RFPLAN" merge -q "$T/tiles" -o "$T/merged"
expect_rc 0
digest "$T/whole" >"$T/dw"
digest "$T/merged" >"$T/dm"
[ -s "$T/dw" ] || fail "no map in $T/whole"
cmp -s "$T/dw" "$T/dm" || fail "merged maps differ: $(diff "$T/dw" "$T/dm" | head -c 300)"
end

begin "tworesl: bad values are usage errors naming the option"
for args in "--main-radius 1" "--ext-res 180m" "--main-radius 3 --ext-res 180" \
	"--main-radius 1 --ext-res abc" "--main-radius -1 --ext-res 180"; do
	# shellcheck disable=SC2086
	predict bad $args
	[ "$rc" = 2 ] || fail "'$args': exit $rc, want 2"
	case "$args" in *abc*) expect_err "ext-res" ;; *-1*|*"radius 3"*) expect_err "main-radius" ;; esac
done
end

begin "tworesl: an --ext-res not coarser than the workspace is refused, naming it"
predict bad2 --main-radius 1 --ext-res 70m
[ "$rc" = 1 ] || fail "exit $rc, want 1"
expect_err "ext-res 70 m"
expect_no_file "$T/bad2/run.json"
end

begin "profile-spacing: a cap no profile reaches gives the default maps; 16 points change only the far pixels"
predict spaced_big --per-cell --no-cache --profile-spacing 100000
expect_rc 0
digest "$T/single" >"$T/ds"
digest "$T/spaced_big" >"$T/db"
cmp -s "$T/ds" "$T/db" || fail "--profile-spacing 100000 changed the maps"
predict spaced16 --per-cell --no-cache --profile-spacing 16
expect_rc 0
/usr/bin/python3 - "$T/single" "$T/spaced16" "$T/ws/sites.csv" >"$T/sp" <<'PY'
import sys, glob, math, csv
import numpy as np
from osgeo import gdal
single, spaced, sites_csv = sys.argv[1:4]
sites = {r["site_id"]: (float(r["lat_deg"]), float(r["lon_deg"]))
         for r in csv.DictReader(open(sites_csv))}
near_diff = far_diff = 0
for f in sorted(glob.glob(spaced + "/pathloss_*.tif")):
    name = f.split("/")[-1][len("pathloss_"):-4]
    lat0, lon0 = sites[name.rsplit("_", 1)[0]]
    a = gdal.Open(single + "/pathloss_" + name + ".tif").ReadAsArray()
    ds = gdal.Open(f); b = ds.ReadAsArray(); gt = ds.GetGeoTransform()
    for j in range(b.shape[0]):
        for i in range(b.shape[1]):
            lon, lat = gt[0] + (i + 0.5) * gt[1], gt[3] + (j + 0.5) * gt[5]
            dy = (lat - lat0) * 111.2
            dx = (lon - lon0) * 111.2 * math.cos(math.radians(lat0))
            d = math.hypot(dx, dy)
            same = a[j, i] == b[j, i] or (np.isnan(a[j, i]) and np.isnan(b[j, i]))
            if d < 0.8 and not same:
                near_diff += 1
            if d > 1.2 and not same:
                far_diff += 1
print(near_diff, far_diff)
PY
read -r near far <"$T/sp"
[ "$near" = 0 ] || fail "$near pixels within 0.8 km changed"
[ "${far:-0}" -gt 0 ] || fail "no pixel beyond 1.2 km changed with 16 points"
/usr/bin/python3 -c 'import json, sys
sys.exit(0 if json.load(open(sys.argv[1]))["parameters"]["profile_points_max"] == 16 else 1)' \
	"$T/spaced16/run.json" || fail "run.json lacks profile_points_max 16"
end

begin "profile-spacing: bad values are usage errors naming the option"
for v in 5 abc 0 auto2; do
	predict bad3 --profile-spacing "$v"
	[ "$rc" = 2 ] || fail "'$v': exit $rc, want 2"
	expect_err "profile-spacing"
done
end
