#!/bin/sh
# rfplan profile --pixel: the term-by-term explanation of one map pixel must
# give exactly the value `rfplan predict` wrote there.  The reference is the
# map itself: predict's per-cell path-loss raster, read at the same point
# with gdallocationinfo (a separate program), with all five sample sites'
# cells computed together, while --pixel runs the site's cell alone.
. "$(dirname "$0")/lib.sh"
plan 2
need_rfplan
S="$ROOT/samples/island"

begin "profile --pixel equals predict's path-loss map at the pixel (ITM, clutter)"
if ! command -v gdallocationinfo >/dev/null 2>&1; then
	fail "gdallocationinfo not installed (gdal-bin, scripts/install-deps.sh test)"
fi
# A failed set-up is this case's failure.
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" -o "$T/ws" -q
[ "$rc" = 0 ] || fail "set-up: import failed: $(head -c 300 "$T/err")"
run "$RFPLAN" predict "$T/ws" --model itm --radius 4 --per-cell \
	--default-cell height_agl_m=40,frequency_mhz=1800 -o "$T/pred" -q
[ "$rc" = 0 ] || fail "set-up: predict failed: $(head -c 300 "$T/err")"
compared=0
for pt in "-10.5000 105.6500" "-10.4950 105.6700" "-10.5300 105.6450" "-10.5120 105.6450"; do
	lat=${pt% *}; lon=${pt#* }
	want=$(gdallocationinfo -valonly -wgs84 "$T/pred/pathloss_9000102_1.tif" "$lon" "$lat")
	run "$RFPLAN" profile "$T/ws" --site 9000102 --to "$lat,$lon" --pixel --model itm \
		--freq-mhz 1800 --tx-height 40 --json
	expect_rc 0
	got=$(sed -n 's/^ *"map_loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out")
	# the map is Float32: 1e-3 dB is far below its last bit at ~130 dB;
	# near fails on an empty value (a pixel not read is not a match)
	if near "$got" "$want" 0.001 "map_loss_db at $lat,$lon"; then
		compared=$((compared + 1))
	fi
done
[ "$compared" = 4 ] || fail "$compared of 4 points agree"
end

begin "profile --pixel: usage errors"
run "$RFPLAN" profile --pfl "$T/x.pfl" --pixel --freq-mhz 900 --tx-height 10
expect_rc 2
expect_err "option --pixel"
end
