#!/bin/sh
# rsrp.kmz entries carry the run's time (local time, the zip format's DOS
# date; 2 s resolution), not GDAL 3.6's zero date that readers show as 1980:
# read back by Python's zipfile, independent of rfplan and GDAL, and
# checked against the clock read before and after the run.
. "$(dirname "$0")/lib.sh"
plan 1
need_rfplan
S="$ROOT/samples/island"
PY=/usr/bin/python3

begin "rsrp.kmz: every entry is dated at the run's time (python zipfile)"
setup "$RFPLAN" import --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" -o "$T/ws" -q
t0=$(date +%s)
run "$RFPLAN" predict "$T/ws" --model hata --radius 1 -o "$T/p" -q
t1=$(date +%s)
expect_rc 0
"$PY" - "$T/p/rsrp.kmz" "$t0" "$t1" >"$T/py.out" 2>&1 <<'PY' || fail "$(cat "$T/py.out")"
import sys, time, zipfile
z = zipfile.ZipFile(sys.argv[1])
t0, t1 = int(sys.argv[2]), int(sys.argv[3])
names = [i.filename for i in z.infolist()]
assert names == ["doc.kml", "rsrp_map.png", "rsrp_legend.png"], names
assert z.testzip() is None, "a CRC error"
for i in z.infolist():
    t = time.mktime(i.date_time + (0, 0, -1))
    # DOS time keeps even seconds: t0 - 2 <= t <= t1
    assert t0 - 2 <= t <= t1, "%s dated %s, run between %s and %s" % (
        i.filename, i.date_time, time.ctime(t0), time.ctime(t1))
assert z.infolist()[0].date_time[0] == time.localtime(t1).tm_year
PY
end
