#!/bin/sh
# rfplan predict / profile --clutter-loss p2108 on the bundled sample
# (samples/island, whose class table has a p2108_type column): at a pixel of
# the "Urban centre" class (P.2108 type urban, loss_db 14) 0.7 km from one
# omnidirectional 1800 MHz cell, free space, RSRP drops by the sec. 3.2 loss
# computed here by hand, minus the class loss that p2108 replaces; the
# default (none) is the same bits as before; bad inputs are errors.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/e2e_lib.sh"
plan 8

S="$ROOT/samples/island"
begin "clutter-loss: sample imported, one omni cell predicted with none and p2108"
why=$(need_tools gdalinfo gdallocationinfo geod) || { fail "$why"; end; exit 0; }
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" -o "$T/ws" -q
expect_rc 0
grep -q '^6,Urban centre,14,12,urban$' "$T/ws/clutter_classes.csv" ||
	fail "the workspace's class table lacks the p2108_type column"
# 9000101: the settlement exchange, antenna 25 m above its 8-12 m clutter
printf 'site_id,cell_id,height_agl_m,frequency_mhz\n9000101,1,25,1800\n' >"$T/cells.csv"
for cl in default none p2108; do
	opt="--clutter-loss $cl"
	[ $cl = default ] && opt=""
	# shellcheck disable=SC2086
	run "$RFPLAN" predict "$T/ws" --cells "$T/cells.csv" --model fspl --radius 2 $opt \
		-o "$T/$cl" -q
	expect_rc 0
done
end
[ -s "$T/p2108/rsrp.tif" ] || exit 0

begin "clutter-loss: none is the default, bit for bit"
for f in rsrp.tif sinr.tif rsrq.tif best_server.tif overlap.tif rsrp.png stats.csv; do
	cmp -s "$T/default/$f" "$T/none/$f" || fail "$f differs between the default and none"
done
end

# The pixel holding MGA48 566500 8844300, the centre of the urban circle of
# scripts/make-samples.sh (EPSG:4326 -10.4542441, 105.6076289 by cs2cs).
begin "clutter-loss p2108: RSRP lowers by the hand-computed sec. 3.2 loss minus loss_db at an urban pixel"
gt=$(raster_gt "$T/p2108/rsrp.tif")
# shellcheck disable=SC2046,SC2086  # split into fields on purpose
set -- $(echo "105.6076289 -10.4542441" | pixel_centres "$gt")
lon=$1 lat=$2
code=$(echo "$lon $lat" | values_at "$T/ws/clutter.tif")
[ "$code" = 6 ] || fail "pixel class $code, want 6 (Urban centre)"
r0=$(echo "$lon $lat" | values_at "$T/none/rsrp.tif")
r1=$(echo "$lon $lat" | values_at "$T/p2108/rsrp.tif")
d=$(echo "-10.460573 105.608555 $lat $lon" | geod +ellps=WGS84 -I +units=m -f %.4f | awk '{ print $3 }')
# ITU-R P.2108-1 sec. 3.2 at f = 1.8 GHz, p = 50 % (Q^-1(0.5) = 0, so the
# sigma_cb term vanishes), d in km:
#   L_l = -2 log10(10^(-5 log10 f - 12.5) + 10^-16.5)         eq. (4a)
#   L_s = 32.98 + 23.9 log10 d + 3 log10 f                      eq. (5a)
#   L   = -5 log10(10^(-0.2 L_l) + 10^(-0.2 L_s))               eq. (3a)
#   L_ctt = min(L(d), L(2 km))                                  eq. (6)
lctt=$(awk -v d="$d" 'function lg(x) { return log(x) / log(10) }
	function l(dk,  f, ll, ls) { f = 1.8
		ll = -2 * lg(10 ^ (-5 * lg(f) - 12.5) + 10 ^ -16.5)
		ls = 32.98 + 23.9 * lg(dk) + 3 * lg(f)
		return -5 * lg(10 ^ (-0.2 * ll) + 10 ^ (-0.2 * ls)) }
	BEGIN { a = l(d / 1000); b = l(2); printf "%.6f", a < b ? a : b }')
echo "# pixel $lon $lat: d $d m, class $code, L_ctt $lctt dB, rsrp none $r0, p2108 $r1" >&2
if [ -z "$r0" ] || [ -z "$r1" ] || [ -z "$d" ]; then fail "no value at the pixel"; fi
awk -v d="$d" 'BEGIN { exit !(d > 250 && d < 2000) }' || fail "distance $d m not in 0.25-2 km"
# the p2108 run replaces the class's 14 dB by L_ctt (the antenna is above
# its clutter: no sec. 3.1 loss at the transmitter)
near "$(awk -v a="$r0" -v b="$r1" 'BEGIN { printf "%.6f", a - b }')" \
	"$(awk -v l="$lctt" 'BEGIN { printf "%.6f", l - 14 }')" 0.001 "rsrp(none) - rsrp(p2108)"
run "$RFPLAN" loss p2108-terrestrial --freq-mhz 1800 --distance-km "$(awk -v d="$d" 'BEGIN { print d / 1000 }')" --json
near "$(sed -n 's/^ *"loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out")" "$lctt" 0.0001 "rfplan loss p2108-terrestrial"
end

# A rainforest pixel (class 4: P.2108 trees-forest, R = 25 m, loss_db 12) at
# MGA48 568000 8843000 (EPSG:4326 -10.4659746, 105.6213576 by cs2cs), 1.5 km
# away: sec. 3.1 (trees are not in sec. 3.2's scope), the receiver 1.5 m up.
begin "clutter-loss p2108: RSRP lowers by the hand-computed sec. 3.1 A_h minus loss_db at a forest pixel"
# shellcheck disable=SC2046,SC2086  # split into fields on purpose
set -- $(echo "105.6213576 -10.4659746" | pixel_centres "$gt")
code=$(echo "$1 $2" | values_at "$T/ws/clutter.tif")
[ "$code" = 4 ] || fail "pixel class $code, want 4 (Rainforest)"
f0=$(echo "$1 $2" | values_at "$T/none/rsrp.tif")
f1=$(echo "$1 $2" | values_at "$T/p2108/rsrp.tif")
# eqs. (2d) h_dif = 25 - 1.5, (2e) theta = atan(h_dif / 27 m) in degrees,
# (2g) K_nu = 0.342 sqrt(1.8), (2c) nu = K_nu sqrt(h_dif theta),
# (2a) A_h = 6.9 + 20 log10(sqrt((nu - 0.1)^2 + 1) + nu - 0.1) - 6.03
ah=$(awk 'BEGIN { hd = 25 - 1.5; th = atan2(hd, 27) * 180 / 3.14159265358979
	nu = 0.342 * sqrt(1.8) * sqrt(hd * th)
	printf "%.6f", 6.9 + 20 * log(sqrt((nu - 0.1) ^ 2 + 1) + nu - 0.1) / log(10) - 6.03 }')
echo "# forest pixel: A_h $ah dB, rsrp none $f0, p2108 $f1" >&2
if [ -z "$f0" ] || [ -z "$f1" ]; then fail "no value at the forest pixel"; fi
near "$(awk -v a="$f0" -v b="$f1" 'BEGIN { printf "%.6f", a - b }')" \
	"$(awk -v l="$ah" 'BEGIN { printf "%.6f", l - 12 }')" 0.001 "rsrp(none) - rsrp(p2108)"
end

begin "clutter-loss p2108: --clutter-percent 90 adds sigma_cb Q^-1 (profile --pixel agrees)"
run "$RFPLAN" predict "$T/ws" --cells "$T/cells.csv" --model fspl --radius 2 \
	--clutter-loss p2108 --clutter-percent 90 -o "$T/p90" -q
expect_rc 0
r2=$(echo "$lon $lat" | values_at "$T/p90/rsrp.tif")
run "$RFPLAN" loss p2108-terrestrial --freq-mhz 1800 --distance-km "$(awk -v d="$d" 'BEGIN { print d / 1000 }')" --percent 90 --json
l90=$(sed -n 's/^ *"loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out")
near "$(awk -v a="$r1" -v b="$r2" 'BEGIN { printf "%.6f", a - b }')" \
	"$(awk -v a="$l90" -v b="$lctt" 'BEGIN { printf "%.6f", a - b }')" 0.001 "rsrp(50 %) - rsrp(90 %)"
# sigma_cb lies between sigma_l = 4 and sigma_s = 6 dB (eq. 3b), Q^-1(0.1) = -1.28155
awk -v a="$l90" -v b="$lctt" 'BEGIN { d = a - b; exit !(d > 4 * 1.28155 && d < 6 * 1.28155) }' ||
	fail "L_ctt(90 %) - L_ctt(50 %) = $l90 - $lctt is not sigma_cb x 1.2816"
run "$RFPLAN" profile "$T/ws" --site 9000101 --to "$lat,$lon" --pixel --freq-mhz 1800 \
	--tx-height 25 --model fspl --clutter-loss p2108 --json
expect_rc 0
expect_out '"clutter_loss": "p2108"'
expect_out '"p2108_section": "3.2"'
near "$(sed -n 's/^ *"rx_clutter_loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out")" "$lctt" 0.001 \
	"profile rx_clutter_loss_db"
end

# P.2108 sec. 3.2 is the loss of a terminal within the clutter (sec. 2
# Table 1; sec. 3.2 asks for terminal heights well below the clutter height)
# and sec. 3.1 gives 0 dB at or above the representative height R.  With the
# antenna (30 m) and the receiver (26 m) above every class's R (at most 25 m,
# the rainforest), P.2108 adds nothing anywhere, and the path is the bare
# terrain's: the map is the one of the same DEM imported without clutter.
begin "clutter-loss p2108: both terminals above every class height give the bare-terrain map"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" -o "$T/bare" -q
expect_rc 0
printf 'site_id,cell_id,height_agl_m,frequency_mhz\n9000101,1,30,1800\n' >"$T/cells30.csv"
for m in fspl itm; do
	run "$RFPLAN" predict "$T/ws" --cells "$T/cells30.csv" --model $m --radius 3 \
		--rx-height 26 --clutter-loss p2108 -o "$T/hi_p2108_$m" -q
	expect_rc 0
	run "$RFPLAN" predict "$T/bare" --cells "$T/cells30.csv" --model $m --radius 3 \
		--rx-height 26 -o "$T/hi_bare_$m" -q
	expect_rc 0
	cmp -s "$T/hi_p2108_$m/rsrp.tif" "$T/hi_bare_$m/rsrp.tif" ||
		fail "model $m: rsrp.tif with p2108 above the clutter differs from the bare terrain's"
done
run "$RFPLAN" profile "$T/ws" --site 9000101 --to "$lat,$lon" --pixel --freq-mhz 1800 \
	--tx-height 30 --rx-height 26 --model fspl --clutter-loss p2108 --json
expect_rc 0
expect_out '"p2108_section": "3.1"'
near "$(sed -n 's/^ *"rx_clutter_loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out")" 0 0.000001 \
	"profile rx_clutter_loss_db of an urban pixel with the receiver above R"
end

begin "clutter-loss p2108: model, option and frequency errors name the option (exit 2 / 1), nothing written"
run "$RFPLAN" predict "$T/ws" --cells "$T/cells.csv" --model hata --radius 2 --clutter-loss p2108 -o "$T/bad"
expect_rc 2
expect_err "option --clutter-loss p2108: model hata already includes"
nothing_written "$T/bad"
run "$RFPLAN" predict "$T/ws" --model itm --radius 2 --clutter-loss p2108 --clutter-percent 0 -o "$T/bad"
expect_rc 2
expect_err "option --clutter-percent: 0 must be strictly between 0 and 100"
run "$RFPLAN" predict "$T/ws" --model itm --radius 2 --clutter-percent 50 -o "$T/bad"
expect_rc 2
expect_err "option --clutter-percent needs --clutter-loss p2108"
run "$RFPLAN" predict "$T/ws" --model itm --radius 2 --clutter-loss itu -o "$T/bad"
expect_rc 2
expect_err "option --clutter-loss: unknown method 'itu'"
run "$RFPLAN" predict "$T/ws" --model itm --radius 2 --clutter-loss p2108 --no-clutter -o "$T/bad"
expect_rc 1
expect_err "needs the workspace's clutter classes"
nothing_written "$T/bad"
printf 'site_id,cell_id,height_agl_m,frequency_mhz\n9000101,1,25,3500\n' >"$T/cells35.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/cells35.csv" --model itm --radius 2 --clutter-loss p2108 -o "$T/bad"
expect_rc 1
expect_err "cell 9000101/1: 3500 MHz is outside ITU-R P.2108 sec. 3.1's 30-3000 MHz"
nothing_written "$T/bad"
run "$RFPLAN" profile "$T/ws" --site 9000101 --to "$lat,$lon" --freq-mhz 1800 --clutter-loss p2108
expect_rc 2
expect_err "option --clutter-loss p2108: only with --pixel"
end

begin "clutter-loss p2108: a class table without p2108_type keeps working, but not with p2108"
printf 'code,name,loss_db,height_m\n1,Sea,0,0\n2,Open,2,0\n3,Low,5,3\n4,Forest,12,25\n5,Suburban,9,8\n6,Urban,14,12\n7,Mine,6,10\n' >"$T/old.csv"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$T/old.csv" --sites "$S/sites_acma.csv" -o "$T/wsold" -q
expect_rc 0
cmp -s "$T/old.csv" "$T/wsold/clutter_classes.csv" || fail "an old table is not copied unchanged"
run "$RFPLAN" predict "$T/wsold" --cells "$T/cells.csv" --model fspl --radius 2 -o "$T/old" -q
expect_rc 0
cmp -s "$T/old/rsrp.tif" "$T/none/rsrp.tif" || fail "rsrp.tif differs with the old table"
run "$RFPLAN" predict "$T/wsold" --cells "$T/cells.csv" --model fspl --radius 2 --clutter-loss p2108 -o "$T/bad"
expect_rc 1
expect_err "clutter_classes.csv: class 1 'Sea' has no p2108_type"
nothing_written "$T/bad"
printf 'code,name,loss_db,height_m,p2108_type\n1,Sea,0,0,ocean\n' >"$T/badtype.csv"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$T/badtype.csv" --sites "$S/sites_acma.csv" -o "$T/wsbad" -q
expect_rc 1
expect_err "badtype.csv:2: column p2108_type: 'ocean' is not an ITU-R P.2108 clutter type"
nothing_written "$T/wsbad"
end
