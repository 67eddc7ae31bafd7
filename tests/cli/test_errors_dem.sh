#!/bin/sh
# Bad rasters (doc/errors.md, "DEM" and "Clutter raster"): truncated, corrupt,
# empty or non-raster files, a DEM that is all voids, large voids, NaN and
# inf heights, a corrupt clutter raster.  Each bad input: one message naming
# the file, exit 1, no workspace and no temporary directory left behind.
# Voids, NaN and inf are made with python3 (raw Float32 + ENVI header, then
# gdal_translate), so the expected void counts are known by construction.
. "$(dirname "$0")/lib.sh"
plan 12
need_rfplan

for tool in gdal_create gdal_translate gdalinfo python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip_tool_rest "$tool not installed"
		exit 0
	fi
done

# nothing_written DIR: neither DIR nor a temporary or old sibling exists.
# 200 x 200 pixels of 0.0005 deg over 147.0..147.1 E, 42.0..42.1 S, 100 m.
setup gdal_create -q -of GTiff -ot Float32 -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 100 "$T/flat.tif"
# mkdem NAME KIND: the same grid from raw Float32 values; nodata -9999.
#   halfvoid: columns 0..149 nodata (75% voids); allvoid: every pixel nodata;
#   nan: pixels with (row + col) % 7 == 0 are NaN; inf: row 100 is +inf.
mkdem() {
	python3 - "$T/$1" "$2" <<'EOF'
import struct, sys
out, kind = sys.argv[1], sys.argv[2]
v = []
for r in range(200):
    for c in range(200):
        z = 100.0
        if kind == 'halfvoid' and c < 150: z = -9999.0
        if kind == 'allvoid': z = -9999.0
        if kind == 'nan' and (r + c) % 7 == 0: z = float('nan')
        if kind == 'inf' and r == 100: z = float('inf')
        v.append(z)
open(out + '.raw', 'wb').write(struct.pack('<%df' % len(v), *v))
open(out + '.hdr', 'w').write('ENVI\nsamples = 200\nlines = 200\nbands = 1\n'
    'header offset = 0\nfile type = ENVI Standard\ndata type = 4\ninterleave = bsq\n'
    'byte order = 0\nmap info = {Geographic Lat/Lon, 1, 1, 147.0, -42.0, 0.0005, 0.0005, WGS-84}\n')
EOF
	gdal_translate -q -of GTiff -a_srs EPSG:4326 -a_nodata -9999 "$T/$1.raw" "$T/$1.tif"
}
for k in halfvoid allvoid nan inf; do mkdem $k $k; done
printf 'id,lat,lon\nA,-42.05,147.05\nB,-42.06,147.09\n' >"$T/sites.csv"
printf 'site_id,cell_id\nB,1\n' >"$T/cellsB.csv"
printf 'site_id,cell_id\nA,1\n' >"$T/cellsA.csv"
W=$T/w

# A valid GeoTIFF cut short, and one with its first IFD offset overwritten.
head -c 700 "$T/flat.tif" >"$T/truncated.tif"
cp "$T/flat.tif" "$T/badifd.tif"
printf '\377\377\377\377' | dd of="$T/badifd.tif" bs=1 seek=4 conv=notrunc 2>/dev/null
: >"$T/empty.tif"
head -c 5000 /dev/urandom >"$T/random.tif"

for c in truncated badifd empty random; do
	begin "DEM $c GeoTIFF: exit 1 naming the file, nothing written"
	run "$RFPLAN" import --dem "$T/$c.tif" -o "$W" -q
	expect_rc 1
	expect_err "$c.tif"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one line: $(cat "$T/err")"
	nothing_written "$W"
	end
done

begin "DEM that is all voids: exit 1, 'every pixel ... is a void', nothing written"
run "$RFPLAN" import --dem "$T/allvoid.tif" -o "$W" -q
expect_rc 1
expect_err "allvoid.tif: every pixel of the 200x200 grid is a void"
nothing_written "$W"
end

begin "DEM with 75% voids: imported with a warning giving the count"
# 150 of 200 columns are nodata: 30000 of 40000 pixels (75.00%).
run "$RFPLAN" import --dem "$T/halfvoid.tif" --sites "$T/sites.csv" --sites-format generic \
	-o "$T/ws_half" -q
expect_rc 0
expect_err "30000 of 40000 pixels (75.00%) are voids"
end

begin "predict on a DEM with large voids: a site on a void is refused, one beside it works"
run "$RFPLAN" predict "$T/ws_half" --cells "$T/cellsA.csv" --radius 2 -o "$T/pA" -q
expect_rc 1
expect_err "cell A/1"
expect_err "site at -42.050000, 147.050000 is on a DEM void"
nothing_written "$T/pA"
run "$RFPLAN" predict "$T/ws_half" --cells "$T/cellsB.csv" --radius 3 -o "$T/pB" -q
expect_rc 0
expect_file "$T/pB/rsrp.tif"
# Receivers on voids are nodata (-9999, gdalinfo): every valid pixel is east
# of 147.075 (the first valid column, 150, starts at 147.0 + 150 * 0.0005;
# the bilinear import may void the last column before it too).
if [ -s "$T/pB/rsrp.tif" ]; then
	gdal_translate -q -of XYZ "$T/pB/rsrp.tif" "$T/pB.xyz"
	bad=$(awk '$3 != -9999 && $1 < 147.075 - 0.0005 { n++ } END { print n + 0 }' "$T/pB.xyz")
	[ "$bad" = 0 ] || fail "$bad RSRP values west of the void edge"
fi
end

begin "NaN heights are voids"
# Pixels with (row + col) % 7 == 0 are NaN: 200*200/7 = 5714.3, exactly 5715
# (count of r+c = 0 mod 7 for r, c in 0..199, by python below); the import's
# bilinear warp onto the same grid keeps them voids.
want=$(python3 -c 'print(sum(1 for r in range(200) for c in range(200) if (r + c) % 7 == 0))')
run "$RFPLAN" import --dem "$T/nan.tif" --sites "$T/sites.csv" --sites-format generic \
	-o "$T/ws_nan" -q
expect_rc 0
got=$(grep -o '[0-9]* of 40000 pixels' "$T/err" | awk '{ print $1 }')
{ [ -n "$got" ] && [ "$got" -ge "$want" ]; } || fail "voids reported: '$got', want at least $want"
end

begin "inf heights are voids: predict across them gives finite values only"
run "$RFPLAN" import --dem "$T/inf.tif" --sites "$T/sites.csv" --sites-format generic \
	-o "$T/ws_inf" -q
expect_rc 0
run "$RFPLAN" predict "$T/ws_inf" --cells "$T/cellsB.csv" --radius 5 -o "$T/pinf" -q
expect_rc 0
if [ -s "$T/pinf/rsrp.tif" ]; then
	# No inf/nan sneaks into the statistics (gdalinfo computes them itself).
	gdalinfo -stats "$T/pinf/rsrp.tif" >"$T/stats.txt" 2>&1
	grep -qiE 'STATISTICS_(MAXIMUM|MINIMUM|MEAN)=.*(inf|nan)' "$T/stats.txt" &&
		fail "non-finite RSRP: $(grep STATISTICS "$T/stats.txt" | tr '\n' ' ')"
	grep -q 'STATISTICS_MAXIMUM' "$T/stats.txt" || fail "no statistics (empty map?)"
	# The model never refused a pixel because of a non-number height.
	grep -q 'not a number' "$T/err" && fail "a height reached the model as a non-number"
else
	fail "no rsrp.tif"
fi
end

# Clutter: a corrupt raster, and a class table with a non-numeric loss.
setup gdal_create -q -of GTiff -ot Byte -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 1 "$T/clutter.tif"
head -c 600 "$T/clutter.tif" >"$T/clutter_trunc.tif"
printf 'code,name,loss_db,height_m\n1,Open,0,0\n' >"$T/classes.csv"

begin "clutter truncated GeoTIFF: exit 1 naming it, nothing written"
run "$RFPLAN" import --dem "$T/flat.tif" --clutter "$T/clutter_trunc.tif" \
	--clutter-classes "$T/classes.csv" -o "$W" -q
expect_rc 1
expect_err "clutter_trunc.tif"
nothing_written "$W"
end

begin "clutter not a raster: exit 1 naming it, nothing written"
run "$RFPLAN" import --dem "$T/flat.tif" --clutter "$T/classes.csv" \
	--clutter-classes "$T/classes.csv" -o "$W" -q
expect_rc 1
expect_err "classes.csv"
nothing_written "$W"
end

begin "clutter raster that does not overlap the DEM: exit 1, nothing written"
setup gdal_create -q -of GTiff -ot Byte -outsize 10 10 -a_srs EPSG:4326 \
	-a_ullr 10.0 10.0 10.1 9.9 -burn 1 "$T/clutter_far.tif"
run "$RFPLAN" import --dem "$T/flat.tif" --clutter "$T/clutter_far.tif" \
	--clutter-classes "$T/classes.csv" -o "$W" -q
expect_rc 1
expect_err "clutter_far.tif"
nothing_written "$W"
end
