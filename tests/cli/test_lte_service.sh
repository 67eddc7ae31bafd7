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
plan 13

for tool in gdal_create gdal_translate gdallocationinfo geod python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do skip "lte service $i" "$tool not installed"; done
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
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
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
for f in cqi pdsch_sinr throughput_dl_mbps ul_sinr throughput_ul_mbps ul_rbs ul_limited; do
	expect_file "$T/two/$f.tif"
	expect_file "$T/two/$f.qml"
done
expect_file "$T/two/throughput_dl_mbps.png"
expect_file "$T/two/throughput_dl_mbps_legend.png"
expect_no_file "$T/two/coverage_probability.tif"
gdalinfo "$T/two/cqi.tif" 2>/dev/null | grep -q "Type=Byte" || fail "cqi.tif is not UInt8"
gdalinfo "$T/two/throughput_dl_mbps.tif" 2>/dev/null | grep -q "Type=Float32" ||
	fail "throughput_dl_mbps.tif is not Float32"
for m in cqi pdsch_sinr_db dl_throughput_mbps dl_throughput_cqi_mbps ul_sinr_db ul_throughput_mbps ul_limited; do
	grep -q "^\"total\",$m,0," "$T/two/stats.csv" || fail "stats.csv: no total $m rows"
	grep -q "^\"A/1\",$m,0," "$T/two/stats.csv" || fail "stats.csv: no A/1 $m rows"
done
# The same bits with 1 and 2 threads.
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/two1" -q --threads 1
expect_rc 0
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/two2" -q --threads 2
expect_rc 0
for f in cqi.tif pdsch_sinr.tif throughput_dl_mbps.tif ul_sinr.tif throughput_ul_mbps.tif ul_rbs.tif ul_limited.tif stats.csv; do
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

# ul_py CL UE_DBM NRB [FIXED_RBS]: TR 36.942 A.2 uplink by brute force,
# independent of rfplan: the SINR over one RB s1 = UE - CL - (-174 +
# 10 log10(180 kHz) + NF 5) - IoT 3; over n RBs s1 - 10 log10 n; T(n) =
# min(0.4 log2(1 + SINR_n), 2.0) x n x 144 x 1000 / 1e6 (0 below -10 dB) for
# n = 1..NRB (or FIXED_RBS only); prints "n s_n T" of the maximum (the
# largest n of it; 1 when every T is 0).
ul_py() {
	python3 - "$@" <<'PY'
import math, sys
cl, ue, nrb = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
ns = [int(sys.argv[4])] if len(sys.argv) > 4 else range(1, nrb + 1)
s1 = ue - cl - (-174 + 10 * math.log10(180e3) + 5) - 3
def t(n):
    s = s1 - 10 * math.log10(n)
    return 0.0 if s < -10 else min(0.4 * math.log2(1 + 10 ** (s / 10)), 2.0) * n * 144 * 1000 / 1e6
best = max(t(n) for n in ns)
n = max([n for n in ns if t(n) == best and best > 0] or [min(ns)])
print(n, s1 - 10 * math.log10(n), t(n))
PY
}

begin "lte service: uplink allocation, SINR and throughput equal a brute-force A.2 calculation"
# One cell, the UE at 23 dBm (every pixel on its 50 RB) and at -10 dBm
# (fewer RBs with distance), and --ul-rbs 6 fixed.  RSRP from free space,
# coupling loss CL = RS EPRE - RSRP.
for args in "23 0" "-10 0" "23 6"; do
	ue=${args% *} fix=${args#* }
	opt="--ue-power-dbm $ue"
	[ "$fix" = 0 ] || opt="$opt --ul-rbs $fix"
	dir="ul_${ue}_$fix"
	# shellcheck disable=SC2086
	run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/$dir" -q $opt
	expect_rc 0
	for lon in 147.02025 147.03025 147.04525 147.05275 147.07025; do
		r=$(fspl_rsrp $ROW "$lon" 147.05)
		cl=$(awk -v r="$r" 'BEGIN { print 43 - 10 * log(600) / log(10) - r }')
		if [ "$fix" = 0 ]; then want=$(ul_py "$cl" "$ue" 50); else want=$(ul_py "$cl" "$ue" 50 "$fix"); fi
		# shellcheck disable=SC2086  # split into fields on purpose
		set -- $want
		echo "# $dir at $lon: CL $cl dB: $want" >&2
		nearv "$(value "$T/$dir/ul_rbs.tif" "$lon" $ROW)" "$1" 0 "UL RBs at $lon ($dir)"
		nearv "$(value "$T/$dir/ul_sinr.tif" "$lon" $ROW)" "$2" 0.1 "UL SINR at $lon ($dir)"
		nearv "$(value "$T/$dir/throughput_ul_mbps.tif" "$lon" $ROW)" "$3" 0.01 \
			"UL throughput at $lon ($dir)"
		[ "$ue" = -10 ] && seen_rbs="${seen_rbs:-} $1"
	done
done
# the weak UE's best allocation varies: all 50 RB near the site, fewer far out
case " $seen_rbs " in *" 50 "*) ;; *) fail "no pixel on 50 RB among:$seen_rbs" ;; esac
echo "$seen_rbs" | awk '{ for (i = 1; i <= NF; i++) if ($i > 1 && $i < 50) f = 1; exit !f }' ||
	fail "no pixel with 1 < RBs < 50 among:$seen_rbs"
end

# lim_py DL_SINR UL_1RB_SINR DL_TARGET UL_TARGET: ul_limited from the margins
# over the SINRs each target needs (A.2 inverted: req(b) = max(-10, 10
# log10(2^(b / alpha) - 1)), inf above Thr_MAX): DL 50 RB x 120 RE, 1 layer,
# alpha 0.6, 4.4; UL on the best n of 1..50 RB, min_n req(T / (n x 144 x
# 1000)) + 10 log10 n, alpha 0.4, 2.0.
lim_py() {
	python3 - "$@" <<'PY'
import math, sys
dl, ul, tdl, tul = map(float, sys.argv[1:5])
def req(b, a, mx):
    if b > mx: return math.inf
    return -10.0 if b == 0 else max(-10.0, 10 * math.log10(2 ** (b / a) - 1))
m_dl = dl - req(tdl * 1e6 / (50 * 120 * 1000), 0.6, 4.4)
m_ul = ul - min(req(tul * 1e6 / (n * 144 * 1000), 0.4, 2.0) + 10 * math.log10(n) for n in range(1, 51))
print(0 if m_ul >= m_dl else (1 if m_ul >= 0 else 2))
PY
}

begin "lte service: ul_limited says which link first misses its throughput target"
# Two co-channel cells (interference-limited DL: 0), one lone cell with the
# default targets (the links close: a noise-limited pixel is not "uplink
# fails"), and with --dl-target-mbps 5 --ul-target-mbps 1 at a -10 dBm UE
# (1 near the site, 2 further out).  DL SINR from sinr.tif (load 1), the UL
# SINR over one RB from the free-space budget.
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/tgt" -q \
	--ue-power-dbm -10 --dl-target-mbps 5 --ul-target-mbps 1
expect_rc 0
seen=""
for spec in "two 23 0 0" "ul_23_0 23 0 0" "tgt -10 5 1"; do
	# shellcheck disable=SC2086  # split into fields on purpose
	set -- $spec
	dir=$1 ue=$2 tdl=$3 tul=$4
	for lon in $COLS 147.02025 147.07025; do
		dl=$(value "$T/$dir/sinr.tif" "$lon" $ROW)
		r=$(value "$T/$dir/rsrp.tif" "$lon" $ROW)
		if [ -z "$dl" ] || [ -z "$r" ]; then fail "no SINR/RSRP at $lon ($dir)"; continue; fi
		ul1=$(awk -v r="$r" -v ue="$ue" 'BEGIN { l = log(10)
			print r - (43 - 10 * log(600) / l) + ue - (-174 + 10 * log(180000) / l + 5) - 3 }')
		want=$(lim_py "$dl" "$ul1" "$tdl" "$tul")
		got=$(value "$T/$dir/ul_limited.tif" "$lon" $ROW)
		nearv "$got" "$want" 0 "ul_limited at $lon ($dir: DL $dl dB, UL 1 RB $ul1 dB)"
		[ "$dir" = ul_23_0 ] && [ "$got" = 2 ] && fail "a lone cell's pixel at $lon labelled uplink fails"
		seen="$seen $got"
	done
done
for k in 0 1 2; do
	case " $seen " in *" $k "*) ;; *) fail "no pixel with ul_limited $k among:$seen" ;; esac
done
end

begin "lte service: sinr.tif is the RS-SINR at any --load, pdsch_sinr.tif the data REs' at --load"
# Two co-channel cells, --load 0.5.  By hand (python): S and I the two
# free-space RSRPs, N_RE = -174 + 10 log10(15 kHz) + 7 dB; RS-SINR =
# S / (N + I) (reference signals are sent at every load), PDSCH SINR =
# S / (N + 0.5 I); CQI and DL throughput follow the PDSCH SINR.
run "$RFPLAN" predict "$T/ws" --cells "$T/two.csv" --model fspl --radius 3 -o "$T/half" -q \
	--load 0.5
expect_rc 0
cmp -s "$T/half/sinr.tif" "$T/two/sinr.tif" || fail "sinr.tif changes with --load"
for lon in 147.04025 147.05125 147.05475 147.05825; do
	ra=$(fspl_rsrp $ROW "$lon" 147.05) rb=$(fspl_rsrp $ROW "$lon" 147.06025)
	# shellcheck disable=SC2046  # two fields
	set -- $(python3 -c "import math, sys
a, b = float(sys.argv[1]), float(sys.argv[2]); s, i = 10 ** (max(a, b) / 10), 10 ** (min(a, b) / 10)
n = 10 ** ((-174 + 10 * math.log10(15000) + 7) / 10)
print(10 * math.log10(s / (n + i)), 10 * math.log10(s / (n + 0.5 * i)))" "$ra" "$rb")
	nearv "$(value "$T/half/sinr.tif" "$lon" $ROW)" "$1" 0.1 "RS-SINR at $lon"
	p=$(value "$T/half/pdsch_sinr.tif" "$lon" $ROW)
	nearv "$p" "$2" 0.1 "PDSCH SINR at $lon"
	nearv "$(value "$T/half/cqi.tif" "$lon" $ROW)" "$(cqi_of "$p")" 0 "CQI at $lon (PDSCH SINR $p)"
	nearv "$(value "$T/half/throughput_dl_mbps.tif" "$lon" $ROW)" \
		"$(shannon_mbps "$p" 0.6 -10 4.4 50 120 1)" 0.01 "DL throughput at $lon"
done
# at full load the two are the same map
cmp -s "$T/two/pdsch_sinr.tif" "$T/two/sinr.tif" 2>/dev/null ||
	[ "$(value "$T/two/pdsch_sinr.tif" 147.05475 $ROW)" = "$(value "$T/two/sinr.tif" 147.05475 $ROW)" ] ||
	fail "PDSCH SINR differs from RS-SINR at load 1"
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

# RSRP at reliability P is the level exceeded at P of the locations,
# RSRP + sigma Q^-1(P): at 90 % and sigma 8 dB, RSRP - 1.2815516 x 8 =
# RSRP - 10.252413 dB (Q^-1(0.9) = -1.2815516, A&S table 26.1).  Its class
# of edge E is the class of the median RSRP at edge E + 10.252413, so the
# rsrp_dbm_at_reliability rows of a run with edges E must equal, area for
# area, the rsrp_dbm rows of a run with edges E + 10.252413 (rfplan's own
# pixel-by-pixel count of RSRP - 1.2816 sigma); and the area at or above
# every edge is at most the median's.
begin "lte service: RSRP at 90 % reliability is RSRP - 1.2816 sigma, never above the median"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/rel" -q \
	--shadowing-sigma-db 8 --reliability 90 --rsrp-classes=-70,-75,-80,-85,-90
expect_rc 0
shifted=$(awk 'BEGIN { z = 10.252413; printf "%.6f,%.6f,%.6f,%.6f,%.6f", -70 + z, -75 + z, -80 + z, -85 + z, -90 + z }')
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/relref" -q \
	--rsrp-classes="$shifted"
expect_rc 0
rows() { awk -F, -v m="$2" '$1 == "\"total\"" && $2 == m { print $3, $6 }' "$1"; }
rows "$T/rel/stats.csv" rsrp_dbm_at_reliability >"$T/rel.rows"
rows "$T/relref/stats.csv" rsrp_dbm >"$T/ref.rows"
[ "$(wc -l <"$T/rel.rows")" = 6 ] || fail "want 6 rsrp_dbm_at_reliability classes, got $(wc -l <"$T/rel.rows")"
paste "$T/rel.rows" "$T/ref.rows" | awk '$1 != $3 || ($2 - $4 > 1e-6 || $4 - $2 > 1e-6) { bad = 1; print "# class " $1 ": " $2 " km2 vs " $4 }
	END { exit bad }' >&2 || fail "rsrp_dbm_at_reliability differs from the count of RSRP - 10.2524 dB"
# cumulative area at or above each edge (classes 0..k): reliability <= median
rows "$T/rel/stats.csv" rsrp_dbm >"$T/med.rows"
paste "$T/rel.rows" "$T/med.rows" | awk '{ a += $2; b += $4; if (a > b + 1e-9) { bad = 1; print "# class " $1 ": " a " > " b } } END { exit bad }' >&2 ||
	fail "more area at or above an edge at 90 % reliability than at the median"
end

begin "lte service: --reliability is a percentage; the old fraction is read with a warning"
run "$RFPLAN" predict "$T/ws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/relfrac" \
	--shadowing-sigma-db 8 --reliability 0.9 --rsrp-classes=-70,-75,-80,-85,-90
expect_rc 0
expect_err "option --reliability 0.9 read as 90 %"
cmp -s "$T/relfrac/stats.csv" "$T/rel/stats.csv" || fail "--reliability 0.9 and 90 give different stats.csv"
grep -q '"reliability_pct": 90' "$T/relfrac/run.json" || fail "run.json lacks reliability_pct 90"
end

# Land and sea (doc/lte.md: sea is a DEM void or a height <= 0 m).  A DEM
# whose west half (columns 0-99, west of 147.05) is at 100 m and east half
# at 0 m, written here as an ASCII grid, and one omni cell on the boundary
# (147.05): the served disc is symmetric about the cell's meridian, so land
# and sea are each half of the computed area, and every RSRP class of the
# "land" scope holds half of the total's (same share of its own area).  On
# the flat 100 m DEM there is no sea.
begin "lte service: stats.csv splits the computed area into land and sea"
awk 'BEGIN { print "ncols 200\nnrows 200\nxllcorner 147.0\nyllcorner -42.1\ncellsize 0.0005\nNODATA_value -9999"
	for (r = 0; r < 200; r++) { l = ""; for (c = 0; c < 200; c++) l = l (c < 100 ? "100 " : "0 "); print l } }' >"$T/half.asc"
gdal_translate -q -a_srs EPSG:4326 "$T/half.asc" "$T/half.tif" || fail "gdal_translate of the half-sea DEM"
printf 'site_id,name,lat,lon\nA,alpha,-42.05,147.05\n' >"$T/hsites.csv"
run "$RFPLAN" import --dem "$T/half.tif" --sites "$T/hsites.csv" --sites-format generic \
	--col-id site_id --col-lat lat --col-lon lon -o "$T/hws" -q
expect_rc 0
run "$RFPLAN" predict "$T/hws" --cells "$T/one.csv" --model fspl --radius 3 -o "$T/landsea" -q \
	--shadowing-sigma-db 6
expect_rc 0
row() { awk -F, -v s="$2" -v m="$3" -v k="$4" -v f="$5" '$1 == "\"" s "\"" && $2 == m && $3 == k { print $f }' "$1"; }
tot=$(row "$T/landsea/stats.csv" total computed 0 6)
nearv "$(row "$T/landsea/stats.csv" total land 0 6)" "$(awk -v t="$tot" 'BEGIN { print t / 2 }')" 1e-5 "land area"
nearv "$(row "$T/landsea/stats.csv" total sea 0 6)" "$(awk -v t="$tot" 'BEGIN { print t / 2 }')" 1e-5 "sea area"
nearv "$(row "$T/landsea/stats.csv" total land 0 7)" 50 1e-3 "land share"
for k in 0 1 2 3 4 5; do
	a=$(row "$T/landsea/stats.csv" total rsrp_dbm $k 6)
	nearv "$(row "$T/landsea/stats.csv" land rsrp_dbm $k 6)" "$(awk -v a="$a" 'BEGIN { print a / 2 }')" 1e-5 \
		"land RSRP class $k area"
done
[ -n "$(row "$T/landsea/stats.csv" land cqi 0 6)" ] || fail "no land rows of the service metrics"
[ -n "$(row "$T/landsea/stats.csv" land area_reliability 0 6)" ] || fail "no land area_reliability"
# all land on the flat DEM
nearv "$(row "$T/two/stats.csv" total sea 0 6)" 0 0 "sea area on the flat 100 m DEM"
nearv "$(row "$T/two/stats.csv" total land 0 7)" 100 0 "land share on the flat 100 m DEM"
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
badopt 2 "option --reliability" --reliability 100
badopt 2 "option --reliability" --reliability 0
badopt 2 "option --dl-target-mbps" --dl-target-mbps -1
badopt 1 "option --ul-target-mbps" --ul-target-mbps 20
badopt 2 "option --coverage-threshold-dbm" --coverage-threshold-dbm -100
badopt 2 "option --crs-ports" --mimo-layers 4 --crs-ports 2
badopt 2 "option --pdcch-symbols" --pdcch-symbols 4
badopt 2 "option --dl-shannon" --dl-shannon 0.6,-10
badopt 2 "option --cqi-table" --cqi-table "$T/missing.csv"
badopt 1 "option --ul-rbs" --ul-rbs 60
end
