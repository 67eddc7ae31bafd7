#!/bin/sh
# rfplan batch on samples/batch-plan.json (two regions of the island
# sample): exit status, summary table, summary.json, junit.xml (parsed by
# Python's XML parser), the share above the threshold against stats.csv,
# incremental re-runs (up to date, --force, a changed input), a failing
# region (missing DEM) with the others completing, --fail-fast, plan errors
# naming the JSON path, and the samples/ci workflows (YAML + commands).
. "$(dirname "$0")/lib.sh"
plan 8
need_rfplan

PY=/usr/bin/python3
PLAN="$ROOT/samples/batch-plan.json"
if ! [ -x "$PY" ]; then
	skip_tool_rest "/usr/bin/python3 not installed"
	exit 0
fi

# jget FILE EXPR: a value of summary.json (EXPR on the parsed document d).
jget() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null; }

begin "batch: the sample plan runs both regions"
run "$RFPLAN" batch "$PLAN" -o "$T/bo" -q
expect_rc 0
expect_out "island-sectors  *ok"
expect_out "island-omni-itm  *ok"
for r in island-sectors island-omni-itm; do
	for f in workspace/manifest.json predict/rsrp.tif predict/rsrp.png predict/stats.csv \
		predict/run.json batch-stamp.json; do
		expect_file "$T/bo/$r/$f"
	done
done
[ "$(jget "$T/bo/summary.json" 'd["regions_failed"]')" = 0 ] || fail "summary.json: regions_failed"
[ "$(jget "$T/bo/summary.json" '[r["status"] for r in d["regions"]]')" = "['ok', 'ok']" ] ||
	fail "summary.json statuses"
# 9 rows in samples/island/cells.csv; 5 sites (one default cell each).
[ "$(jget "$T/bo/summary.json" '[r["cells"] for r in d["regions"]]')" = "[9, 5]" ] ||
	fail "summary.json cells: $(jget "$T/bo/summary.json" '[r["cells"] for r in d["regions"]]')"
"$PY" -c "import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); \
c=r.findall('.//testcase'); assert len(c)==2 and not r.findall('.//failure'), c" \
	"$T/bo/junit.xml" 2>"$T/err" || fail "junit.xml: $(cat "$T/err")"
end

begin "batch: computed area and share >= -100 dBm agree with stats.csv"
# stats.csv (lte_stats) gives the computed area and the shares of the RSRP
# classes >= -80, -90..-80 and -100..-90; their sum is the share >= -100.
for i in 0 1; do
	r=$(jget "$T/bo/summary.json" "d['regions'][$i]['name']")
	s="$T/bo/$r/predict/stats.csv"
	area=$(awk -F, '$1 == "\"total\"" && $2 == "computed" { print $6 }' "$s")
	share=$(awk -F, '$1 == "\"total\"" && $2 == "rsrp_dbm" && $3 <= 2 { s += $7 } END { print s }' "$s")
	{ [ -n "$area" ] && [ -n "$share" ]; } || fail "$r: no computed area or shares in stats.csv"
	near "$(jget "$T/bo/summary.json" "d['regions'][$i]['area_km2']")" "$area" 0.001 "$r area"
	near "$(jget "$T/bo/summary.json" "d['regions'][$i]['share_above_threshold_pct']")" "$share" 0.001 "$r share"
done
end

begin "batch: a re-run with unchanged inputs skips every region"
before=$(stat -c %Y "$T/bo/island-sectors/predict/rsrp.tif")
run "$RFPLAN" batch "$PLAN" -o "$T/bo" -q
expect_rc 0
expect_out "island-sectors  *up to date"
expect_out "island-omni-itm  *up to date"
[ "$(stat -c %Y "$T/bo/island-sectors/predict/rsrp.tif")" = "$before" ] || fail "rsrp.tif was rewritten"
[ "$(jget "$T/bo/summary.json" '[r["status"] for r in d["regions"]]')" = "['up_to_date', 'up_to_date']" ] ||
	fail "summary.json statuses after the re-run"
run "$RFPLAN" batch "$PLAN" -o "$T/bo" -q --force
expect_rc 0
expect_out "island-sectors  *ok"
end

begin "batch: a changed input or option recomputes only its region"
mkdir -p "$T/p/island"
cp "$ROOT"/samples/island/* "$T/p/island/"
cp "$PLAN" "$T/p/plan.json"
run "$RFPLAN" batch "$T/p/plan.json" -o "$T/inc" -q
expect_rc 0
# One more cell (a copy of 9000103/1 as cell 2) changes island-sectors only.
row=$(sed -n '8s/^9000103,1,/9000103,2,/p' "$T/p/island/cells.csv")
printf '%s\n' "$row" >>"$T/p/island/cells.csv"
run "$RFPLAN" batch "$T/p/plan.json" -o "$T/inc" -q
expect_rc 0
expect_out "island-sectors  *ok  *10 "
expect_out "island-omni-itm  *up to date"
# An option: a radius of 2 km for the ITM region.
sed 's/"radius_km": 2.5/"radius_km": 2/' "$T/p/plan.json" >"$T/p/plan2.json"
run "$RFPLAN" batch "$T/p/plan2.json" -o "$T/inc" -q
expect_rc 0
expect_out "island-sectors  *up to date"
expect_out "island-omni-itm  *ok"
end

# A plan whose first region's DEM does not exist.
cat >"$T/p/broken.json" <<'JSON'
{
  "defaults": { "sites": "island/sites_acma.csv", "predict": { "model": "hata", "radius_km": 2 } },
  "regions": [
    { "name": "no-dem", "dem": "island/missing <&>.tif" },
    { "name": "good", "dem": "island/dem_mga48.tif" }
  ]
}
JSON

begin "batch: a failing region fails the batch after the others complete"
run "$RFPLAN" batch "$T/p/broken.json" -o "$T/broken" -q
expect_rc 1
expect_out "no-dem  *FAILED"
expect_out "good  *ok"
expect_err "1 of 2 regions failed"
expect_file "$T/broken/good/predict/rsrp.tif"
"$PY" - "$T/broken/junit.xml" >"$T/py.out" 2>"$T/err" <<'PY' || fail "junit.xml: $(cat "$T/err")"
import sys, xml.etree.ElementTree as E
root = E.parse(sys.argv[1]).getroot()
cases = {c.get("name"): c for c in root.iter("testcase")}
assert set(cases) == {"no-dem", "good"}, cases
f = cases["no-dem"].find("failure")
assert f is not None and "missing <&>.tif" in f.get("message"), f
assert cases["good"].find("failure") is None
assert root.get("failures") == "1", root.attrib
PY
[ "$(jget "$T/broken/summary.json" 'd["regions"][0]["status"]')" = failed ] || fail "summary: no-dem not failed"
end

begin "batch: --fail-fast stops at the first failed region"
run "$RFPLAN" batch "$T/p/broken.json" -o "$T/ff" -q --fail-fast
expect_rc 1
expect_out "good  *not run"
expect_no_file "$T/ff/good"
"$PY" -c "import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); \
assert len(r.findall('.//skipped'))==1 and len(r.findall('.//failure'))==1" \
	"$T/ff/junit.xml" 2>"$T/err" || fail "junit.xml: $(cat "$T/err")"
end

begin "batch: plan errors name the file and the JSON path"
printf '{ "regions": [ { "name": "a", "dem": "x.tif" }, { "name": "b" } ] }\n' >"$T/nodem.json"
run "$RFPLAN" batch "$T/nodem.json" -o "$T/e"
expect_rc 1
expect_err "nodem.json: regions\[1\].dem: missing"
printf '{\n  "regions": [\n    { "name": "a", }\n  ]\n}\n' >"$T/syntax.json"
run "$RFPLAN" batch "$T/syntax.json" -o "$T/e"
expect_rc 1
expect_err "syntax.json:3:"
printf '{ "defaults": { "predict": { "radius_km": -1 } }, "regions": [ { "name": "a", "dem": "x" } ] }\n' >"$T/neg.json"
run "$RFPLAN" batch "$T/neg.json" -o "$T/e"
expect_rc 1
expect_err "neg.json: defaults.predict.radius_km: not a number"
printf '{ "regions": [ { "name": "a", "dem": "x", "predikt": {} } ] }\n' >"$T/typo.json"
run "$RFPLAN" batch "$T/typo.json" -o "$T/e"
expect_rc 1
expect_err "typo.json: regions\[0\].predikt: unknown key"
expect_no_file "$T/e"
run "$RFPLAN" batch
expect_rc 2
end

begin "batch: samples/ci workflows parse and build, batch and keep the reports"
if "$PY" -c 'import yaml' 2>/dev/null; then
	"$PY" - "$ROOT/samples/ci" >"$T/py.out" 2>"$T/err" <<'PY' || fail "$(cat "$T/err")"
import sys, yaml
d = sys.argv[1]
gh = yaml.safe_load(open(d + "/github-actions.yml"))
steps = gh["jobs"]["batch"]["steps"]
runs = " ".join(s.get("run", "") for s in steps)
for cmd in ("scripts/install-deps.sh", "make", "rfplan batch"):
    assert cmd in runs, "github: no " + cmd
up = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
assert up and "junit.xml" in up[0]["with"]["path"] and ".png" in up[0]["with"]["path"] \
    and ".tif" in up[0]["with"]["path"], "github: artifacts"
assert up[0].get("if") == "always()", "github: artifacts only on success"
gl = yaml.safe_load(open(d + "/gitlab-ci.yml"))
job = gl["coverage"]
script = " ".join(job["script"])
for cmd in ("scripts/install-deps.sh", "make", "rfplan batch"):
    assert cmd in script, "gitlab: no " + cmd
a = job["artifacts"]
assert a["reports"]["junit"].endswith("junit.xml"), "gitlab: junit report"
assert a["when"] == "always", "gitlab: when"
assert any(p.endswith(".png") for p in a["paths"]) and any(p.endswith(".tif") for p in a["paths"])
PY
else
	fail "python3-yaml is not installed (scripts/install-deps.sh test)"
fi
end
