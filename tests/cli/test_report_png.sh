#!/bin/sh
# The readable map and the georeferenced one (issue 14, part 3;
# doc/outputs.md): rsrp.png is --png-width pixels wide (default 1600) with
# its height from the grid's ground aspect, shows the terrain (grey pixels)
# and the RSRP classes; rsrp_map.png + rsrp_map.pgw is the georeferenced
# map, one PNG pixel per grid pixel, which GDAL places exactly on
# rsrp.tif's grid.  --png-width 0 or 100000: usage error naming the option
# and the range 400..20000, nothing written.
. "$(dirname "$0")/lib.sh"
plan 4

S="$ROOT/samples/island"
run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws"
size() { gdalinfo "$1" 2>/dev/null | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1 \2/p'; }

begin "report png: --png-width 0 and 100000 are refused, nothing written"
for w in 0 100000; do
	run "$RFPLAN" predict "$T/ws" --model hata --radius 3 -q --png-width $w -o "$T/bad$w"
	expect_rc 2
	expect_err "option --png-width"
	expect_err "400"
	expect_err "20000"
	nothing_written "$T/bad$w"
done
end

begin "report png: rsrp.png is --png-width wide, height from the ground aspect"
run "$RFPLAN" predict "$T/ws" --model hata --radius 3 -q --png-width 900 -o "$T/p"
expect_rc 0
# shellcheck disable=SC2046 # two "W H" pairs split into $1..$4 on purpose
set -- $(size "$T/p/rsrp.png") $(size "$T/p/rsrp.tif")
[ "${1:-}" = 900 ] || fail "rsrp.png is ${1:-?} px wide, want 900"
# map height = (900 - 2 margins of 6*s px, s = 1 at 900) * H dlat / (W dlon cos(lat));
# dlat = dlon on this grid and cos(10.5 deg) = 0.9833; plus title and margins (< 60 px)
awk -v h="${2:-0}" -v W="${3:-1}" -v H="${4:-1}" 'BEGIN { m = (900 - 12) * H / (W * 0.9833)
	exit !(h > m && h < m + 60) }' || fail "rsrp.png height ${2:-?} for a ${3:-?}x${4:-?} grid"
end

begin "report png: terrain and classes are both visible"
if gdal_translate -q -of XYZ -b 1 "$T/p/rsrp.png" "$T/r.xyz" 2>/dev/null &&
	gdal_translate -q -of XYZ -b 2 "$T/p/rsrp.png" "$T/g.xyz" 2>/dev/null &&
	gdal_translate -q -of XYZ -b 3 "$T/p/rsrp.png" "$T/b.xyz" 2>/dev/null; then
	paste -d' ' "$T/r.xyz" "$T/g.xyz" "$T/b.xyz" | awk '
		{ r = $3; g = $6; b = $9 }
		r == g && g == b && r > 60 && r < 240 { grey++ }
		r > 150 && g < 90 && b < 90 { red++ }
		END { printf "%d %d\n", grey, red; exit !(grey > 10000 && red > 1000) }' >"$T/count" ||
		fail "grey terrain / red class pixels: $(cat "$T/count")"
else
	fail "gdal_translate cannot read rsrp.png"
fi
end

begin "report png: rsrp_map.png + .pgw is georeferenced on rsrp.tif's grid"
expect_file "$T/p/rsrp_map.pgw"
[ "$(size "$T/p/rsrp_map.png")" = "$(size "$T/p/rsrp.tif")" ] ||
	fail "rsrp_map.png $(size "$T/p/rsrp_map.png"), rsrp.tif $(size "$T/p/rsrp.tif")"
# the same origin to 1e-9 deg (0.1 mm; the world file is text)
o1=$(gdalinfo "$T/p/rsrp_map.png" | sed -n 's/^Origin = (\(.*\),\(.*\))/\1 \2/p')
o2=$(gdalinfo "$T/p/rsrp.tif" | sed -n 's/^Origin = (\(.*\),\(.*\))/\1 \2/p')
near "${o1% *}" "${o2% *}" 1e-9 "west edge"
near "${o1#* }" "${o2#* }" 1e-9 "north edge"
end
