# shellcheck shell=sh
# The synthetic drive test of the calibration tests (sourced after lib.sh by
# tests/cli/test_calibrate_offsets.sh and test_drive.sh; the model and its
# tolerances are in their headers): a flat 50 m DEM of 200 x 160 pixels of
# 0.001 deg, north-west corner 8.62 W 52.00 N; five sites, six cells of
# 15 .. 90 m at 1800 MHz, 40 dBm; measurements generated independently of
# rfplan by awk.

# drive_setup TRUTH_LINE...: the DEM, sites.csv and cells.csv in $T, the
# truth lines ("site cell lat lon height_m ..." each) in $T/truth.txt and
# the workspace $T/ws imported from them.  Errors in $T/err.
drive_setup() {
	gdal_create -of GTiff -ot Float32 -outsize 200 160 -a_srs EPSG:4326 \
		-a_ullr -8.62 52.00 -8.42 51.84 -burn 50 "$T/flat.tif" >"$T/err" 2>&1 || return 1
	printf '%s\n' "site_id,latitude,longitude,name" "101,51.9405,-8.5605,A" \
		"102,51.9105,-8.4805,B" "103,51.8905,-8.5505,C" "104,51.9605,-8.4905,D" \
		"105,51.9205,-8.5205,E" >"$T/sites.csv"
	printf '%s\n' "site_id,cell_id,height_agl_m,rs_epre_dbm,frequency_mhz,gain_dbi" \
		"101,1,15,40,1800,0" "102,1,25,40,1800,0" "103,1,40,40,1800,0" \
		"104,1,60,40,1800,0" "105,1,90,40,1800,0" "105,2,90,40,1800,0" >"$T/cells.csv"
	printf '%s\n' "$@" >"$T/truth.txt"
	"$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --cells "$T/cells.csv" \
		-o "$T/ws" -q 2>"$T/err"
}

# drive_generate PROGRAM: $T/meas.csv from the cells of $T/truth.txt by
# awk (-v sigma="$SIGMA"), PROGRAM after the functions and rule below; it
# sets seed, prints the header and defines emit(i, k, pl, z), called for
# round i (0 .. 499) and cell k (1 .. n, the truth's lines) at the pixel
# centre (plat, plon) with the path loss pl and z; END { drive_rounds() }.
#   u()            Park-Miller LCG (x = 16807 x mod 2^31 - 1, exact in doubles)
#   dist(...)      local ellipsoidal distance sqrt((M dlat)^2 + (N cos(lat)
#                  dlon)^2), WGS84's radii of curvature M, N at the mid-latitude
#   drive_point(k) a pixel centre (plat, plon) 200 m .. 3 km from cell k; its
#                  SPM path loss K1 + K2 log10 d + K3 log10 h + K5 log10 d log10 h
#                  with K1 = 30, K2 = 38, K3 = 5.83, K5 = -6.55
#   gauss()        z ~ N(0, 1) by Box-Muller
# True when it wrote the header and 500 points per cell (3000).
drive_generate() {
	awk -v sigma="$SIGMA" '
	function u() { seed = (16807 * seed) % 2147483647; return seed / 2147483647 }
	function dist(la1, lo1, la2, lo2,   r, m, s2, M, N, e2) {
		e2 = 0.00669437999014
		r = 3.141592653589793 / 180; m = (la1 + la2) / 2 * r
		s2 = sin(m)^2; M = 6378137 * (1 - e2) / (1 - e2 * s2)^1.5
		N = 6378137 / sqrt(1 - e2 * s2)
		return sqrt((M * (la2 - la1) * r)^2 + (N * cos(m) * (lo2 - lo1) * r)^2)
	}
	function drive_point(k,   col, row, d, ld, lh) {
		do {
			col = int(u() * 200); row = int(u() * 160)
			plon = -8.62 + (col + 0.5) * 0.001; plat = 52.00 - (row + 0.5) * 0.001
			d = dist(la[k], lo[k], plat, plon)
		} while (d < 200 || d > 3000)
		ld = log(d) / log(10); lh = log(h[k]) / log(10)
		return 30 + 38 * ld + 5.83 * lh - 6.55 * ld * lh
	}
	function gauss() { return sqrt(-2 * log(u())) * cos(2 * 3.141592653589793 * u()) }
	function drive_rounds(   i, k, pl) {
		for (i = 0; i < 500; i++) for (k = 1; k <= n; k++) {
			pl = drive_point(k)
			emit(i, k, pl, gauss())
		}
	}
	{ s[NR] = $1; c[NR] = $2; la[NR] = $3; lo[NR] = $4; h[NR] = $5; n = NR }
	'"$1" "$T/truth.txt" >"$T/meas.csv" || return 1
	[ "$(wc -l <"$T/meas.csv")" = 3001 ]
}
