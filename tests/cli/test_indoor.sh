#!/bin/sh
# rfplan predict --indoor on the bundled sample (samples/island, ITM, radius
# 2 km): rsrp_indoor.tif (+ .qml, stats.csv rows) exists, is <= rsrp.tif at
# every pixel and nodata exactly where rsrp.tif is; at one pixel it equals
# rsrp minus `rfplan loss p2109` at that pixel's frequency (its best
# server's) and elevation angle, the angle computed here by hand from
# gdallocationinfo's heights and geod's distance; bad options write nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/e2e_lib.sh"
plan 5

S="$ROOT/samples/island"
begin "indoor: sample predicted with --indoor (files, style, stats rows)"
why=$(need_tools gdalinfo gdallocationinfo gdal_translate geod) || {
	fail "$why"; end; exit 0; }
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws" -q
expect_rc 0
run "$RFPLAN" predict "$T/ws" --model itm --radius 2 --indoor -o "$T/pred" -q
expect_rc 0
for f in rsrp_indoor.tif rsrp_indoor.qml stats.csv; do expect_file "$T/pred/$f"; done
# the same classes as rsrp.qml: the same colour lines
[ "$(grep -c 'color=' "$T/pred/rsrp_indoor.qml")" = "$(grep -c 'color=' "$T/pred/rsrp.qml")" ] ||
	fail "rsrp_indoor.qml has other classes than rsrp.qml"
gdalinfo "$T/pred/rsrp_indoor.tif" | grep -q 'LAYOUT=COG' || fail "rsrp_indoor.tif is not a COG"
# one row per RSRP class (5 edges: 6 classes) for the total, as rsrp_dbm has
[ "$(grep -c '^"total",rsrp_indoor_dbm,' "$T/pred/stats.csv")" = 6 ] ||
	fail "stats.csv: not 6 total rsrp_indoor_dbm rows"
[ "$(grep -c 'rsrp_indoor_dbm' "$T/pred/stats.csv")" = "$(grep -c ',rsrp_dbm,' "$T/pred/stats.csv")" ] ||
	fail "stats.csv: rsrp_indoor_dbm rows do not match the rsrp_dbm rows"
grep -q '"building_class": "traditional"' "$T/pred/run.json" || fail "run.json lacks the indoor parameters"
end
[ -s "$T/pred/rsrp_indoor.tif" ] || exit 0

begin "indoor: rsrp_indoor <= rsrp at every pixel, nodata where rsrp is nodata"
gdal_translate -q -of XYZ "$T/pred/rsrp.tif" "$T/rsrp.xyz"
gdal_translate -q -of XYZ "$T/pred/rsrp_indoor.tif" "$T/indoor.xyz"
paste -d' ' "$T/rsrp.xyz" "$T/indoor.xyz" | awk '
	$1 != $4 || $2 != $5 { bad = "grids differ"; exit }
	$3 == -9999 && $6 != -9999 { bad = "indoor value where rsrp is nodata"; exit }
	$3 != -9999 { n++; if ($6 == -9999) { bad = "indoor nodata where rsrp has a value"; exit }
		if ($6 > $3) { bad = "indoor " $6 " > rsrp " $3; exit }
		}
	END { if (bad != "") { print bad; exit 1 } if (n < 1000) { print n " values"; exit 1 } }
' >"$T/cmp" || fail "$(cat "$T/cmp")"
end

# One pixel: about 0.9 km east-north-east of site 9000101 (MGA48 567400
# 8843900), read as the centre of the rsrp.tif pixel holding it.
begin "indoor: one pixel = rsrp - rfplan loss p2109 at its best server's frequency and elevation"
gt=$(raster_gt "$T/pred/rsrp.tif")
# shellcheck disable=SC2046,SC2086  # split into fields on purpose
set -- $(echo "105.615859 -10.457846" | pixel_centres "$gt")
lon=$1 lat=$2
rsrp=$(echo "$lon $lat" | values_at "$T/pred/rsrp.tif")
indoor=$(echo "$lon $lat" | values_at "$T/pred/rsrp_indoor.tif")
best=$(echo "$lon $lat" | values_at "$T/pred/best_server.tif")
z=$(echo "$lon $lat" | values_at "$T/ws/dem.tif")
# the serving cell in run.json: its site position, ground and antenna height
cell=$(awk -v b="$best" '
	/"index": / { gsub(/,/, ""); on = ($2 == b) }
	on && /"(lat_deg|lon_deg|ground_m|height_agl_m|frequency_mhz)":/ {
		gsub(/[",:]/, " "); v[$1] = $2 }
	END { print v["lat_deg"], v["lon_deg"], v["ground_m"], v["height_agl_m"], v["frequency_mhz"] }
' "$T/pred/run.json")
# shellcheck disable=SC2046,SC2086  # split into fields on purpose
set -- $cell
slat=$1 slon=$2 ground=$3 hagl=$4 freq=$5
d=$(echo "$slat $slon $lat $lon" | geod +ellps=WGS84 -I +units=m -f %.6f | awk '{ print $3 }')
# Elevation of the serving antenna seen from the receiver (1.5 m above the
# DEM) over an earth of radius 4/3 x 6371 km:
#   theta = atan((ground + h_agl - (z + 1.5)) / d - d / (2 x 4/3 x 6371000))
elev=$(awk -v g="$ground" -v h="$hagl" -v z="$z" -v d="$d" 'BEGIN {
	t = (g + h - (z + 1.5)) / d - d / (2 * 4 / 3 * 6371000)
	printf "%.9f", atan2(t, 1) * 180 / 3.14159265358979 }')
run "$RFPLAN" loss p2109 --freq-mhz "$freq" --elevation-deg "$elev" --percent 50 \
	--building-class traditional --json
expect_rc 0
loss=$(sed -n 's/^ *"loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out")
echo "# pixel $lon $lat: best $best ($freq MHz), d $d m, z $z m, elevation $elev deg, P.2109 $loss dB, rsrp $rsrp, indoor $indoor" >&2
if [ -z "$rsrp" ] || [ -z "$indoor" ] || [ -z "$loss" ] || [ -z "$d" ]; then fail "no value at the pixel"; fi
want=$(awk -v r="$rsrp" -v l="$loss" 'BEGIN { printf "%.6f", r - l }')
near "$indoor" "$want" 0.001 "rsrp_indoor"
end

begin "indoor: --indoor-percent 90 and --building-class efficient raise the loss"
run "$RFPLAN" predict "$T/ws" --model itm --radius 2 --indoor --indoor-percent 90 \
	--building-class efficient -o "$T/pred90" -q
expect_rc 0
v90=$(echo "$lon $lat" | values_at "$T/pred90/rsrp_indoor.tif")
r90=$(echo "$lon $lat" | values_at "$T/pred90/rsrp.tif")
near "$r90" "$rsrp" 0 "rsrp unchanged by the indoor options"
run "$RFPLAN" loss p2109 --freq-mhz "$freq" --elevation-deg "$elev" --percent 90 \
	--building-class efficient --json
loss90=$(sed -n 's/^ *"loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out")
want=$(awk -v r="$rsrp" -v l="$loss90" 'BEGIN { printf "%.6f", r - l }')
near "$v90" "$want" 0.001 "rsrp_indoor at 90 %, efficient"
awk -v a="$loss90" -v b="$loss" 'BEGIN { exit !(a > b + 10) }' ||
	fail "P.2109 at 90 % efficient ($loss90) not well above 50 % traditional ($loss)"
end

begin "indoor: bad options are usage errors naming the option, nothing written"
for args in "--indoor --indoor-percent 0:option --indoor-percent: 0 must be strictly between 0 and 100" \
	"--indoor --indoor-percent 100:option --indoor-percent: 100 must be strictly" \
	"--indoor --building-class glass:option --building-class: unknown class 'glass'" \
	"--indoor-percent 50:options --indoor-percent and --building-class need --indoor" \
	"--indoor --tile 1/2:options --indoor and --tile exclude each other"; do
	opt=${args%%:*} want=${args#*:}
	# shellcheck disable=SC2086
	run "$RFPLAN" predict "$T/ws" --model itm --radius 2 $opt -o "$T/bad"
	expect_rc 2
	expect_err "$want"
	nothing_written "$T/bad"
done
end
