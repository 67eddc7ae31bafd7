# shellcheck shell=sh
# Helpers for the real-data end-to-end tests (sourced after lib.sh by
# tests/cli/test_e2e_*.sh and test_qgis_predict.sh).  Everything here reads
# rasters with GDAL's own command-line tools (gdalinfo, gdallocationinfo,
# gdal_translate) and measures the earth with PROJ's geod, so that expected
# values never come from rfplan's code.

# need_tools TOOL...: true when every tool is on PATH, else prints why.
need_tools() {
	for _t in "$@"; do
		command -v "$_t" >/dev/null 2>&1 || { echo "$_t not installed"; return 1; }
	done
	return 0
}

# raster_gt FILE: prints "west dlon north dlat_negative" from gdalinfo's
# Origin and Pixel Size lines (a north-up raster).
raster_gt() {
	gdalinfo "$1" | awk '
		/^Origin = / { gsub(/[(),]/, " "); ox = $3; oy = $4 }
		/^Pixel Size = / { gsub(/[(),]/, " "); px = $4; py = $5 }
		END { printf "%.15g %.15g %.15g %.15g\n", ox, px, oy, py }'
}

# values_at FILE < "lon lat" lines: one value per input line (empty when the
# point is off the raster), read by gdallocationinfo -wgs84.
values_at() { gdallocationinfo -valonly -wgs84 "$1"; }

# pixel_centres GT < "lon lat" lines: the centre "lon lat col row" of the
# raster pixel holding each point, consecutive duplicates removed.  GT is the
# output of raster_gt.
pixel_centres() {
	awk -v gt="$1" 'BEGIN { split(gt, g, " ") }
		{
			c = int(($1 - g[1]) / g[2]); r = int(($2 - g[3]) / g[4])
			if (c == pc && r == pr && NR > 1) next
			pc = c; pr = r
			printf "%.10f %.10f %d %d\n", g[1] + (c + 0.5) * g[2], g[3] + (r + 0.5) * g[4], c, r
		}'
}

# ray LAT LON AZ D0 D1 STEP: "lon lat" of points along the geodesic from
# (LAT, LON) at azimuth AZ, every STEP metres from D0 to D1 (PROJ geod).
ray() {
	awk -v la="$1" -v lo="$2" -v az="$3" -v d0="$4" -v d1="$5" -v st="$6" \
		'BEGIN { for (d = d0; d <= d1; d += st) print la, lo, az, d }' |
		geod +ellps=WGS84 -f %.10f | awk '{ print $2, $1 }'
}

# geod_dist_az LAT LON < "lon lat" lines: "dist_m az_deg" from (LAT, LON) to
# each point on the WGS84 ellipsoid (PROJ geod -I).
geod_dist_az() {
	awk -v la="$1" -v lo="$2" '{ print la, lo, $2, $1 }' |
		geod +ellps=WGS84 -I -f %.6f | awk '{ az = $1; if (az < 0) az += 360; print $3, az }'
}

# nan_count FILE: number of pixels that are NaN or infinite (gdal_translate
# -of XYZ writes every pixel, nodata included, as text).
nan_count() {
	gdal_translate -q -of XYZ "$1" /vsistdout/ |
		awk '{ v = tolower($3) } v ~ /nan|inf/ { n++ } END { print n + 0 }'
}

# nodata_mask FILE NODATA: one line per pixel, 1 where the value is NODATA.
nodata_mask() {
	gdal_translate -q -of XYZ "$1" /vsistdout/ | awk -v nd="$2" '{ print ($3 == nd) ? 1 : 0 }'
}
