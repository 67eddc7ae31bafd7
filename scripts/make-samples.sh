#!/bin/sh
# Generate rfplan's bundled sample (samples/): a synthetic island of the same
# shape as Christmas Island's planning data (which cannot be shipped):
#   samples/island/dem_mga48.tif        DEM, GDA94 / MGA zone 48 (EPSG:28348),
#                                       30 m, Float32, nodata -9999 (a small
#                                       unsurveyed patch offshore)
#   samples/island/clutter_mga48.tif    land-cover classes, EPSG:28348, 50 m
#   samples/island/clutter_classes.csv  the class table (code,name,loss_db,height_m,p2108_type)
#   samples/island/sites_acma.csv       ACMA RRL site.csv format, with
#                                       `undefined` elevations
#   samples/island/cells.csv            LTE cells on those sites
#   samples/island/sector65_1800.msi    a Planet/MSI antenna pattern
# Deterministic: awk's arithmetic, PROJ (cs2cs) and GDAL (gdal_translate)
# give the same files on every run; the outputs are committed.
# Usage: scripts/make-samples.sh [--res M] [OUTDIR]   (default samples/island)
#   --res M  the DEM's pixel size in metres (a positive integer, default 30:
#            the committed sample).  The same island on a finer or coarser
#            grid over the same extent (18000 x 16020 m, rounded to whole
#            pixels); the clutter then takes the DEM's grid too (at the
#            default it stays on its own 50 m grid).  For benchmarks at 5 m
#            (scripts/bench.sh --cases island5).
set -eu
cd "$(dirname "$0")/.."
RES=30
if [ "${1:-}" = --res ]; then
	RES=${2:-}
	case $RES in ''|*[!0-9]*|0*) echo "make-samples.sh: --res: '$RES' is not a positive integer (metres)" >&2; exit 2 ;; esac
	shift 2
fi
out=${1:-samples/island}
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Island geometry in MGA48 metres (centre near 105.63 E, 10.49 S).
XMIN=560000 YMAX=8847000
NX=$(( (18000 + RES / 2) / RES )) NY=$(( (16020 + RES / 2) / RES ))

# ---- DEM ------------------------------------------------------------------
# Elevation model: an elliptical island (7 x 5.5 km, rotated 20 degrees)
# with a wavy coast, cliffs up to a plateau at ~250 m, and hills to ~360 m.
# Sea is 0 m; a 20 x 15 pixel offshore patch is a void (nodata -9999).
island_awk='
function shape(x, y,    u, v, dx, dy, th, r) {
	dx = x - 569000; dy = y - 8839500
	u =  dx * 0.9396926 + dy * 0.3420201
	v = -dx * 0.3420201 + dy * 0.9396926
	th = atan2(v, u)
	r = sqrt((u / 7000) ^ 2 + (v / 5500) ^ 2)
	return r / (1 + 0.06 * sin(5 * th) + 0.04 * sin(9 * th + 1))
}
function smooth(e0, e1, t) {
	t = (t - e0) / (e1 - e0); if (t < 0) t = 0; if (t > 1) t = 1
	return t * t * (3 - 2 * t)
}
function elev(x, y,    r, h, g) {
	r = shape(x, y)
	if (r >= 1) return 0
	h = 250 * smooth(1.0, 0.88, r) + 8 * smooth(1.0, 0.97, r)
	g = (x - 572500) ^ 2 + (y - 8837800) ^ 2
	h += 110 * exp(-g / (2 * 1800 ^ 2)) * smooth(1.0, 0.8, r)
	g = (x - 564800) ^ 2 + (y - 8841200) ^ 2
	h += 60 * exp(-g / (2 * 1200 ^ 2)) * smooth(1.0, 0.85, r)
	h += 12 * sin(x / 900) * cos(y / 700) * smooth(0.95, 0.8, r)
	return h
}'

awk -v xmin="$XMIN" -v ymax="$YMAX" -v nx="$NX" -v ny="$NY" -v res="$RES" "$island_awk"'
BEGIN {
	printf "ncols %d\nnrows %d\nxllcorner %d\nyllcorner %d\ncellsize %d\nNODATA_value -9999\n",
		nx, ny, xmin, ymax - ny * res, res
	for (j = 0; j < ny; j++) {
		y = ymax - (j + 0.5) * res
		line = ""
		for (i = 0; i < nx; i++) {
			x = xmin + (i + 0.5) * res
			# the void: 600 x 450 m (20 x 15 pixels at 30 m)
			if (x > xmin + 16800 && x < xmin + 17400 && y < ymax - 300 && y > ymax - 750) v = "-9999"
			else v = sprintf("%.1f", elev(x, y))
			line = line (i ? " " : "") v
		}
		print line
	}
}' > "$tmp/dem.asc"
gdal_translate -q -of GTiff -a_srs EPSG:28348 -ot Float32 \
	-co COMPRESS=DEFLATE -co PREDICTOR=3 -co TILED=YES \
	"$tmp/dem.asc" "$out/dem_mga48.tif"

# ---- clutter ----------------------------------------------------------------
# Classes (see clutter_classes.csv): sea, coastal open ground, rainforest on
# the plateau, low vegetation patches, the settlement on the north coast, its
# centre, and an inland mine.  50 m pixels: a different grid from the DEM
# (with --res, the DEM's grid).
if [ "$RES" -eq 30 ]; then CRES=50; else CRES=$RES; fi
CNX=$(( (18000 + CRES / 2) / CRES )) CNY=$(( (16000 + CRES / 2) / CRES ))
awk -v xmin="$XMIN" -v ymax="$YMAX" -v nx="$CNX" -v ny="$CNY" -v res="$CRES" "$island_awk"'
BEGIN {
	printf "ncols %d\nnrows %d\nxllcorner %d\nyllcorner %d\ncellsize %d\nNODATA_value 0\n",
		nx, ny, xmin, ymax - ny * res, res
	for (j = 0; j < ny; j++) {
		y = ymax - (j + 0.5) * res
		line = ""
		for (i = 0; i < nx; i++) {
			x = xmin + (i + 0.5) * res
			r = shape(x, y)
			if (r >= 1) c = 1
			else if ((x - 566500) ^ 2 + (y - 8844300) ^ 2 < 500 ^ 2) c = 6
			else if ((x - 566800) ^ 2 + (y - 8843900) ^ 2 < 1300 ^ 2) c = 5
			else if ((x - 571500) ^ 2 / 1200 ^ 2 + (y - 8836500) ^ 2 / 700 ^ 2 < 1) c = 7
			else if (r > 0.9) c = 2
			else if (sin(x / 1300) * cos(y / 1100) > 0.55) c = 3
			else c = 4
			line = line (i ? " " : "") c
		}
		print line
	}
}' > "$tmp/clutter.asc"
gdal_translate -q -of GTiff -a_srs EPSG:28348 -ot Byte \
	-co COMPRESS=DEFLATE -co TILED=YES \
	"$tmp/clutter.asc" "$out/clutter_mga48.tif"

cat > "$out/clutter_classes.csv" <<'CSV'
code,name,loss_db,height_m,p2108_type,comment
1,Sea,0,0,water-sea,open water
2,Open coastal ground,2,0,open-rural,grass and bare rock above the cliffs
3,Low vegetation,5,3,open-rural,scrub
4,Rainforest,12,25,trees-forest,plateau rainforest
5,Suburban,9,8,suburban,low-rise houses
6,Urban centre,14,12,urban,denser buildings
7,Industrial (mine),6,10,open-rural,open-cut workings and plant
CSV

# ---- sites (ACMA RRL site.csv format) --------------------------------------
# Positions in MGA48, converted to GDA94 latitude/longitude with PROJ, as an
# ACMA export gives them.  ELEVATION is `undefined` where the register has
# none, as in real exports.
cat > "$tmp/sites.txt" <<'TXT'
9000101|566600|8843600|Settlement Exchange, Gaze Road, FLYING FISH COVE|undefined
9000102|572400|8837900|Murray Hill Communications Tower|undefined
9000103|564900|8841000|Water Tower, Lily Beach Road|undefined
9000104|569800|8835900|Airport Terminal, Grants Well Road|248
9000105|574800|8839000|South Point Repeater|undefined
TXT
cut -d'|' -f2,3 "$tmp/sites.txt" | tr '|' ' ' |
	cs2cs -f %.6f EPSG:28348 EPSG:4283 > "$tmp/latlon.txt"
{
	echo "SITE_ID,LATITUDE,LONGITUDE,NAME,STATE,LICENSING_AREA_ID,POSTCODE,SITE_PRECISION,ELEVATION,HCIS_L2"
	paste -d'|' "$tmp/sites.txt" "$tmp/latlon.txt" |
	awk -F'|' '{ split($6, ll, /[ \t]+/);
		printf "%s,%s,%s,\"%s\",WA,11,6798,Within 10 metres,%s,LA1G\n", $1, ll[1], ll[2], $4, $5 }'
} > "$out/sites_acma.csv"

# ---- antenna (Planet/MSI) ---------------------------------------------------
# A 65-degree sector at 1800 MHz, 17.5 dBi (15.35 dBd), 4 degrees electrical
# downtilt, from the 3GPP TR 36.814 parametric pattern: horizontal
# min(12 (phi/65)^2, 25) dB, vertical min(12 ((theta-4)/7)^2, 20) dB.
awk 'BEGIN {
	print "NAME RFPLAN-SECTOR-65-1800-04T"
	print "MAKE rfplan sample (3GPP TR 36.814 parametric)"
	print "FREQUENCY 1800"
	print "H_WIDTH 65"
	print "V_WIDTH 7"
	print "FRONT_TO_BACK 25"
	print "GAIN 15.35 dBd"
	print "TILT ELECTRICAL"
	print "ELECTRICAL_TILT 4"
	print "COMMENT generated by scripts/make-samples.sh"
	print "HORIZONTAL 360"
	for (a = 0; a < 360; a++) {
		phi = a > 180 ? a - 360 : a
		v = 12 * (phi / 65) ^ 2; if (v > 25) v = 25
		printf "%d\t%.2f\n", a, v
	}
	print "VERTICAL 360"
	for (a = 0; a < 360; a++) {
		th = a > 180 ? a - 360 : a
		# behind the antenna (|th| > 90) the vertical cut sees the back lobe
		if (th > 90 || th < -90) v = 20
		else { v = 12 * ((th - 4) / 7) ^ 2; if (v > 20) v = 20 }
		printf "%d\t%.2f\n", a, v
	}
}' > "$out/sector65_1800.msi"

# ---- cells -------------------------------------------------------------------
cat > "$out/cells.csv" <<'CSV'
site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,pci
9000101,1,30,25,2,sector65_1800.msi,,43,,1800,20,2,101
9000101,2,150,25,2,sector65_1800.msi,,43,,1800,20,2,102
9000101,3,270,25,2,sector65_1800.msi,,43,,1800,20,2,103
9000102,1,0,40,1,sector65_1800.msi,,43,,1800,20,2,201
9000102,2,120,40,1,sector65_1800.msi,,43,,1800,20,2,202
9000102,3,240,40,1,sector65_1800.msi,,43,,1800,20,2,203
9000103,1,0,20,0,,6,40,,1800,20,1,301
9000104,1,0,30,0,,9,43,,700,10,1,401
9000105,1,200,30,0,,9,40,,700,10,1,501
CSV
echo "make-samples.sh: wrote $out" >&2
