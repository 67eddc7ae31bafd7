#!/bin/sh
# run.json's workspace for readers in any working directory (doc/outputs.md,
# "workspace_relative"): predict given a relative workspace from one
# directory; compare and neighbours run from another find the workspace and
# its cells.csv; still after the directory holding both is moved; a
# run.json with "workspace" alone (older rfplan) reads as before.
# Expected values by construction: the measurements are the map's RSRP
# - 3 dB, so compare's mean error is 3 dB when it reads this prediction.
. "$(dirname "$0")/lib.sh"
plan 5
need_rfplan
command -v gdal_translate >/dev/null || { skip_tool_rest "gdal_translate (gdal-bin) not found"; exit 0; }
PY=/usr/bin/python3
S="$ROOT/samples/island"
mkdir -p "$T/proj" "$T/other"
setup sh -c "cd '$T/proj' && '$RFPLAN' import --dem '$S/dem_mga48.tif' --sites '$S/sites_acma.csv' \
	--cells '$S/cells.csv' --res 60m -o ws -q"
setup sh -c "cd '$T/proj' && '$RFPLAN' predict ws --model hata --radius 3 -o pred -q"
# every 50th pixel with a value: lat, lon, the map's RSRP - 3 dB
setup gdal_translate -q -of XYZ "$T/proj/pred/rsrp.tif" "$T/rsrp.xyz"
awk 'BEGIN { print "lat,lon,rsrp_dbm" }
	$3 != -9999 && $3 - 3 >= -140 && $3 - 3 <= -44 && NR % 50 == 0 {
		printf "%.12f,%.12f,%.6f\n", $2, $1, $3 - 3 }' "$T/rsrp.xyz" >"$T/meas.csv"

# member FILE KEY: run.json's top-level string KEY
member() {
	"$PY" -c 'import json, sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"
}

begin "run.json: the workspace as given, from the prediction directory and absolute"
j="$T/proj/pred/run.json"
abs=$(cd "$T/proj/ws" && pwd -P)
[ "$(member "$j" workspace)" = ws ] || fail "workspace: $(member "$j" workspace), want ws"
[ "$(member "$j" workspace_relative)" = ../ws ] ||
	fail "workspace_relative: $(member "$j" workspace_relative), want ../ws"
[ "$(member "$j" workspace_absolute)" = "$abs" ] ||
	fail "workspace_absolute: $(member "$j" workspace_absolute), want $abs"
end

begin "compare from another directory: the prediction's WS/cells.csv found, mean error 3 dB"
run sh -c "cd '$T/other' && '$RFPLAN' compare ../proj/ws ../proj/pred --measurements ../meas.csv \
	--min-distance-m 0 -o cmp -q"
expect_rc 0
mean=$("$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
def find(o):
    if isinstance(o, dict):
        if "mean_error_db" in o: return o["mean_error_db"]
        for v in o.values():
            r = find(v)
            if r is not None: return r
print(find(d))' "$T/other/cmp/compare.json" 2>/dev/null)
near "$mean" 3.000 0.0005 "mean error"
end

begin "neighbours from another directory: the workspace found from run.json"
run sh -c "cd '$T/other' && '$RFPLAN' neighbours ../proj/pred -o nb.csv --no-gpkg -q"
expect_rc 0
expect_file "$T/other/nb.csv"
end

begin "neighbours after the directory holding both moved: workspace_relative"
mv "$T/proj" "$T/moved"
rm -f "$T/other/nb.csv"
run sh -c "cd '$T/other' && '$RFPLAN' neighbours ../moved/pred -o nb.csv --no-gpkg -q"
expect_rc 0
expect_file "$T/other/nb.csv"
end

begin "an old run.json (workspace alone) reads as before: from predict's directory only"
"$PY" -c 'import json, sys
d = json.load(open(sys.argv[1]))
del d["workspace_relative"], d["workspace_absolute"]
json.dump(d, open(sys.argv[1], "w"), indent=2)' "$T/moved/pred/run.json" || fail "cannot edit run.json"
run sh -c "cd '$T/moved' && '$RFPLAN' neighbours pred -o nb.csv --no-gpkg -q"
expect_rc 0
expect_file "$T/moved/nb.csv"
run sh -c "cd '$T/other' && '$RFPLAN' neighbours ../moved/pred -o nb2.csv --no-gpkg -q"
expect_rc 1
expect_err "ws: no such workspace directory"
end
