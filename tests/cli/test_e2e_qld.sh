#!/bin/sh
# End-to-end on real data (issue 4, "End-to-end tests on real data", second
# item): Geoscience Australia's Queensland DEM (GDA94 / MGA zone 54, 30 m)
# and land cover (classes 5/6/12/14/15, with a class table written here),
# one site given in MGA54 easting/northing, and sector cells with real vendor
# antenna files: the sector's main lobe must point where its azimuth says.
#
# For each sector a single-cell run with --per-cell gives, per pixel,
#   rsrp = RS EPRE + G_ant(toward the pixel) - feeder - L_path   (doc/lte.md)
# and pathloss_SITE_CELL.tif = L_path (model + clutter loss), so
#   G_ant = rsrp - RS EPRE + L_path,  RS EPRE = 43 - 10 log10(12 x 50) = 15.2185 dBm
# (43 dBm over 10 MHz = 50 RB, TS 36.101 table 5.6-1; feeder loss 0).  The
# terrain and clutter cancel out: what is left is the antenna pattern.
# On the ring of pixels 950..1050 m from the site (distance and bearing from
# PROJ's geod; the site's WGS84 position from cs2cs, not from rfplan), the
# pixel of highest G_ant must lie within 15 deg of the expected bearing:
#   azimuth + the angle of the file's HORIZONTAL minimum attenuation (read
#   from the file here; 0 for the SV460, 32 for the AMB4520R8v06 beam; the
#   horizontal angles are clockwise, doc/antennas.md);
# and its gain must be the file's peak gain (GAIN line, dBd + 2.15 = dBi)
# less the vertical cut's attenuation at the ring's depression angle: about
# atan(28.5 m / 1000 m) = 1.6 deg for 30 m over 1 km, 0..4 deg with the
# terrain's 26 m of relief, so between the peak - (the file's largest
# VERTICAL attenuation from 0 to 4 deg) - 0.5 dB and the peak + 0.1 dB; the ring's
# lowest gain (behind the antenna) must be at least 15 dB below the peak
# (the files' front-to-back ratios are 21 dB and more).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/e2e_lib.sh"
plan 5
need_rfplan

DEM="$DATA/dem/qld_gda94_mga54_30m.tif"
LC="$DATA/clutter/qld_landcover_wgs84.tif"
SV460="$DATA/antenna/pafx2msi/SV460-SF2SNM_0920_00T.msi"
AMB="$DATA/antenna/python_antenna_pattern/AMB4520R8v06_05T.msi"
for f in "$DEM" "$LC" "$SV460" "$AMB"; do
	if [ ! -f "$f" ]; then
		skip_data_rest "real test data absent ($f)"
		exit 0
	fi
done
if ! why=$(need_tools gdalinfo gdallocationinfo gdal_translate geod cs2cs); then
	skip_tool_rest "$why (gdal-bin, proj-bin)"
	exit 0
fi

# The site: the DEM's centre in MGA54 (gdalinfo "Center" line), converted to
# WGS84 by cs2cs (GDA94 -> WGS84, PROJ's default operation).
E=716371.573
N=7440929.657
# shellcheck disable=SC2046 # split cs2cs's "lat lon height"
set -- $(echo "$E $N" | cs2cs -f %.9f EPSG:28354 EPSG:4326)
SLAT=$1
SLON=$2

begin "qld: GDA94 DEM + land cover + MGA54 site import"
cat >"$T/classes.csv" <<EOF
code,name,loss_db,height_m
5,Suburban/wooded country,8,10
6,"Orchard, open forest",6,8
12,Mudflats/salt evaporators/sandy beaches,0,0
14,GA class 14 (not in GA's table),4,3
15,GA class 15 (not in GA's table),4,3
EOF
printf 'id,easting,northing\nQ1,%s,%s\n' "$E" "$N" >"$T/sites.csv"
run "$RFPLAN" import --dem "$DEM" --clutter "$LC" --clutter-classes "$T/classes.csv" \
	--sites "$T/sites.csv" --sites-format generic --sites-srs EPSG:28354 -o "$T/ws"
expect_rc 0
expect_err "sites: 1 inside the DEM"
grep -q 'is not in' "$T/err" && fail "a land-cover class is reported missing from the table: $(grep 'is not in' "$T/err")"
expect_file "$T/ws/clutter.tif"
end

cp "$SV460" "$AMB" "$T/"
# ring_peak OUTDIR PATHLOSS: prints "bearing gain_dbi min_gain n" of the
# ring's highest-gain pixel
ring_peak() {
	gdal_translate -q -of XYZ "$1/rsrp.tif" /vsistdout/ | awk '$3 != -9999 { print $1, $2, $3 }' >"$T/px"
	awk '{ print $1, $2 }' "$T/px" | geod_dist_az "$SLAT" "$SLON" >"$T/da"
	awk '{ print $1, $2 }' "$T/px" | values_at "$2" >"$T/pl"
	paste -d' ' "$T/px" "$T/da" "$T/pl" |
		awk '$4 >= 950 && $4 <= 1050 && NF == 6 && $6 != -9999 {
				g = $3 - 15.2185 + $6; n++
				if (n == 1 || g > best) { best = g; baz = $5 }
				if (n == 1 || g < worst) worst = g
			}
			END { printf "%.3f %.3f %.3f %d\n", baz, best, worst, n }'
}
# msi_peak FILE: "angle gain_dbi vatt_db": the HORIZONTAL minimum's angle,
# the GAIN line in dBi, and the largest VERTICAL attenuation from 0 to 4 deg
# below the horizon (the ring's depression angles, see the header)
msi_peak() {
	awk 'toupper($1) == "GAIN" { g = $2; if (tolower($3) != "dbi") g += 2.15 }
		toupper($1) == "HORIZONTAL" { h = 1; v = 0; next }
		toupper($1) == "VERTICAL" { h = 0; v = 1; next }
		h && NF >= 2 && (min == "" || $2 + 0 < min) { min = $2 + 0; a = $1 + 0 }
		v && NF >= 2 && $1 + 0 <= 4 && $2 + 0 > vmax { vmax = $2 + 0 }
		END { print a, g, vmax + 0 }' "$1"
}

for spec in "A 90 SV460-SF2SNM_0920_00T.msi 920" "B 210 SV460-SF2SNM_0920_00T.msi 920" \
	"C 330 AMB4520R8v06_05T.msi 1845"; do
	# shellcheck disable=SC2086,SC2046 # split the spec and msi_peak's 3 fields
	set -- $spec
	cell=$1 az=$2 ant=$3 f=$4
	# shellcheck disable=SC2046
	set -- $(msi_peak "$T/$ant")
	want=$(awk -v a="$az" -v p="$1" 'BEGIN { w = a + p; while (w >= 360) w -= 360; print w }')
	peak_dbi=$2
	vatt=$3
	begin "qld: sector $cell ($ant, azimuth $az) main lobe at bearing $want"
	printf 'site_id,cell_id,azimuth_deg,height_agl_m,antenna,tx_power_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db\n' >"$T/cells_$cell.csv"
	printf 'Q1,%s,%s,30,%s,43,%s,10,0\n' "$cell" "$az" "$ant" "$f" >>"$T/cells_$cell.csv"
	run "$RFPLAN" predict "$T/ws" --cells "$T/cells_$cell.csv" --radius 1.3 --per-cell -o "$T/out_$cell" -q
	expect_rc 0
	if [ -s "$T/out_$cell/pathloss_Q1_$cell.tif" ]; then
		# shellcheck disable=SC2046 # split ring_peak's 4 fields
		set -- $(ring_peak "$T/out_$cell" "$T/out_$cell/pathloss_Q1_$cell.tif")
		bearing=$1 gain=$2 worst=$3 n=$4
		[ "$n" -ge 100 ] || fail "only $n ring pixels"
		off=$(awk -v b="$bearing" -v w="$want" 'BEGIN { d = b - w; while (d > 180) d -= 360; while (d < -180) d += 360; print (d < 0) ? -d : d }')
		near "$off" 0 15 "peak bearing $bearing off the expected $want by"
		awk -v g="$gain" -v p="$peak_dbi" -v v="$vatt" 'BEGIN { exit !(g <= p + 0.1 && g >= p - v - 0.5) }' ||
			fail "peak gain $gain dBi, want $peak_dbi dBi (file) minus at most $vatt dB (vertical cut, 0..4 deg) + 0.5"
		awk -v g="$gain" -v w="$worst" 'BEGIN { exit !(g - w >= 15) }' ||
			fail "front-to-back on the ring only $(awk -v g="$gain" -v w="$worst" 'BEGIN { print g - w }') dB"
	else
		fail "no pathloss_Q1_$cell.tif"
	fi
	end
done

begin "qld: service maps of the three sectors are within their physical ranges"
# The three sectors together (A and B co-channel at 920 MHz, C at 1845 MHz)
# with 8 dB shadowing.  Every served pixel: CQI 0..15 and the table's for
# its SINR (TS 36.213 Table 7.2.3-1, Vienna 10 % BLER thresholds, as in
# doc/lte.md); DL throughput the TR 36.942 A.2 formula, between 0 and
# 4.4 bit/s/Hz x 50 RB x 120 REs x 1000 = 26.4 Mbit/s; UL throughput between
# 0 and 2.0 x 50 x 144 x 1000 = 14.4 Mbit/s; UL SINR within -100..+100 dB;
# ul_limited 0..2; coverage probability 0..1; nodata where rsrp.tif is.
printf 'site_id,cell_id,azimuth_deg,height_agl_m,antenna,tx_power_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db\n' >"$T/cells_all.csv"
printf 'Q1,A,90,30,SV460-SF2SNM_0920_00T.msi,43,920,10,0\nQ1,B,210,30,SV460-SF2SNM_0920_00T.msi,43,920,10,0\nQ1,C,330,30,AMB4520R8v06_05T.msi,43,1845,10,0\n' >>"$T/cells_all.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/cells_all.csv" --radius 1.3 -o "$T/out_all" -q \
	--shadowing-sigma-db 8
expect_rc 0
xyz() { gdal_translate -q -of XYZ "$T/out_all/$1.tif" /vsistdout/ | awk '{ print $3 }'; }
if [ -s "$T/out_all/cqi.tif" ]; then
	xyz rsrp >"$T/a.rsrp"; xyz sinr >"$T/a.sinr"; xyz cqi >"$T/a.cqi"
	xyz throughput_dl_mbps >"$T/a.dl"; xyz ul_sinr >"$T/a.uls"; xyz throughput_ul_mbps >"$T/a.ul"
	xyz ul_limited >"$T/a.lim"; xyz coverage_probability >"$T/a.p"
	paste "$T/a.rsrp" "$T/a.sinr" "$T/a.cqi" "$T/a.dl" "$T/a.uls" "$T/a.ul" "$T/a.lim" "$T/a.p" |
	awk 'BEGIN { split("-6.934 -5.147 -3.180 -1.254 0.761 2.700 4.697 6.528 8.576 10.370 12.300 14.180 15.890 17.820 19.830", t, " ") }
		$1 == -9999 { if ($3 != 255 || $4 != -9999 || $5 != -9999 || $7 != 255 || $8 != -9999) bad++; next }
		{ n++; k = 0; for (i = 1; i <= 15; i++) if ($2 + 0 >= t[i] + 0) k = i
		  thr = 0; if ($2 >= -10) { thr = 0.6 * log(1 + exp($2 / 10 * log(10))) / log(2); if (thr > 4.4) thr = 4.4 }
		  thr = thr * 50 * 120 * 1000 / 1e6
		  if ($3 != k) badcqi++
		  if ($4 - thr > 0.01 || thr - $4 > 0.01 || $4 < 0 || $4 > 26.4) baddl++
		  if ($5 < -100 || $5 > 100) badul++
		  if ($6 < 0 || $6 > 14.4) badul++
		  if ($7 != 0 && $7 != 1 && $7 != 2) badlim++
		  if ($8 < 0 || $8 > 1) badp++
		  seen[$3] = 1 }
		END { c = 0; for (k in seen) c++
		  printf "%d %d %d %d %d %d %d %d\n", n, bad, badcqi, baddl, badul, badlim, badp, c }' >"$T/a.sum"
	read -r n bad badcqi baddl badul badlim badp ncqi <"$T/a.sum"
	[ "$n" -ge 1000 ] || fail "only $n served pixels"
	[ "$bad" = 0 ] || fail "$bad pixels with service values outside the served area"
	[ "$badcqi" = 0 ] || fail "$badcqi pixels whose CQI is not the table's for their SINR"
	[ "$baddl" = 0 ] || fail "$baddl pixels whose DL throughput is not TR 36.942 A.2's"
	[ "$badul" = 0 ] || fail "$badul pixels with UL SINR / throughput out of range"
	[ "$badlim" = 0 ] || fail "$badlim pixels with ul_limited not 0..2"
	[ "$badp" = 0 ] || fail "$badp pixels with a probability outside 0..1"
	[ "$ncqi" -ge 5 ] || fail "only $ncqi distinct CQIs"
	for m in cqi dl_throughput_mbps ul_limited coverage_probability; do
		s=$(awk -F, -v m="$m" '$1 == "\"total\"" && $2 == m { s += $7 } END { print s }' "$T/out_all/stats.csv")
		near "$s" 100 0.01 "total $m shares"
	done
	rel=$(awk -F, '$1 == "\"Q1/C\"" && $2 == "area_reliability" { print $7 }' "$T/out_all/stats.csv")
	awk -v r="$rel" 'BEGIN { exit !(r > 0 && r <= 100) }' || fail "Q1/C area reliability '$rel' %"
else
	fail "no cqi.tif"
fi
end
exit 0
