#!/bin/sh
# rfplan predict end to end on a flat synthetic DEM (made here with
# gdal_create): free-space RSRP against a hand computation with distances
# from PROJ's `geod`, SINR on the bisector of two equal cells, 1 vs 2 threads
# bit for bit, and bad inputs leaving no output.
. "$(dirname "$0")/lib.sh"
plan 14
need_rfplan

for tool in gdal_create gdallocationinfo geod; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip_tool_rest "$tool not installed (gdal-bin, proj-bin)"
		exit 0
	fi
done

# 200 x 200 pixels of 0.0005 deg, flat at 100 m.  Pixel centres are at
# 147.0 + (i + 0.5) * 0.0005 E and -42.0 - (j + 0.5) * 0.0005 N.
setup gdal_create -of GTiff -ot Float32 -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 100 "$T/flat.tif"
printf 'site_id,name,lat,lon\nA,alpha,-42.05,147.05\nB,beta,-42.05,147.06025\nC,gamma,-42.05,147.04025\nD,delta,-42.07,147.05\n' >"$T/sites.csv"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	--col-id site_id --col-lat lat --col-lon lon -o "$T/ws" -q
if [ "$rc" != 0 ]; then
	fail_rest "set-up: rfplan import failed: $(head -c 300 "$T/err")"
	exit 0
fi
HDR=site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,pci

value() { gdallocationinfo -valonly -wgs84 "$1" "$2" "$3" 2>/dev/null; }
# nearv GOT WANT TOL WHAT: like near, but an empty GOT (no pixel) fails.
nearv() { if [ -z "$1" ]; then fail "$4: no value"; else near "$@"; fi; }

# expect_fspl TIF LAT LON: RSRP = EPRE - FSPL (ITU-R P.525: 32.45 + 20 log f_MHz
# + 20 log d_km), EPRE = 43 - 10 log10(12 * 50), omni 0 dBi; d from geod.
expect_fspl() {
	d=$(echo "-42.05 147.05 $2 $3" | geod +ellps=WGS84 -I +units=m -f %.4f | awk '{ print $3 }')
	want=$(awk -v d="$d" 'BEGIN { l = log(10); print 43 - 10 * log(600) / l - (32.45 + 20 * log(1800) / l + 20 * log(d / 1000) / l) }')
	got=$(value "$1" "$3" "$2")
	[ -n "$got" ] || { fail "no value at $2,$3"; return; }
	nearv "$got" "$want" 0.1 "RSRP at $2,$3 (d = $d m)"
}

begin "predict: free-space RSRP of one cell equals the hand computation"
printf '%s\nA,1,0,30,0,,0,43,,1800,10,0,1\n' "$HDR" >"$T/one.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/one" -q
expect_rc 0
expect_fspl "$T/one/rsrp.tif" -42.05025 147.06025
expect_fspl "$T/one/rsrp.tif" -42.03525 147.03525
expect_fspl "$T/one/rsrp.tif" -42.06525 147.05025
# Outside the 3 km radius (4.1 km east): nodata
# (no value at all only when the map stops before that point: gdallocationinfo
# says the point is off the file)
got=$(value "$T/one/rsrp.tif" 147.09975 -42.05025)
if [ -z "$got" ]; then
	gdallocationinfo -wgs84 "$T/one/rsrp.tif" 147.09975 -42.05025 2>&1 | grep -q 'off this file' ||
		fail "beyond the radius: no value and not off the map"
else
	[ "$got" = "-9999" ] || fail "beyond the radius: got '$got', want nodata"
fi
for f in rsrp.tif rsrp.qml sinr.tif rsrq.tif overlap.tif best_server.tif best_server.csv \
	best_server.qml rsrp.png rsrp_map.png rsrp_map.pgw rsrp_legend.png rsrp.kmz stats.csv run.json \
	hillshade.tif coverage.gpkg project.qgs; do
	expect_file "$T/one/$f"
done
grep -q '"rfplan_predict"' "$T/one/run.json" || fail "run.json lacks rfplan_predict"
grep -q '"sha256"' "$T/one/run.json" || fail "run.json lacks input hashes"
end

begin "predict: RSRQ of a lone cell at full load is -10log10(12) = -10.79 dB"
# RSSI = 12 N RSRP + noise; at ~1 km the noise (-97.5 dBm vs ~ -54 dBm) is
# negligible, so RSRQ = N / (12 N) -> -10.79 dB.
got=$(value "$T/one/rsrq.tif" 147.06025 -42.05025)
nearv "$got" -10.79 0.01 "RSRQ"
end

begin "predict: two equal co-channel cells give SINR 0 dB on the bisector"
# B and C are symmetric about longitude 147.05025 (a pixel-centre column):
# every pixel of that column is equidistant, RSRP equal, SINR = 0 dB at full
# load with noise ~45 dB below the signal.
printf '%s\nB,1,,,,,,,,1800,10,,\nC,1,,,,,,,,1800,10,,\n' "$HDR" >"$T/two.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/two" -q --threads 1
expect_rc 0
nearv "$(value "$T/two/sinr.tif" 147.05025 -42.04025)" 0 0.01 "SINR on the bisector"
nearv "$(value "$T/two/sinr.tif" 147.05025 -42.06525)" 0 0.01 "SINR on the bisector"
nearv "$(value "$T/two/overlap.tif" 147.05025 -42.06525)" 2 0 "overlap"
# A tie goes to the lowest cell index (B = 0).
nearv "$(value "$T/two/best_server.tif" 147.05025 -42.06525)" 0 0 "best server"
end

begin "predict: outputs identical with 1 and 2 threads"
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model los --radius 3 -o "$T/t1" -q --threads 1 --per-cell
expect_rc 0
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model los --radius 3 -o "$T/t2" -q --threads 2 --per-cell
expect_rc 0
for f in rsrp.tif sinr.tif rsrq.tif overlap.tif best_server.tif pathloss_B_1.tif pathloss_C_1.tif stats.csv; do
	cmp -s "$T/t1/$f" "$T/t2/$f" || fail "$f differs between 1 and 2 threads"
done
end

begin "predict: an existing output is replaced only with --force"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 1 -o "$T/one" -q
expect_rc 1
expect_err "force"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 1 -o "$T/one" -q --force
expect_rc 0
mkdir "$T/mine" && echo keep >"$T/mine/notes.txt"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 1 -o "$T/mine" -q --force
expect_rc 1
expect_err "not an rfplan predict output"
[ -f "$T/mine/notes.txt" ] || fail "a foreign directory was touched"
end

# bad CELLS EXPECTED_STDERR...: exit 1, the message, nothing under $T/bad.
bad() {
	shift
	run "$RFPLAN" predict "$T/ws" --cells "$T/bad.csv" --model fspl --radius 1 -o "$T/bad" -q
	expect_rc 1
	for m in "$@"; do expect_err "$m"; done
	expect_no_file "$T/bad"
	for f in "$T"/.bad.*; do
		[ -e "$f" ] && fail "a temporary directory was left behind: $f"
	done
}

begin "predict: unknown site named with its line"
printf '%s\nA,1,,,,,,,,,,,\nNOPE,2,,,,,,,,,,,\n' "$HDR" >"$T/bad.csv"
bad unknown "bad.csv:3" "unknown site 'NOPE'"
end

begin "predict: missing antenna file"
printf '%s\nA,1,,,,nosuch.msi,,,,,,,\n' "$HDR" >"$T/bad.csv"
bad antenna "bad.csv:2" "nosuch.msi"
end

begin "predict: bandwidth that is not an LTE bandwidth"
printf '%s\nA,1,,,,,,,,,7,,\n' "$HDR" >"$T/bad.csv"
bad bandwidth "bad.csv:2" "bandwidth_mhz" "not an LTE channel bandwidth"
end

begin "predict: a cells file without cells"
printf '%s\n' "$HDR" >"$T/bad.csv"
bad nocells "no cells"
end

begin "predict: a cell outside the DEM"
printf 'site_id,name,lat,lon\nA,alpha,-42.05,147.05\nZ,out,-43.05,147.07\n' >"$T/s2.csv"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/s2.csv" --sites-format generic \
	--col-id site_id --col-lat lat --col-lon lon -o "$T/ws2" -q
printf '%s\nZ,1,,,,,,,,,,,\n' "$HDR" >"$T/bad.csv"
run "$RFPLAN" predict "$T/ws2" --cells "$T/bad.csv" --model fspl --radius 1 -o "$T/bad" -q
expect_rc 1
expect_err "Z/1"
expect_err "outside the DEM"
expect_no_file "$T/bad"
end

begin "predict: usage errors exit 2"
run "$RFPLAN" predict "$T/ws" --load 2
expect_rc 2
expect_err "load"
run "$RFPLAN" predict "$T/ws" --default-cell bandwidth_mhz=7
expect_rc 2
expect_err "bandwidth"
run "$RFPLAN" predict "$T/ws" --model nosuch
expect_rc 2
end

begin "predict: with no cells file every site gets a default cell"
run "$RFPLAN" predict "$T/ws" --model fspl --radius 1 --default-cell frequency_mhz=2600,bandwidth_mhz=20 -q
expect_rc 0
n=$(tail -n +2 "$T/ws/predict/best_server.csv" | wc -l)
[ "$n" = 4 ] || fail "best_server.csv has $n cells, want 4 (one per site)"
grep -q ',2600$' "$T/ws/predict/best_server.csv" || fail "default frequency not applied"
end

begin "predict: --strict refuses a frequency outside the model's range"
# Okumura-Hata is defined for 150..1500 MHz; the cell is at 1800 MHz.
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model hata --radius 1 -o "$T/strict" -q --strict
expect_rc 1
expect_err "1800 MHz is outside the validity range"
expect_no_file "$T/strict"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model hata --radius 1 -o "$T/strict" -q
expect_rc 0
expect_err "warning: cell A/1: 1800 MHz"
end

begin "predict: --rsrp-classes sets the stats.csv classes"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 2 -o "$T/cls" -q --rsrp-classes -85,-70
expect_rc 0
grep -q '^"total",rsrp_dbm,0,-70,,' "$T/cls/stats.csv" || fail "no [-70, +inf) class"
grep -q '^"total",rsrp_dbm,1,-85,-70,' "$T/cls/stats.csv" || fail "no [-85, -70) class"
grep -q '^"total",rsrp_dbm,2,,-85,' "$T/cls/stats.csv" || fail "no (-inf, -85) class"
grep -q '^"total",rsrp_dbm,3' "$T/cls/stats.csv" && fail "too many classes"
# The shares of the classes add up to 100 %.
sum=$(awk -F, '$1 == "\"total\"" && $2 == "rsrp_dbm" { s += $7 } END { print s }' "$T/cls/stats.csv")
nearv "$sum" 100 0.01 "sum of RSRP class shares"
end
