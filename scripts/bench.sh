#!/bin/bash
# shellcheck disable=SC2317  # functions are called indirectly (case_$c)
# rfplan benchmark harness (issue 5): rfplan predict against SPLAT! and
# Signal-Server (ITM) and gdal_viewshed (line of sight) on the same terrain
# with the same parameters.
# See doc/performance.md for the method.
#
# usage: scripts/bench.sh [--runs N] [--quick] [--cases a,b,...] [--threads N]
#                         [--markdown FILE] [--keep]
# cases: itm3 (3" ITM, 1 cell, 30 km: SPLAT! and Signal-Server), threads
# (rfplan 1 vs 2 threads on itm3 and a check that both outputs are
# identical), los (gdal_viewshed vs rfplan viewshed and --model los), multi
# (50 cells, 10 km each: SPLAT! and Signal-Server), itm1 (1" ITM, SPLAT-HD),
# mem (peak memory with the 36000x36000 WorldCover clutter), rematrix
# (path-loss matrices: cold run vs re-run after a tilt change), optimize
# (rfplan optimize's candidates per second on the island sample).
# Long cases, only with --cases: island5 (the island sample at 5 m, 9 cells,
# 15 km: exact vs two resolutions, with the error; the exact run needs some
# 25 min of CPU), net100 (102 cells over 40 x 40 km at 10 m: cold, warm,
# tilt change; 3-4 min of CPU).
# Default: itm3,threads,los,multi,itm1,mem,rematrix,optimize.
# Environment: BUILD (default build), RFPLAN (binary), RFPLAN_TESTDATA,
# REMATRIX_RES (rematrix's resolution, m, default 30), NET100_R/KM/RES,
# SIGNALSERVER_SRC (Signal-Server's source, default ../shared/peers/signal-server;
# built once per run into the temporary directory).
# Writes nothing in the repository except the --markdown file.
set -u

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
RFPLAN=${RFPLAN:-$ROOT/$BUILD/rfplan}
DATA=${RFPLAN_TESTDATA:-$ROOT/../shared/data}
RUNS=3
THREADS=2
CASES=itm3,threads,los,multi,itm1,mem,rematrix,optimize
MDFILE=""
KEEP=0

usage() { sed -n '/^# usage:/,/^# Writes nothing/p' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
	case $1 in
	--runs) RUNS=${2:?--runs needs N}; shift ;;
	--quick) CASES=itm3 ;;
	--cases) CASES=${2:?--cases needs a list}; shift ;;
	--threads) THREADS=${2:?--threads needs N}; shift ;;
	--markdown) MDFILE=${2:?--markdown needs a file}; shift ;;
	--keep) KEEP=1 ;;
	-h|--help) usage; exit 0 ;;
	*) echo "bench.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
	esac
	shift
done
case $RUNS in ''|*[!0-9]*|0) echo "bench.sh: --runs: '$RUNS' is not a positive integer" >&2; exit 2 ;; esac
case $THREADS in ''|*[!0-9]*|0) echo "bench.sh: --threads: '$THREADS' is not a positive integer" >&2; exit 2 ;; esac
for c in ${CASES//,/ }; do
	case $c in itm3|threads|los|multi|itm1|mem|rematrix|optimize|island5|net100) ;; *) echo "bench.sh: --cases: unknown case '$c' (itm3,threads,los,multi,itm1,mem,rematrix,optimize,island5,net100)" >&2; exit 2 ;; esac
done
# rematrix, optimize and island5 need neither the peers nor the shared data
PEERS=0
for c in ${CASES//,/ }; do case $c in rematrix|optimize|island5) ;; *) PEERS=1 ;; esac; done
if [ -n "$MDFILE" ]; then
	case $MDFILE in /*) ;; *) MDFILE=$PWD/$MDFILE ;; esac
	: >"$MDFILE" || { echo "bench.sh: --markdown: cannot write '$MDFILE'" >&2; exit 2; }
fi
HGT=$DATA/dem/N47E009.hgt
UTMDEM=$DATA/dem/bigtujunga_utm11_30m.tif
for f in "$HGT" "$UTMDEM"; do
	[ "$PEERS" = 0 ] || [ -r "$f" ] || { echo "bench.sh: test data '$f' not found (set RFPLAN_TESTDATA)" >&2; exit 1; }
done
for p in splat splat-hd srtm2sdf srtm2sdf-hd gdal_viewshed gdal_translate gdalwarp gdaltransform gdalinfo; do
	[ "$PEERS" = 0 ] || command -v "$p" >/dev/null || { echo "bench.sh: '$p' not found (scripts/install-deps.sh bench)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench.sh: GNU time (/usr/bin/time) not found" >&2; exit 1; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/rfplan-bench.XXXXXX") || exit 1
if [ "$KEEP" -eq 1 ]; then echo "bench: keeping $TMP" >&2; else trap 'rm -rf "$TMP"' EXIT; fi
trap 'exit 130' INT TERM
RESULTS=$TMP/results; PIXELS=$TMP/pixels; REPORT=$TMP/report.md
: >"$RESULTS"; : >"$PIXELS"; : >"$REPORT"
# shellcheck source=scripts/bench_lib.sh
. "$ROOT/scripts/bench_lib.sh"
# shellcheck source=scripts/bench_rfplan.sh
. "$ROOT/scripts/bench_rfplan.sh"

# The transmitter of the single-cell cases: 47.40 N 9.55 E (675 m, Rhine
# valley side); 30 m AGL, 1800 MHz, ERP 20 W (43.01 dBm ERP = 45.16 dBm EIRP).
TX_LAT=47.40; TX_LON=9.55; TX_H=30; RX_H=1.5; FREQ=1800; ERP_W=20
# ITM parameters (SPLAT!'s .lrp and rfplan's options): the same values.
EPS=15; SIGMA=0.005; N0=301; CLIMATE=5; POL=1; SIT=0.5; TIME=0.5

# ---- SPLAT! inputs ----
# write_qth FILE NAME LAT LON_EAST: SPLAT! wants west longitude, 0..360.
write_qth() {
	awk -v n="$2" -v lat="$3" -v lon="$4" -v h="$TX_H" 'BEGIN {
		w = -lon; if (w < 0) w += 360
		printf "%s\n%.6f\n%.6f\n%gm\n", n, lat, w, h }' >"$1"
}
write_lrp() {
	cat >"$1" <<EOF
$EPS ; Earth Dielectric Constant (Relative permittivity)
$SIGMA ; Earth Conductivity (Siemens per meter)
$N0 ; Atmospheric Bending Constant (N-units)
$FREQ ; Frequency in MHz (20 MHz to 20 GHz)
$CLIMATE ; Radio Climate (5 = Continental Temperate)
$POL ; Polarization (0 = Horizontal, 1 = Vertical)
$SIT ; Fraction of situations
$TIME ; Fraction of time
$ERP_W ; Effective Radiated Power (ERP) in Watts
EOF
}

# sdf_prep DIR HGT TOOL: SPLAT!'s own converter, in DIR (it wants the .hgt
# in the current directory under its SRTM name).
sdf_prep() {
	[ -d "$1/sdf" ] && return 0
	mkdir -p "$1/sdf" && ln -sf "$2" "$1/sdf/N47E009.hgt" &&
		(cd "$1/sdf" && "$3" N47E009.hgt >"$1/srtm2sdf.log" 2>&1) &&
		rm -f "$1/sdf/N47E009.hgt"
}

splat_flags() { # RADIUS_KM: ITM (-olditm) signal level (-dbm) map, 1.5 m rx
	echo "-L $RX_H -metric -R $1 -olditm -dbm -N"
}

# ---- Signal-Server ----
# ss_build: build Signal-Server once per harness run (outside the timed part)
# from a copy of SIGNALSERVER_SRC into $TMP/ss (the shared source is
# read-only).  Sets SS_BIN, or SS_WHY (the reason, for the report).
SS_BIN=""; SS_WHY=""
ss_build() {
	local src=${SIGNALSERVER_SRC:-$ROOT/../shared/peers/signal-server}
	if [ ! -d "$src/src" ]; then SS_WHY="source not found ($src/src)"; return 1; fi
	if ! cp -r "$src" "$TMP/ss" 2>"$TMP/ss-build.log" ||
		! make -C "$TMP/ss/src" >>"$TMP/ss-build.log" 2>&1 ||
		[ ! -x "$TMP/ss/src/signalserver" ]; then
		SS_WHY="build failed: $(grep -m 1 -i 'error' "$TMP/ss-build.log" || tail -n 1 "$TMP/ss-build.log")"
		return 1
	fi
	SS_BIN=$TMP/ss/src/signalserver
}
# ss_flags LAT LON RADIUS_KM: the same transmitter, receiver and ITM
# parameters as SPLAT!'s .qth/.lrp (-pm 1 is the old ITM,
# point_to_point_ITM, as SPLAT!'s -olditm); -res 1200: 3" tiles.
ss_flags() {
	echo "-lat $1 -lon $2 -txh $TX_H -rxh $RX_H -f $FREQ -erp $ERP_W -R $3 -pm 1 -m -dbm -cl $CLIMATE -terdic $EPS -tercon $SIGMA -rel 50 -conf 50 -res 1200"
}
# ss_missing CASE: the report's line when Signal-Server could not be built
ss_missing() {
	out ""
	out "Signal-Server ($1): not measured, $SS_WHY."
}

# ---- cases ----
prep_itm3() {
	local d=$TMP/itm3
	[ -d "$d" ] && return 0
	mkdir -p "$d"
	sdf_prep "$d" "$HGT" srtm2sdf || { echo "bench: srtm2sdf failed" >&2; return 1; }
	write_qth "$d/tx.qth" tx "$TX_LAT" "$TX_LON"; write_lrp "$d/tx.lrp"
	printf 'site_id,name,lat_deg,lon_deg,altitude_m\ntx,tx,%s,%s,0\n' "$TX_LAT" "$TX_LON" >"$d/sites.csv"
	cells_header >"$d/cells.csv"; cell_row tx >>"$d/cells.csv"
	rf_import "$d" "$HGT" || true
}

case_itm3() {
	local d=$TMP/itm3 i n
	prep_itm3 || return 1
	for i in $(seq "$RUNS"); do
		# shellcheck disable=SC2046
		(cd "$d" && measure itm3 splat "$i" "$d/splat.$i.log" splat -t tx.qth $(splat_flags 30) -d sdf -o map.ppm)
		if [ -n "$SS_BIN" ]; then
			# shellcheck disable=SC2046
			(cd "$d" && measure itm3 signalserver "$i" "$d/ss.$i.log" "$SS_BIN" -sdf sdf \
				$(ss_flags "$TX_LAT" "$TX_LON" 30) -o ssmap_itm3)
			rm -f "$d"/ssmap_itm3.*
		fi
		rf_predict itm3 rfplan "$i" "$d" itm 30 "$THREADS" "$d/out.$i"
		[ "$i" -gt 1 ] && rm -rf "$d/out.$i"
		# The floor: the same run with free-space loss (no terrain
		# model): start-up, terrain read, combining and writing the
		# same maps, i.e. what any model costs on top of.
		rf_predict itm3 rfplan-fspl "$i" "$d" fspl 30 "$THREADS" "$d/fs.$i"
		[ "$i" -gt 1 ] && rm -rf "$d/fs.$i"
		# The floor of a batch run that needs only the maps (issue 19
		# point 4): the same with --products maps.
		if has_opt "$RF_PREDICT_HELP" products; then
			rf_predict itm3 rfplan-fspl-maps "$i" "$d" fspl 30 "$THREADS" "$d/fm.$i" --products maps
			[ "$i" -gt 1 ] && rm -rf "$d/fm.$i"
		fi
		# ITU-R P.1812 on the same pixels and profiles (no SPLAT! peer)
		rf_predict itm3 rfplan-p1812 "$i" "$d" p1812 30 "$THREADS" "$d/p1812.$i"
		[ "$i" -gt 1 ] && rm -rf "$d/p1812.$i"
		# The LTE service maps' cost (doc/lte.md): the same ITM run
		# without them.
		if has_opt "$RF_PREDICT_HELP" no-service-maps; then
			rf_predict itm3 rfplan-nosvc "$i" "$d" itm 30 "$THREADS" "$d/ns.$i" --no-service-maps
			rm -rf "$d/ns.$i"
		fi
	done
	# SPLAT!'s pixel count: one more (untimed) run writing every pixel to -ano.
	# shellcheck disable=SC2046
	(cd "$d" && splat -t tx.qth $(splat_flags 30) -d sdf -o count.ppm -ano count.txt >/dev/null 2>&1)
	n=$(awk -F, 'NF >= 5 { n++ } END { print n + 0 }' "$d/count.txt" 2>/dev/null)
	if [ -n "$n" ] && [ "$n" -gt 0 ]; then set_pixels itm3 splat "$n" "-ano lines"
	else set_pixels itm3 splat "$(disc_pixels 30 "$TX_LAT" 3 3)" "pi r^2 / pixel"; fi
	rm -f "$d/count.txt" "$d"/*.ppm
	rf_count itm3 rfplan "$d/out.1" "$d" 30 1 "$TX_LAT"; rm -rf "$d/out.1"
	rf_count itm3 rfplan-fspl "$d/fs.1" "$d" 30 1 "$TX_LAT"; rm -rf "$d/fs.1"
	if [ -d "$d/fm.1" ]; then rf_count itm3 rfplan-fspl-maps "$d/fm.1" "$d" 30 1 "$TX_LAT"; rm -rf "$d/fm.1"; fi
	rf_count itm3 rfplan-p1812 "$d/p1812.1" "$d" 30 1 "$TX_LAT"; rm -rf "$d/p1812.1"
	set_pixels itm3 rfplan-nosvc "$(awk -F'|' '$1 == "itm3" && $2 == "rfplan" { print $3; exit }' "$PIXELS")" "as rfplan"
	set_pixels itm3 signalserver "$(disc_pixels 30 "$TX_LAT" 3 3)" "pi r^2 / pixel"
	table itm3 "ITM, 3\" (N47E009.hgt), 1 cell, 30 km, 1800 MHz: SPLAT! -olditm and Signal-Server -pm 1 (4 pthreads) vs rfplan --model itm ($THREADS threads); rfplan-fspl: the same run with free-space loss; rfplan-fspl-maps: that with --products maps; rfplan-p1812: with --model p1812; rfplan-nosvc: with --no-service-maps" splat signalserver rfplan rfplan-fspl rfplan-fspl-maps rfplan-p1812 rfplan-nosvc
	ratio_line itm3 rfplan splat
	if [ -n "$SS_BIN" ]; then ratio_line itm3 rfplan signalserver; else ss_missing itm3; fi
	ratio_line itm3 rfplan-fspl splat
	ratio_line itm3 rfplan-p1812 rfplan
	floor_line itm3 splat rfplan-fspl
	ratio_line itm3 rfplan rfplan-nosvc
}

case_threads() {
	local d=$TMP/itm3 i
	prep_itm3 || return 1
	for i in $(seq "$RUNS"); do
		rf_predict threads rfplan-1t "$i" "$d" itm 30 1 "$d/t1.$i"
		rf_predict threads "rfplan-${THREADS}t" "$i" "$d" itm 30 "$THREADS" "$d/t2.$i"
		if [ "$i" -eq 1 ]; then
			THREAD_CHECK=$(rf_compare "$d/t1.1" "$d/t2.1")
		fi
		rf_count threads rfplan-1t "$d/t1.$i" "$d" 30 1 "$TX_LAT"
		rf_count threads "rfplan-${THREADS}t" "$d/t2.$i" "$d" 30 1 "$TX_LAT"
		rm -rf "$d/t1.$i" "$d/t2.$i"
	done
	table threads "rfplan threads, ITM 3\" case: 1 vs $THREADS threads" rfplan-1t "rfplan-${THREADS}t"
	local r
	r=$(ratio threads rfplan-1t "rfplan-${THREADS}t" 5)
	out ""
	out "**Speedup 1 -> $THREADS threads** (median of per-run t1/t$THREADS, wall): $r"
	out ""
	out "**Outputs with 1 and $THREADS threads:** ${THREAD_CHECK:-not compared (no successful pair)}"
}

case_los() {
	local d=$TMP/los i ox oy ll w h
	mkdir -p "$d"
	# Observer: the DEM's centre (UTM 11N), 30 m; target 1.5 m; -md covers
	# the whole DEM (half diagonal 20.4 km).
	read -r w h <<EOF
$(gdalinfo "$UTMDEM" | awk '/^Size is/ { gsub(",", ""); print $3, $4 }')
EOF
	read -r ox oy <<EOF
$(gdalinfo "$UTMDEM" | awk -F'[(), ]+' '/^Center/ { print $2, $3 }')
EOF
	ll=$(echo "$ox $oy" | gdaltransform -s_srs EPSG:32611 -t_srs EPSG:4326 -output_xy | awk '{ printf "%.8f %.8f", $2, $1 }')
	LOS_LAT=${ll% *}; LOS_LON=${ll#* }
	printf 'site_id,name,lat_deg,lon_deg,altitude_m\nobs,obs,%s,%s,0\n' "$LOS_LAT" "$LOS_LON" >"$d/sites.csv"
	cells_header >"$d/cells.csv"; cell_row obs >>"$d/cells.csv"
	rf_import "$d" "$UTMDEM" || true
	for i in $(seq "$RUNS"); do
		# Same curvature: gdal_viewshed applies -cc (default 0.85714) to the
		# earth bulge d^2/2R, so the equivalent effective-earth factor is
		# k = 1/cc = 1.1667 (doc/viewshed.md).
		measure los gdal_viewshed "$i" "$d/vs.$i.log" gdal_viewshed -q -oz "$TX_H" -tz "$RX_H" \
			-cc 0.85714 -md 21000 -ox "$ox" -oy "$oy" "$UTMDEM" "$d/vs.tif"
		rm -f "$d/vs.tif"
		OMP_NUM_THREADS=$THREADS measure los rfplan-viewshed "$i" "$d/rv.$i.log" \
			"$RFPLAN" viewshed "$d/ws" --site obs --height "$TX_H" --rx-height "$RX_H" \
			--radius 21 --k-factor 1.1666667 --threads "$THREADS" -q -o "$d/rv.tif"
		rm -f "$d/rv.tif" "$d/rv.qml"
		rf_predict los rfplan "$i" "$d" los 21 "$THREADS" "$d/out.$i"
		[ "$i" -gt 1 ] && rm -rf "$d/out.$i"
	done
	rf_count los rfplan "$d/out.1" "$d" 21 1 "$LOS_LAT"; rm -rf "$d/out.1"
	set_pixels los gdal_viewshed "$((w * h))" "whole DEM ${w}x${h}, all within -md"
	rf_count los rfplan-viewshed "$d/none" "$d" 21 1 "$LOS_LAT"
	table los "Line of sight, bigtujunga_utm11_30m.tif (UTM 11, 30 m), observer at the centre ($ox, $oy), 30 m / 1.5 m, 21 km: gdal_viewshed vs rfplan viewshed and rfplan predict --model los" gdal_viewshed rfplan-viewshed rfplan
	ratio_line los rfplan-viewshed gdal_viewshed
	ratio_line los rfplan gdal_viewshed
	out ""
	out "gdal_viewshed and rfplan viewshed compute visibility only (gdal_viewshed on the UTM grid with its own approximation, rfplan exactly on each pixel-centre profile of the imported EPSG:4326 grid, ~30 m); rfplan --model los computes free space + knife-edge diffraction loss per pixel, more work than visibility."
}

MULTI_N=50
prep_multi() {
	local d=$TMP/multi k lat lon
	mkdir -p "$d/tx"
	sdf_prep "$d" "$HGT" srtm2sdf || return 1
	printf 'site_id,name,lat_deg,lon_deg,altitude_m\n' >"$d/sites.csv"
	: >"$d/ss.flags"
	cells_header >"$d/cells.csv"
	# 10 rows x 5 columns over the tile, every 10 km disc inside it.
	for k in $(seq 0 $((MULTI_N - 1))); do
		lat=$(awk -v k="$k" 'BEGIN { printf "%.4f", 47.12 + int(k / 5) * 0.084 }')
		lon=$(awk -v k="$k" 'BEGIN { printf "%.4f", 9.20 + (k % 5) * 0.15 }')
		write_qth "$d/tx/s$k.qth" "s$k" "$lat" "$lon"; write_lrp "$d/tx/s$k.lrp"
		printf 's%d,s%d,%s,%s,0\n' "$k" "$k" "$lat" "$lon" >>"$d/sites.csv"
		ss_flags "$lat" "$lon" 10 >>"$d/ss.flags"
		cell_row "s$k" >>"$d/cells.csv"
	done
	rf_import "$d" "$HGT" || true
}

case_multi() {
	local d=$TMP/multi i
	prep_multi || return 1
	for i in $(seq "$RUNS"); do
		# SPLAT! takes one transmitter per -L map: one process per cell, in turn.
		# shellcheck disable=SC2016  # $1 and $q are the inner shell's
		measure multi splat "$i" "$d/splat.$i.log" sh -c \
			'cd "$1/tx" && for q in s*.qth; do splat -t "$q" '"$(splat_flags 10)"' -d ../sdf -o map.ppm || exit 1; done' sh "$d"
		if [ -n "$SS_BIN" ]; then
			# Signal-Server too: one process per cell, in turn (the
			# flags of each cell written by prep_multi).
			# shellcheck disable=SC2016  # $1 and $2 are the inner shell's
			measure multi signalserver "$i" "$d/ss.$i.log" sh -c \
				'cd "$1" && while read -r f; do "$2" -sdf sdf $f -o ssmap_multi || exit 1; done <ss.flags; rm -f ssmap_multi.*' sh "$d" "$SS_BIN"
		fi
		rf_predict multi rfplan "$i" "$d" itm 10 "$THREADS" "$d/out.$i"
		[ "$i" -gt 1 ] && rm -rf "$d/out.$i"
	done
	rf_count multi rfplan "$d/out.1" "$d" 10 "$MULTI_N" 47.5; rm -rf "$d/out.1"
	set_pixels multi splat "$((MULTI_N * $(disc_pixels 10 47.5 3 3)))" "$MULTI_N x pi r^2 / pixel at 47.5 N"
	set_pixels multi signalserver "$((MULTI_N * $(disc_pixels 10 47.5 3 3)))" "$MULTI_N x pi r^2 / pixel at 47.5 N"
	table multi "ITM, 3\", $MULTI_N cells (10 x 5 grid over the tile), 10 km each: SPLAT! and Signal-Server (one process per cell, sequential) vs rfplan" splat signalserver rfplan
	ratio_line multi rfplan splat
	if [ -n "$SS_BIN" ]; then ratio_line multi rfplan signalserver; else ss_missing multi; fi
}

case_itm1() {
	local d=$TMP/itm1 i
	mkdir -p "$d/hgt"
	# 1": a bilinear resampling of the 3" tile onto the SRTM1 grid of the same
	# tile (3601x3601 pixel centres on whole arc-seconds, edges half a pixel
	# outside the degree lines).  gdal_translate -outsize would stretch the 3"
	# extent instead (up to 0.5" off); SRTMHGT is CreateCopy-only, hence the VRT.
	if ! gdalwarp -q -of VRT -te 8.999861111111 46.999861111111 10.000138888889 48.000138888889 \
		-ts 3601 3601 -r bilinear "$HGT" "$d/hgt/w.vrt" ||
		! gdal_translate -q -of SRTMHGT "$d/hgt/w.vrt" "$d/hgt/N47E009.hgt"; then
		echo "bench: resampling to 1\" failed" >&2; return 1
	fi
	sdf_prep "$d" "$d/hgt/N47E009.hgt" srtm2sdf-hd || { echo "bench: srtm2sdf-hd failed" >&2; return 1; }
	write_qth "$d/tx.qth" tx "$TX_LAT" "$TX_LON"; write_lrp "$d/tx.lrp"
	printf 'site_id,name,lat_deg,lon_deg,altitude_m\ntx,tx,%s,%s,0\n' "$TX_LAT" "$TX_LON" >"$d/sites.csv"
	cells_header >"$d/cells.csv"; cell_row tx >>"$d/cells.csv"
	rf_import "$d" "$d/hgt/N47E009.hgt" || true
	for i in $(seq "$RUNS"); do
		# shellcheck disable=SC2046
		(cd "$d" && measure itm1 splat-hd "$i" "$d/splat.$i.log" splat-hd -t tx.qth $(splat_flags 30) -d sdf -o map.ppm)
		rm -f "$d/map.ppm"
		rf_predict itm1 rfplan "$i" "$d" itm 30 "$THREADS" "$d/out.$i"
		[ "$i" -gt 1 ] && rm -rf "$d/out.$i"
	done
	rf_count itm1 rfplan "$d/out.1" "$d" 30 1 "$TX_LAT"; rm -rf "$d/out.1"
	set_pixels itm1 splat-hd "$(disc_pixels 30 "$TX_LAT" 1 1)" "pi r^2 / pixel"
	table itm1 "ITM, 1\" (3601x3601 bilinear resampling of the tile), 1 cell, 30 km: SPLAT-HD -olditm vs rfplan --model itm ($THREADS threads)" splat-hd rfplan
	ratio_line itm1 rfplan splat-hd
}

# Memory with a huge clutter raster: synthetic 1" terrain (0-400 m hills, as
# in issue 5) over 0.6 x 0.6 degrees around Sao Tome (0.25 N, 6.6 E), inside
# the 36000x36000 ESA WorldCover tile N00E006, imported with that tile as
# clutter; then an ITM prediction of 30 km.  Target: peak RSS < 500 MB for
# both, i.e. proportional to the window, not to the 1.3 G-pixel tile.
case_mem() {
	local d=$TMP/mem i wc=$DATA/clutter/esa_worldcover_2021_N00E006.tif
	[ -r "$wc" ] || { echo "bench: $wc not found" >&2; return 1; }
	mkdir -p "$d"
	awk 'BEGIN { n = 2160; c = 0.6 / n
		printf "ncols %d\nnrows %d\nxllcorner 6.3\nyllcorner -0.05\ncellsize %.12f\n", n, n, c
		for (j = 0; j < n; j++) {
			y = (n - j - 0.5) * c; line = ""
			for (i = 0; i < n; i++) {
				x = (i + 0.5) * c
				line = line (i ? " " : "") sprintf("%.1f", 200 + 100 * sin(x * 40) * cos(y * 35) + 100 * sin(x * 13 + y * 17))
			}
			print line
		} }' >"$d/dem.asc"
	gdal_translate -q -a_srs EPSG:4326 -co COMPRESS=DEFLATE -co TILED=YES "$d/dem.asc" "$d/dem.tif" || return 1
	rm -f "$d/dem.asc"
	printf 'site_id,name,lat_deg,lon_deg,altitude_m\nst,st,0.25,6.6,0\n' >"$d/sites.csv"
	cells_header >"$d/cells.csv"; cell_row st >>"$d/cells.csv"
	for i in $(seq "$RUNS"); do
		rm -rf "$d/ws"
		measure mem rfplan-import "$i" "$d/import.$i.log" "$RFPLAN" import --dem "$d/dem.tif" \
			--clutter "$wc" --clutter-classes "$ROOT/data/clutter/esa_worldcover.csv" \
			--sites "$d/sites.csv" --sites-format generic --col-id site_id \
			--cells "$d/cells.csv" -q -o "$d/ws"
		rf_predict mem rfplan-predict "$i" "$d" itm 30 "$THREADS" "$d/out.$i"
		[ "$i" -gt 1 ] && rm -rf "$d/out.$i"
	done
	rf_count mem rfplan-predict "$d/out.1" "$d" 30 1 0.25; rm -rf "$d/out.1"
	set_pixels mem rfplan-import "$((2160 * 2160))" "DEM grid 2160x2160, clutter warped onto it"
	table mem "Memory: synthetic 1\" terrain around 0.25 N 6.6 E with the 36000x36000 ESA WorldCover tile as clutter; ITM 30 km ($THREADS threads); target peak RSS < 500 MB" rfplan-import rfplan-predict
}

# rematrix: path-loss matrices (doc/engine.md): the island sample at 30 m
# (REMATRIX_RES in the environment, e.g. 10: the resolution planners use),
# its 9 cells, ITM over 8 km.  Each run: a cold run on an empty
# WS/pathloss, then the re-run after every cell's tilt (+3 deg) and azimuth
# (+40 deg) changed, which reuses every matrix.
REMATRIX_RES=${REMATRIX_RES:-30}
case_rematrix() {
	local d=$TMP/rematrix S=$ROOT/samples/island i a
	mkdir -p "$d"
	"$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
		--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" --res "${REMATRIX_RES}m" \
		-o "$d/ws" >"$d/import.log" 2>&1 || { cat "$d/import.log" >&2; return 1; }
	cp "$S/cells.csv" "$S/sector65_1800.msi" "$d/"
	awk -F, -v OFS=, 'NR > 1 { $3 = ($3 + 40) % 360; $5 = $5 + 3 } { print }' \
		"$S/cells.csv" >"$d/cells_tilt.csv"
	a=(predict "$d/ws" --model itm --radius 8 --threads "$THREADS" -q)
	for i in $(seq "$RUNS"); do
		rm -rf "$d/ws/pathloss"
		OMP_NUM_THREADS=$THREADS measure rematrix rfplan-cold "$i" "$d/cold.$i.log" \
			"$RFPLAN" "${a[@]}" --cells "$d/cells.csv" -o "$d/cold.$i"
		OMP_NUM_THREADS=$THREADS measure rematrix rfplan-tilt "$i" "$d/tilt.$i.log" \
			"$RFPLAN" "${a[@]}" --cells "$d/cells_tilt.csv" -o "$d/tilt.$i"
		for t in cold tilt; do
			python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
print(sys.argv[2], r["timings_s"]["pathloss"], " ".join(m["matrix"] for m in r["pathloss_matrices"]))' \
				"$d/$t.$i/run.json" "$t" >>"$d/stages" 2>/dev/null
		done
		rm -rf "$d/cold.$i" "$d/tilt.$i"
	done
	table rematrix "Path-loss matrices: island sample at ${REMATRIX_RES} m, 9 cells, ITM 8 km ($THREADS threads): cold run, then the re-run after a tilt and azimuth change of every cell" rfplan-cold rfplan-tilt
	out ""
	out "**cold / re-run after the tilt change** (median of per-run ratios, wall): $(ratio rematrix rfplan-cold rfplan-tilt 5)"
	out ""
	out "$(awk '$1 == "cold" { c[++n] = $2 } $1 == "tilt" { t[++m] = $2; if ($0 ~ /computed|off/) miss++ }
		END { for (i = 1; i <= n && i <= m; i++) if (t[i] > 0) s = s sprintf(" %.1f", c[i] / t[i])
			printf "**Path-loss stage** (run.json timings, cold / re-run per run):%s; re-runs that computed a matrix: %d", s, miss + 0 }' "$d/stages")"
}

# optimize: rfplan optimize's evaluation rate (doc/planning.md): the island
# sample at 30 m, its 9 cells, ITM over 8 km; one pass over tilt 0..12,
# azimuth +/-30 and power -3..0 dB of every cell (27 candidates per cell).
# The rate is optimize.json's candidates / search_s (the search alone: the
# losses taken once before it and the maps after it are not counted).  A
# predict of the same cells runs first, as a planner would: every optimize
# then reads the path-loss matrices it stored (optimize.json's timings_s:
# pathloss, search, maps).
case_optimize() {
	local d=$TMP/optimize S=$ROOT/samples/island i
	mkdir -p "$d"
	"$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
		--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" --res 30m \
		-o "$d/ws" >"$d/import.log" 2>&1 || { cat "$d/import.log" >&2; return 1; }
	cp "$S/cells.csv" "$S/sector65_1800.msi" "$d/"
	"$RFPLAN" predict "$d/ws" --cells "$d/cells.csv" --model itm --radius 8 \
		--threads "$THREADS" -q -o "$d/pred" >"$d/pred.log" 2>&1 ||
		{ cat "$d/pred.log" >&2; return 1; }
	for i in $(seq "$RUNS"); do
		OMP_NUM_THREADS=$THREADS measure optimize rfplan-optimize "$i" "$d/opt.$i.log" \
			"$RFPLAN" optimize "$d/ws" --cells "$d/cells.csv" --model itm --radius 8 \
			--tilt 0..12 --azimuth 30 --power -3..0 --passes 1 --threads "$THREADS" -q \
			-o "$d/opt.$i"
		python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))
t = r["timings_s"]; print(r["candidates"], r["search_s"], t["pathloss"], t["maps"])' \
			"$d/opt.$i/optimize.json" >>"$d/rates" 2>/dev/null
		rm -rf "$d/opt.$i"
	done
	table optimize "rfplan optimize: island sample at 30 m, 9 cells, ITM 8 km ($THREADS threads), one pass of tilt, azimuth and power" rfplan-optimize
	out ""
	out "$(awk '$2 > 0 { r[++n] = $1 / $2; c = $1 }
		END { if (!n) { print "**Evaluation rate**: -"; exit }
			for (i = 2; i <= n; i++) { v = r[i]; for (j = i - 1; j >= 1 && r[j] > v; j--) r[j + 1] = r[j]; r[j + 1] = v }
			printf "**Evaluation rate** (optimize.json candidates / search_s, median of %d runs): %.1f candidates per second (%d candidates per run)", n, n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2, c }' "$d/rates")"
	out "$(awk '{ p = p sprintf(" %.2f", $3); m = m sprintf(" %.2f", $4) }
		END { printf "**After a predict** (optimize.json timings_s per run, s): losses%s; maps%s", p, m }' "$d/rates")"
}

# island5 (issue 19, "What must hold"): the island sample made at 5 m by
# scripts/make-samples.sh --res 5 (DEM and clutter on the 5 m grid, untimed),
# imported at 5 m; its 9 cells, ITM, radius 15 km.  The exact run
# (--no-cache) against two resolutions (--no-cache --main-radius 3
# --ext-res 25m): the first two-resolution run on the fresh workspace also
# makes the extended workspace (rfplan-tworesl-first); the timed pair is
# rfplan-exact and rfplan-tworesl, alternating.  The error: |dB| of the
# per-cell path loss (--per-cell) beyond the main radius, one map per site
# (the sectors of a site share their path loss), pooled.  Long (the exact
# run takes 10+ minutes on 2 cores): one run unless --runs says otherwise.
# (ISLAND5_RES, ISLAND5_R, ISLAND5_MAIN_KM, ISLAND5_EXT in the environment:
# a quick check of the case on a coarser grid.)
ISLAND5_RES=${ISLAND5_RES:-5}; ISLAND5_R=${ISLAND5_R:-15}
ISLAND5_MAIN_KM=${ISLAND5_MAIN_KM:-3}; ISLAND5_EXT=${ISLAND5_EXT:-25m}
case_island5() {
	local d=$TMP/island5 S=$ROOT/samples/island i a
	mkdir -p "$d"
	echo "bench: island5: making the 5 m sample and importing it (untimed) ..." >&2
	"$ROOT/scripts/make-samples.sh" --res "$ISLAND5_RES" "$d/s5" 2>"$d/samples.log" || { cat "$d/samples.log" >&2; return 1; }
	"$RFPLAN" import -q --dem "$d/s5/dem_mga48.tif" --clutter "$d/s5/clutter_mga48.tif" \
		--clutter-classes "$d/s5/clutter_classes.csv" --sites "$d/s5/sites_acma.csv" --res "${ISLAND5_RES}m" \
		-o "$d/ws" >"$d/import.log" 2>&1 || { cat "$d/import.log" >&2; return 1; }
	cp "$S/cells.csv" "$S/sector65_1800.msi" "$d/"
	a=(predict "$d/ws" --cells "$d/cells.csv" --model itm --radius "$ISLAND5_R" --threads "$THREADS"
		--no-cache --per-cell -q)
	local two=(--main-radius "$ISLAND5_MAIN_KM" --ext-res "$ISLAND5_EXT")
	OMP_NUM_THREADS=$THREADS measure island5 rfplan-tworesl-first 1 "$d/first.log" \
		"$RFPLAN" "${a[@]}" "${two[@]}" -o "$d/first"
	rm -rf "$d/first"
	for i in $(seq "$RUNS"); do
		OMP_NUM_THREADS=$THREADS measure island5 rfplan-exact "$i" "$d/exact.$i.log" \
			"$RFPLAN" "${a[@]}" -o "$d/exact.$i"
		OMP_NUM_THREADS=$THREADS measure island5 rfplan-tworesl "$i" "$d/two.$i.log" \
			"$RFPLAN" "${a[@]}" "${two[@]}" -o "$d/two.$i"
		[ "$i" -gt 1 ] && rm -rf "$d/exact.$i" "$d/two.$i"
	done
	rf_count island5 rfplan-exact "$d/exact.1" "$d" "$ISLAND5_R" 9 -10.49
	rf_count island5 rfplan-tworesl "$d/two.1" "$d" "$ISLAND5_R" 9 -10.49
	table island5 "Island sample at $ISLAND5_RES m (make-samples.sh --res $ISLAND5_RES; ${ISLAND5_R} km, 9 cells, ITM, $THREADS threads): exact (--no-cache) vs two resolutions (--no-cache --main-radius $ISLAND5_MAIN_KM --ext-res $ISLAND5_EXT); rfplan-tworesl-first: the first two-resolution run, which also makes the extended workspace" rfplan-exact rfplan-tworesl rfplan-tworesl-first
	out ""
	out "**exact / two resolutions** (median of per-run ratios): wall $(ratio island5 rfplan-exact rfplan-tworesl 5), CPU $(ratio island5 rfplan-exact rfplan-tworesl 6); exact / first two-resolution run (with the extended workspace): wall $(ratio island5 rfplan-exact rfplan-tworesl-first 5) (target >= 10)"
	out ""
	out "$(tworesl_error "$d/exact.1" "$d/two.1" "$d/s5/sites_acma.csv" "$ISLAND5_MAIN_KM")"
	rm -rf "$d/exact.1" "$d/two.1"
}

# net100 (issue 19, "What must hold"): a 102-cell network (34 sites x 3
# sectors) over a 40 x 40 km window of N47E009.hgt imported at 10 m (no
# clutter: the shared WorldCover tile does not cover it), ITM, radius
# NET100_R km.  Sites on a 6 x 6 grid (two corners left out) with a
# deterministic jitter of up to a fifth of the pitch (1.3 km), heights 20-40 m, sectors at 0, 120
# and 240 degrees with the sample's 65-degree pattern, tilt 2-5 degrees.
# Rows: rfplan-cold (empty WS/pathloss), rfplan-warm (the same request: every
# matrix reused), rfplan-tilt (every tilt + 2 degrees: matrices reused).
# predict's memory estimate is the one its limit check computes with the
# products asked for (src/core/limits.c), read from the cold run's log line
# "memory estimate: ..." (the cold runs are not -q for it).
# (NET100_R, NET100_KM, NET100_RES in the environment: a quick check.)
NET100_R=${NET100_R:-5}; NET100_KM=${NET100_KM:-40}; NET100_RES=${NET100_RES:-10}
case_net100() {
	local d=$TMP/net100 i a est w s e n lat0=47.45 lon0=9.55 hdr
	mkdir -p "$d" || return 1
	cp "$ROOT/samples/island/sector65_1800.msi" "$d/" || return 1
	# the window: NET100_KM x NET100_KM around (lat0, lon0), 6371 km sphere
	read -r w s e n < <(awk -v la="$lat0" -v lo="$lon0" -v km="$NET100_KM" 'BEGIN {
		pi = atan2(0, -1); dla = km / 2 / (6371.0 * pi / 180); dlo = dla / cos(la * pi / 180)
		printf "%.5f %.5f %.5f %.5f\n", lo - dlo, la - dla, lo + dlo, la + dla }')
	hdr="site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,pci"
	awk -v w="$w" -v s="$s" -v e="$e" -v n="$n" -v d="$d" -v hdr="$hdr" '
	function frac(x) { x -= int(x); return x < 0 ? x + 1 : x }
	# a deterministic value in (-1, 1): the fraction of a large sine
	function jit(k, m) { return frac(sin(k * 12.9898 + m * 78.233) * 43758.5453) * 2 - 1 }
	BEGIN {
		S = d "/sites.csv"; C = d "/cells.csv"; T = d "/cells_tilt.csv"
		print "site_id,name,lat_deg,lon_deg,altitude_m" > S
		print hdr > C; print hdr > T
		k = 0
		for (r = 0; r < 6; r++) for (c = 0; c < 6; c++) {
			if ((r == 0 && c == 0) || (r == 5 && c == 5)) continue
			fy = (r + 0.5 + jit(k, 1) / 5) / 6
			fx = (c + 0.5 + jit(k, 2) / 5) / 6
			lat = s + fy * (n - s); lon = w + fx * (e - w)
			h = 20 + int((jit(k, 3) + 1) * 10 + 0.5)
			t = 2 + int((jit(k, 4) + 1) * 1.5 + 0.5)
			printf "S%02d,S%02d,%.6f,%.6f,0\n", k, k, lat, lon > S
			for (q = 0; q < 3; q++) {
				printf "S%02d,%d,%d,%d,%d,sector65_1800.msi,,43,,1800,20,2,%d\n", k, q + 1, q * 120, h, t, 3 * k + q > C
				printf "S%02d,%d,%d,%d,%d,sector65_1800.msi,,43,,1800,20,2,%d\n", k, q + 1, q * 120, h, t + 2, 3 * k + q > T
			}
			k++
		}
	}' || return 1
	echo "bench: net100: importing N47E009.hgt at ${NET100_RES} m over $w,$s,$e,$n (untimed) ..." >&2
	"$RFPLAN" import -q --dem "$HGT" --res "${NET100_RES}m" --bounds "$w,$s,$e,$n" \
		--sites "$d/sites.csv" --sites-format generic --col-id site_id --col-name name \
		--col-lat lat_deg --col-lon lon_deg --col-alt altitude_m \
		-o "$d/ws" >"$d/import.log" 2>&1 || { cat "$d/import.log" >&2; return 1; }
	a=(predict "$d/ws" --model itm --radius "$NET100_R" --threads "$THREADS" -q)
	for i in $(seq "$RUNS"); do
		rm -rf "$d/ws/pathloss"
		OMP_NUM_THREADS=$THREADS measure net100 rfplan-cold "$i" "$d/cold.$i.log" \
			"$RFPLAN" "${a[@]:0:${#a[@]}-1}" --cells "$d/cells.csv" -o "$d/cold.$i"
		[ "$i" -eq 1 ] && est=$(sed -n 's/.*memory estimate: \([0-9.]* [MG]iB\) .*/\1/p' \
			"$d/cold.1.log" | head -n 1)
		OMP_NUM_THREADS=$THREADS measure net100 rfplan-warm "$i" "$d/warm.$i.log" \
			"$RFPLAN" "${a[@]}" --cells "$d/cells.csv" -o "$d/warm.$i"
		OMP_NUM_THREADS=$THREADS measure net100 rfplan-tilt "$i" "$d/tilt.$i.log" \
			"$RFPLAN" "${a[@]}" --cells "$d/cells_tilt.csv" -o "$d/tilt.$i"
		[ "$i" -eq 1 ] && NET100_SAME=$(rf_compare "$d/cold.1" "$d/warm.1")
		[ "$i" -gt 1 ] && rm -rf "$d/cold.$i" "$d/warm.$i" "$d/tilt.$i"
	done
	for i in cold warm tilt; do rf_count net100 "rfplan-$i" "$d/$i.1" "$d" "$NET100_R" 102 "$lat0"; done
	table net100 "Network: 102 cells (34 sites x 3 sectors) over ${NET100_KM} x ${NET100_KM} km of N47E009.hgt at ${NET100_RES} m ($(gdalinfo "$d/ws/dem.tif" 2>/dev/null | awk '/^Size is/ { gsub(",", ""); print $3 "x" $4 }') pixels), ITM ${NET100_R} km, $THREADS threads: cold (empty WS/pathloss), warm (the same request), tilt (every tilt + 2 degrees)" rfplan-cold rfplan-warm rfplan-tilt
	out ""
	out "**cold / warm**: wall $(ratio net100 rfplan-cold rfplan-warm 5); **cold / tilt change**: wall $(ratio net100 rfplan-cold rfplan-tilt 5); warm maps against cold: ${NET100_SAME:-not compared}"
	out ""
	out "$(stats net100 rfplan-cold | awk -v est="${est:-}" '{ m = $4 / 1024 }
		END { if (est == "") { printf "**Memory estimate**: none printed (the limit check was not reached)"; exit }
			split(est, x, " "); v = x[1] * (x[2] == "GiB" ? 1024 : 1)
			printf "**Memory estimate** (predict'"'"'s limit check, src/core/limits.c): %s against a peak RSS of %.0f MiB (cold): %s", est, m, (v >= m ? "within the estimate" : "ABOVE the estimate") }')"
	rm -rf "$d/cold.1" "$d/warm.1" "$d/tilt.1"
}

# tworesl_error EXACT_DIR TWO_DIR SITES_CSV MAIN_KM: median, p90, p99, max of
# |dB| between the two runs' pathloss_SITE_CELL.tif beyond MAIN_KM of the
# site (as scripts/bench_tworesl.sh; one map per site, pooled), and whether
# the pixels within it are the same bits.  The distance is taken in the
# map's CRS (metres when projected; haversine on a 6371 km sphere when
# geographic).
tworesl_error() {
	/usr/bin/python3 - "$@" <<'PY' 2>&1 | tail -n 1
import csv, glob, math, os, sys
import numpy as np
from osgeo import gdal, osr
ex, two, sites_csv, main_km = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
sites = {r["SITE_ID"]: (float(r["LATITUDE"]), float(r["LONGITUDE"])) for r in csv.DictReader(open(sites_csv))}
errs, same, seen, n = [], True, set(), 0
for pa in sorted(glob.glob(os.path.join(ex, "pathloss_*.tif"))):
    site = os.path.basename(pa)[len("pathloss_"):-4].rsplit("_", 1)[0]
    pb = os.path.join(two, os.path.basename(pa))
    if site in seen or site not in sites or not os.path.exists(pb):
        continue
    seen.add(site)
    a, b = gdal.Open(pa), gdal.Open(pb)
    za = a.GetRasterBand(1).ReadAsArray().astype(float)
    zb = b.GetRasterBand(1).ReadAsArray().astype(float)
    for z, ds in ((za, a), (zb, b)):
        nd = ds.GetRasterBand(1).GetNoDataValue()
        if nd is not None:
            z[z == nd] = np.nan
    gt = a.GetGeoTransform()
    xs = gt[0] + (np.arange(za.shape[1]) + 0.5) * gt[1]
    ys = gt[3] + (np.arange(za.shape[0]) + 0.5) * gt[5]
    X, Y = np.meshgrid(xs, ys)
    srs = osr.SpatialReference(wkt=a.GetProjection())
    lat0, lon0 = sites[site]
    if srs.IsGeographic():
        p1, p2 = math.radians(lat0), np.radians(Y)
        h = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(np.radians(X - lon0) / 2) ** 2
        d_km = 2 * 6371.0 * np.arcsin(np.sqrt(h))
    else:
        g = osr.SpatialReference(); g.ImportFromEPSG(4326)
        g.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        x0, y0, _ = osr.CoordinateTransformation(g, srs).TransformPoint(lon0, lat0)
        d_km = np.hypot(X - x0, Y - y0) / 1000.0
    zone = (d_km > main_km * 1.01) & np.isfinite(za) & np.isfinite(zb)
    errs.append(np.abs(zb - za)[zone])
    inner = (d_km < main_km * 0.99) & np.isfinite(za)
    same = same and bool(np.array_equal(za[inner], zb[inner]))
    n += 1
if not errs:
    print("**Error beyond the main radius**: no per-cell maps to compare")
    sys.exit(0)
e = np.concatenate(errs)
print("**Error beyond the main radius** (|dB| of the path loss, two resolutions - exact, %d sites' maps, %d pixels beyond %.1f km): median %.2f, p90 %.2f, p99 %.2f, max %.2f dB; within it the same bits: %s"
      % (n, e.size, main_km, np.median(e), np.percentile(e, 90), np.percentile(e, 99), e.max(), "yes" if same else "NO"))
PY
}

# ---- main ----
{
	echo "## Benchmark run $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo ""
	echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- Signal-Server: built from ${SIGNALSERVER_SRC:-../shared/peers/signal-server} ($(sed -n 's/.*@ *\([0-9a-f]\{7,\}\).*/\1/p' "${SIGNALSERVER_SRC:-$ROOT/../shared/peers/signal-server}/SOURCE.md" 2>/dev/null | head -n 1)) when itm3 or multi runs"
	echo "- SPLAT! $(splat 2>&1 | awk '/SPLAT! v/ { for (i = 1; i <= NF; i++) if ($i ~ /^v[0-9]/) print $i; exit }'), $(gdalinfo --version | cut -d, -f1), rfplan: $("$RFPLAN" --version 2>&1 | head -n 1)"
	echo "- $RUNS runs per tool, alternating; wall and CPU are medians; ratios are medians of per-run ratios; rfplan with $THREADS threads unless stated"
} >>"$REPORT"
cat "$REPORT"
rf_probe
for c in ${CASES//,/ }; do
	case $c in itm3|multi)
		if [ -z "$SS_BIN$SS_WHY" ]; then
			echo "bench: building Signal-Server (untimed) ..." >&2
			ss_build || echo "bench: Signal-Server: $SS_WHY; its rows are skipped" >&2
		fi ;;
	esac
done
for c in ${CASES//,/ }; do
	echo "bench: case $c ..." >&2
	"case_$c" || echo "bench: case $c could not be prepared, skipped" >&2
done
if [ -n "$MDFILE" ]; then
	cp "$REPORT" "$MDFILE" && echo "bench: markdown written to $MDFILE" >&2
fi
exit 0
