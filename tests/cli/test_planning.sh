#!/bin/sh
# rfplan neighbours and rfplan pci on a constructed network with known
# answers (doc/planning.md): 19 three-sector sites on a hexagonal grid
# (inter-site distance 1.5 km, sectors at 0/120/240 deg, 3GPP parametric
# sector antennas) on flat terrain, plus one omni site FAR 20 km east,
# beyond twice the 3 km radius of every cell, so it overlaps nothing.
# Expected values are computed by the python checks below from the cells
# file and the relations, independently of rfplan's own audit.
. "$(dirname "$0")/lib.sh"
plan 11
need_rfplan
if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi
PY=/usr/bin/python3

# Flat DEM at 20 m, 0.001 deg pixels, 147.0..147.4 E, 42.0..42.15 S.
setup gdal_create -q -of GTiff -ot Float32 -outsize 400 150 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.4 -42.15 -burn 20 "$T/flat.tif"
# Sites: axial hex coordinates (q, r), |q|, |r|, |q + r| <= 2: x = d (q + r/2),
# y = d r sqrt(3)/2; metres to degrees with the WGS84 radii at -42.075.
setup "$PY" - "$T" <<'EOF'
import math, sys
t = sys.argv[1]
lat0, lon0, isd = -42.075, 147.12, 1500.0
mlat = 111132.954 - 559.822 * math.cos(2 * math.radians(lat0))
mlon = 111412.84 * math.cos(math.radians(lat0))
sites = []
for q in range(-2, 3):
    for r in range(-2, 3):
        if abs(q + r) <= 2:
            x, y = isd * (q + r / 2.0), isd * r * math.sqrt(3) / 2
            sites.append(("S%d%d" % (q + 2, r + 2), lat0 + y / mlat, lon0 + x / mlon))
with open(t + "/sites.csv", "w") as f:
    f.write("id,lat,lon\n")
    for s in sites:
        f.write("%s,%.6f,%.6f\n" % s)
    f.write("FAR,%.6f,%.6f\n" % (lat0, lon0 + 20000 / mlon))
with open(t + "/cells.csv", "w") as f:
    f.write("site_id,cell_id,azimuth_deg,height_agl_m,antenna,gain_dbi,tx_power_dbm,"
            "frequency_mhz,bandwidth_mhz\n")
    for s in sites:
        for k, az in enumerate((0, 120, 240)):
            f.write("%s,%d,%d,30,sector,15,43,1800,10\n" % (s[0], k + 1, az))
    f.write("FAR,1,0,30,,10,43,1800,10\n")
EOF
setup "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	--cells "$T/cells.csv" --res 100m -o "$T/ws" -q
setup "$RFPLAN" predict "$T/ws" --model hata --radius 3 -o "$T/pred" -q

# The checks, one python program: MODE and files (see each case).
cat >"$T/check.py" <<'EOF'
import csv, sys
from collections import defaultdict

def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))

def relations(path):
    """Unordered related pairs and each serving cell's neighbour list."""
    related, lists = set(), defaultdict(list)
    for r in rows(path):
        a, b = (r["site_id"], r["cell_id"]), (r["neighbour_site_id"], r["neighbour_cell_id"])
        related.add(frozenset((a, b)))
        lists[a].append(b)
    return related, lists

def conflicts(pci, related, lists):
    """The definition of doc/planning.md (one carrier here): related pairs
    under their most severe type, and every (pair, via) confusion."""
    out = set()
    for p in related:
        a, b = sorted(p)
        if a not in pci or b not in pci:
            continue
        x, y = pci[a], pci[b]
        t = "collision" if x == y else "mod30" if x % 30 == y % 30 else \
            "mod3" if x % 3 == y % 3 else None
        if t:
            out.add((t, a, b, None))
    for via, nbs in lists.items():
        for i in range(len(nbs)):
            for j in range(i + 1, len(nbs)):
                a, b = sorted((nbs[i], nbs[j]))
                if pci.get(a) is not None and pci.get(a) == pci.get(b):
                    out.add(("confusion", a, b, via))
    return out

mode = sys.argv[1]
if mode == "plan":          # plan.csv neighbours.csv: no collision, confusion, co-site mod 3
    pci = {(r["site_id"], r["cell_id"]): int(r["pci"]) for r in rows(sys.argv[2])}
    related, lists = relations(sys.argv[3])
    bad = [c for c in conflicts(pci, related, lists) if c[0] in ("collision", "confusion")]
    for a in pci:
        for b in pci:
            if a < b and a[0] == b[0] and pci[a] % 3 == pci[b] % 3:
                bad.append(("co-site mod3", a, b))
    if any(not 0 <= v <= 503 for v in pci.values()) or len(pci) != 58:
        bad.append("PCIs out of 0..503 or not 58 cells")
    print(bad[:5] if bad else "ok")
elif mode == "plant":       # plan.csv cells.csv neighbours.csv out.csv: plant conflicts
    pci = {(r["site_id"], r["cell_id"]): int(r["pci"]) for r in rows(sys.argv[2])}
    related, lists = relations(sys.argv[4])
    used = set(pci.values())
    free = [p for p in range(504) if p not in used]
    pci[("S22", "2")] = pci[("S22", "1")]                       # collision (co-site)
    m = pci[("S21", "1")]
    pci[("S21", "2")] = next(p for p in free if p % 3 == m % 3 and p % 30 != m % 30)  # mod3
    m = pci[("S23", "1")]
    pci[("S23", "2")] = next(p for p in free if p % 30 == m % 30)  # mod30
    # confusion: two unrelated cells that one cell lists both
    pair = next((a, b) for via, nbs in sorted(lists.items()) for a in nbs for b in nbs
                if a < b and frozenset((a, b)) not in related and a[0] not in
                ("S21", "S22", "S23") and b[0] not in ("S21", "S22", "S23"))
    pci[pair[1]] = pci[pair[0]]
    with open(sys.argv[3], newline="") as f:
        cells = list(csv.DictReader(f))
    with open(sys.argv[5], "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(cells[0].keys()) + ["pci"])
        w.writeheader()
        for c in cells:
            c["pci"] = pci[(c["site_id"], c["cell_id"])]
            w.writerow(c)
    with open(sys.argv[5] + ".expected", "w") as f:
        for c in sorted(conflicts(pci, related, lists), key=str):
            f.write(repr(c) + "\n")
    print("ok")
elif mode == "audit":       # audit.csv expected: the same set, and the planted types
    got = set()
    for r in rows(sys.argv[2]):
        via = (r["via_site_id"], r["via_cell_id"]) if r["via_site_id"] else None
        got.add((r["type"], (r["site_id"], r["cell_id"]),
                 (r["other_site_id"], r["other_cell_id"]), via))
    want = {eval(l) for l in open(sys.argv[3])}
    types = {c[0] for c in want}
    planted = {("collision", ("S22", "1"), ("S22", "2"), None),
               ("mod3", ("S21", "1"), ("S21", "2"), None),
               ("mod30", ("S23", "1"), ("S23", "2"), None)}
    if got != want:
        print("missing %s, extra %s" % (sorted(want - got, key=str)[:3], sorted(got - want, key=str)[:3]))
    elif not planted <= got or "confusion" not in types:
        print("a planted conflict is not in the audit: %s" % sorted(planted - got))
    else:
        print("ok")
EOF

begin neighbours_cosite_and_far
# Every hex cell lists its two co-site sectors with a real overlap (adjacent
# sectors 120 deg apart overlap within 6 dB around their common bisector),
# no relation involves FAR (its nearest site is 20 km - 2 x 1.5 km = 17 km
# away, beyond twice the 3 km radius), and intra-frequency only.
if "$RFPLAN" neighbours "$T/pred" -o "$T/nb.csv" --max 0 -q 2>"$T/err"; then
	r=$("$PY" - "$T/nb.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
bad = [r for r in rows if "FAR" in (r["site_id"], r["neighbour_site_id"])]
bad += [r for r in rows if r["relation"] != "intra"]
for r in rows:
    if r["site_id"] == r["neighbour_site_id"] and not float(r["overlap_km2"]) > 0:
        bad.append(r)
cosite = {(r["site_id"], r["cell_id"], r["neighbour_cell_id"]) for r in rows
          if r["site_id"] == r["neighbour_site_id"] and r["co_site"] == "1"}
for s in {r["site_id"] for r in rows}:
    for a in "123":
        for b in "123":
            if a != b and (s, a, b) not in cosite:
                bad.append(("missing co-site", s, a, b))
n_sites = len({r["site_id"] for r in rows})
print("ok" if not bad and n_sites == 19 else "sites %d, %s" % (n_sites, bad[:3]))
EOF
)
	[ "$r" = ok ] || fail "$r"
	[ "$(head -n 1 "$T/nb.csv" | cut -d, -f1-4)" = \
		"site_id,cell_id,neighbour_site_id,neighbour_cell_id" ] || fail "header: $(head -n 1 "$T/nb.csv")"
else
	fail "exit $?: $(cat "$T/err")"
fi
end

begin neighbours_max_ranks_cosite_first
# --max 2: co-site cells rank first, so each hex cell keeps exactly its two
# co-site sectors.  -o in a directory that does not exist yet: its parents
# are created, as for every other output.
if "$RFPLAN" neighbours "$T/pred" -o "$T/new/dir/nb2.csv" --max 2 --no-gpkg -q 2>"$T/err"; then
	n=$(awk -F, 'NR > 1 && $1 != $3' "$T/new/dir/nb2.csv" | wc -l)
	rows=$(awk 'NR > 1' "$T/new/dir/nb2.csv" | wc -l)
	{ [ "$n" = 0 ] && [ "$rows" = 114 ]; } || fail "$n non-co-site rows, $rows rows (expected 0, 57 x 2)"
	[ ! -e "$T/new/dir/nb2.gpkg" ] || fail "--no-gpkg wrote nb2.gpkg"
else
	fail "exit $?: $(cat "$T/err")"
fi
end

begin neighbours_symmetric
# --symmetric --max 3: every A -> B has its B -> A.
if "$RFPLAN" neighbours "$T/pred" -o "$T/nb3.csv" --max 3 --symmetric --no-gpkg -q 2>"$T/err"; then
	r=$(awk -F, 'NR > 1 { rel[$1 "/" $2 ">" $3 "/" $4] = 1 }
		END { for (k in rel) { split(k, p, ">"); if (!((p[2] ">" p[1]) in rel)) m++ }
		      print m + 0 }' "$T/nb3.csv")
	[ "$r" = 0 ] || fail "$r relations without their reverse"
	grep -q ',symmetric\|+symmetric' "$T/nb3.csv" || fail "no relation marked symmetric"
else
	fail "exit $?: $(cat "$T/err")"
fi
end

# The GeoPackage beside the CSV: one line per relation and its default style.
if command -v ogrinfo >/dev/null 2>&1; then
	begin neighbours_gpkg_styled
	n=$(ogrinfo -ro -q -sql "SELECT COUNT(*) AS n FROM neighbours" "$T/nb.gpkg" 2>&1 |
		sed -n 's/.*n (Integer) = //p')
	rows=$(awk 'NR > 1' "$T/nb.csv" | wc -l)
	s=$(ogrinfo -ro -q -sql "SELECT f_table_name FROM layer_styles WHERE useAsDefault = 1" \
		"$T/nb.gpkg" 2>&1 | sed -n 's/.*f_table_name (String) = //p')
	[ "$n" = "$rows" ] || fail "$n lines, $rows relations"
	[ "$s" = neighbours ] || fail "default style for '$s'"
	end
else
	skip_tool neighbours_gpkg_styled "ogrinfo not installed (gdal-bin)"
fi

# QGIS itself loads the layer with its stored style: categorized by
# relation (intra, inter), the line width data-defined by share_pct.
if "$PY" -c 'import qgis.core' 2>/dev/null; then
	begin neighbours_gpkg_qgis_style
	r=$(QT_QPA_PLATFORM=offscreen "$PY" - "$T/nb.gpkg" 2>"$T/qgis.err" <<'EOF'
import os, sys
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
l = QgsVectorLayer(sys.argv[1] + "|layername=neighbours", "nb", "ogr")
r = l.renderer()
ok = l.isValid() and r.type() == "categorizedSymbol" and r.classAttribute() == "relation"
cats = r.categories()   # kept: a temporary's symbol would be freed under us
ok = ok and [c.value() for c in cats] == ["intra", "inter"]
sym = cats[0].symbol()
sl = sym.symbolLayer(0)
dd = sl.dataDefinedProperties()
ok = ok and any("share_pct" in dd.property(k).expressionString() and dd.property(k).isActive()
                for k in dd.propertyKeys())
print("ok" if ok else "valid %s renderer %s" % (l.isValid(), r.type() if r else None),
      flush=True)
os._exit(0)   # QGIS's teardown of a layer left open can crash; the answer is out
EOF
)
	[ "$r" = ok ] || fail "$r $(head -c 300 "$T/qgis.err")"
	end
else
	skip_tool neighbours_gpkg_qgis_style "QGIS Python bindings not importable (python3-qgis)"
fi

begin pci_plan_no_conflicts
# 58 cells, 504 PCIs: the plan has no collision and no confusion among the
# relations, and co-site sectors differ mod 3 (checked by check.py).  -o in
# a directory that does not exist yet: its parents are created.
if "$RFPLAN" pci "$T/pred" -o "$T/new2/plan.csv" -q 2>"$T/err"; then
	r=$("$PY" "$T/check.py" plan "$T/new2/plan.csv" "$T/nb.csv")
	[ "$r" = ok ] || fail "$r"
	[ "$(head -n 1 "$T/new2/plan.csv" | cut -d, -f1-3)" = site_id,cell_id,pci ] || fail "header"
	cp "$T/new2/plan.csv" "$T/plan.csv"   # the plan the audit cases below start from
else
	fail "exit $?: $(cat "$T/err")"
fi
end

begin pci_audit_finds_planted
# Plant a co-site collision, a mod-3 and a mod-30 clash between co-site
# sectors and a confusion (two unrelated cells listed by one cell) into the
# plan; the audit lists exactly the conflicts check.py derives, exit 0.
if "$PY" "$T/check.py" plant "$T/plan.csv" "$T/cells.csv" "$T/nb.csv" "$T/planted.csv" \
	>"$T/out" 2>&1 && "$RFPLAN" pci "$T/pred" --audit --cells "$T/planted.csv" \
	-o "$T/audit.csv" -q 2>"$T/err"; then
	r=$("$PY" "$T/check.py" audit "$T/audit.csv" "$T/planted.csv.expected")
	[ "$r" = ok ] || fail "$r"
	[ "$(head -n 1 "$T/audit.csv" | cut -d, -f1-5)" = \
		type,site_id,cell_id,other_site_id,other_cell_id ] || fail "header"
else
	fail "exit $?: $(cat "$T/out" "$T/err")"
fi
end

begin pci_audit_clean_plan
# The allocated plan audited: no collision or confusion row.
"$PY" - "$T/cells.csv" "$T/plan.csv" "$T/clean.csv" <<'EOF'
import csv, sys
pci = {(r["site_id"], r["cell_id"]): r["pci"] for r in csv.DictReader(open(sys.argv[2]))}
cells = list(csv.DictReader(open(sys.argv[1])))
w = csv.DictWriter(open(sys.argv[3], "w", newline=""), fieldnames=list(cells[0]) + ["pci"])
w.writeheader()
for c in cells:
    c["pci"] = pci[(c["site_id"], c["cell_id"])]
    w.writerow(c)
EOF
if "$RFPLAN" pci "$T/pred" --audit --cells "$T/clean.csv" -o "$T/audit2.csv" -q 2>"$T/err"; then
	n=$(grep -c '^collision\|^confusion' "$T/audit2.csv")
	[ "$n" = 0 ] || fail "$n collision/confusion rows"
else
	fail "exit $?: $(cat "$T/err")"
fi
end

begin pci_usage_errors
# Bad range, reserved list and a missing -o are usage errors (exit 2)
# naming the option; --range 0..2 --reserved 0..2 leaves no PCI.
"$RFPLAN" pci "$T/pred" -o "$T/x.csv" --range 5..2 -q 2>"$T/e1"; r1=$?
"$RFPLAN" pci "$T/pred" -o "$T/x.csv" --reserved 7,600 -q 2>"$T/e2"; r2=$?
"$RFPLAN" neighbours "$T/pred" -q 2>"$T/e3"; r3=$?
"$RFPLAN" pci "$T/pred" -o "$T/x.csv" --range 0..2 --reserved 0..2 -q 2>"$T/e4"; r4=$?
if ! { [ "$r1" = 2 ] && grep -q -- "--range: '5..2'" "$T/e1"; }; then fail "range: $r1 $(cat "$T/e1")"; fi
if ! { [ "$r2" = 2 ] && grep -q -- "--reserved: '600'" "$T/e2"; }; then fail "reserved: $r2 $(cat "$T/e2")"; fi
if ! { [ "$r3" = 2 ] && grep -q -- "missing -o" "$T/e3"; }; then fail "neighbours -o: $r3 $(cat "$T/e3")"; fi
if ! { [ "$r4" = 1 ] && grep -q "no PCI is left" "$T/e4"; }; then fail "empty range: $r4 $(cat "$T/e4")"; fi
[ ! -e "$T/x.csv" ] || fail "x.csv written"
end

begin planning_matrices_same_results
# neighbours and pci read the path-loss matrices the setup's predict stored
# in WS/pathloss (all 19 x 3 + 1 = 58 cells) and store none; without them
# (the directory moved away) they compute every loss, and create none: the
# same neighbours.csv and PCI plan, byte for byte.
ls "$T/ws/pathloss" >"$T/pl_before.txt"
"$RFPLAN" neighbours "$T/pred" -o "$T/nbm.csv" --max 0 --no-gpkg 2>"$T/em1"; r1=$?
"$RFPLAN" pci "$T/pred" -o "$T/pcim.csv" 2>"$T/em2"; r2=$?
ls "$T/ws/pathloss" >"$T/pl_after.txt"
mv "$T/ws/pathloss" "$T/pathloss.away"
"$RFPLAN" neighbours "$T/pred" -o "$T/nbc.csv" --max 0 --no-gpkg 2>"$T/ec1"; r3=$?
"$RFPLAN" pci "$T/pred" -o "$T/pcic.csv" 2>"$T/ec2"; r4=$?
[ ! -e "$T/ws/pathloss" ] || fail "neighbours or pci created WS/pathloss"
mv "$T/pathloss.away" "$T/ws/pathloss"
[ "$r1$r2$r3$r4" = 0000 ] || fail "exit statuses $r1 $r2 $r3 $r4: $(cat "$T/em1" "$T/ec1")"
for e in em1 em2; do
	grep -q "RSRP: 58 of 58 cells from path-loss matrices" "$T/$e" || fail "$e: $(tail -n 3 "$T/$e")"
done
for e in ec1 ec2; do
	grep -q "RSRP: 0 of 58 cells from path-loss matrices" "$T/$e" || fail "$e: $(tail -n 3 "$T/$e")"
done
cmp -s "$T/pl_before.txt" "$T/pl_after.txt" || fail "a matrix file was added or removed"
{ [ -s "$T/nbm.csv" ] && cmp -s "$T/nbm.csv" "$T/nbc.csv"; } || fail "neighbours.csv differs"
{ [ -s "$T/pcim.csv" ] && cmp -s "$T/pcim.csv" "$T/pcic.csv"; } || fail "the PCI plan differs"
end

begin planning_no_cache_same_results
# --no-cache (predict's meaning): the 58 matrices stay in WS/pathloss but
# none is read (0 of 58) and none is written or removed (listing and
# contents unchanged); the results are those read from the matrices above,
# byte for byte.
ls -l --time-style=full-iso "$T/ws/pathloss" >"$T/pl_before2.txt"
"$RFPLAN" neighbours "$T/pred" -o "$T/nbn.csv" --max 0 --no-gpkg --no-cache 2>"$T/en1"; r1=$?
"$RFPLAN" pci "$T/pred" -o "$T/pcin.csv" --no-cache 2>"$T/en2"; r2=$?
ls -l --time-style=full-iso "$T/ws/pathloss" >"$T/pl_after2.txt"
[ "$r1$r2" = 00 ] || fail "exit statuses $r1 $r2: $(cat "$T/en1" "$T/en2")"
for e in en1 en2; do
	grep -q "RSRP: 0 of 58 cells from path-loss matrices" "$T/$e" || fail "$e: $(tail -n 3 "$T/$e")"
done
cmp -s "$T/pl_before2.txt" "$T/pl_after2.txt" || fail "WS/pathloss changed"
{ [ -s "$T/nbn.csv" ] && cmp -s "$T/nbm.csv" "$T/nbn.csv"; } || fail "neighbours.csv differs"
{ [ -s "$T/pcin.csv" ] && cmp -s "$T/pcim.csv" "$T/pcin.csv"; } || fail "the PCI plan differs"
end
