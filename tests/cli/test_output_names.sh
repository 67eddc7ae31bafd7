#!/bin/sh
# Well-formed output whatever the names (issue 23, points 12-13): sites and
# cells whose ids and names hold quotes, commas, a leading = + - @, control
# characters (\x01, ESC) and XML specials are imported and predicted; then
#  - every CSV rfplan wrote (the workspace's sites.csv, cells.csv and
#    clutter_classes.csv, best_server.csv, stats.csv) parses with Python's
#    csv module to the original values, a text value that a spreadsheet
#    would take for a formula behind one single quote (OWASP's CSV-injection
#    rule, written out below in Python, independently of rfplan's C), and
#    numbers (negative dBm edges) never guarded;
#  - rfplan reads its own guarded sites.csv back to the original names
#    (coverage.gpkg's sites layer, read with Python's sqlite3);
#  - every XML file (project.qgs, the .qml styles, doc.kml in rsrp.kmz, the
#    styles inside coverage.gpkg, batch's junit.xml) parses with
#    xml.etree, control characters shown as U+FFFD;
#  - an id with terminal controls in an error message reaches the terminal
#    escaped (no ESC or BEL byte);
#  - nothing outside the outputs changed (a listing with sizes and hashes of
#    the inputs before and after);
# and (issue 18, point 14) a void planted in the DEM is drawn by QGIS, when
# it opens project.qgs, as flat ground (181 grey, the hillshade of level
# terrain), not as a hole onto the white canvas.
# Bytes that are not UTF-8 are refused at import (another part of issue 23);
# the writers' handling of them is tested in tests/unit/test_output.c.
. "$(dirname "$0")/lib.sh"
plan 7
need_rfplan

S="$ROOT/samples/island"
IN="$T/in"
PY=/usr/bin/python3
mkdir -p "$IN"
cp "$S/dem_mga48.tif" "$S/clutter_mga48.tif" "$S/clutter_classes.csv" "$S/sector65_1800.msi" "$IN/"
# The planted names (Python's csv module writes the input files).
"$PY" - "$IN" <<'EOF' || { fail_rest "cannot write the inputs"; exit 0; }
import csv, sys
d = sys.argv[1]
sites = [
    ("=1+2", '=HYPERLINK("http://example.invalid","x"), Road', -10.460573, 105.608555),
    ('@S"2', "-Bad\x01name\x1b[31m", -10.512017, 105.661659),
    ("'q", "+plus & <xml> 'apos' \"dq\"", -10.484116, 105.593066),
    ("-5", "Murray Hill Communications Tower Extra Long", -10.530153, 105.637936),
]
with open(d + "/sites.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["SITE_ID", "NAME", "LATITUDE", "LONGITUDE", "ELEVATION"])
    for s in sites:
        w.writerow(list(s) + [100])
cells = [("=1+2", "=c1", 30, "sector65_1800.msi"), ('@S"2', "q,c", 120, "sector65_1800.msi"),
         ("'q", "\x1bc", 0, ""), ("-5", "-1", 200, "")]
with open(d + "/cells.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["site_id", "cell_id", "azimuth_deg", "height_agl_m", "antenna", "gain_dbi",
                "tx_power_dbm", "frequency_mhz", "bandwidth_mhz"])
    for c in cells:
        w.writerow([c[0], c[1], c[2], 30, c[3], 9 if not c[3] else "", 43, 1800, 20])
# a class name with a screen-clearing ESC sequence, and one with a formula
with open(d + "/clutter_classes.csv", newline="") as f:
    rows = list(csv.reader(f))
rows[1][1] = "Sea\x1b[2J"
rows[2][1] = "=Open coastal ground"
with open(d + "/clutter_classes.csv", "w", newline="") as f:
    csv.writer(f).writerows(rows)
with open(d + "/cells_bad.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["site_id", "cell_id", "azimuth_deg"])
    w.writerow(["nosuch\x1b]0;title\x07<&>", "1", "0"])
EOF
cat >"$IN/plan.json" <<'EOF'
{
  "defaults": { "dem": "dem_mga48.tif", "sites": "sites.csv",
                "predict": { "model": "fspl", "radius_km": 1 } },
  "regions": [ { "name": "bad", "cells": "cells_bad.csv" } ]
}
EOF
listing() { (cd "$IN" && find . -type f -exec sha256sum {} + | sort); }
listing >"$T/before.txt"

setup "$RFPLAN" import -q --dem "$IN/dem_mga48.tif" --clutter "$IN/clutter_mga48.tif" \
	--clutter-classes "$IN/clutter_classes.csv" --sites "$IN/sites.csv" \
	--cells "$IN/cells.csv" -o "$T/ws"
setup "$RFPLAN" predict "$T/ws" --model hata --env suburban --radius 2 -q -o "$T/pred"

begin "names: every CSV parses to the original values, formulas guarded"
"$PY" - "$T/ws" "$T/pred" >"$T/csv.out" 2>&1 <<'EOF' || fail "$(cat "$T/csv.out")"
import csv, re, sys
ws, pred = sys.argv[1], sys.argv[2]
# OWASP CSV injection: a cell starting with = + - @ tab or CR is guarded
# with a leading single quote; a leading quote is doubled (so that the
# guard can be undone); a decimal number is a value, not a formula.
NUM = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
def guard(s):
    if s[:1] == "'" or (s[:1] in ("=", "+", "-", "@", "\t", "\r") and s and not NUM.match(s)):
        return "'" + s
    return s
sites = {"=1+2": '=HYPERLINK("http://example.invalid","x"), Road',
         '@S"2': "-Bad\x01name\x1b[31m", "'q": "+plus & <xml> 'apos' \"dq\"",
         "-5": "Murray Hill Communications Tower Extra Long"}
cells = [("=1+2", "=c1"), ('@S"2', "q,c"), ("'q", "\x1bc"), ("-5", "-1")]
bad = []
def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))
got = {r["site_id"]: r["name"] for r in rows(ws + "/sites.csv")}
want = {guard(k): guard(v) for k, v in sites.items()}
if got != want:
    bad.append("sites.csv: %r != %r" % (got, want))
got = [(r["site_id"], r["cell_id"]) for r in rows(ws + "/cells.csv")]
if got != [(guard(a), guard(b)) for a, b in cells]:
    bad.append("cells.csv: %r" % got)
got = [r["name"] for r in rows(ws + "/clutter_classes.csv")][:3]
if got != ["Sea\x1b[2J", "'=Open coastal ground", "Low vegetation"]:
    bad.append("clutter_classes.csv names: %r" % got)
got = [(r["site_id"], r["cell_id"]) for r in rows(pred + "/best_server.csv")]
if got != [(guard(a), guard(b)) for a, b in cells]:
    bad.append("best_server.csv: %r" % got)
st = rows(pred + "/stats.csv")
scopes = {r["scope"] for r in st}
# "land": the land-only rows of every metric (doc/lte.md, land and sea)
want = {"total", "land"} | {guard(a + "/" + b) for a, b in cells}
if scopes != want:
    bad.append("stats.csv scopes %r != %r" % (scopes, want))
for r in st:   # the class edges are numbers: -80, -120, never '-80
    for k in ("lower", "upper"):
        if r[k] and not NUM.match(r[k]):
            bad.append("stats.csv %s %r is not a number" % (k, r[k]))
if not any(r["lower"].startswith("-") for r in st):
    bad.append("stats.csv: no negative edge to check")
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
end

begin "names: rfplan reads its guarded sites.csv back to the original names"
"$PY" - "$T/pred/coverage.gpkg" >"$T/rt.out" 2>&1 <<'EOF' || fail "$(cat "$T/rt.out")"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.text_factory = bytes
got = {r[0].decode(): r[1].decode() for r in db.execute("SELECT site_id, name FROM sites")}
want = {"=1+2": '=HYPERLINK("http://example.invalid","x"), Road',
        '@S"2': "-Bad\x01name\x1b[31m", "'q": "+plus & <xml> 'apos' \"dq\"",
        "-5": "Murray Hill Communications Tower Extra Long"}
cells = sorted((r[0].decode(), r[1].decode()) for r in db.execute("SELECT site_id, cell_id FROM cells"))
wc = sorted([("=1+2", "=c1"), ('@S"2', "q,c"), ("'q", "\x1bc"), ("-5", "-1")])
bad = []
if got != want:
    bad.append("sites %r != %r" % (got, want))
if cells != wc:
    bad.append("cells %r != %r" % (cells, wc))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
end

begin "names: every XML file parses; control characters as U+FFFD"
"$PY" - "$T/pred" >"$T/xml.out" 2>&1 <<'EOF' || fail "$(cat "$T/xml.out")"
import glob, sqlite3, sys, zipfile
import xml.etree.ElementTree as ET
pred = sys.argv[1]
docs = {}
for p in glob.glob(pred + "/*.qml") + [pred + "/project.qgs"]:
    docs[p] = open(p, "rb").read()
with zipfile.ZipFile(pred + "/rsrp.kmz") as z:
    docs["rsrp.kmz/doc.kml"] = z.read("doc.kml")
db = sqlite3.connect(pred + "/coverage.gpkg")
for name, qml in db.execute("SELECT f_table_name, styleQML FROM layer_styles"):
    docs["coverage.gpkg/" + name] = qml.encode("utf-8")
bad = []
trees = {}
for k, v in docs.items():
    try:
        trees[k] = ET.fromstring(v)
    except ET.ParseError as e:
        bad.append("%s: %s" % (k, e))
labels = [e.get("label") for e in trees.get(pred + "/best_server.qml", ET.Element("x")).iter()
          if e.get("label") is not None]
# "'q/\x1bc": the ESC replaced by U+FFFD, the quote kept (an attribute value)
if "'q/\ufffdc" not in labels or '@S"2/q,c' not in labels:
    bad.append("best_server.qml labels: %r" % labels)
styles = [t for k, t in trees.items() if k == "coverage.gpkg/best_server"]
if not styles or "'q/\ufffdc" not in [e.get("label") for e in styles[0].iter()]:
    bad.append("coverage.gpkg best_server style lacks the escaped label")
if len(trees) < 10:
    bad.append("only %d XML documents found" % len(trees))
print("\n".join(bad))
sys.exit(1 if bad else 0)
EOF
end

begin "names: batch junit.xml parses with an error quoting a control-character id"
run "$RFPLAN" batch "$IN/plan.json" -o "$T/batch" -q
[ "$rc" = 1 ] || fail "exit status $rc, want 1 (the region fails)"
"$PY" - "$T/batch/junit.xml" >"$T/junit.out" 2>&1 <<'EOF' || fail "$(cat "$T/junit.out")"
import sys
import xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
f = [e for e in root.iter("failure")]
msg = f[0].get("message") if f else ""
ok = "nosuch\ufffd]0;title\ufffd<&>" in msg
print("" if ok else "failure message %r" % msg)
sys.exit(0 if ok else 1)
EOF
end

begin "names: an id with terminal controls is printed escaped"
run "$RFPLAN" viewshed "$T/ws" --site "$(printf 'x\033]0;pwned\007\033[2J')" -o "$T/vs.tif"
[ "$rc" = 0 ] && fail "unknown site accepted"
if LC_ALL=C grep -q "$(printf '[\033\007]')" "$T/err"; then
	fail "raw ESC or BEL on stderr: $(od -c "$T/err" | head -3)"
fi
expect_err 'x\\x1b]0;pwned\\x07\\x1b\[2J'
# rfplan info lists the class names from the class table
run "$RFPLAN" info "$T/ws"
expect_rc 0
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then
	fail "raw ESC in rfplan info: $(grep -a classes "$T/out" | od -c | head -3)"
fi
expect_out '1=Sea\\x1b\[2J 2==Open coastal ground'
end

begin "names: nothing outside the outputs changed"
listing >"$T/after.txt"
diff "$T/before.txt" "$T/after.txt" >"$T/diff.txt" || fail "inputs changed: $(cat "$T/diff.txt")"
end

name="voids: QGIS draws a DEM void in project.qgs as flat ground, not white"
if ! "$PY" -c "import qgis.core" 2>/dev/null; then
	skip_tool "$name" "python3-qgis not installed"
else
	begin "$name"
	# a 40 x 40 pixel void (nodata -9999) centred on 105.640 E 10.490 S,
	# away from the sites and their sector wedges; no coverage over it (the
	# engine has no terrain there), so the hillshade shows
	"$PY" - "$IN/dem_mga48.tif" "$T/dem_void.tif" >"$T/void.out" 2>&1 <<'EOF' ||
from osgeo import gdal, osr
import sys
src = gdal.Open(sys.argv[1])
ds = gdal.GetDriverByName("GTiff").CreateCopy(sys.argv[2], src)
wgs = osr.SpatialReference(); wgs.ImportFromEPSG(4326)
wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
dem = osr.SpatialReference(wkt=src.GetProjection())
dem.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
x, y, _ = osr.CoordinateTransformation(wgs, dem).TransformPoint(105.640, -10.490)
gt = src.GetGeoTransform()
c, r = int((x - gt[0]) / gt[1]), int((y - gt[3]) / gt[5])
b = ds.GetRasterBand(1)
a = b.ReadAsArray()
a[r - 20:r + 20, c - 20:c + 20] = b.GetNoDataValue()
b.WriteArray(a)
ds = None
EOF
		fail "cannot plant the void: $(cat "$T/void.out")"
	run "$RFPLAN" import -q --dem "$T/dem_void.tif" --sites "$IN/sites.csv" \
		--cells "$IN/cells.csv" -o "$T/wsv"
	expect_rc 0
	run "$RFPLAN" predict "$T/wsv" --model hata --env suburban --radius 2 -q -o "$T/predv"
	expect_rc 0
	# 181 = 0xb5: the colour project.qgs gives the hillshade's no-data
	"$PY" "$ROOT/scripts/qgis_project_check.py" "$T/predv/project.qgs" \
		--probe "105.640,-10.490:#b5b5b5" >"$T/qv.out" 2>&1 ||
		fail "$(grep -v '^ok' "$T/qv.out" | head -3)"
	end
fi
