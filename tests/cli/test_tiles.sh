#!/bin/sh
# rfplan predict --tile K/N + rfplan merge on the bundled island sample: the
# N tiles run as separate processes under GNU parallel and their merge must
# be bit-identical to the single-process run (every pixel value of rsrp,
# sinr, rsrq, overlap, best_server and the service maps of doc/lte.md, compared as raw ENVI dumps made by
# gdal_translate, and stats.csv byte for byte), for N = 2 and N = 4.  Then
# the merge's refusals (missing tile, tile of another run) and --tile
# usage errors, and the samples/cluster scripts (parse + commands).
# The split (doc/scaling.md): N near-square tiles, 2 = two bands of rows
# and 4 = 2 x 2 on the island's grid.
. "$(dirname "$0")/lib.sh"
plan 7
need_rfplan

S="$ROOT/samples/island"
if ! command -v gdal_translate >/dev/null 2>&1; then
	skip_tool_rest "gdal_translate not installed (gdal-bin)"
	exit 0
fi
if ! parallel --version 2>/dev/null | grep -q "GNU parallel"; then
	HAVE_PARALLEL=0
else
	HAVE_PARALLEL=1
fi

run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws"
if [ "$rc" != 0 ]; then
	fail_rest "set-up: rfplan import of the island sample failed: $(head -c 300 "$T/err")"
	exit 0
fi
# hata over 3 km keeps the runs at about a second each; with a shadowing
# sigma, so that the coverage probability is merged too.
P="--model hata --env suburban --radius 3 -q --shadowing-sigma-db 8"
# shellcheck disable=SC2086
"$RFPLAN" predict "$T/ws" $P -o "$T/single" 2>"$T/single.err"

# raw FILE: the pixel values of a raster as a raw ENVI dump (no header).
raw() { gdal_translate -q -of ENVI "$1" "$1.envi" >/dev/null 2>&1 && echo "$1.envi"; }

for N in 2 4; do
	if [ "$HAVE_PARALLEL" != 1 ]; then
		skip_tool "tiles: $N tiles under GNU parallel, merged, are bit-identical to the single run" \
			"GNU parallel not installed"
		continue
	fi
	begin "tiles: $N tiles under GNU parallel, merged, are bit-identical to the single run"
	[ -s "$T/single/rsrp.tif" ] || fail "the single run failed: $(head -c 300 "$T/single.err")"
	mkdir -p "$T/t$N"
	# shellcheck disable=SC2086
	seq 1 $N | parallel --will-cite -j 2 \
		"$RFPLAN" predict "$T/ws" $P --threads 1 --tile {}/$N -o "$T/t$N/tile{}" \
		2>"$T/par.err" || fail "a tile failed: $(head -c 300 "$T/par.err")"
	run "$RFPLAN" merge -q "$T/t$N" -o "$T/m$N"
	expect_rc 0
	for f in rsrp sinr rsrq overlap best_server cqi throughput_dl_mbps ul_sinr \
		throughput_ul_mbps ul_limited coverage_probability; do
		if ! a=$(raw "$T/single/$f.tif") || ! b=$(raw "$T/m$N/$f.tif"); then
			fail "$f.tif: gdal_translate failed"
			continue
		fi
		cmp -s "$a" "$b" || fail "$f.tif: pixel values differ from the single run"
		rm -f "$b"
	done
	cmp -s "$T/single/stats.csv" "$T/m$N/stats.csv" || fail "stats.csv differs"
	cmp -s "$T/single/best_server.csv" "$T/m$N/best_server.csv" || fail "best_server.csv differs"
	# the GIS products (doc/outputs.md) of the merge are the single run's
	for f in rsrp.png hillshade.tif project.qgs; do
		cmp -s "$T/single/$f" "$T/m$N/$f" || fail "$f differs from the single run's"
	done
	for l in sites cells rsrp_classes best_server; do
		[ "$(ogrinfo -q "$T/single/coverage.gpkg" $l 2>&1)" = \
			"$(ogrinfo -q "$T/m$N/coverage.gpkg" $l 2>&1)" ] ||
			fail "coverage.gpkg layer $l differs from the single run's"
	done
	for f in rsrp.qml best_server.qml rsrp_map.png rsrp_map.pgw rsrp_legend.png rsrp.kmz run.json; do
		expect_file "$T/m$N/$f"
	done
	grep -q '"rfplan_predict"' "$T/m$N/run.json" || fail "merged run.json lacks rfplan_predict"
	# The tiles' pixel counts add up to the single run's.
	single=$(sed -n 's/^ *"pixels_computed": \([0-9]*\).*/\1/p' "$T/single/run.json")
	merged=$(sed -n 's/^ *"pixels_computed": \([0-9]*\).*/\1/p' "$T/m$N/run.json" | head -1)
	{ [ -n "$single" ] && [ "$single" = "$merged" ]; } ||
		fail "pixels_computed: merged $merged, single $single"
	grep -q "\"tiles\": $N" "$T/t$N/tile1/tile.json" || fail "tile.json lacks \"tiles\": $N"
	end
done

begin "tiles: a tile covers only its rectangle of the single run's grid"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $P --tile 2/3 -o "$T/only2"
expect_rc 0
size() { gdalinfo "$1" 2>/dev/null | sed -n 's/^Size is \([0-9]*\), \([0-9]*\)/\1 \2/p'; }
# shellcheck disable=SC2046 # split "width height"
set -- $(size "$T/single/rsrp.tif")
w=${1:-0} h=${2:-0}
# 3 tiles on a grid about as wide as high: the divisor of 3 nearest to
# sqrt(3 w / h) ~ 1.8 is 1, so 1 column x 3 rows; tile 2 holds rows
# floor(h/3) .. floor(2h/3) - 1, all columns.
[ "$(size "$T/only2/rsrp.tif")" = "$w $(( 2 * h / 3 - h / 3 ))" ] ||
	fail "tile 2/3 is $(size "$T/only2/rsrp.tif"), want $w x $(( 2 * h / 3 - h / 3 )) (grid $w x $h)"
if [ -d "$T/t4/tile4" ]; then
	# 4 tiles: sqrt(4 w / h) ~ 2 -> 2 x 2; tile 4 is the south-east one,
	# columns floor(w/2) .. w-1, rows floor(h/2) .. h-1.
	[ "$(size "$T/t4/tile4/rsrp.tif")" = "$(( w - w / 2 )) $(( h - h / 2 ))" ] ||
		fail "tile 4/4 is $(size "$T/t4/tile4/rsrp.tif"), want $(( w - w / 2 )) x $(( h - h / 2 ))"
fi
end

if [ "$HAVE_PARALLEL" != 1 ]; then
	skip "tiles: a merge where the workspace cannot be opened warns, merges the maps only" \
		"needs the tiles of the GNU parallel case"
else
	begin "tiles: a merge where the workspace cannot be opened warns, merges the maps only"
	[ -s "$T/t2/tile1/tile.json" ] || fail "no tiles from the GNU parallel case"
	mv "$T/ws" "$T/ws.away"
	run "$RFPLAN" merge "$T/t2" -o "$T/nows"
	mv "$T/ws.away" "$T/ws"
	expect_rc 0
	expect_err "workspace .* cannot be opened"
	expect_file "$T/nows/rsrp.tif"
	expect_no_file "$T/nows/project.qgs"
	expect_no_file "$T/nows/coverage.gpkg"
	end
fi

begin "tiles: merge refuses a missing tile and a tile of another run"
run "$RFPLAN" merge "$T/only2" -o "$T/bad"
expect_rc 1
expect_err "tile 1/3 is missing"
expect_no_file "$T/bad"
# tile 1/2 of this run, tile 2/2 of another (radius 2 km, not 3)
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $P --tile 1/2 -o "$T/mine1"
expect_rc 0
run "$RFPLAN" predict "$T/ws" --model hata --env suburban --radius 2 -q --tile 2/2 -o "$T/other2"
expect_rc 0
run "$RFPLAN" merge "$T/mine1" "$T/other2" -o "$T/bad"
expect_rc 1
expect_err "another split\|not a tile of the same run"
expect_no_file "$T/bad"
end

begin "tiles: --tile usage errors"
for bad in 0/3 4/3 abc 2/ /2; do
	run "$RFPLAN" predict "$T/ws" --tile "$bad" -o "$T/x"
	expect_rc 2
	expect_err "option --tile"
done
run "$RFPLAN" predict "$T/ws" --tile 1/2
expect_rc 2
expect_err "needs -o"
end

begin "tiles: samples/cluster scripts parse and run the split"
C="$ROOT/samples/cluster"
sh -n "$C/slurm-predict.sh" 2>"$T/err" || fail "slurm-predict.sh: $(cat "$T/err")"
grep -q '^#SBATCH --array=1-' "$C/slurm-predict.sh" || fail "no #SBATCH --array=1-N"
# shellcheck disable=SC2016 # a literal ${SLURM_ARRAY_TASK_ID} in the script
grep -q -- '--tile "\?\${\?SLURM_ARRAY_TASK_ID}\?/' "$C/slurm-predict.sh" ||
	fail "slurm: no --tile \$SLURM_ARRAY_TASK_ID/N"
grep -q 'dependency=afterok' "$C/slurm-predict.sh" || fail "slurm: no dependent merge job"
grep -q "RFPLAN'* merge .* -o " "$C/slurm-predict.sh" || fail "slurm: no merge"
if /usr/bin/python3 -c 'import yaml' 2>/dev/null; then
	/usr/bin/python3 - "$C/k8s-indexed-job.yaml" >"$T/out" 2>"$T/err" <<'PY' || fail "k8s: $(cat "$T/err")"
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
jobs = [d for d in docs if d.get("kind") == "Job"]
assert jobs, "no Job"
spec = jobs[0]["spec"]
assert spec["completionMode"] == "Indexed", "completionMode"
n = spec["completions"]
text = open(sys.argv[1]).read()
assert "JOB_COMPLETION_INDEX" in text, "JOB_COMPLETION_INDEX"
assert "--tile" in text and ("/%d" % n) in text, "--tile K/%d" % n
assert "merge" in text, "merge"
print("ok")
PY
else
	fail "python3-yaml is not installed (scripts/install-deps.sh test)"
fi
end
