#!/bin/sh
# The memory estimate of rfplan predict (doc/errors.md, "Limits"; issue 19)
# against the kernel's count of what the run really held: the peak resident
# set of the whole process (GNU time's %M, KiB), on a run whose memory is
# the output grid's (the products), not the computation's.
#
# The case: a generated flat DEM of 2000 x 2000 pixels (0.0001 deg, 0.2 x
# 0.2 deg), two sites in opposite corners with a 0.3 km radius: the output
# grid is the union of their windows, the whole 2000 x 2000 = 4e6 pixels,
# while each cell computes only about 55 x 75 pixels.  2 threads (two
# product jobs at once).
#
# The bounds: estimate >= peak (a limit check on an estimate below the real
# need lets through runs that do not fit), and estimate <= 2 x peak.  Why 2x
# holds for an honest estimate: what the estimate counts beyond what is
# surely resident at the peak is the product jobs running at once, the two
# largest (2 x 12 B a pixel: a PNG's RGBA, scanlines and compressed bound,
# all allocated, not all touched) and the readable rsrp.png's canvas (1600 x
# (1600 / cos 42.1 + 1600) x 10 B = 60 MB), while the maps (20 B a pixel), the terrain
# (4 B, this workspace has no clutter), and with the service maps their 19 B,
# are written over every pixel and held while the jobs run, plus the
# process's own 52-58 MiB: over 4e6 pixels at most (58 MiB + 6 + 20 + 19 +
# 24 B/px + 60 MB) / (52 MiB + 4 + 20 + 19 B/px) = 1.8 with all products,
# (58 MiB + 6 + 20 + 18 B/px) / (52 MiB + 4 + 20 B/px) = 1.6 with maps.
. "$(dirname "$0")/lib.sh"
plan 2
need_rfplan

if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi
if ! /usr/bin/time -f %M true >/dev/null 2>&1; then
	skip_tool_rest "GNU time (/usr/bin/time) not installed (time)"
	exit 0
fi
# An AddressSanitizer build's shadow memory and quarantine are in every RSS
# (as unit/test_limits.c's real-RSS case, which skips there too).
if ldd "$RFPLAN" 2>/dev/null | grep -q libasan; then
	skip_rest "AddressSanitizer build: its shadow memory and quarantine are in every RSS"
	exit 0
fi

setup gdal_create -q -of GTiff -ot Float32 -outsize 2000 2000 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.2 -42.2 -burn 100 "$T/flat.tif"
printf 'id,lat,lon\nA,-42.001,147.001\nB,-42.199,147.199\n' >"$T/sites.csv"
setup "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	-o "$T/ws" -q

# check_estimate OUTDIR [predict options...]: run predict under GNU time,
# compare its logged estimate (bytes) with the peak RSS (KiB).
check_estimate() {
	out=$1
	shift
	run /usr/bin/time -f "peak_rss_kib %M" "$RFPLAN" predict "$T/ws" --radius 0.3 \
		--threads 2 -o "$out" "$@"
	expect_rc 0
	est=$(sed -n 's/.*memory estimate: .* (\([0-9]*\) bytes;.*/\1/p' "$T/err")
	peak=$(sed -n 's/^peak_rss_kib \([0-9]*\)$/\1/p' "$T/err")
	if [ -z "$est" ] || [ -z "$peak" ]; then
		fail "no estimate ('$est') or peak ('$peak') in: $(head -c 400 "$T/err")"
		return
	fi
	awk -v e="$est" -v p="$peak" 'BEGIN { exit !(e >= p * 1024) }' ||
		fail "estimate $est B below the peak RSS $peak KiB"
	awk -v e="$est" -v p="$peak" 'BEGIN { exit !(e <= 2 * p * 1024) }' ||
		fail "estimate $est B more than twice the peak RSS $peak KiB"
}

begin "memory estimate: >= the peak RSS and <= 2x it, all products (4e6-pixel grid)"
check_estimate "$T/all"
expect_file "$T/all/coverage.gpkg"
expect_file "$T/all/throughput_dl_mbps.tif"
end

begin "memory estimate: >= the peak RSS and <= 2x it, --products maps"
check_estimate "$T/maps" --products maps
expect_file "$T/maps/rsrp.tif"
expect_no_file "$T/maps/coverage.gpkg"
end
