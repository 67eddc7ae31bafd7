#!/bin/sh
# rfplan import of every real DEM under ../shared/data/dem: the import
# succeeds, and the imported dem.tif at several of its own pixel centres
# equals the bilinear interpolation of the source there within 1 m.
#
# Reference (independent of rfplan's code): for an output pixel centre
# (lon, lat) from `gdaltransform dem.tif`, the source pixel position comes
# from `gdaltransform -i -t_srs EPSG:4326 SRC` (PROJ), the four neighbouring
# source values from `gdallocationinfo -valonly -b BAND SRC col row`, and the
# bilinear weights are computed here in awk.  Points where a neighbour is the
# source's nodata or the output is a void are skipped; at least 3 of the 5
# points must be compared.
. "$(dirname "$0")/../cli/lib.sh"
plan 12
need_rfplan

# src_bilinear SRC BAND LON LAT NODATA -> value or "void"
src_bilinear() {
	# shellcheck disable=SC2046 # split gdaltransform's "col row height"
	set -- "$1" "$2" $(echo "$3 $4" | gdaltransform -i -t_srs EPSG:4326 "$1") "$5"
	src=$1 band=$2 px=$3 py=$4 nd=$6
	c0=$(awk -v p="$px" 'BEGIN { x = p - 0.5; c = int(x); if (c > x) c--; print c }')
	r0=$(awk -v p="$py" 'BEGIN { x = p - 0.5; c = int(x); if (c > x) c--; print c }')
	z00=$(gdallocationinfo -valonly -b "$band" "$src" "$c0" "$r0")
	z01=$(gdallocationinfo -valonly -b "$band" "$src" $((c0 + 1)) "$r0")
	z10=$(gdallocationinfo -valonly -b "$band" "$src" "$c0" $((r0 + 1)))
	z11=$(gdallocationinfo -valonly -b "$band" "$src" $((c0 + 1)) $((r0 + 1)))
	awk -v px="$px" -v py="$py" -v c0="$c0" -v r0="$r0" -v a="$z00" -v b="$z01" \
		-v c="$z10" -v d="$z11" -v nd="$nd" 'BEGIN {
		if (a == "" || b == "" || c == "" || d == "") { print "void"; exit }
		if (nd != "" && (a == nd || b == nd || c == nd || d == nd || a < -1e30 || b < -1e30 || c < -1e30 || d < -1e30)) { print "void"; exit }
		fx = px - 0.5 - c0; fy = py - 0.5 - r0
		printf "%.6f\n", (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy }'
}

# check_dem NAME SRC_FOR_REFERENCE BAND NODATA -- rfplan import args...
check_dem() {
	name=$1 ref=$2 band=$3 nd=$4
	shift 5
	begin "import $name matches the source's bilinear values within 1 m"
	rm -rf "$T/w"
	run "$RFPLAN" import "$@" -o "$T/w" -q
	expect_rc 0
	expect_file "$T/w/dem.tif"
	expect_file "$T/w/manifest.json"
	size=$(gdalinfo "$T/w/dem.tif" | awk '/^Size is/ { gsub(",", ""); print $3, $4 }')
	w=${size% *} h=${size#* }
	n=0
	for f in "0.31 0.29" "0.5 0.5" "0.69 0.61" "0.42 0.77" "0.77 0.35"; do
		col=$(awk -v f="${f% *}" -v w="$w" 'BEGIN { print int(f * w) }')
		row=$(awk -v f="${f#* }" -v h="$h" 'BEGIN { print int(f * h) }')
		ll=$(echo "$col.5 $row.5" | gdaltransform "$T/w/dem.tif")
		got=$(gdallocationinfo -valonly "$T/w/dem.tif" "$col" "$row")
		# shellcheck disable=SC2086 # split "lon lat"
		want=$(src_bilinear "$ref" "$band" ${ll% *} "$nd")
		[ "$want" = void ] && continue
		[ "$got" = "-32768" ] && continue
		near "$got" "$want" 1 "dem.tif($col,$row) at $ll"
		n=$((n + 1))
	done
	[ "$n" -ge 3 ] || fail "only $n points compared"
	end
}

if ! have_data; then
	skip_data_rest "real test data not found ($DATA)"
	exit 0
fi
D=$DATA/dem
check_dem qld_gda94_mga54_30m "$D/qld_gda94_mga54_30m.tif" 1 -3.402823e+38 -- --dem "$D/qld_gda94_mga54_30m.tif"
check_dem qld_1sec_wgs84 "$D/qld_1sec_wgs84.tif" 1 "" -- --dem "$D/qld_1sec_wgs84.tif"
check_dem cairns_utm55_271m "$D/cairns_utm55_271m.tif" 1 -9999 -- --dem "$D/cairns_utm55_271m.tif"
check_dem merewether_utm56_1m "$D/merewether_utm56_1m.tif" 1 -9999 -- --dem "$D/merewether_utm56_1m.tif"
check_dem bigtujunga_utm11_30m "$D/bigtujunga_utm11_30m.tif" 1 32767 -- --dem "$D/bigtujunga_utm11_30m.tif"
check_dem bc_albers_50m "$D/bc_albers_50m.tif" 1 -32768 -- --dem "$D/bc_albers_50m.tif"
check_dem N47E009.hgt "$D/N47E009.hgt" 1 -32768 -- --dem "$D/N47E009.hgt"
check_dem sf_terrain_rgb_3band "$D/sf_terrain_rgb_3band.tif" 1 "" -- --dem "$D/sf_terrain_rgb_3band.tif"

# The 3-band Terrain-RGB file: band 1 is used and the user is told.
begin "3-band DEM: band 1 with a warning naming the band count"
rm -rf "$T/w"
run "$RFPLAN" import --dem "$D/sf_terrain_rgb_3band.tif" -o "$T/w"
expect_rc 0
expect_err "has 3 bands: using band 1"
grep -q '"band": 1' "$T/w/manifest.json" || fail "manifest lacks band 1"
end

# Kinglake's Erdas .img has an unidentifiable CRS: --dem-srs EPSG:28355.
# The reference reads the source through a VRT with the same CRS assigned.
gdal_translate -q -of VRT -a_srs EPSG:28355 "$D/bal_kinglake/dem.img" "$T/kinglake.vrt"
check_dem bal_kinglake "$T/kinglake.vrt" 1 -3.402823e+38 -- --dem "$D/bal_kinglake/dem.img" --dem-srs EPSG:28355

begin "--dem-srs is recorded in the manifest"
grep -q '"override": "EPSG:28355"' "$T/w/manifest.json" || fail "manifest lacks the override"
end

# GDA94 / MGA54 by name: the manifest lists PROJ's GDA94 -> WGS84 candidates
# (PROJ 9.1 `projinfo -s EPSG:28354 -t EPSG:4326 --spatial-test intersects`
# lists "GDA94 to WGS 84 (1)" first, accuracy 3 m) and the one used.
begin "GDA94 DEM: PROJ operation and candidates recorded"
rm -rf "$T/w"
run "$RFPLAN" import --dem "$D/qld_gda94_mga54_30m.tif" -o "$T/w" -v
expect_rc 0
expect_err "PROJ operation to EPSG:4326"
grep -q '"operation_candidates"' "$T/w/manifest.json" || fail "no candidates in the manifest"
grep -q 'GDA94 to WGS 84 (1)' "$T/w/manifest.json" || fail "no GDA94 to WGS 84 (1) in the manifest"
grep -q '"id": "EPSG:28354"' "$T/w/manifest.json" || fail "CRS not identified as EPSG:28354"
end
