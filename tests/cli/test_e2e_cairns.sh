#!/bin/sh
# End-to-end on real data (issue 4, "End-to-end tests on real data", first
# item): Geoscience Australia's topography + bathymetry around Cairns
# (cairns_utm55_271m.tif: EPSG:32755, 271 m, Int32, nodata -9999, negative =
# sea) with the OpenCelliD LTE cells of opencellid_au_lte.csv that fall inside
# it, imported as a generic-format site list (--col-id cell), then predicted
# with the default omni cell (43 dBm, 10 MHz at 1800 MHz, 30 m) and ITM.
#
# Expected values come from GDAL's and PROJ's own tools, never from rfplan:
#  - which cells are inside: gdallocationinfo -wgs84 on the source DEM;
#  - sea pixels: the source DEM < 0 at the pixel centre (gdallocationinfo);
#  - distances and bearings: PROJ's geod on the WGS84 ellipsoid;
#  - map values: gdallocationinfo / gdal_translate -of XYZ on rfplan's output.
# Hand-computed bounds (doc/lte.md, TS 36.101 table 5.6-1: 10 MHz = 50 RB):
#  RS EPRE = 43 - 10 log10(12 x 50) = 43 - 27.78 = 15.22 dBm, the highest RSRP
#  an omni 0 dBi cell can give (path loss > 0);
#  RSRQ <= 10 log10(1/12) = -10.79 dB (a lone, fully loaded cell, no noise).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/e2e_lib.sh"
plan 9
need_rfplan

DEM="$DATA/dem/cairns_utm55_271m.tif"
OCID="$DATA/sites/opencellid_au_lte.csv"
if [ ! -f "$DEM" ] || [ ! -f "$OCID" ]; then
	skip_data_rest "real test data absent ($DEM, $OCID)"
	exit 0
fi
if ! why=$(need_tools gdalinfo gdallocationinfo gdal_translate geod cs2cs); then
	skip_tool_rest "$why (gdal-bin, proj-bin)"
	exit 0
fi
DEFCELL="height_agl_m=30,tx_power_dbm=43,frequency_mhz=1800,bandwidth_mhz=10"

# --- which OpenCelliD LTE cells are inside the DEM (independently) -------
begin "cairns: OpenCelliD LTE cells inside the DEM import as sites"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	$col["radio"] == "LTE" { print $col["lon"], $col["lat"], $col["cell"] }' "$OCID" >"$T/all.txt"
total=$(wc -l <"$T/all.txt")   # the file holds LTE rows only (a row filter), so this is every row
# inside = within the DEM's rectangle in its own CRS (cs2cs EPSG:4326 ->
# EPSG:32755, lat lon in, easting northing out; extent from gdalinfo's
# Origin, Pixel Size and Size), and not on a nodata pixel (gdallocationinfo)
gt=$(raster_gt "$DEM")
size=$(gdalinfo "$DEM" | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)$/\1 \2/p')
awk '{ print $2, $1 }' "$T/all.txt" | cs2cs -f %.3f EPSG:4326 EPSG:32755 |
	paste -d' ' "$T/all.txt" - |
	awk -v gt="$gt" -v size="$size" 'BEGIN { split(gt, g, " "); split(size, n, " ") }
		$4 >= g[1] && $4 <= g[1] + n[1] * g[2] && $5 <= g[3] && $5 >= g[3] + n[2] * g[4] { print $1, $2, $3 }' \
	>"$T/inrect.txt"
awk '{ print $1, $2 }' "$T/inrect.txt" | values_at "$DEM" | paste -d' ' "$T/inrect.txt" - |
	awk 'NF == 4 && $4 != -9999 { print $3, $1, $2 }' >"$T/inside.txt"   # id lon lat
ninside=$(wc -l <"$T/inside.txt")
[ "$ninside" -ge 2 ] || fail "only $ninside OpenCelliD LTE cells inside the DEM (gdallocationinfo)"
run "$RFPLAN" import --dem "$DEM" --sites "$OCID" --sites-format generic --col-id cell --margin 30 -o "$T/ws"
expect_rc 0
expect_err "sites: $ninside inside the DEM, $((total - ninside)) outside"
{
	echo "site_id,cell_id"
	awk '{ print $1 ",1" }' "$T/inside.txt"
} >"$T/cells.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/cells.csv" --default-cell "$DEFCELL" \
	--model itm --radius 25 -o "$T/raw" -q
expect_rc 0
expect_file "$T/raw/rsrp.tif"
end

# The same area as a surface model: sea (negative, the sea floor) clamped to
# 0 m, the sea surface, by a GDAL VRT look-up table (-100000..0 -> 0, then
# identity); nodata stays nodata.  rfplan, like SPLAT!, takes the DEM as the
# surface the signal travels over, so a bathymetric DEM puts receivers on the
# sea floor (see the raw-DEM case after (b)).
gdal_translate -q -of VRT "$DEM" "$T/src.vrt"
sed -e 's#<SimpleSource>#<ComplexSource>#' \
	-e 's#</SimpleSource>#<NODATA>-9999</NODATA><LUT>-100000:0,0:0,100000:100000</LUT></ComplexSource>#' \
	"$T/src.vrt" >"$T/sea0.vrt"
{
	echo "cell,lon,lat"
	awk '{ print $1 "," $2 "," $3 }' "$T/inside.txt"
} >"$T/inside.csv"

begin "cairns: sea-level surface DEM imports and predicts with default cells"
# (gdallocationinfo reads a VRT's source directly, so check with gdalinfo)
gdalinfo -mm "$T/sea0.vrt" | grep -q 'Computed Min/Max=0.000,' ||
	fail "the VRT does not clamp the sea to 0 m ($(gdalinfo -mm "$T/sea0.vrt" | grep Computed))"
run "$RFPLAN" import --dem "$T/sea0.vrt" --sites "$T/inside.csv" --sites-format generic \
	--col-id cell --margin 30 -o "$T/ws0" -q
expect_rc 0
run "$RFPLAN" predict "$T/ws0" --default-cell "$DEFCELL" --model itm --radius 25 -o "$T/sea"
expect_rc 0
expect_err "one omnidirectional cell per site"
expect_file "$T/sea/rsrp.tif"
end

# --- (a) no NaN outside nodata; every map has the same nodata mask --------
for out in raw sea; do
	begin "cairns $out: maps have no NaN or Inf, nodata declared and shared"
	if [ ! -s "$T/$out/rsrp.tif" ]; then
		fail "no output"
		end
		continue
	fi
	for m in rsrp sinr rsrq; do
		gdalinfo "$T/$out/$m.tif" | grep -q 'NoData Value=-9999' || fail "$m.tif: nodata -9999 not declared"
		n=$(nan_count "$T/$out/$m.tif")
		[ "$n" = 0 ] || fail "$m.tif: $n NaN/Inf pixels"
	done
	for m in best_server overlap; do
		gdalinfo "$T/$out/$m.tif" | grep -q 'NoData Value=65535' || fail "$m.tif: nodata 65535 not declared"
	done
	nodata_mask "$T/$out/rsrp.tif" -9999 >"$T/mask.rsrp"
	for m in sinr rsrq; do
		nodata_mask "$T/$out/$m.tif" -9999 | cmp -s - "$T/mask.rsrp" || fail "$m.tif nodata differs from rsrp.tif's"
	done
	for m in best_server overlap; do
		nodata_mask "$T/$out/$m.tif" 65535 | cmp -s - "$T/mask.rsrp" || fail "$m.tif nodata differs from rsrp.tif's"
	done
	valid=$(grep -c '^0$' "$T/mask.rsrp")
	[ "$valid" -gt 1000 ] || fail "only $valid valid pixels"
	# bounds: RSRP <= RS EPRE 15.22 dBm; RSRQ <= -10.79 dB (header comment)
	gdal_translate -q -of XYZ "$T/$out/rsrp.tif" /vsistdout/ |
		awk '$3 != -9999 && $3 > 15.22 { bad++ } END { exit bad > 0 }' || fail "rsrp above the RS EPRE 15.22 dBm"
	gdal_translate -q -of XYZ "$T/$out/rsrq.tif" /vsistdout/ |
		awk '$3 != -9999 && $3 > -10.78 { bad++ } END { exit bad > 0 }' || fail "rsrq above -10.79 dB"
	end
done

# Nodata only where it belongs: no pixel within 24.5 km of a cell (radius 25
# km less a pixel diagonal's half, 0.2 km) is nodata unless the source DEM
# has no value there, and no pixel farther than 25.5 km from every cell has a
# value.  Distances from PROJ's geod to every pixel centre.
begin "cairns raw: maps cover every cell's 25 km radius and nothing beyond"
if [ -s "$T/raw/rsrp.tif" ] && [ -s "$T/inside.txt" ]; then
	gdal_translate -q -of XYZ "$T/raw/rsrp.tif" /vsistdout/ >"$T/all.xyz"
	awk '{ print $1, $2 }' "$T/all.xyz" >"$T/all.pts"
	: >"$T/mind"
	while read -r id lon lat; do
		geod_dist_az "$lat" "$lon" <"$T/all.pts" | awk '{ print $1 }' >"$T/d1"
		if [ -s "$T/mind" ]; then
			paste -d' ' "$T/mind" "$T/d1" | awk '{ print ($2 < $1) ? $2 : $1 }' >"$T/d2"
			mv "$T/d2" "$T/mind"
		else
			mv "$T/d1" "$T/mind"
		fi
	done <"$T/inside.txt"
	paste -d' ' "$T/all.xyz" "$T/mind" >"$T/xyzd"
	far=$(awk '$3 != -9999 && $4 > 25500' "$T/xyzd" | wc -l)
	[ "$far" = 0 ] || fail "$far pixels farther than 25.5 km from every cell have a value"
	awk '$3 == -9999 && $4 < 24500 { print $1, $2 }' "$T/xyzd" >"$T/holes"
	holes=$(values_at "$DEM" <"$T/holes" | awk '$1 != "" && $1 != -9999' | wc -l)
	[ "$holes" = 0 ] || fail "$holes nodata pixels within 24.5 km of a cell on valid DEM"
	inr=$(awk '$4 < 24500' "$T/xyzd" | wc -l)
	[ "$inr" -gt 10000 ] || fail "only $inr pixels within 24.5 km of a cell"
else
	fail "no output or no cells"
fi
end

# --- (b) RSRP falls with distance over open sea ---------------------------
# Cell 146502670 is on the Cairns waterfront (DEM 20 m); the geodesic at 30
# degrees runs out over Trinity Bay (DEM < 0 from about 2 km, no land for
# 24 km).  Pixels of the ray: gdal geotransform of rsrp.tif; sea where the
# source DEM < 0; distance from the site by geod; sorted by distance, RSRP
# must not rise by more than 0.3 dB from one pixel to the next (small ties
# from pixels offset sideways), and must drop over the stretch by at least
# the free-space slope 20 log10(d_last / d_first) - 1 dB (over a smooth sea
# the loss grows at least as fast as in free space beyond the two-ray break
# point 4 ht hr / lambda = 4 x 50 x 1.5 / 0.167 = 1.8 km).
SEA_ID=146502670
sea_ray() {   # sea_ray OUTDIR: prints "dist_m rsrp" for the open-sea pixels
	_site=$(awk -v id="$SEA_ID" '$1 == id { print $3, $2 }' "$T/inside.txt")   # lat lon
	[ -n "$_site" ] || return 1
	# shellcheck disable=SC2086 # split "LAT LON"
	set -- "$1" $_site
	ray "$2" "$3" 30 200 24000 60 | pixel_centres "$(raster_gt "$1/rsrp.tif")" |
		awk '{ print $1, $2 }' >"$T/ray.pts"
	values_at "$DEM" <"$T/ray.pts" >"$T/ray.dem"
	values_at "$1/rsrp.tif" <"$T/ray.pts" >"$T/ray.rsrp"
	geod_dist_az "$2" "$3" <"$T/ray.pts" | awk '{ print $1 }' >"$T/ray.dist"
	# keep the first unbroken stretch of sea pixels
	paste -d' ' "$T/ray.dist" "$T/ray.dem" "$T/ray.rsrp" |
		awk 'NF == 3 && $2 != -9999 && $2 < 0 && $3 != -9999 { print $1, $3; s = 1; next }
			s { exit }' | sort -n
}
check_falls() {   # check_falls FILE: "dist rsrp" sorted; prints why on failure
	awk 'NR == 1 { d0 = $1; first = $2; prev = $2; n = 1; next }
		{ n++
		  if ($2 > prev + 0.3) { nr++; if ($2 - prev > big) { big = $2 - prev; at = $1; from = prev; to = $2 } }
		  prev = $2; dl = $1 }
		END {
			if (n < 40) { printf "only %d sea pixels on the ray", n; exit 1 }
			if (nr) { printf "RSRP rises %d times by more than 0.3 dB, most from %.2f to %.2f dBm at %.0f m", nr, from, to, at; exit 1 }
			need = 20 * log(dl / d0) / log(10) - 1
			if (first - prev < need) { printf "RSRP drops %.2f dB from %.0f to %.0f m, want >= %.2f", first - prev, d0, dl, need; exit 1 }
		}' "$1"
}

begin "cairns: RSRP falls with distance over open sea (sea surface at 0 m)"
if sea_ray "$T/sea" >"$T/sea.ray"; then
	why=$(check_falls "$T/sea.ray") || fail "$why"
else
	fail "cell $SEA_ID not among the cells inside the DEM"
fi
end

# The raw bathymetric DEM puts receivers over the sea on the sea floor
# (e.g. -39 m + 1.5 m), below the coast, so ITM sees the coast as an
# obstacle and RSRP can rise again offshore.  `rfplan import --sea-level`
# takes heights below 0 m as the sea surface: the same check on the raw DEM
# imported with it.
begin "cairns: import --sea-level: RSRP falls with distance over open sea (raw DEM)"
run "$RFPLAN" import --dem "$DEM" --sea-level --sites "$T/inside.csv" --sites-format generic \
	--col-id cell --margin 30 -o "$T/wslvl"
expect_rc 0
expect_err "sea-level: [0-9]* pixels below 0 m"
grep -q '"sea_level": true' "$T/wslvl/manifest.json" || fail "manifest does not record sea_level"
gdalinfo -mm "$T/wslvl/dem.tif" | grep -q 'Computed Min/Max=0.000,' ||
	fail "dem.tif still has heights below 0 m ($(gdalinfo -mm "$T/wslvl/dem.tif" | grep Computed))"
rm -f "$T/wslvl/dem.tif.aux.xml"
run "$RFPLAN" predict "$T/wslvl" --default-cell "$DEFCELL" --model itm --radius 25 -o "$T/lvl" -q
expect_rc 0
if sea_ray "$T/lvl" >"$T/lvl.ray"; then
	why=$(check_falls "$T/lvl.ray") || fail "$why"
else
	fail "no sea ray in the --sea-level output"
fi
end

# --- (c) best-server areas around each cell -------------------------------
# Each cell's own pixel and its 8 neighbours have that cell as best server
# (best_server.tif index -> best_server.csv site_id); the cells are 25 km or
# more apart, so each dominates its own neighbourhood.
for out in raw sea; do
	begin "cairns $out: each cell is the best server around its own site"
	if [ ! -s "$T/$out/best_server.tif" ] || [ ! -s "$T/inside.txt" ]; then
		fail "no output or no cells"
		end
		continue
	fi
	gt=$(raster_gt "$T/$out/best_server.tif")
	while read -r id lon lat; do
		awk -v gt="$gt" -v lo="$lon" -v la="$lat" 'BEGIN { split(gt, g, " ")
			for (i = -1; i <= 1; i++) for (j = -1; j <= 1; j++)
				printf "%.10f %.10f\n", lo + i * g[2], la + j * g[4] }' >"$T/nb.pts"
		values_at "$T/$out/best_server.tif" <"$T/nb.pts" >"$T/nb.idx"
		awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			{ gsub(/"/, ""); print $col["index"], $col["site_id"] }' "$T/$out/best_server.csv" >"$T/bs.map"
		got=$(awk 'NR == FNR { site[$1] = $2; next } { print (($1 in site) ? site[$1] : "none:" $1) }' \
			"$T/bs.map" "$T/nb.idx" | sort | uniq -c | tr '\n' ' ')
		n=$(awk 'NR == FNR { site[$1] = $2; next } ($1 in site) && site[$1] == id { n++ } END { print n + 0 }' \
			id="$id" "$T/bs.map" "$T/nb.idx")
		[ "$n" = 9 ] || fail "around site $id: best servers $got"
	done <"$T/inside.txt"
	end
done
exit 0
