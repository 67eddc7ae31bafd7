#!/bin/sh
# The QGIS plugin (issue 24, doc/qgis.md): `make install` puts it in
# DATADIR/qgis/rfplan and `make install-qgis-plugin` in a QGIS profile's
# plugin folder; from that installed copy, headless QGIS (python3-qgis,
# offscreen, scripts/qgis/plugin_check.py) loads it as QGIS does
# (classFactory + initProcessing), lists the provider's eight algorithms and
# runs rfplan:import (sample at 60 m; sites from a file and from a point
# layer), rfplan:predict (Hata suburban,
# 3 km), rfplan:viewshed through processing.run (and runAndLoadResults, as
# the dialog: loaded once), rfplan:compare and rfplan:calibrate (on
# measurements made from the prediction minus 2 dB: mean error +2 dB, std 0)
# with RFPLAN_BIN = the build's rfplan: the command line recorded, progress parsed, the layers of
# project.qgs loaded valid and styled from the .qml files (not QGIS's
# default renderers), the recorded command repeated in a shell gives the
# same rsrp.tif, rfplan's error reported verbatim, and a cancel before and
# during the run (at the first progress line, not timed) leaves no output.
# The planning algorithms (scripts/qgis/plugin_check_planning.py) on that
# prediction: rfplan:neighbours, rfplan:pci (a plan in a range with reserved
# PCIs, and --audit of a cells file with a planted co-site collision) and
# rfplan:optimize (tilt 0..3) give the files the same command gives run
# directly, load styled (neighbour lines, the PCIs on the sector wedges,
# conflict lines, the optimised maps), and a cancel during optimize leaves
# nothing; every numeric parameter's min and max is rfplan's (accepted at
# the bound, refused just beyond it, by rfplan itself).
. "$(dirname "$0")/lib.sh"
PY_CASES=36
plan $((PY_CASES + 1))
need_rfplan

PY=/usr/bin/python3
S="$ROOT/samples/island"
PLUGIN_FILES="__init__.py algorithms.py loading.py pci_layers.py planning.py plugin.py provider.py runner.py metadata.txt icon.png"

# The build's compiled-in data directory (as test_install.sh), so that
# make install does not rebuild with another PREFIX.
datadir=$(cat "$BUILD/datadir" 2>/dev/null || echo /usr/local/share/rfplan)
prefix=${datadir%/share/rfplan}
san=""
ldd "$RFPLAN" 2>/dev/null | grep -q libasan && san="SANITIZE=1"

begin "qgis plugin: make install and make install-qgis-plugin install every plugin file"
# shellcheck disable=SC2086 # $san: empty or one word
run make -s -C "$ROOT" --no-print-directory install install-qgis-plugin BUILD="$BUILD" $san \
	PREFIX="$prefix" DESTDIR="$T/dest" QGIS_PLUGIN_DIR="$T/plugins"
expect_rc 0
for f in $PLUGIN_FILES; do
	cmp -s "$ROOT/scripts/qgis/rfplan/$f" "$T/dest$datadir/qgis/rfplan/$f" ||
		fail "make install: $datadir/qgis/rfplan/$f missing or different"
	cmp -s "$ROOT/scripts/qgis/rfplan/$f" "$T/dest$T/plugins/rfplan/$f" ||
		fail "install-qgis-plugin: $T/plugins/rfplan/$f missing or different"
done
end

if [ ! -x "$PY" ] || ! "$PY" -c 'import qgis.core' 2>/dev/null; then
	skip_tool_rest "QGIS Python bindings not importable (python3-qgis)"
	exit 0
fi
if [ ! -f "$T/dest$T/plugins/rfplan/metadata.txt" ]; then
	fail_rest "the plugin was not installed (case 1)"
	exit 0
fi
# A copy of the sample: QGIS (GDAL) writes .aux.xml statistics beside the
# rasters it opens, which must not land in the source tree.
mkdir -p "$T/run" && cp -r "$S" "$T/sample"
RFPLAN_BIN="$RFPLAN" QT_QPA_PLATFORM=offscreen "$PY" "$ROOT/scripts/qgis/plugin_check.py" \
	"$T/dest$T/plugins" "$T/sample" "$T/run" >"$T/py.out" 2>"$T/py.err"
grep -E '^(ok|FAIL) ' "$T/py.out"
n=$(grep -c -E '^(ok|FAIL) ' "$T/py.out")
_reported=$((_reported + n))
[ "$n" -le "$PY_CASES" ] || echo "FAIL plugin_check.py printed $n checks, the plan counts $PY_CASES"
fail_rest "plugin_check.py stopped after $n checks: $(tail -c 300 "$T/py.err")"
