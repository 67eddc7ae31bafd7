#!/bin/sh
# rfplan viewshed: agreement with gdal_viewshed on a real projected DEM,
# thread independence, and usage errors.
. "$(dirname "$0")/../cli/lib.sh"
plan 4
need_rfplan

SRC="$DATA/dem/bigtujunga_utm11_30m.tif"
# Observer at the DEM's centre (UTM 11N), its WGS84 position from
# gdaltransform below; 30 m observer, 1.5 m target, 21 km (the half
# diagonal is 20.4 km: every pixel in range), gdal_viewshed's default
# curvature coefficient 0.85714 = 1 - 1/7, i.e. k = 1 / 0.85714 = 7/6.
OX=394268.655
OY=3798272.828

if [ ! -f "$SRC" ]; then
	skip_data_rest "no $SRC (real test data absent)"
	exit 0
fi
if ! command -v gdal_viewshed >/dev/null 2>&1; then
	skip_tool_rest "gdal_viewshed not installed (gdal-bin)"
	exit 0
fi

LL=$(echo "$OX $OY" | gdaltransform -s_srs EPSG:32611 -t_srs EPSG:4326 -output_xy)
LON=${LL% *}
LAT=${LL#* }
printf 'site_id,lat,lon\nC,%s,%s\n' "$LAT" "$LON" > "$T/sites.csv"
setup "$RFPLAN" import -q --dem "$SRC" --sites "$T/sites.csv" --sites-format generic \
	--col-id site_id --col-lat lat --col-lon lon -o "$T/ws"

begin "viewshed vs gdal_viewshed (bigtujunga): share of agreeing pixels"
run "$RFPLAN" viewshed "$T/ws" --site C --height 30 --rx-height 1.5 --radius 21 \
	--k-factor 1.1666667 -o "$T/vs.tif" --threads 2
expect_rc 0
expect_file "$T/vs.tif"
expect_file "$T/vs.qml"
gdal_viewshed -q -ox $OX -oy $OY -oz 30 -tz 1.5 -md 21000 -cc 0.85714 "$SRC" "$T/gvs.tif" \
	>/dev/null 2>&1 || fail "gdal_viewshed failed"
# Sample rfplan's EPSG:4326 map at gdal_viewshed's pixel centres (nearest
# rfplan pixel) on gdal_viewshed's own grid, then compare value by value
# where the source DEM has data and rfplan has a value (not nodata 128).
# shellcheck disable=SC2046 # split "width height", then "x y"
set -- $(gdalinfo "$SRC" | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1 \2/p')
W=$1
H=$2
# shellcheck disable=SC2046
set -- $(gdalinfo "$SRC" | sed -n 's/^Origin = (\([-0-9.]*\),\([-0-9.]*\))/\1 \2/p')
X0=$1
Y1=$2
X1=$(awk -v a="$X0" -v w="$W" 'BEGIN { printf "%.6f", a + 30 * w }')
Y0=$(awk -v a="$Y1" -v h="$H" 'BEGIN { printf "%.6f", a - 30 * h }')
gdalwarp -q -t_srs EPSG:32611 -te "$X0" "$Y0" "$X1" "$Y1" -ts "$W" "$H" -r near \
	-dstnodata 128 "$T/vs.tif" "$T/vs_utm.tif" >/dev/null 2>&1 || fail "gdalwarp failed"
gdal_translate -q -of XYZ "$T/gvs.tif" "$T/g.xyz" >/dev/null 2>&1
gdal_translate -q -of XYZ "$T/vs_utm.tif" "$T/r.xyz" >/dev/null 2>&1
gdal_translate -q -of XYZ "$SRC" "$T/d.xyz" >/dev/null 2>&1
paste -d' ' "$T/g.xyz" "$T/r.xyz" "$T/d.xyz" | awk '
	$9 != 32767 && $6 != 128 { n++; if (($3 > 0) == ($6 == 255)) a++; g += $3 > 0; r += $6 == 255 }
	END { printf "%d %d %d %d\n", n, a, g, r }' > "$T/agree"
read -r N A G R < "$T/agree"
share=$(awk -v n="$N" -v a="$A" 'BEGIN { printf "%.2f", n ? 100 * a / n : 0 }')
echo "  viewshed vs gdal_viewshed: $A of $N pixels agree ($share%); visible: gdal_viewshed $G, rfplan $R" >&2
# Threshold (doc/viewshed.md): the two differ only near visibility
# boundaries (gdal_viewshed's reference-plane approximation on the UTM grid
# vs rfplan's exact profiles on the resampled EPSG:4326 grid); about 5% of
# the pixels of this map touch a boundary (a neighbour of the other class),
# so anything under 95% would mean a real disagreement.
[ "$N" -gt 700000 ] || fail "only $N pixels compared"
awk -v s="$share" 'BEGIN { exit !(s >= 95) }' || fail "only $share% of pixels agree"
# visible counts within 10% of each other
awk -v g="$G" -v r="$R" 'BEGIN { d = g - r; if (d < 0) d = -d; exit !(d <= 0.1 * g) }' ||
	fail "visible pixels: gdal_viewshed $G, rfplan $R"
end

begin "viewshed: 1 and 2 threads give identical files"
run "$RFPLAN" viewshed "$T/ws" --site C --radius 10 -o "$T/t1.tif" --threads 1 -q
expect_rc 0
run "$RFPLAN" viewshed "$T/ws" --site C --radius 10 -o "$T/t2.tif" --threads 2 -q
expect_rc 0
cmp -s "$T/t1.tif" "$T/t2.tif" || fail "t1.tif and t2.tif differ"
end

begin "viewshed: --at and --flat-earth; map values are 0, 255 and nodata 128"
run "$RFPLAN" viewshed "$T/ws" --at "$LAT,$LON" --flat-earth --radius 5 -o "$T/at.tif" -q
expect_rc 0
gdalinfo "$T/at.tif" > "$T/info" 2>&1
grep -q "NoData Value=128" "$T/info" || fail "no nodata 128 in at.tif"
grep -q "Type=Byte" "$T/info" || fail "at.tif is not Byte"
end

begin "viewshed: usage errors exit 2 naming the option"
run "$RFPLAN" viewshed "$T/ws" --site NOPE -o "$T/x.tif"
expect_rc 2
expect_err "site"
expect_err "NOPE"
run "$RFPLAN" viewshed "$T/ws" --at 10,10 -o "$T/x.tif"
expect_rc 2
expect_err "option --at"
expect_err "outside the DEM"
run "$RFPLAN" viewshed "$T/ws" --site C --height abc -o "$T/x.tif"
expect_rc 2
expect_err "height"
run "$RFPLAN" viewshed "$T/ws" --site C --radius -3 -o "$T/x.tif"
expect_rc 2
expect_err "radius"
run "$RFPLAN" viewshed "$T/ws" --site C --k-factor 0 -o "$T/x.tif"
expect_rc 2
expect_err "k-factor"
run "$RFPLAN" viewshed "$T/ws" --site C
expect_rc 2
expect_err "output"
run "$RFPLAN" viewshed "$T/ws" --site C --at 1,2 -o "$T/x.tif"
expect_rc 2
expect_no_file "$T/x.tif"
end
