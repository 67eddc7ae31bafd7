#!/bin/sh
# rfplan predict's service maps (doc/lte.md "Service maps") on a flat
# synthetic DEM made here with gdal_create, free-space model.  At pixels of
# known RS-SINR (read from sinr.tif) the CQI must be the one of the published
# table (thresholds written out below), the DL throughput the TR 36.942 A.2
# formula to 0.01 Mbit/s; the uplink SINR must equal a hand link budget (RSRP
# from P.525 free space and PROJ's geod distance) to 0.1 dB; coverage
# probability the normal CDF of the margin to 1e-4 (Python's math.erfc);
# with sigma 0 the area reliability is the RSRP class share above the
# threshold.  Then defaults, --no-service-maps, and bad options.
. "$(dirname "$0")/lib.sh"
plan 9

for tool in gdal_create gdallocationinfo geod python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		for i in 1 2 3 4 5 6 7 8 9; do skip "lte service $i" "$tool not installed"; done
		exit 0
	fi
done

# 200 x 200 pixels of 0.0005 deg, flat at 100 m (as test_predict.sh).
gdal_create -of GTiff -ot Float32 -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 100 "$T/flat.tif" >/dev/null 2>&1
printf 'site_id,name,lat,lon\nA,alpha,-42.05,147.05\nB,beta,-42.05,147.06025\n' >"$T/sites.csv"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	--col-id site_id --col-lat lat --col-lon lon -o "$T/ws" -q
if [ "$rc" != 0 ]; then
	for i in 1 2 3 4 5 6 7 8 9; do
		begin "lte service $i: import of the synthetic workspace"
		fail "rfplan import failed: $(head -c 300 "$T/err")"
		end
	done
	exit 0
fi
HDR=site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,pci
# Two co-channel omni cells, 43 dBm, 1800 MHz, 10 MHz (50 RB), 30 m.
printf '%s\nA,1,0,30,0,,0,43,,1800,10,0,1\nB,1,0,30,0,,0,43,,1800,10,0,2\n' "$HDR" >"$T/two.csv"
printf '%s\nA,1,0,30,0,,0,43,,1800,10,0,1\n' "$HDR" >"$T/one.csv"

value() { gdallocationinfo -valonly -wgs84 "$1" "$2" "$3" 2>/dev/null; }
nearv() { if [ -z "$1" ]; then fail "$4: no value"; else near "$@"; fi; }

# Pixel centres on the row at -42.05025 between A (147.05) and B (147.06025),
# and west of A: RS-SINR from about 0 dB to over 30 dB.
COLS="147.03025 147.04025 147.04525 147.05125 147.05275 147.05375 147.05475 147.05525 147.05825"
ROW=-42.05025

# cqi_of SINR: the highest CQI of TS 36.213 Table 7.2.3-1 whose 10 % BLER
# SINR (Vienna LTE simulators, utils/cqiMapper.m) is met.
cqi_of() {
	awk -v s="$1" 'BEGIN { split("-6.934 -5.147 -3.180 -1.254 0.761 2.700 4.697 6.528 8.576 10.370 12.300 14.180 15.890 17.820 19.830", t, " ")
		k = 0; for (i = 1; i <= 15; i++) if (s + 0 >= t[i] + 0) k = i; print k }'
}
# shannon_mbps SINR ALPHA MIN MAX N_RB RE LAYERS: TR 36.942 A.2,
# Thr = 0 below MIN, alpha log2(1 + SINR) capped at MAX, times
# N_RB x RE x 1000 per second x layers.
shannon_mbps() {
	awk -v s="$1" -v a="$2" -v mn="$3" -v mx="$4" -v n="$5" -v re="$6" -v l="$7" 'BEGIN {
		t = 0; if (s + 0 >= mn + 0) { t = a * log(1 + exp(s / 10 * log(10))) / log(2); if (t > mx) t = mx }
		printf "%.6f\n", l * t * n * re * 1000 / 1e6 }'
}
# fspl_rsrp LAT LON SITE_LON: 43 - 10 log10(600) - (32.45 + 20 log 1800 + 20 log d_km)
fspl_rsrp() {
	d=$(echo "-42.05 $3 $1 $2" | geod +ellps=WGS84 -I +units=m -f %.4f | awk '{ print $3 }')
	awk -v d="$d" 'BEGIN { l = log(10); print 43 - 10 * log(600) / l - (32.45 + 20 * log(1800) / l + 20 * log(d / 1000) / l) }'
}

begin "lte service: predict writes the CQI, throughput and uplink maps by default (same with 1 and 2 threads)"
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/two" -q
expect_rc 0
for f in cqi throughput_dl_mbps ul_sinr throughput_ul_mbps ul_limited; do
	expect_file "$T/two/$f.tif"
	expect_file "$T/two/$f.qml"
done
expect_file "$T/two/throughput_dl_mbps.png"
expect_file "$T/two/throughput_dl_mbps_legend.png"
expect_no_file "$T/two/coverage_probability.tif"
gdalinfo "$T/two/cqi.tif" 2>/dev/null | grep -q "Type=Byte" || fail "cqi.tif is not UInt8"
gdalinfo "$T/two/throughput_dl_mbps.tif" 2>/dev/null | grep -q "Type=Float32" ||
	fail "throughput_dl_mbps.tif is not Float32"
for m in cqi dl_throughput_mbps dl_throughput_cqi_mbps ul_sinr_db ul_throughput_mbps ul_limited; do
	grep -q "^\"total\",$m,0," "$T/two/stats.csv" || fail "stats.csv: no total $m rows"
	grep -q "^\"A/1\",$m,0," "$T/two/stats.csv" || fail "stats.csv: no A/1 $m rows"
done
# The same bits with 1 and 2 threads.
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/two1" -q --threads 1
expect_rc 0
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/two2" -q --threads 2
expect_rc 0
for f in cqi.tif throughput_dl_mbps.tif ul_sinr.tif throughput_ul_mbps.tif ul_limited.tif stats.csv; do
	cmp -s "$T/two1/$f" "$T/two2/$f" || fail "$f differs between 1 and 2 threads"
done
# Each metric's class shares add up to 100 % of the served area.
for m in cqi dl_throughput_mbps ul_limited; do
	s=$(awk -F, -v m="$m" '$1 == "\"total\"" && $2 == m { s += $7 } END { print s }' "$T/two/stats.csv")
	nearv "$s" 100 0.01 "total $m shares"
done
end

begin "lte service: CQI and DL throughput at pixels of known SINR (table, TR 36.942 A.2)"
n=0
for lon in $COLS; do
	s=$(value "$T/two/sinr.tif" "$lon" $ROW)
	[ -n "$s" ] || { fail "no SINR at $lon"; continue; }
	nearv "$(value "$T/two/cqi.tif" "$lon" $ROW)" "$(cqi_of "$s")" 0 "CQI at $lon (SINR $s dB)"
	# 50 RB, 2 CRS ports, 3 PDCCH symbols: 168 - 36 - 12 = 120 REs; 1 layer.
	nearv "$(value "$T/two/throughput_dl_mbps.tif" "$lon" $ROW)" \
		"$(shannon_mbps "$s" 0.6 -10 4.4 50 120 1)" 0.01 "DL throughput at $lon (SINR $s dB)"
	n=$((n + 1))
done
# The pixels span several CQIs, one of them below 7 (QPSK).
k=$(for lon in $COLS; do value "$T/two/cqi.tif" "$lon" $ROW; done | sort -un | wc -l)
[ "$k" -ge 4 ] || fail "only $k distinct CQIs on the test pixels"
[ "$(value "$T/two/cqi.tif" 147.05525 $ROW)" -lt 7 ] || fail "no low CQI next to the bisector"
end

begin "lte service: --mimo-layers 2 --crs-ports 4 --pdcch-symbols 1 and --dl-shannon"
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/mimo" -q \
	--mimo-layers 2 --crs-ports 4 --pdcch-symbols 1 --dl-shannon 0.75,-6,5.0
expect_rc 0
for lon in $COLS; do
	s=$(value "$T/mimo/sinr.tif" "$lon" $ROW)
	# 4 ports, 1 symbol: 168 - 12 - 20 = 136 REs; 2 layers.
	nearv "$(value "$T/mimo/throughput_dl_mbps.tif" "$lon" $ROW)" \
		"$(shannon_mbps "$s" 0.75 -6 5.0 50 136 2)" 0.01 "2-layer throughput at $lon"
done
end

begin "lte service: uplink SINR and throughput equal the hand link budget"
# Pixels served by A (west of the bisector at 147.055125): RSRP from free
# space; UL SINR = RSRP - EPRE + 23 - (-174 + 10 log10(N x 180 kHz) + NF 5) - IoT 3.
for args in "50" "6 --ul-rbs 6"; do
	nrb=${args%% *}
	# shellcheck disable=SC2086
	run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/ul$nrb" \
		-q ${args#"$nrb"}
	expect_rc 0
	for lon in 147.03025 147.04525 147.05275; do
		r=$(fspl_rsrp $ROW "$lon" 147.05)
		want=$(awk -v r="$r" -v n="$nrb" 'BEGIN { l = log(10)
			print r - (43 - 10 * log(600) / l) + 23 - (-174 + 10 * log(n * 180000) / l + 5) - 3 }')
		got=$(value "$T/ul$nrb/ul_sinr.tif" "$lon" $ROW)
		nearv "$got" "$want" 0.1 "UL SINR at $lon over $nrb RB"
		# 144 PUSCH REs per RB pair (168 - 24 DM-RS), UL parameters 0.4, -10, 2.0.
		nearv "$(value "$T/ul$nrb/throughput_ul_mbps.tif" "$lon" $ROW)" \
			"$(shannon_mbps "$got" 0.4 -10 2.0 "$nrb" 144 1)" 0.01 "UL throughput at $lon"
	done
done
end

begin "lte service: ul_limited compares the margins over the SINR floors"
# Two co-channel cells: the DL is interference-limited, the UL (thermal noise
# + IoT) is not: downlink-limited (0).  One cell with a -10 dBm UE: the UL
# margin is the smaller (1), and fails (2) beyond about 0.9 km.
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/weak" -q \
	--ue-power-dbm -10
expect_rc 0
seen=""
for dir in two weak; do
	for lon in $COLS; do
		dl=$(value "$T/$dir/sinr.tif" "$lon" $ROW)
		ul=$(value "$T/$dir/ul_sinr.tif" "$lon" $ROW)
		want=$(awk -v d="$dl" -v u="$ul" 'BEGIN { md = d + 10; mu = u + 10
			print (mu >= md) ? 0 : (mu >= 0 ? 1 : 2) }')
		got=$(value "$T/$dir/ul_limited.tif" "$lon" $ROW)
		nearv "$got" "$want" 0 "ul_limited at $lon ($dir: DL $dl dB, UL $ul dB)"
		seen="$seen $got"
	done
done
for k in 0 1 2; do
	case " $seen " in *" $k "*) ;; *) fail "no pixel with ul_limited $k among:$seen" ;; esac
done
end

begin "lte service: coverage probability is the normal CDF of the margin"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/cov" -q \
	--shadowing-sigma-db 8 --coverage-threshold-dbm -85 --reliability 0.9
expect_rc 0
expect_file "$T/cov/coverage_probability.tif"
expect_file "$T/cov/coverage_probability.qml"
expect_file "$T/cov/coverage_probability.png"
for lon in 147.03025 147.04025 147.05125 147.06525 147.07525 147.08025; do
	r=$(value "$T/cov/rsrp.tif" "$lon" $ROW)
	[ -n "$r" ] || { fail "no RSRP at $lon"; continue; }
	want=$(python3 -c "import math; print(0.5 * math.erfc((-85 - ($r)) / (8 * math.sqrt(2))))")
	nearv "$(value "$T/cov/coverage_probability.tif" "$lon" $ROW)" "$want" 1e-4 \
		"P(RSRP > -85) at $lon (RSRP $r)"
done
grep -q '^"total",area_reliability,0,,,' "$T/cov/stats.csv" || fail "no total area_reliability"
grep -q '^"A/1",area_reliability,0,,,' "$T/cov/stats.csv" || fail "no A/1 area_reliability"
end

begin "lte service: with sigma 0 the area reliability is the RSRP share above the threshold"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/s0" -q \
	--shadowing-sigma-db 0 --coverage-threshold-dbm -90
expect_rc 0
above=$(awk -F, '$1 == "\"total\"" && $2 == "rsrp_dbm" && ($3 == 0 || $3 == 1) { s += $7 } END { print s }' "$T/s0/stats.csv")
rel=$(awk -F, '$1 == "\"total\"" && $2 == "area_reliability" { print $7 }' "$T/s0/stats.csv")
nearv "$rel" "$above" 0.001 "area reliability vs RSRP >= -90 share"
end

begin "lte service: --no-service-maps writes none of them (coverage probability only with a sigma)"
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/none" -q \
	--no-service-maps
expect_rc 0
for f in cqi.tif throughput_dl_mbps.tif ul_sinr.tif ul_limited.tif coverage_probability.tif; do
	expect_no_file "$T/none/$f"
done
grep -q ',cqi,' "$T/none/stats.csv" && fail "stats.csv has CQI rows"
for f in rsrp.tif sinr.tif best_server.tif; do
	cmp -s "$T/none/$f" "$T/two/$f" || fail "$f differs with --no-service-maps"
done
n=$(wc -l <"$T/none/stats.csv")
head -n "$n" "$T/two/stats.csv" | cmp -s - "$T/none/stats.csv" ||
	fail "the service rows are not appended after the existing ones"
# With a sigma, only the coverage probability and its rows.
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/covonly" -q \
	--no-service-maps --shadowing-sigma-db 6
expect_rc 0
expect_file "$T/covonly/coverage_probability.tif"
expect_no_file "$T/covonly/cqi.tif"
grep -q ',cqi,' "$T/covonly/stats.csv" && fail "stats.csv has CQI rows with --no-service-maps"
grep -q '^"total",area_reliability,' "$T/covonly/stats.csv" || fail "no area_reliability row"
end

begin "lte service: bad options are usage errors naming the option"
badopt() {
	want_rc=$1 opt=$2
	shift 2
	run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 1 -o "$T/bad" -q "$@"
	expect_rc "$want_rc"
	expect_err "$opt"
	expect_no_file "$T/bad"
}
badopt 2 "option --load" --load 1.5
badopt 2 "option --load" --load -0.1
badopt 2 "option --mimo-layers" --mimo-layers 3
badopt 2 "option --shadowing-sigma-db" --shadowing-sigma-db -1
badopt 2 "option --reliability" --reliability 1
badopt 2 "option --reliability" --reliability 0.95
badopt 2 "option --coverage-threshold-dbm" --coverage-threshold-dbm -100
badopt 2 "option --crs-ports" --mimo-layers 4 --crs-ports 2
badopt 2 "option --pdcch-symbols" --pdcch-symbols 4
badopt 2 "option --dl-shannon" --dl-shannon 0.6,-10
badopt 2 "option --cqi-table" --cqi-table "$T/missing.csv"
badopt 1 "option --ul-rbs" --ul-rbs 60
end
