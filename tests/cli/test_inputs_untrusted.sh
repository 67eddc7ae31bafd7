#!/bin/sh
# Files that others send (doc/errors.md, "Files from others"; issue 18
# points 7, 8, 11 and issue 23 points 5, 11): unknown columns and keys named
# with the nearest known name, DEM heights in feet converted to metres, a
# cell whose site is outside the DEM refused at import, inputs that are not
# regular files or are too large refused before they are read, bytes that
# are not UTF-8 refused with file, line and column.  The bad inputs are
# planted in $T/in; each refusal leaves no workspace or output behind and
# $T/in as it was (a listing with sizes and SHA-256 compared).
. "$(dirname "$0")/lib.sh"
plan 21
need_rfplan

if ! command -v gdal_create >/dev/null 2>&1 || ! command -v gdal_translate >/dev/null 2>&1; then
	skip_tool_rest "gdal_create / gdal_translate not installed (gdal-bin)"
	exit 0
fi

I=$T/in
W=$T/w
mkdir "$I"
setup gdal_create -q -of GTiff -ot Float32 -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 100 "$I/flat.tif"
setup gdal_create -q -of GTiff -ot Byte -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 1 "$I/clutter.tif"
H='SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION'
# site 3 is 1 degree south of the DEM (its south edge is -42.1)
printf '%s\n1,-42.05,147.05,a,100\n2,-42.06,147.06,b,100\n3,-43.05,147.05,c,0\n' "$H" \
	>"$I/sites.csv"

snapshot() { (cd "$I" && find . -type f -exec sha256sum {} + | sort); }
# refused WANT...: exit 1, each WANT in stderr, no workspace $W, $T/in
# unchanged.  usage_refused: the same with exit 2 (a bad option value).
refused() { refused_rc 1 "$@"; }
usage_refused() { refused_rc 2 "$@"; }
refused_rc() {
	expect_rc "$1"
	shift
	for want in "$@"; do expect_err "$want"; done
	nothing_written "$W"
	[ "$(snapshot)" = "$before" ] || fail "the inputs in $I changed"
}
before=$(snapshot)

# --- 18.7: unknown columns and keys ---------------------------------------
# azimuth_dg -> azimuth_deg is one insertion; every other cells.csv column
# is at least 8 edits away.
printf 'site_id,cell_id,azimuth_dg\n1,A,90\n' >"$I/c_az.csv"
begin "cells.csv: unknown column azimuth_dg named with azimuth_deg"
run "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/sites.csv" --cells "$I/c_az.csv" -o "$W" -q
before=$(snapshot)
refused "c_az.csv:1: column 3 'azimuth_dg' is not a known column (did you mean 'azimuth_deg'?)"
end

# freq_mhz -> frequency_mhz: 5 insertions ("uency"); gain_dbi, pci and the
# others are 6 or more away.
printf 'site_id,cell_id,freq_mhz\n1,A,800\n' >"$I/c_freq.csv"
before=$(snapshot)
begin "cells.csv: unknown column freq_mhz named with frequency_mhz"
run "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/sites.csv" --cells "$I/c_freq.csv" -o "$W" -q
refused "c_freq.csv:1: column 3 'freq_mhz' is not a known column (did you mean 'frequency_mhz'?)"
end

printf 'code,name,loss_db,hieght_m\n1,open,0,0\n' >"$I/classes.csv"
before=$(snapshot)
begin "class table: misspelt hieght_m named with height_m"
run "$RFPLAN" import --dem "$I/flat.tif" --clutter "$I/clutter.tif" \
	--clutter-classes "$I/classes.csv" -o "$W" -q
refused "classes.csv:1: column 4 'hieght_m' is not a known column (did you mean 'height_m'?)"
end

printf 'id,latt,lon\n1,-42.05,147.05\n' >"$I/generic.csv"
before=$(snapshot)
begin "generic sites: --col-lat names a column the file lacks, nearest header named"
run "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/generic.csv" --sites-format generic \
	--col-lat lat -o "$W" -q
refused "generic.csv:1: no latitude column 'lat' (did you mean 'latt'?)"
end

printf '{"regions":[{"name":"a","dem":"flat.tif","predikt":{}}]}' >"$I/plan.json"
before=$(snapshot)
begin "batch plan: unknown key predikt named with predict"
run "$RFPLAN" batch "$I/plan.json" -o "$W" -q
refused "plan.json: regions\[0\].predikt: unknown key (did you mean 'predict'?"
end

setup "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/sites.csv" -o "$T/ws" -q
printf '{"k1":22,"k2":44.9,"k3":5.83,"k4":1,"k5":-6.55,"k6":0,"k7":0,"distance_units":"m"}' \
	>"$I/spm.json"
before=$(snapshot)
begin "SPM model file: unknown key distance_units named with distance_unit"
run "$RFPLAN" predict "$T/ws" --model spm --spm-file "$I/spm.json" -o "$W" -q
usage_refused "option --spm-file: $I/spm.json: key 'distance_units' is not a key of an SPM model file (did you mean 'distance_unit'?)"
end

# --- 18.8: DEM heights in feet ---------------------------------------------
# dem_in_unit NAME UNIT: a 1000-unit flat DEM whose band says UNIT (set in
# a VRT, copied into the GeoTIFF by gdal_translate).
dem_in_unit() {
	gdal_translate -q -of VRT "$I/src1000.tif" "$T/$1.vrt" &&
		sed "s|<ColorInterp>|<UnitType>$2</UnitType><ColorInterp>|" "$T/$1.vrt" \
			>"$T/$1u.vrt" &&
		gdal_translate -q "$T/$1u.vrt" "$I/$1.tif" &&
		gdalinfo "$I/$1.tif" | grep -q "Unit Type: $2"
}
setup gdal_create -q -of GTiff -ot Float32 -outsize 50 50 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 1000 "$I/src1000.tif"
setup dem_in_unit ft ft
setup dem_in_unit usft "US survey foot"
setup dem_in_unit furlong furlong
height() { gdallocationinfo -valonly "$1/dem.tif" 10 10; }

# 1000 ft x 0.3048 m/ft (exact, 1959 international foot) = 304.8 m
begin "DEM in international feet: heights x 0.3048, conversion in the manifest"
run "$RFPLAN" import --dem "$I/ft.tif" -o "$T/wft" -q
expect_rc 0
near "$(height "$T/wft")" "$(awk 'BEGIN { printf "%.6f", 1000 * 0.3048 }')" 1e-4 "height (m)"
expect_file "$T/wft/manifest.json"
grep -q '"from_unit": "ft"' "$T/wft/manifest.json" || fail "manifest lacks from_unit ft"
gdalinfo "$T/wft/dem.tif" | grep -q "Unit Type: m" || fail "dem.tif not marked as metres"
end

# 1000 US survey ft x 1200/3937 m = 304.8006096 m (0.0006 m above the
# international value, 20 times the float32 step at 305 m)
begin "DEM in US survey feet: heights x 1200/3937"
run "$RFPLAN" import --dem "$I/usft.tif" -o "$T/wusft" -q
expect_rc 0
near "$(height "$T/wusft")" "$(awk 'BEGIN { printf "%.7f", 1000 * 1200 / 3937 }')" 1e-4 "height (m)"
grep -q '"from_unit": "us-ft"' "$T/wusft/manifest.json" || fail "manifest lacks from_unit us-ft"
end

begin "--dem-units m overrides the file's unit type"
run "$RFPLAN" import --dem "$I/ft.tif" --dem-units m -o "$T/wm" -q
expect_rc 0
near "$(height "$T/wm")" 1000 1e-3 "height (m)"
grep -q '"by": "--dem-units"' "$T/wm/manifest.json" || fail "manifest does not say --dem-units"
end

before=$(snapshot)
begin "DEM in an unknown height unit: refused, naming it and --dem-units"
run "$RFPLAN" import --dem "$I/furlong.tif" -o "$W" -q
refused "furlong.tif: band 1: heights in 'furlong'" "--dem-units m|ft|us-ft"
end

# --- 23.5: not a regular file, size and line caps ---------------------------
before=$(snapshot)
begin "--sites /dev/zero: refused before reading"
run timeout 120 "$RFPLAN" import --dem "$I/flat.tif" --sites /dev/zero -o "$W" -q
refused "/dev/zero: not a regular file (a character device)"
end

mkfifo "$T/fifo.csv"
begin "--cells a FIFO: refused, no hang on the open"
run timeout 120 "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/sites.csv" --cells "$T/fifo.csv" -o "$W" -q
refused "fifo.csv: not a regular file (a FIFO)"
end

begin "batch plan /dev/zero and --dem /dev/zero: refused"
run timeout 120 "$RFPLAN" batch /dev/zero -o "$W" -q
refused "/dev/zero: not a regular file (a character device)"
run timeout 120 "$RFPLAN" import --dem /dev/zero -o "$W" -q
refused "/dev/zero.*not a regular file"
end

# 2 MiB of line breaks (2097152 bytes) against a 1 MiB cap
head -c 2097152 /dev/zero | tr '\0' '\n' >"$I/big.csv"
before=$(snapshot)
begin "RFPLAN_MAX_INPUT_MB=1: a 2 MiB sites file is refused"
run env RFPLAN_MAX_INPUT_MB=1 "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/big.csv" -o "$W" -q
refused "big.csv: 2097152 bytes, more than the limit of 1 MiB (RFPLAN_MAX_INPUT_MB)"
end

# line 3 is "2,-42.06,147.06," (16 bytes) + 134 x's + ",1" = 152 bytes
long=$(awk 'BEGIN { while (n++ < 134) printf "x" }')
printf '%s\n1,-42.05,147.05,a,1\n2,-42.06,147.06,%s,1\n' "$H" "$long" >"$I/long.csv"
before=$(snapshot)
begin "RFPLAN_MAX_LINE_BYTES=100: a 152-byte line is refused with its line number"
run env RFPLAN_MAX_LINE_BYTES=100 "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/long.csv" -o "$W" -q
refused "long.csv:3: line of 152 bytes, longer than the limit of 100 (RFPLAN_MAX_LINE_BYTES)"
end

begin "RFPLAN_MAX_LINE_BYTES=abc: refused naming the variable"
run env RFPLAN_MAX_LINE_BYTES=abc "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/sites.csv" -o "$W" -q
refused "RFPLAN_MAX_LINE_BYTES='abc' is not a positive whole number"
end

# --- 23.11: bytes that are not UTF-8 ----------------------------------------
# "Caf\351" is Latin-1 (0xE9 alone is not UTF-8); "Caf\303\251" is UTF-8.
printf '%s\n1,-42.05,147.05,Caf\351,1\n' "$H" >"$I/latin1.csv"
before=$(snapshot)
begin "sites: a Latin-1 name is refused with file, line and column"
run "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/latin1.csv" -o "$W" -q
refused "latin1.csv:2: column 4 (NAME): byte 0xE9 at byte 4 of the field is not UTF-8"
end

printf '%s\n1,-42.05,147.05,Caf\303\251,1\n' "$H" >"$I/utf8.csv"
begin "sites: a UTF-8 name is kept byte for byte in sites.csv"
run "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/utf8.csv" -o "$T/wutf8" -q
expect_rc 0
grep -q "$(printf 'Caf\303\251')" "$T/wutf8/sites.csv" || fail "sites.csv lacks the name"
end

printf 'site_id,cell_id\n1,A\n2,\377\n' >"$I/c_bin.csv"
before=$(snapshot)
begin "cells: a cell_id that is not UTF-8 is refused with file, line and column"
run "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/sites.csv" --cells "$I/c_bin.csv" -o "$W" -q
refused "c_bin.csv:3: column 2 (cell_id): byte 0xFF at byte 1 of the field is not UTF-8"
end

# --- 18.11: a cell on a site outside the DEM --------------------------------
printf 'site_id,cell_id\n1,A\n3,B\n' >"$I/c_out.csv"
before=$(snapshot)
begin "import: a cell whose site is outside the DEM is refused (file, line, site)"
run "$RFPLAN" import --dem "$I/flat.tif" --sites "$I/sites.csv" --cells "$I/c_out.csv" -o "$W" -q
refused "c_out.csv:3: column site_id: site '3' at -43.050000, 147.050000 is outside the DEM"
end

begin "predict --cells: the message names the cells file given"
run "$RFPLAN" predict "$T/ws" --cells "$I/c_out.csv" -o "$W" -q
refused "cell 3/B ($I/c_out.csv line 3): site at -43.050000, 147.050000 is outside the DEM"
end
