#!/bin/sh
# ACMA site coordinates are GDA94 (EPSG:4283; doc/sites.md): rfplan import
# converts them to WGS84 by default, and --sites-srs overrides the CRS.  The
# reference is PROJ's own cs2cs on the same numbers (never rfplan's output):
#   cs2cs -f %.9f EPSG:4283 EPSG:4326   (lat lon in, lat lon out)
# GDA94 -> WGS84 is PROJ's "GDA94 to WGS 84 (1)", a null transformation
# (3 m), so the default keeps the numbers; the override case uses AGD84
# (EPSG:4203), whose conversion moves a Christmas Island site by ~150 m, so
# that a CRS that was ignored cannot pass.
. "$(dirname "$0")/lib.sh"
plan 3
need_rfplan
if ! command -v cs2cs >/dev/null 2>&1; then
	skip_tool_rest "cs2cs not installed (proj-bin)"
	exit 0
fi
S="$ROOT/samples/island"

# The CSVs have quoted names with commas: Python's csv module reads them.
PY=/usr/bin/python3
# ws_vs_cs2cs WS SRS: every site of WS/sites.csv (lat_deg, lon_deg, by
# site_id) against cs2cs SRS -> EPSG:4326 of the ACMA file's LATITUDE,
# LONGITUDE; prints "compared max_diff_deg max_shift_deg"
ws_vs_cs2cs() {
	"$PY" -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r["SITE_ID"], r["LATITUDE"], r["LONGITUDE"])' "$S/sites_acma.csv" >"$T/src"
	awk '{ print $2, $3 }' "$T/src" | cs2cs -f %.9f "$2" EPSG:4326 | awk '{ print $1, $2 }' |
		paste -d' ' "$T/src" - >"$T/want"   # id lat_src lon_src lat_cs2cs lon_cs2cs
	"$PY" -c 'import csv, sys
ws = {r["site_id"]: r for r in csv.DictReader(open(sys.argv[1]))}
n, m, sh = 0, 0.0, 0.0
for line in open(sys.argv[2]):
    i, la0, lo0, la, lo = line.split()
    if i not in ws:
        continue
    n += 1
    m = max(m, abs(float(ws[i]["lat_deg"]) - float(la)), abs(float(ws[i]["lon_deg"]) - float(lo)))
    sh = max(sh, abs(float(la0) - float(la)))
print(n, "%.3g" % m, "%.3g" % sh)' "$1/sites.csv" "$T/want"
}
n_sites=$(($(wc -l <"$S/sites_acma.csv") - 1))

begin "ACMA sites are GDA94 by default: converted as cs2cs EPSG:4283 EPSG:4326 (1e-9 deg)"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" -o "$T/w1" -q
expect_rc 0
grep -q '"sites_srs": "EPSG:4283"' "$T/w1/manifest.json" || fail "manifest: sites_srs is not EPSG:4283"
grep -q 'GDA94 to WGS 84' "$T/w1/manifest.json" || fail "manifest: no GDA94 to WGS 84 operation"
# shellcheck disable=SC2046 # split "n max_diff max_shift"
set -- $(ws_vs_cs2cs "$T/w1" EPSG:4283)
[ "${1:-0}" = "$n_sites" ] || fail "compared ${1:-0} of $n_sites sites"
near "${2:-}" 0 1e-9 "largest difference from cs2cs (deg)"
end

begin "--sites-srs EPSG:4203 (AGD84) overrides the ACMA default, as cs2cs"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" \
	--sites-srs EPSG:4203 -o "$T/w2" -q
expect_rc 0
grep -q '"sites_srs": "EPSG:4203"' "$T/w2/manifest.json" || fail "manifest: sites_srs is not EPSG:4203"
# shellcheck disable=SC2046
set -- $(ws_vs_cs2cs "$T/w2" EPSG:4203)
[ "${1:-0}" = "$n_sites" ] || fail "compared ${1:-0} of $n_sites sites"
near "${2:-}" 0 1e-9 "largest difference from cs2cs (deg)"
# the conversion really moved the sites (cs2cs: ~0.0013 deg of latitude)
awk -v s="${3:-0}" 'BEGIN { exit !(s > 0.001) }' || fail "cs2cs shift only ${3:-} deg: not a test of the override"
end

begin "--sites-srs EPSG:4326 reads ACMA numbers as WGS84 unchanged"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" \
	--sites-srs EPSG:4326 -o "$T/w3" -q
expect_rc 0
# shellcheck disable=SC2046
set -- $(ws_vs_cs2cs "$T/w3" EPSG:4326)
[ "${1:-0}" = "$n_sites" ] || fail "compared ${1:-0} of $n_sites sites"
near "${2:-}" 0 0 "largest difference from the file's LATITUDE/LONGITUDE (deg)"
end
