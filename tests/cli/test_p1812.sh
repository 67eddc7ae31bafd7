#!/bin/sh
# rfplan under ITU-R P.1812 (--model p1812): the direct profile form against
# ITU-R WP3K's validation set (../shared/data/reference/p1812, expected Lb to
# 1e-8 dB; the test allows 0.01 dB), the JSON terms, the map (samples/island)
# against `profile --pixel` and physical bounds, and the bad inputs (exit 2,
# the option or file named, nothing written).
. "$(dirname "$0")/lib.sh"
plan 6
S="$ROOT/samples/island"
REF="$DATA/reference/p1812"

# field NAME FILE: the number of a "NAME": value line of a JSON report
field() { sed -n "s/^ *\"$1\": \([-0-9.e+]*\).*/\1/p" "$2" | head -1; }

if [ -f "$REF/cases.csv" ]; then
	begin "p1812: profile --profile reproduces WP3K's cases within 0.01 dB"
	n=0
	# case_id,profile,n,d,f,p,pL,sigmaL,htg,hrg,pol,tlat,tlon,rlat,rlon,DN,N0,dct,dcr,ERP,Ptx,Lb
	for id in 'b2iseac#1' 'b2iseac#3' 'b2iseac_vertical#2' 'b2iseac_rural_land_1km#2' \
		'b2iseac_rural_land_10km_eqdist#1' 'b2iseac_dense_urban_land#2'; do
		line=$(grep "^$id," "$REF/cases.csv")
		[ -n "$line" ] || { fail "case $id not in cases.csv"; continue; }
		# shellcheck disable=SC2046
		set -- $(echo "$line" | awk -F, '{ print $2, $5, $6, $9, $10, ($11 == 2 ? "v" : "h"),
			$12 "," $13, $14 "," $15, $16, $17, $18, $19, $22 }')
		run "$RFPLAN" profile --model p1812 --profile "$REF/$1" --freq-mhz "$2" --time "$3" \
			--tx-height "$4" --rx-height "$5" --pol "$6" --tx-latlon "$7" --rx-latlon "$8" \
			--dn "$9" --n0 "${10}" --dct-km "${11}" --dcr-km "${12}" --json
		expect_rc 0
		got=$(field path_loss_db "$T/out")
		if [ -n "$got" ]; then near "$got" "${13}" 0.01 "$id Lb"; else fail "$id: no path_loss_db"; fi
		n=$((n + 1))
	done
	[ "$n" = 6 ] || fail "ran $n cases"
	end
else
	skip_data "p1812: profile --profile reproduces WP3K's cases within 0.01 dB" \
		"reference/p1812 not found in $DATA"
fi

# A synthetic 20 km path: flat inland ground at 100 m with a 60 m ridge at
# 12 km, 10 m clutter along it.
awk 'BEGIN { print "d_km,h_m_amsl,clutter_code,R_m,zone";
	for (i = 0; i <= 200; i++) { d = i * 0.1; h = 100 + (d > 11.5 && d < 12.5 ? 60 : 0);
		print d "," h ",2," (i % 4 ? 10 : 0) ",4" } }' >"$T/ridge.csv"
P1="--model p1812 --freq-mhz 900 --tx-height 30 --rx-height 1.5 --tx-latlon -33.0,151.0 --rx-latlon -33.18,151.0"

begin "p1812: profile --json reports each term and the dominant mechanism"
# shellcheck disable=SC2086
run "$RFPLAN" profile $P1 --profile "$T/ridge.csv" --json
expect_rc 0
for k in free_space_db diffraction_db troposcatter_db ducting_db path_loss_db; do
	[ -n "$(field $k "$T/out")" ] || fail "no $k"
done
grep -q '"mechanism": "diffraction"' "$T/out" || fail "mechanism is not diffraction behind a ridge"
# Lb is at least free space over the 20 km (P.525: 32.45 + 20 log 900 + 20 log 20 = 117.55 dB)
lb=$(field path_loss_db "$T/out")
if [ -z "$lb" ] || ! awk -v l="$lb" 'BEGIN { exit !(l > 117.5 && l < 200) }'; then
	fail "Lb '$lb' outside 117.5..200 dB"
fi
end

begin "p1812: bad inputs exit 2 naming the option or the file"
# shellcheck disable=SC2086
run "$RFPLAN" profile $P1 --profile "$T/ridge.csv" --freq-mhz 20
expect_rc 2; expect_err "option --freq-mhz"; [ -s "$T/out" ] && fail "stdout written"
# shellcheck disable=SC2086
run "$RFPLAN" profile $P1 --profile "$T/ridge.csv" --freq-mhz 6100
expect_rc 2; expect_err "30..6000"
# shellcheck disable=SC2086
run "$RFPLAN" profile $P1 --profile "$T/ridge.csv" --time 60
expect_rc 2; expect_err "option --time"; expect_err "1..50"
# shellcheck disable=SC2086
run "$RFPLAN" profile $P1 --profile "$T/ridge.csv" --time 0.5
expect_rc 2; expect_err "option --time"
cut -d, -f1,2,3,5 "$T/ridge.csv" >"$T/nor.csv"
# shellcheck disable=SC2086
run "$RFPLAN" profile $P1 --profile "$T/nor.csv"
expect_rc 2; expect_err "nor.csv: missing column R_m"; [ -s "$T/out" ] && fail "stdout written"
awk 'NR == 6 { print "0.1,100,2,0,4"; next } { print }' "$T/ridge.csv" >"$T/unsorted.csv"
# shellcheck disable=SC2086
run "$RFPLAN" profile $P1 --profile "$T/unsorted.csv"
expect_rc 2; expect_err "unsorted.csv:6: column d_km"
run "$RFPLAN" profile --model itm --profile "$T/ridge.csv" --freq-mhz 900 --tx-height 30
expect_rc 2; expect_err "needs --model p1812"
run "$RFPLAN" profile --model p1812 --profile "$T/ridge.csv" --freq-mhz 900 --tx-height 30
expect_rc 2; expect_err "tx-latlon"
end

run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws" -q
if [ "$rc" != 0 ]; then
	begin "p1812: import of samples/island"
	fail "rfplan import failed: $(head -c 300 "$T/err")"
	end
	exit 0
fi

begin "p1812: predict on samples/island gives finite values in physical range"
# two omni cells: 1800 MHz at 40 m, 700 MHz at 30 m
head -1 "$S/cells.csv" >"$T/cells.csv"
printf '9000102,1,0,40,0,,0,43,,1800,20,0,201\n9000104,1,0,30,0,,9,43,,700,10,1,401\n' >>"$T/cells.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/cells.csv" --model p1812 --time 10 --radius 3 \
	--per-cell -o "$T/pred" -q
expect_rc 0
expect_file "$T/pred/rsrp.tif"
# path loss over 0..3 km at 700/1800 MHz: above free space at 1 m
# (32.45 + 20 log 700 - 60 = 29.3 dB) and below 250 dB; RSRP -160..-20 dBm
for f in "$T"/pred/pathloss_*.tif "$T/pred/rsrp.tif"; do
	st=$(gdalinfo -stats "$f" 2>/dev/null | sed -n 's/.*STATISTICS_\(MINIMUM\|MAXIMUM\)=//p' | tr '\n' ' ')
	# shellcheck disable=SC2086
	set -- $st
	[ $# = 2 ] || { fail "no statistics for $f"; continue; }
	case "$f" in
	*rsrp.tif) lo=-160; hi=-20 ;;
	*) lo=29; hi=250 ;;
	esac
	awk -v a="$1" -v b="$2" -v lo=$lo -v hi=$hi 'BEGIN { exit !(a >= lo && b <= hi && a == a && b == b) }' \
		|| fail "$(basename "$f"): range $1..$2 outside $lo..$hi"
done
rm -f "$T"/pred/*.aux.xml
end

begin "p1812: profile --pixel equals predict's path-loss map at the pixel"
n=0
for pt in "-10.5000 105.6500" "-10.4950 105.6700" "-10.5300 105.6450"; do
	lat=${pt% *}; lon=${pt#* }
	want=$(gdallocationinfo -valonly -wgs84 "$T/pred/pathloss_9000102_1.tif" "$lon" "$lat")
	run "$RFPLAN" profile "$T/ws" --site 9000102 --to "$lat,$lon" --pixel --model p1812 \
		--time 10 --freq-mhz 1800 --tx-height 40 --json
	expect_rc 0
	got=$(field map_loss_db "$T/out")
	lb=$(field path_loss_db "$T/out")
	[ -n "$want" ] && [ -n "$got" ] && near "$got" "$want" 0.001 "map_loss_db at $lat,$lon"
	# no class loss on top of P.1812: the map value is Lb itself
	[ -n "$lb" ] && [ -n "$got" ] && near "$lb" "$got" 0.0001 "Lb vs map at $lat,$lon"
	n=$((n + 1))
done
[ "$n" = 3 ] || fail "checked $n points"
end

begin "p1812: predict with a time percentage outside 1..50 writes nothing"
run "$RFPLAN" predict "$T/ws" --model p1812 --time 70 --radius 2 -o "$T/bad"
expect_rc 2; expect_err "option --time"
nothing_written "$T/bad"
end
