# shellcheck shell=bash
# rfplan side of scripts/bench.sh (sourced): workspace import, predict runs,
# pixel counts and the 1-vs-N-thread output comparison.  Options are taken
# from `rfplan import --help` / `rfplan predict --help`, so the harness keeps
# working while those commands evolve; a failing rfplan is reported and the
# peers are still measured.

# rf_probe: read the commands' help once.
rf_probe() {
	RF_IMPORT_HELP=$("$RFPLAN" import --help 2>&1)
	RF_PREDICT_HELP=$("$RFPLAN" predict --help 2>&1)
	if [ ! -x "$RFPLAN" ]; then
		echo "bench: $RFPLAN not found (make BUILD=... first); rfplan columns will be 'failed'" >&2
	fi
}

# has_opt HELP NAME: does the help text list --NAME?
has_opt() { printf '%s\n' "$1" | grep -Eq -- "--$2([ =,]|\$)"; }

# The cells file (issue 4 columns): one omni cell per site, 2.15 dBi so that
# 43.01 dBm into it is SPLAT!'s ERP of 20 W (ERP is relative to a dipole).
cells_header() {
	echo "site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,pci"
}
cell_row() {
	awk -v s="$1" -v h="$TX_H" -v erp="$ERP_W" -v f="$FREQ" 'BEGIN {
		printf "%s,%s-1,0,%g,0,,2.15,%.2f,,%g,10,0,0\n", s, s, h, 10 * log(erp * 1000) / log(10), f }'
}

# rf_import DIR DEM: DIR/sites.csv (+ DIR/cells.csv) -> workspace DIR/ws
rf_import() {
	local a
	a=(import --dem "$2" --sites "$1/sites.csv" --sites-format generic -o "$1/ws")
	has_opt "$RF_IMPORT_HELP" col-id && a+=(--col-id site_id)
	has_opt "$RF_IMPORT_HELP" col-name && a+=(--col-name name)
	has_opt "$RF_IMPORT_HELP" col-lat && a+=(--col-lat lat_deg)
	has_opt "$RF_IMPORT_HELP" col-lon && a+=(--col-lon lon_deg)
	has_opt "$RF_IMPORT_HELP" col-alt && a+=(--col-alt altitude_m)
	has_opt "$RF_IMPORT_HELP" cells && a+=(--cells "$1/cells.csv")
	has_opt "$RF_IMPORT_HELP" force && a+=(--force)
	if ! "$RFPLAN" "${a[@]}" >"$1/import.log" 2>&1; then
		echo "bench: rfplan import failed (rfplan ${a[*]}):" >&2
		tail -n 5 "$1/import.log" | sed 's/^/    /' >&2
		return 1
	fi
}

# rf_predict CASE TOOL RUN DIR MODEL RADIUS_KM THREADS OUTDIR [OPTION...]
# (the OPTIONs are passed on to rfplan predict)
rf_predict() {
	local a h=$RF_PREDICT_HELP
	a=(predict "$4/ws" --model "$5" --radius "$6" --rx-height "$RX_H" -o "$8")
	has_opt "$RF_IMPORT_HELP" cells || a+=(--cells "$4/cells.csv")
	has_opt "$h" threads && a+=(--threads "$7")
	# every run computes its path loss (no matrix of an earlier run reused)
	has_opt "$h" no-cache && a+=(--no-cache)
	if [ "$5" = itm ]; then
		# SPLAT!'s .lrp values; mdvar 12 is what SPLAT!'s point_to_point() uses.
		has_opt "$h" pol && a+=(--pol v)
		has_opt "$h" climate && a+=(--climate "$CLIMATE")
		has_opt "$h" n0 && a+=(--n0 "$N0")
		has_opt "$h" epsilon && a+=(--epsilon "$EPS")
		has_opt "$h" sigma && a+=(--sigma "$SIGMA")
		has_opt "$h" time && a+=(--time 50)
		has_opt "$h" location && a+=(--location 50)
		has_opt "$h" situation && a+=(--situation 50)
		has_opt "$h" mdvar && a+=(--mdvar 12)
	elif [ "$5" = p1812 ]; then
		# median time and locations, vertical polarization, the default
		# DN 45 / N0 325 (doc/models.md)
		has_opt "$h" pol && a+=(--pol v)
		has_opt "$h" time && a+=(--time 50)
		has_opt "$h" location && a+=(--location 50)
	fi
	has_opt "$h" quiet && a+=(--quiet)
	a+=("${@:9}")
	echo "rfplan ${a[*]}" >"$4/predict.cmd"
	OMP_NUM_THREADS=$7 measure "$1" "$2" "$3" "$4/predict.$2.$3.log" "$RFPLAN" "${a[@]}"
}

# rf_count CASE TOOL OUTDIR WSDIR RADIUS_KM NCELLS LAT: rfplan's pixels
# computed, in this order: a "*pixels*" count in run.json; the valid pixels
# of rsrp.tif (single cell); n x pi r^2 / pixel area of the workspace grid.
rf_count() {
	local n w h v px py
	n=$(grep -o '"[A-Za-z_]*pixels[A-Za-z_]*" *: *[0-9]*' "$3/run.json" 2>/dev/null | head -n 1 | sed 's/.*: *//')
	if [ -n "$n" ] && [ "$n" -gt 0 ]; then set_pixels "$1" "$2" "$n" "run.json"; return; fi
	if [ "$6" -eq 1 ] && [ -r "$3/rsrp.tif" ]; then
		read -r w h v <<EOF
$(gdalinfo -stats "$3/rsrp.tif" 2>/dev/null | awk '/^Size is/ { gsub(",", ""); w = $3; h = $4 }
	/STATISTICS_VALID_PERCENT=/ { sub(/.*=/, ""); v = $0 } END { print w, h, v }')
EOF
		rm -f "$3/rsrp.tif.aux.xml"
		if [ -n "$v" ]; then
			set_pixels "$1" "$2" "$(awk -v w="$w" -v h="$h" -v v="$v" 'BEGIN { printf "%.0f", w * h * v / 100 }')" "valid in rsrp.tif"
			return
		fi
	fi
	read -r px py w h <<EOF
$(gdalinfo "$4/ws/dem.tif" 2>/dev/null | awk -F'[(), ]+' '/^Pixel Size/ { x = $4 * 3600; y = -$5 * 3600 }
	/^Size is/ { w = $3; h = $4 } END { printf "%.6f %.6f %d %d", x, y, w, h }')
EOF
	if [ -n "$px" ] && awk -v x="$px" -v y="$py" 'BEGIN { exit !(x > 0 && y > 0) }'; then
		n=$(($6 * $(disc_pixels "$5" "$7" "$py" "$px")))
		# a disc larger than the DEM: at most the whole grid
		if [ "$6" -eq 1 ] && [ "$n" -gt $((w * h)) ]; then
			set_pixels "$1" "$2" "$((w * h))" "whole workspace grid ${w}x${h}"
		else
			set_pixels "$1" "$2" "$n" "$6 x pi r^2 / pixel"
		fi
	fi
}

# rf_compare DIR_A DIR_B: are the rasters of two runs identical?  Byte
# comparison first; when the files differ (metadata), the pixel values are
# compared exactly through a raw ENVI copy.
rf_compare() {
	local f b n=0 same=0 diff=""
	if [ ! -d "$1" ] || [ ! -d "$2" ]; then echo "not compared (a run failed)"; return; fi
	for f in "$1"/*.tif; do
		[ -e "$f" ] || continue
		b=$(basename "$f")
		n=$((n + 1))
		if cmp -s "$f" "$2/$b"; then same=$((same + 1)); continue; fi
		gdal_translate -q -of ENVI "$f" "$TMP/cmp_a.raw" 2>/dev/null &&
			gdal_translate -q -of ENVI "$2/$b" "$TMP/cmp_b.raw" 2>/dev/null &&
			cmp -s "$TMP/cmp_a.raw" "$TMP/cmp_b.raw" && { same=$((same + 1)); diff="$diff $b(pixels identical, file bytes differ)"; rm -f "$TMP"/cmp_*; continue; }
		diff="$diff $b(DIFFERENT)"
		rm -f "$TMP"/cmp_*
	done
	if [ "$n" -eq 0 ]; then echo "no rasters to compare"
	elif [ "$same" -eq "$n" ]; then echo "IDENTICAL: $n of $n rasters$( [ -n "$diff" ] && echo ":$diff")"
	else echo "DIFFER: $same of $n rasters identical;$diff"; fi
}
