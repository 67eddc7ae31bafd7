#!/bin/sh
# The real-client check: QGIS (python3-qgis, offscreen) opens rfplan's
# GeoTIFFs, applies their .qml styles and renders the documented colours.
# The sample comes from `test_output --write-dir` (tests/unit/test_output.c):
# a 6 x 4 grid of 0.01 deg pixels, north-west corner 147.00 E 42.00 S, so
# pixel (col, row) is centred at lon 147.005 + 0.01 col, lat -42.005 - 0.01 row.
#   rsrp.tif columns: -75, -85, -90, just below -90, -105, -125 dBm; row 3 NAN.
#   server.tif: value col mod 3 in rows 0-2, nodata in row 3.
# Expected colours: doc/outputs.md (RSRP classes; palette 0 #f25555,
# 1 #43bf67, 2 #b155f2 by the hand computation in test_output.c).
. "$(dirname "$0")/lib.sh"
# 1 + the 23 checks of qgis_check.py below (2 layers x opens, CRS, style,
# renderer = 8; 3 legend entries; 12 probes)
plan 24

PY=/usr/bin/python3
CHECK="$ROOT/scripts/qgis_check.py"

if [ ! -x "$BUILD/tests/test_output" ]; then
	fail_rest "$BUILD/tests/test_output not built (make)"
	exit 0
fi
begin "qgis sample written"
run "$BUILD/tests/test_output" --write-dir "$T"
expect_rc 0
expect_file "$T/rsrp.tif"
expect_file "$T/rsrp.qml"
end

# python3-qgis is in scripts/install-deps.sh's test set: in CI its absence
# is a failure, elsewhere a skip that says how to install it.
if [ ! -x "$PY" ] || ! "$PY" -c 'import qgis.core' 2>/dev/null; then
	skip_tool_rest "QGIS Python bindings not importable (python3-qgis)"
	exit 0
fi

QT_QPA_PLATFORM=offscreen "$PY" "$CHECK" "$T" \
	rsrp.tif=singlebandpseudocolor server.tif=paletted \
	--legend "rsrp.tif:>= -80 dBm" --legend "rsrp.tif:-120 to -110 dBm" \
	--legend "server.tif:SITE1/B" \
	--probe "rsrp.tif:147.005,-42.005:#1a9641" \
	--probe "rsrp.tif:147.015,-42.015:#a6d96a" \
	--probe "rsrp.tif:147.025,-42.005:#a6d96a" \
	--probe "rsrp.tif:147.035,-42.005:#ffff00" \
	--probe "rsrp.tif:147.045,-42.025:#fdae61" \
	--probe "rsrp.tif:147.055,-42.005:#00000000" \
	--probe "rsrp.tif:147.005,-42.035:#00000000" \
	--probe "server.tif:147.005,-42.005:#f25555" \
	--probe "server.tif:147.015,-42.015:#43bf67" \
	--probe "server.tif:147.025,-42.025:#b155f2" \
	--probe "server.tif:147.035,-42.005:#f25555" \
	--probe "server.tif:147.005,-42.035:#00000000" >"$T/qgis.out" 2>"$T/qgis.err"
rc=$?
if [ "$rc" = 77 ]; then
	skip_tool_rest "$(head -c 300 "$T/qgis.out")"
	exit 0
fi
cat "$T/qgis.out"
if [ "$rc" != 0 ] && ! grep -q '^FAIL ' "$T/qgis.out"; then
	echo "FAIL qgis check: exit status $rc ($(head -c 300 "$T/qgis.err"))"
fi
exit 0
