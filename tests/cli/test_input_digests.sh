#!/bin/sh
# The digests of a run's inputs (doc/performance.md, "Each input hashed
# once"): a run hashes each file once and passes the digest on (run.json,
# the path-loss matrices' key, the hillshade's key), so run.json's digests
# must still be the files' own, checked here against coreutils' sha256sum
# and stat; and a dem.tif rewritten in place between two runs with the same
# size and a new mtime must reuse no matrix and no hillshade, while one only
# touched (same bytes) reuses both: the keys follow the content, not the
# file's date.  Maps are compared with a --no-cache run by the pixel digest
# of scripts/map-digest.sh (island_lib.sh's digest).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/island_lib.sh"
plan 3
need_rfplan

island_setup python3-gdal "from osgeo import gdal"
P="--model itm --radius 3 -q"

# recorded DIR: "path sha256 bytes" of every input in DIR/run.json
recorded() {
	/usr/bin/python3 -c 'import json, sys
for i in json.load(open(sys.argv[1] + "/run.json"))["inputs"]:
    print(i["path"], i["sha256"], i["bytes"])' "$1"
}
# dem_sha DIR: run.json's sha256 of its dem.tif
dem_sha() { recorded "$1" | awk '$1 ~ /\/dem\.tif$/ { print $2 }'; }
hillshades() { find "$1/hillshade" -name '*.tif' | wc -l; }

begin "digests: run.json's sha256 and bytes of every input are sha256sum's and stat's"
predict cold --cells "$T/cells.csv"
expect_rc 0
recorded "$T/cold" >"$T/inputs"
# the workspace's five files, cells.csv and the antenna
n=$(wc -l <"$T/inputs")
[ "$n" = 7 ] || fail "run.json lists $n inputs, want 7: $(cat "$T/inputs")"
grep -q "^$T/ws/dem.tif " "$T/inputs" || fail "run.json lists no $T/ws/dem.tif"
while read -r path sha bytes; do
	want=$(sha256sum "$path" | cut -d ' ' -f 1)
	[ "$sha" = "$want" ] || fail "$path: run.json sha256 $sha, sha256sum $want"
	[ "$bytes" = "$(stat -c %s "$path")" ] || fail "$path: run.json $bytes bytes, stat $(stat -c %s "$path")"
done <"$T/inputs"
end

# a workspace whose dem.tif is an uncompressed GeoTIFF (dem_a.tif), and the
# same with a 40 x 40 block raised 50 m (dem_b.tif): the same layout, so
# the same size, other bytes
cp -r "$T/ws" "$T/wsu"
rm -rf "$T/wsu/pathloss" "$T/wsu/hillshade"
/usr/bin/python3 - "$T/ws/dem.tif" "$T/dem_a.tif" "$T/dem_b.tif" <<'PY'
import sys
from osgeo import gdal
src, a, b = sys.argv[1:]
for path, raise_m in ((a, 0), (b, 50)):
    ds = gdal.Translate(path, src, creationOptions=["COMPRESS=NONE"])
    band = ds.GetRasterBand(1); v = band.ReadAsArray()
    y, x = v.shape[0] // 2, v.shape[1] // 2
    v[y - 20:y + 20, x - 20:x + 20] += raise_m
    band.WriteArray(v); ds = None
PY
cp "$T/dem_a.tif" "$T/wsu/dem.tif"

begin "digests: dem.tif rewritten in place (same size, other bytes, new mtime) between two runs: no matrix or hillshade reused"
WS="$T/wsu" predict u1 --cells "$T/cells.csv"
expect_rc 0
[ "$(uses "$T/u1")" = "computed=9" ] || fail "first run: $(uses "$T/u1"), want computed=9"
ino=$(stat -c %i "$T/wsu/dem.tif")
size=$(stat -c %s "$T/wsu/dem.tif")
cat "$T/dem_b.tif" >"$T/wsu/dem.tif"
touch -d '2030-01-01 00:00:00' "$T/wsu/dem.tif"
[ "$(stat -c %i.%s "$T/wsu/dem.tif")" = "$ino.$size" ] || fail "set-up: dem.tif not rewritten in place with its size"
cmp -s "$T/dem_a.tif" "$T/dem_b.tif" && fail "set-up: dem_b.tif has dem_a.tif's bytes"
WS="$T/wsu" predict u2 --cells "$T/cells.csv"
expect_rc 0
u=$(uses "$T/u2")
case "$u" in *reused*) fail "second run: $u: a matrix of the old dem.tif was reused" ;; esac
[ "$(dem_sha "$T/u2")" = "$(sha256sum "$T/wsu/dem.tif" | cut -d ' ' -f 1)" ] ||
	fail "run.json's dem.tif sha256 $(dem_sha "$T/u2") is not sha256sum's"
[ "$(hillshades "$T/wsu")" = 2 ] || fail "$(hillshades "$T/wsu") hillshades, want 2 (one per DEM)"
WS="$T/wsu" predict u2_ref --cells "$T/cells.csv" --no-cache
digest "$T/u2" >"$T/u2.dig"
digest "$T/u2_ref" >"$T/u2_ref.dig"
[ -s "$T/u2.dig" ] || fail "no map in $T/u2"
cmp -s "$T/u2.dig" "$T/u2_ref.dig" ||
	fail "maps differ from a --no-cache run: $(diff "$T/u2.dig" "$T/u2_ref.dig" | head -c 300)"
end

begin "digests: dem.tif touched (same bytes, new mtime) between two runs: every matrix and the hillshade reused"
touch -d '2031-01-01 00:00:00' "$T/wsu/dem.tif"
WS="$T/wsu" predict u3 --cells "$T/cells.csv"
expect_rc 0
[ "$(uses "$T/u3")" = "reused=9" ] || fail "run.json: $(uses "$T/u3"), want reused=9"
[ "$(hillshades "$T/wsu")" = 2 ] || fail "$(hillshades "$T/wsu") hillshades, want 2 (the touched DEM's reused)"
[ "$(dem_sha "$T/u3")" = "$(dem_sha "$T/u2")" ] || fail "run.json's dem.tif sha256 changed with the date alone"
end
