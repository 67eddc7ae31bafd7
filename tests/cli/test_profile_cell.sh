#!/bin/sh
# rfplan profile --site ID --cell ID: one cell of the cells file explained
# as `rfplan predict` computes it (height, frequency, antenna gain toward the
# pixel, tilt, power).  The reference is the map itself: predict's per-cell
# path-loss raster and rsrp.tif, read at the pixel centre that profile
# reports with gdallocationinfo (a separate program).  The cell has a
# non-default height (45 m), frequency (2100 MHz), MSI sector antenna,
# azimuth, tilt, power and feeder loss, and is the only cell, so rsrp.tif is
# its RSRP.
. "$(dirname "$0")/lib.sh"
plan 5
need_rfplan
S="$ROOT/samples/island"

# json FIELD: a field of profile's JSON output ($T/out), "cell.X" in the
# cell object (python's json, not rfplan's).
json() {
	python3 -c 'import json, sys
o = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    o = o[k]
print(repr(o) if isinstance(o, float) else o)' "$T/out" "$1"
}

begin "profile --cell equals predict's path-loss and RSRP maps at the pixel centre (ITM, clutter, MSI sector)"
if ! command -v gdallocationinfo >/dev/null 2>&1; then
	fail "gdallocationinfo not installed (gdal-bin, scripts/install-deps.sh test)"
fi
cp "$S/sector65_1800.msi" "$T/"
cat > "$T/cells.csv" <<'CSV'
site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,pci
9000102,A,60,45,4,sector65_1800.msi,,40,,2100,10,1.5,7
CSV
# A failed set-up is this case's failure.
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" -o "$T/ws" -q
[ "$rc" = 0 ] || fail "set-up: import failed: $(head -c 300 "$T/err")"
run "$RFPLAN" predict "$T/ws" --cells "$T/cells.csv" --model itm --radius 4 --per-cell \
	-o "$T/pred" -q
[ "$rc" = 0 ] || fail "set-up: predict failed: $(head -c 300 "$T/err")"
compared=0
# in the main lobe, behind the antenna, and on the far side of the hill
for pt in "-10.5000 105.6800" "-10.5300 105.6450" "-10.4950 105.6600" "-10.5200 105.6900"; do
	run "$RFPLAN" profile "$T/ws" --site 9000102 --cell A --cells "$T/cells.csv" \
		--to "${pt% *},${pt#* }" --model itm --radius 4 --json
	expect_rc 0
	lat=$(json rx_lat_deg); lon=$(json rx_lon_deg)
	want_loss=$(gdallocationinfo -valonly -wgs84 "$T/pred/pathloss_9000102_A.tif" "$lon" "$lat")
	want_rsrp=$(gdallocationinfo -valonly -wgs84 "$T/pred/rsrp.tif" "$lon" "$lat")
	# the maps are Float32: 1e-4 dB is below their last bit at ~100 dB;
	# near fails on an empty value (a pixel not read is not a match)
	if near "$(json map_loss_db)" "$want_loss" 0.0001 "map_loss_db at $pt" &&
		near "$(json cell.rsrp_dbm)" "$want_rsrp" 0.0001 "rsrp_dbm at $pt"; then
		compared=$((compared + 1))
	fi
done
[ "$compared" = 4 ] || fail "$compared of 4 points agree"
# what predict read: the cell's own height, frequency and antenna
[ "$(json tx_height_agl_m)" = 45.0 ] || fail "tx_height_agl_m $(json tx_height_agl_m), want 45"
[ "$(json freq_mhz)" = 2100.0 ] || fail "freq_mhz $(json freq_mhz), want 2100"
[ "$(json cell.antenna)" = sector65_1800.msi ] || fail "antenna $(json cell.antenna)"
end

begin "profile --cell --profile-spacing 16 equals predict --profile-spacing 16's map; the cap is 16 points"
# The same points on a map made with at most 16 points per profile
# (doc/engine.md "Profiles that follow the resolution"): profile must take
# predict's spacing, so its value is that map's, and its profile has
# min(default points, 16) points.  A point whose default profile is longer
# than 16 points must differ from the default map somewhere (else the
# option would not have been applied at all).
run "$RFPLAN" predict "$T/ws" --cells "$T/cells.csv" --model itm --radius 4 --per-cell \
	--profile-spacing 16 -o "$T/pred16" -q
[ "$rc" = 0 ] || fail "set-up: predict --profile-spacing 16 failed: $(head -c 300 "$T/err")"
compared=0
differs=0
for pt in "-10.5000 105.6800" "-10.5300 105.6450" "-10.4950 105.6600" "-10.5200 105.6900"; do
	run "$RFPLAN" profile "$T/ws" --site 9000102 --cell A --cells "$T/cells.csv" \
		--to "${pt% *},${pt#* }" --model itm --radius 4 --json
	n_dem=$(json n_points)
	run "$RFPLAN" profile "$T/ws" --site 9000102 --cell A --cells "$T/cells.csv" \
		--to "${pt% *},${pt#* }" --model itm --radius 4 --profile-spacing 16 --json
	expect_rc 0
	lat=$(json rx_lat_deg); lon=$(json rx_lon_deg)
	want_loss=$(gdallocationinfo -valonly -wgs84 "$T/pred16/pathloss_9000102_A.tif" "$lon" "$lat")
	want_rsrp=$(gdallocationinfo -valonly -wgs84 "$T/pred16/rsrp.tif" "$lon" "$lat")
	dem_loss=$(gdallocationinfo -valonly -wgs84 "$T/pred/pathloss_9000102_A.tif" "$lon" "$lat")
	if near "$(json map_loss_db)" "$want_loss" 0.0001 "map_loss_db at $pt" &&
		near "$(json cell.rsrp_dbm)" "$want_rsrp" 0.0001 "rsrp_dbm at $pt"; then
		compared=$((compared + 1))
	fi
	want_n=$n_dem
	[ "${n_dem:-0}" -gt 16 ] 2>/dev/null && want_n=16
	[ "$(json n_points)" = "$want_n" ] ||
		fail "n_points $(json n_points) at $pt, want min($n_dem, 16)"
	if [ "${n_dem:-0}" -gt 16 ] 2>/dev/null &&
		awk -v a="$dem_loss" -v b="$want_loss" 'BEGIN { d = a - b; exit !(d > 0.0001 || d < -0.0001) }'; then
		differs=$((differs + 1))
	fi
done
[ "$compared" = 4 ] || fail "$compared of 4 points agree"
[ "$differs" -ge 1 ] || fail "no point differs from the default spacing's map"
# predict's values only; never in the point form
run "$RFPLAN" profile "$T/ws" --site 9000102 --cell A --cells "$T/cells.csv" \
	--to -10.5000,105.6800 --profile-spacing 5
expect_rc 2
expect_err "option --profile-spacing: '5' is not dem, auto or a number of points"
run "$RFPLAN" profile "$T/ws" --site 9000102 --to -10.5000,105.6800 --freq-mhz 900 \
	--profile-spacing auto
expect_rc 2
expect_err "option --profile-spacing needs --pixel or --cell"
end

begin "profile --cell: --freq-mhz overrides the cell's (fspl: + 20 log10(4200/2100) dB)"
# P.525: the free-space loss grows by 20 log10(2) = 6.0206 dB when the
# frequency doubles over the same path; the antenna gain does not change,
# so the RSRP falls by as much.
run "$RFPLAN" profile "$T/ws" --site 9000102 --cell A --cells "$T/cells.csv" \
	--to -10.5000,105.6800 --model fspl --no-clutter --json
expect_rc 0
l0=$(json path_loss_db); r0=$(json cell.rsrp_dbm)
run "$RFPLAN" profile "$T/ws" --site 9000102 --cell A --cells "$T/cells.csv" \
	--to -10.5000,105.6800 --model fspl --no-clutter --freq-mhz 4200 --json
expect_rc 0
near "$(json path_loss_db)" "$(awk -v l="$l0" 'BEGIN { print l + 6.0206 }')" 0.001 path_loss_db
near "$(json cell.rsrp_dbm)" "$(awk -v r="$r0" 'BEGIN { print r - 6.0206 }')" 0.001 rsrp_dbm
[ "$(json cell.frequency_mhz)" = 4200.0 ] || fail "cell frequency $(json cell.frequency_mhz)"
end

begin "profile --cell: --tx-height overrides the cell's height"
run "$RFPLAN" profile "$T/ws" --site 9000102 --cell A --cells "$T/cells.csv" \
	--to -10.5000,105.6800 --model fspl --tx-height 20 --json
expect_rc 0
[ "$(json tx_height_agl_m)" = 20.0 ] || fail "tx_height_agl_m $(json tx_height_agl_m), want 20"
[ "$(json cell.height_agl_m)" = 20.0 ] || fail "cell height $(json cell.height_agl_m), want 20"
end

begin "profile --cell: an unknown cell names the cells file; usage errors"
run "$RFPLAN" profile "$T/ws" --site 9000102 --cell B --cells "$T/cells.csv" \
	--to -10.5000,105.6800
expect_rc 1
expect_err "cells.csv: site '9000102' has no cell 'B'"
# 2.0 km from the site (0.018 deg of latitude x 111 km), predict's radius 1 km
run "$RFPLAN" profile "$T/ws" --site 9000102 --cell A --cells "$T/cells.csv" \
	--to -10.5300,105.6617 --radius 1
expect_rc 1
expect_err "beyond the radius (1 km) or the DEM, the map has no value there"
run "$RFPLAN" profile "$T/ws" --site 9000102 --cells "$T/cells.csv" --to -10.5000,105.6800 \
	--freq-mhz 900
expect_rc 2
expect_err "need --cell"
run "$RFPLAN" profile --pfl "$T/x.pfl" --cell A --tx-height 10
expect_rc 2
expect_err "option --cell"
end
