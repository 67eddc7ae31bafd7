#!/bin/sh
# The main job on the bundled sample (samples/island, made by
# scripts/make-samples.sh): import the GDA94 / MGA zone 48 DEM, the clutter
# and the ACMA site list into a WGS84 workspace, then predict LTE coverage.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
RFPLAN="$BUILD/rfplan"
S=samples/island
W=demo-out/island

mkdir -p demo-out
echo "== rfplan import (DEM + clutter in EPSG:28348, ACMA sites, cells)" >&2
"$RFPLAN" import --dem "$S/dem_mga48.tif" \
	--clutter "$S/clutter_mga48.tif" --clutter-classes "$S/clutter_classes.csv" \
	--sites "$S/sites_acma.csv" --cells "$S/cells.csv" \
	-o "$W" --force
echo "== rfplan info" >&2
"$RFPLAN" info "$W"
echo "== rfplan predict (ITM, 15 km per cell)" >&2
"$RFPLAN" predict "$W" --model itm --radius 15 -o "$W/predict" --force
echo >&2
echo "demo: workspace in $W/, predictions in $W/predict/:" >&2
ls "$W/predict" >&2
echo "demo: open $W/predict/project.qgs in QGIS (every map styled, over the terrain, with the sites and sectors)," >&2
echo "      $W/predict/rsrp.png is the map for a report, $W/predict/rsrp.kmz opens in Google Earth" >&2
