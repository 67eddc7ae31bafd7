# shellcheck shell=sh
# The bundled island sample as the path-loss tests use it (sourced after
# lib.sh by tests/cli/test_pathloss_cache.sh and test_tworesl.sh): the
# sample imported at 60 m into $T/ws, its cells and antenna copied into $T,
# predict into $T/NAME and the pixel digest of scripts/map-digest.sh.
# The caller sets P (predict's common options) before calling predict.

S="$ROOT/samples/island"

# island_setup WHAT IMPORT: unless python can IMPORT (e.g. "from osgeo
# import gdal") skip every case, "WHAT not installed"; import the sample at
# 60 m into $T/ws (a failure fails every case); copy cells.csv and
# sector65_1800.msi into $T.
island_setup() {
	if ! /usr/bin/python3 -c "$2" 2>/dev/null; then
		skip_tool_rest "$1 not installed"
		exit 0
	fi
	setup "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
		--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
		--cells "$S/cells.csv" --res 60m -o "$T/ws"
	cp "$S/cells.csv" "$S/sector65_1800.msi" "$T/"
}

# predict NAME ARGS...: predict into $T/NAME (workspace $WS, default $T/ws)
predict() {
	name=$1
	shift
	# shellcheck disable=SC2086
	run "$RFPLAN" predict "${WS:-$T/ws}" $P -o "$T/$name" --force "$@"
}

# digest DIR: "file sha256" of every band's raw pixels of DIR/*.tif
digest() {
	/usr/bin/python3 - "$1" <<'PY'
import sys, glob, hashlib, os
from osgeo import gdal
for f in sorted(glob.glob(os.path.join(sys.argv[1], "*.tif"))):
    ds = gdal.Open(f); h = hashlib.sha256()
    for b in range(1, ds.RasterCount + 1):
        h.update(ds.GetRasterBand(b).ReadRaster())
    print(os.path.basename(f), h.hexdigest())
PY
}

# uses DIR: the "matrix" of every cell in DIR/run.json, sorted and counted
uses() {
	/usr/bin/python3 -c 'import json, sys, collections
m = json.load(open(sys.argv[1] + "/run.json"))["pathloss_matrices"]
c = collections.Counter(x["matrix"] for x in m)
print(" ".join("%s=%d" % kv for kv in sorted(c.items())))' "$1"
}
