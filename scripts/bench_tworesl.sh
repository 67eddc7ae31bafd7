#!/bin/bash
# Two resolutions per cell and profiles that follow the resolution
# (doc/engine.md; figures in doc/performance.md): on real rugged terrain,
# the exact single-resolution path loss against --main-radius M --ext-res R,
# and against --profile-spacing N, ITM, one cell: median, p90, p99 and max
# of |dB| over the pixels beyond the main radius (beyond N - 1 pitches), and
# the times: run.json's path-loss stage (wall) and the run's CPU time
# (user + system, less sensitive to other load), cold runs, --no-cache; the
# extended workspace's resampled DEM is made once before.
#
# usage: scripts/bench_tworesl.sh [--main-radius KM] [--radius KM]
#                                 [--ext-res "90 150"] [--points "257 129"]
#                                 [--threads N]
# Environment: BUILD (default build), RFPLAN (binary), RFPLAN_TESTDATA.
# Writes only in a temporary directory.  Needs /usr/bin/python3 with GDAL's
# bindings and numpy (python3-gdal).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RFPLAN=${RFPLAN:-$ROOT/${BUILD:-build}/rfplan}
DATA=${RFPLAN_TESTDATA:-$ROOT/../shared/data}
MAIN=2
RADIUS=10
EXTS="90 150"
POINTS="257 129"
THREADS=2
while [ $# -gt 0 ]; do
	case $1 in
	--main-radius) MAIN=${2:?}; shift ;;
	--radius) RADIUS=${2:?}; shift ;;
	--ext-res) EXTS=${2?}; shift ;;
	--points) POINTS=${2?}; shift ;;
	--threads) THREADS=${2:?}; shift ;;
	*) sed -n '11,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
	esac
	shift
done
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# name, DEM, import options, site lat, lon (the DEM's centre, or near it)
cases() {
	echo "qld $DATA/dem/qld_1sec_wgs84.tif -23.30 143.30"
	echo "bigtujunga $DATA/dem/bigtujunga_utm11_30m.tif 34.32 -118.15"
	echo "alps $DATA/dem/N47E009.hgt 47.15 9.75"
}

# stats A B LAT LON KM: |dB| statistics of B - A beyond KM of the site (both
# finite), and whether A and B are the same bits within it
stats() {
	/usr/bin/python3 - "$1" "$2" "$3" "$4" "$5" <<'PY'
import sys, math
import numpy as np
from osgeo import gdal
a, b = (gdal.Open(p) for p in sys.argv[1:3])
lat0, lon0, main_km = (float(v) for v in sys.argv[3:6])
za, zb = a.ReadAsArray().astype(float), b.ReadAsArray().astype(float)
gt = a.GetGeoTransform()
lon = gt[0] + (np.arange(za.shape[1]) + 0.5) * gt[1]
lat = gt[3] + (np.arange(za.shape[0]) + 0.5) * gt[5]
LON, LAT = np.meshgrid(lon, lat)
# haversine on a 6371 km sphere: the zone's edge to within a pixel
p1, p2 = np.radians(lat0), np.radians(LAT)
h = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(np.radians(LON - lon0) / 2) ** 2
d_km = 2 * 6371.0 * np.arcsin(np.sqrt(h))
zone = (d_km > main_km * 1.01) & np.isfinite(za) & np.isfinite(zb)
e = np.abs(zb - za)[zone]
inner = (d_km < main_km * 0.99) & np.isfinite(za)
same = bool(np.array_equal(za[inner], zb[inner]))
print("%d %.2f %.2f %.2f %.2f %s" % (e.size, np.median(e), np.percentile(e, 90),
      np.percentile(e, 99), e.max(), "yes" if same else "NO"))
PY
}

run() {   # ws out [options]: "WALL/CPU": run.json's path-loss seconds, the run's CPU seconds
	local ws=$1 out=$2 TIMEFORMAT='%3U %3S'
	shift 2
	{ time "$RFPLAN" predict "$ws" -o "$out" -q --force --threads "$THREADS" --model itm \
		--radius "$RADIUS" --per-cell --products maps --default-cell \
		height_agl_m=30,frequency_mhz=900 "$@" 2>/dev/null; } 2>"$TMP/time"
	/usr/bin/python3 -c 'import json, sys
print("%.2f/%.2f" % (json.load(open(sys.argv[1] + "/run.json"))["timings_s"]["pathloss"],
      sum(float(v) for v in open(sys.argv[2]).read().split())))' "$out" "$TMP/time"
}
ratio() { echo "$1 $2" | tr '/' ' ' | awk '{ printf "%.1f/%.1f", $1 / $3, $2 / $4 }'; }

echo "| terrain | ext. res | pixels beyond ${MAIN} km | median | p90 | p99 | max | exact s (path loss / CPU) | two-res s | speed-up | inner bit-identical |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
cases | while read -r name dem lat lon; do
	printf 'site_id,name,lat,lon\nS,s,%s,%s\n' "$lat" "$lon" > "$TMP/sites.csv"
	"$RFPLAN" import --dem "$dem" --res 30m --sites "$TMP/sites.csv" --sites-format generic \
		--col-id site_id --col-name name --col-lat lat --col-lon lon \
		--margin "$((RADIUS + 1))" -o "$TMP/$name" -q 2>/dev/null
	te=$(run "$TMP/$name" "$TMP/$name-exact" --no-cache)
	for r in $EXTS; do
		# the extended workspace (a resampled DEM, made once) before timing
		run "$TMP/$name" "$TMP/$name-warm" --ext-res "${r}m" \
			--radius 0.5 --main-radius 0.2 >/dev/null 2>&1 || true
		t2=$(run "$TMP/$name" "$TMP/$name-$r" --no-cache --main-radius "$MAIN" \
			--ext-res "${r}m")
		read -r n med p90 p99 mx same < <(stats "$TMP/$name-exact/pathloss_S_1.tif" \
			"$TMP/$name-$r/pathloss_S_1.tif" "$lat" "$lon" "$MAIN")
		echo "| $name | $r m | $n | $med | $p90 | $p99 | $mx | $te | $t2 |" \
			"$(ratio "$te" "$t2") | $same |"
	done
	for pts in $POINTS; do
		# the spacing grows beyond (pts - 1) pitches of 30 m
		zone=$(echo "$pts" | awk '{ printf "%.2f", ($1 - 1) * 0.030 }')
		t2=$(run "$TMP/$name" "$TMP/$name-p$pts" --no-cache --profile-spacing "$pts")
		read -r n med p90 p99 mx same < <(stats "$TMP/$name-exact/pathloss_S_1.tif" \
			"$TMP/$name-p$pts/pathloss_S_1.tif" "$lat" "$lon" "$zone")
		echo "$name $pts $zone $n $med $p90 $p99 $mx $te $t2 $same" >>"$TMP/spacing"
	done
done
echo
echo "--profile-spacing N against the DEM's pitch (radius ${RADIUS} km, errors beyond (N-1) x 30 m):"
echo
echo "| terrain | points | from km | pixels | median | p90 | p99 | max | exact s (path loss / CPU) | spaced s | speed-up | nearer bit-identical |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
while read -r name pts zone n med p90 p99 mx te t2 same; do
	echo "| $name | $pts | $zone | $n | $med | $p90 | $p99 | $mx | $te | $t2 |" \
		"$(ratio "$te" "$t2") | $same |"
done <"$TMP/spacing"
