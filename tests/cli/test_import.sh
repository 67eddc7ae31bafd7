#!/bin/sh
# rfplan import / rfplan info end to end: bad input (one clear line, exit 1
# or 2, nothing written), sites and cells, clipping, --force, clutter onto
# the DEM grid (WorldCover window, Queensland land cover with class 15
# missing from the table), info.  Expected values come from gdalinfo,
# gdal_translate -of XYZ + awk, or hand computations noted at each case.
. "$(dirname "$0")/../cli/lib.sh"
plan 22
need_rfplan

# nothing_written DIR: neither DIR nor DIR.tmp-* nor DIR.old-* exist.
# A synthetic 100x100 DEM over Hobart (EPSG:4326, 147.2..147.4, -42.95..-42.75).
setup gdal_create -q -of GTiff -outsize 100 100 -bands 1 -ot Float32 -burn 100 \
	-a_srs EPSG:4326 -a_ullr 147.2 -42.75 147.4 -42.95 "$T/hobart.tif"
# The same as an Arc ASCII grid without .prj (no CRS).
setup gdal_translate -q -of AAIGrid "$T/hobart.tif" "$T/nocrs.asc"
rm -f "$T/nocrs.prj" "$T"/nocrs.asc.aux.xml
cat >"$T/sites.csv" <<'EOF'
SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION
101,-42.88,147.33,"Hobart, Mt Wellington",1270
102,-42.85,147.30,Other,undefined
103,-41.0,145.0,Far away,10
EOF
printf 'site_id,cell_id\n101,A\n102,B\n' >"$T/cells.csv"
printf 'site_id,cell_id\n101,A\n999,B\n' >"$T/badcells.csv"
: >"$T/empty.csv"
printf 'SITE_ID,NAME,ELEVATION\n1,x,10\n' >"$T/nolatlon.csv"
printf 'SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION\n1,-95.2,147.3,x,10\n' >"$T/badlat.csv"
printf 'SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION\n1,-42.8x,147.3,x,10\n' >"$T/badnum.csv"
printf 'not a raster\n' >"$T/notraster.tif"
W=$T/w

begin "missing DEM file: exit 1 naming the file, nothing written"
run "$RFPLAN" import --dem "$T/nope.tif" -o "$W"
expect_rc 1
expect_err "nope.tif: no such file"
nothing_written "$W"
end

begin "not a raster: exit 1 naming the file"
run "$RFPLAN" import --dem "$T/notraster.tif" -o "$W"
expect_rc 1
expect_err "notraster.tif: not a raster"
nothing_written "$W"
end

begin "raster without a CRS needs --dem-srs"
run "$RFPLAN" import --dem "$T/nocrs.asc" -o "$W"
expect_rc 1
expect_err "nocrs.asc: the raster has no usable CRS; give one with --dem-srs"
nothing_written "$W"
run "$RFPLAN" import --dem "$T/nocrs.asc" --dem-srs EPSG:4326 -o "$W" -q
expect_rc 0
expect_file "$W/dem.tif"
rm -rf "$W"
end

begin "DEM and sites that do not overlap"
printf 'SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION\n1,-20.0,140.0,x,10\n' >"$T/far.csv"
run "$RFPLAN" import --dem "$T/hobart.tif" --sites "$T/far.csv" -o "$W"
expect_rc 1
expect_err "far.csv: DEM and sites do not overlap"
nothing_written "$W"
end

begin "--dem-band out of range"
run "$RFPLAN" import --dem "$T/hobart.tif" --dem-band 2 -o "$W"
expect_rc 1
expect_err "hobart.tif: option --dem-band: band 2 is out of range (the file has 1 band)"
nothing_written "$W"
end

for c in empty nolatlon badlat badnum; do
	begin "bad sites CSV ($c): exit 1 naming the file"
	run "$RFPLAN" import --dem "$T/hobart.tif" --sites "$T/$c.csv" -o "$W"
	expect_rc 1
	expect_err "$c.csv"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line: $(cat "$T/err")"
	nothing_written "$W"
	end
done

begin "unparseable number names the value"
run "$RFPLAN" import --dem "$T/hobart.tif" --sites "$T/badnum.csv" -o "$W"
expect_err "badnum.csv:2"
expect_err "-42.8x"
end

begin "usage errors exit 2 naming the option"
run "$RFPLAN" import --dem "$T/hobart.tif" --res 10x -o "$W"
expect_rc 2
expect_err "option --res: '10x'"
run "$RFPLAN" import --dem "$T/hobart.tif" --bounds 1,2,3 -o "$W"
expect_rc 2
expect_err "option --bounds: '1,2,3'"
run "$RFPLAN" import --dem "$T/hobart.tif"
expect_rc 2
expect_err "option -o WORKDIR is required"
run "$RFPLAN" import --dem "$T/hobart.tif" --clutter "$T/hobart.tif" -o "$W"
expect_rc 2
expect_err "option --clutter needs --clutter-classes"
run "$RFPLAN" import --frobnicate -o "$W"
expect_rc 2
expect_err "unknown option '--frobnicate'"
nothing_written "$W"
end

begin "help comes from the option table"
run "$RFPLAN" import --help
expect_rc 0
expect_out "--dem-band N"
expect_out "--margin KM"
end

begin "output path that exists and is not a workspace is never overwritten"
mkdir "$T/notws" && echo keep >"$T/notws/keep.txt"
run "$RFPLAN" import --dem "$T/hobart.tif" -o "$T/notws" --force
expect_rc 1
expect_err "notws: exists and is not an rfplan workspace"
[ "$(cat "$T/notws/keep.txt")" = keep ] || fail "keep.txt changed"
[ ! -e "$T/notws/dem.tif" ] || fail "dem.tif written into notws"
end

begin "sites and cells: counts, outside site reported by id, files written"
run "$RFPLAN" import --dem "$T/hobart.tif" --sites "$T/sites.csv" --cells "$T/cells.csv" -o "$W"
expect_rc 0
expect_err "3 sites"
expect_err "sites: 2 inside the DEM, 1 outside"
expect_err "1 site is outside the DEM: 103"
expect_err "1 undefined"
expect_file "$W/sites.csv"
cmp -s "$T/cells.csv" "$W/cells.csv" || fail "cells.csv is not a copy of --cells"
grep -q '"rfplan_workspace": 1' "$W/manifest.json" || fail "manifest lacks rfplan_workspace"
# SHA-256 of the input recorded (reference: sha256sum)
grep -q "$(sha256sum "$T/sites.csv" | cut -c1-64)" "$W/manifest.json" || fail "sites sha256 missing"
end

begin "existing workspace needs --force; --force replaces it"
run "$RFPLAN" import --dem "$T/hobart.tif" -o "$W"
expect_rc 1
expect_err "workspace exists (use --force to replace it)"
expect_file "$W/cells.csv"
run "$RFPLAN" import --dem "$T/hobart.tif" -o "$W" --force -q
expect_rc 0
expect_no_file "$W/cells.csv"
nothing_written "$W.none"
for f in "$W".tmp-* "$W".old-*; do [ -e "$f" ] && fail "left behind: $f"; done
end

begin "cells with an unknown site_id: error with the line"
run "$RFPLAN" import --dem "$T/hobart.tif" --sites "$T/sites.csv" --cells "$T/badcells.csv" -o "$T/w2"
expect_rc 1
expect_err "badcells.csv:3: column site_id: '999' is not a known site"
nothing_written "$T/w2"
end

# --bounds 147.25,-42.9,147.35,-42.8 clips the 0.002-degree grid of hobart.tif
# (aligned on its pixels): 50 x 50 pixels, west 147.25, north -42.8.
begin "--bounds clips on the source's pixel grid"
run "$RFPLAN" import --dem "$T/hobart.tif" --bounds 147.25,-42.9,147.35,-42.8 -o "$T/wb" -q
expect_rc 0
gdalinfo "$T/wb/dem.tif" >"$T/gi"
grep -q "Size is 50, 50" "$T/gi" || fail "size: $(grep 'Size is' "$T/gi")"
origin=$(awk -F'[(,)]' '/^Origin/ { print $2, $3 }' "$T/gi")
near "${origin% *}" 147.25 1e-9 "west"
near "${origin#* }" -42.8 1e-9 "north"
end

# --margin 2 around sites 101 (-42.88, 147.33) and 102 (-42.85, 147.30); 103
# is outside the DEM and ignored.  By hand: 2 km is 2000/111100 = 0.0180 deg
# of latitude and 2000/(111320 cos 42.87) = 0.0245 deg of longitude, so the
# window is 147.2755..147.3545 E, -42.898..-42.83200; the grid snaps outwards
# to hobart.tif's 0.002-degree pixels (at most one pixel more each side).
begin "--margin clips to the sites inside the DEM plus the margin"
run "$RFPLAN" import --dem "$T/hobart.tif" --sites "$T/sites.csv" --margin 2 -o "$T/wm" -q
expect_rc 0
# shellcheck disable=SC2046 # split "w h west north"
set -- $(gdalinfo "$T/wm/dem.tif" | awk -F'[(,) ]+' '/^Size is/ { print $3, $4 } /^Origin/ { print $3, $4 }')
w=$1 h=$2 west=$3 north=$4
awk -v w="$w" -v h="$h" -v x="$west" -v y="$north" 'BEGIN {
	e = x + w * 0.002; s = y - h * 0.002
	exit !(x <= 147.2755 && x > 147.2735 && e >= 147.3545 && e < 147.3565 &&
	       y >= -42.8321 && y < -42.8299 && s <= -42.898 && s > -42.9001) }' ||
	fail "grid $w x $h from $west,$north"
end

begin "info prints the summary and --json the manifest"
run "$RFPLAN" import --dem "$T/hobart.tif" --sites "$T/sites.csv" -o "$T/wi" -q
run "$RFPLAN" info "$T/wi"
expect_rc 0
expect_out "grid      100 x 100 pixels"
expect_out "sites     3"
run "$RFPLAN" info "$T/wi" --json
expect_rc 0
expect_out '"rfplan_workspace": 1'
run "$RFPLAN" info "$T/notws"
expect_rc 1
expect_err "notws: not an rfplan workspace"
end

if ! have_data; then
	skip_data_rest "real test data not found ($DATA)"
	exit 0
fi

# count_class FILE CODE: pixels of CODE in a raster (gdal_translate -of XYZ).
count_class() {
	gdal_translate -q -of XYZ "$1" "$T/xyz.txt"
	awk -v c="$2" '$3 == c { n++ } END { print n + 0 }' "$T/xyz.txt"
}
same_grid() {
	a=$(gdalinfo "$1" | grep -E '^(Size is|Origin|Pixel Size)')
	b=$(gdalinfo "$2" | grep -E '^(Size is|Origin|Pixel Size)')
	[ "$a" = "$b" ] || fail "grids differ: $a / $b"
}

# A 150x150 DEM over Sao Tome island, inside the WorldCover tile N00E006.
begin "clutter window of the 36000x36000 WorldCover tile on the DEM grid"
gdal_create -q -of GTiff -outsize 150 150 -bands 1 -ot Float32 -burn 100 \
	-a_srs EPSG:4326 -a_ullr 6.6 0.35 6.65 0.30 "$T/saotome.tif"
printf 'code,name,loss_db,height_m\n10,Tree cover,10,15\n20,Shrubland,5,3\n40,Cropland,3,1\n50,Built-up,15,10\n80,Water,0,0\n' >"$T/wc.csv"
run "$RFPLAN" import --dem "$T/saotome.tif" --clutter "$DATA/clutter/esa_worldcover_2021_N00E006.tif" \
	--clutter-classes "$T/wc.csv" -o "$T/wc"
expect_rc 0
same_grid "$T/wc/dem.tif" "$T/wc/clutter.tif"
gdal_translate -q -of XYZ "$T/wc/clutter.tif" "$T/wcx.txt"
# WorldCover legend: 10..100 in steps of 10 and 95; nodata 0 -> 65535.
bad=$(awk '$3 != 65535 && !($3 % 10 == 0 && $3 >= 10 && $3 <= 100) && $3 != 95' "$T/wcx.txt" | wc -l)
[ "$bad" -eq 0 ] || fail "$bad pixels with codes outside the WorldCover legend"
n10=$(awk '$3 == 10 { n++ } END { print n + 0 }' "$T/wcx.txt")
[ "$n10" -gt 10000 ] || fail "only $n10 tree-cover pixels over Sao Tome"
# Grassland (30) is absent from wc.csv: reported with its pixel count.
n30=$(awk '$3 == 30 { n++ } END { print n + 0 }' "$T/wcx.txt")
if [ "$n30" -gt 0 ]; then expect_err "clutter class 30 ($n30 pixels"; else fail "no class 30 in the window"; fi
cmp -s "$T/wc.csv" "$T/wc/clutter_classes.csv" || fail "clutter_classes.csv differs from the table"
end

# Queensland: GA's class table (CATEGORY,DESCRIPTION,...) has no loss_db or
# height_m and no class 15, so the test mirrors its classes 5/6/12/14.
printf 'code,name,loss_db,height_m\n5,Forest (GA class 5),8,10\n6,Open forest (GA class 6),6,8\n12,Grassland (GA class 12),1,0.5\n14,Bare (GA class 14),0,0\n' >"$T/qld.csv"

begin "Queensland DEM (GDA94/MGA54) + land cover: same grid, GA codes"
run "$RFPLAN" import --dem "$DATA/dem/qld_gda94_mga54_30m.tif" --clutter "$DATA/clutter/qld_landcover_wgs84.tif" \
	--clutter-classes "$T/qld.csv" -o "$T/q"
expect_rc 0
same_grid "$T/q/dem.tif" "$T/q/clutter.tif"
gdal_translate -q -of XYZ "$T/q/clutter.tif" "$T/qx.txt"
bad=$(awk '$3 != 5 && $3 != 6 && $3 != 12 && $3 != 14 && $3 != 15 && $3 != 65535' "$T/qx.txt" | wc -l)
[ "$bad" -eq 0 ] || fail "$bad pixels with codes that are not GA classes"
end

# The land cover's class 15 pixels lie south-east of both GA DEMs (e.g.
# 143.49..143.53 E, -23.68..-23.64 S): a DEM made there shows the warning.
begin "land cover class 15 missing from the table is reported with its pixel count"
gdal_create -q -of GTiff -outsize 120 120 -bands 1 -ot Float32 -burn 200 \
	-a_srs EPSG:4326 -a_ullr 143.47 -23.63 143.53 -23.69 "$T/q15.tif"
run "$RFPLAN" import --dem "$T/q15.tif" --clutter "$DATA/clutter/qld_landcover_wgs84.tif" \
	--clutter-classes "$T/qld.csv" -o "$T/q15"
expect_rc 0
n15=$(count_class "$T/q15/clutter.tif" 15)
if [ "$n15" -gt 0 ]; then expect_err "clutter class 15 ($n15 pixels"; else fail "no class 15 in the window"; fi
grep -q '"code": 15' "$T/q15/manifest.json" || fail "class 15 not in the manifest's missing_classes"
end
