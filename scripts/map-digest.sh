#!/bin/sh
# Pixel digests of the maps that predict writes for a fixed matrix of option
# combinations on the bundled sample: one line "case/file.tif sha256" per map,
# the hash over every band's raw pixel values (not the file: compression,
# timestamps and metadata do not count).  Refactorings must keep these
# digests; compare two trees with
#   scripts/map-digest.sh > before.txt   (old tree)
#   scripts/map-digest.sh > after.txt    (new tree);  diff before.txt after.txt
# Usage: scripts/map-digest.sh [WORKDIR]   (BUILD=dir picks the build)
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RF="$PWD/$BUILD/rfplan"
W=${1:-$(mktemp -d)}
S=samples/island
"$RF" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" --res 60m -o "$W/ws" --force -q >/dev/null 2>&1
run() {
	name=$1; shift
	"$RF" predict "$W/ws" --radius 6 -o "$W/$name" --force -q "$@" >/dev/null 2>"$W/$name.err" ||
		{ echo "$name FAILED: $(tail -n 2 "$W/$name.err")"; return 0; }
	for f in "$W/$name"/*.tif; do
		/usr/bin/python3 - "$f" "$name" <<'PY'
import sys, hashlib
from osgeo import gdal
ds = gdal.Open(sys.argv[1]); h = hashlib.sha256()
for b in range(1, ds.RasterCount + 1):
    h.update(ds.GetRasterBand(b).ReadRaster())
print("%s/%s %s" % (sys.argv[2], sys.argv[1].rsplit("/", 1)[1], h.hexdigest()[:16]))
PY
	done
}
run fspl --model fspl
run los --model los
run hata --model hata
run cost231 --model cost231
run spm --model spm
run itm --model itm
run itm_p2108 --model itm --clutter-loss p2108
run itm_indoor --model itm --indoor
run p1812 --model p1812
run itm_sigma --model itm --shadowing-sigma-db 8
run itm_rx10_ulrbs --model itm --rx-height 10 --ul-rbs 10
run p1812_dn --model p1812 --dn 60 --n0 330 --clutter-loss none
