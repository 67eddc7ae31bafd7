#!/bin/sh
# Files from others (doc/errors.md, "Files from others"; issues 23 and 18):
# each attack is planted in the test's temporary directory, and a listing of
# everything outside the output (names, sizes, sha256, link targets) taken
# before the run must equal the one taken after it.  rfplan may delete or
# replace only what it wrote itself, through no link, and one run at a time.
. "$(dirname "$0")/lib.sh"
plan 15
need_rfplan

if ! command -v gdal_create >/dev/null 2>&1 || ! command -v flock >/dev/null 2>&1; then
	skip_tool_rest "gdal_create or flock not installed (gdal-bin, util-linux)"
	exit 0
fi

# A small flat workspace (100 x 100 pixels of 0.0005 deg at 100 m), one site.
setup gdal_create -of GTiff -ot Float32 -outsize 100 100 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.05 -42.05 -burn 100 "$T/flat.tif"
printf 'site_id,name,lat,lon\nA,alpha,-42.025,147.025\n' >"$T/sites.csv"
setup "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	--col-id site_id --col-lat lat --col-lon lon -o "$T/ws" -q
PRED="--model fspl --radius 1 -q"

# The planner's files that no run may touch.
mkdir -p "$T/victim/sub" "$T/p"
echo "planner's notes" >"$T/victim/notes.txt"
echo "budget" >"$T/victim/sub/budget.csv"

# A PID that no longer exists: a child that has exited and been waited for.
sh -c 'exit 0' &
dead=$!
wait "$dead"

# listing OUT: every path under $T except the output OUT, the names beside
# it that rfplan owns (.BASE.*) and this harness's own files; a file with
# its size and sha256, a link with its target.
listing() {
	o=${1#"$T"/}
	d=$(dirname "$o")
	b=$(basename "$o")
	# ws/pathloss, ws/hillshade: predict's own stores of path-loss matrices
	# (engine.md) and hillshades (outputs.md)
	(cd "$T" && find . \( -path "./$o" -o -path "./$d/.$b.*" -o -path ./out -o -path ./err \
		-o -path './list.*' -o -path ./ws/pathloss -o -path ./ws/hillshade \) -prune -o -print) | LC_ALL=C sort | while IFS= read -r f; do
		if [ -L "$T/$f" ]; then
			echo "$f -> $(readlink "$T/$f")"
		elif [ -f "$T/$f" ]; then
			echo "$f $(wc -c <"$T/$f") $(sha256sum <"$T/$f" | cut -c1-64)"
		else
			echo "$f/"
		fi
	done
}
# unchanged OUT: the listing equals the one taken by `listing OUT >$T/list.before`.
unchanged() {
	listing "$1" >"$T/list.after"
	cmp -s "$T/list.before" "$T/list.after" ||
		fail "outside $1 changed: $(diff "$T/list.before" "$T/list.after" | head -c 300)"
}

begin "predict: a planted .OUT.tmp-DEADPID-* link is unlinked, its target untouched"
ln -s "$T/victim" "$T/p/.out.tmp-$dead-aaaaaa"
listing "$T/p/out" >"$T/list.before"
# shellcheck disable=SC2086 # $PRED: the options, one word each
run "$RFPLAN" predict "$T/ws" $PRED -o "$T/p/out"
expect_rc 0
expect_file "$T/p/out/run.json"
unchanged "$T/p/out"
[ -L "$T/p/.out.tmp-$dead-aaaaaa" ] && fail "the planted link is still there"
end

begin "predict --force: a planted .OUT.old-DEADPID-* link and an unmarked directory kept safe"
ln -s "$T/victim" "$T/p/.out.old-$dead-bbbbbb"
mkdir "$T/p/.out.tmp-$dead-cccccc"
echo "not rfplan's" >"$T/p/.out.tmp-$dead-cccccc/keep.txt"
listing "$T/p/out" >"$T/list.before"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $PRED -o "$T/p/out" --force
expect_rc 0
unchanged "$T/p/out"
# no rfplan marker inside: not rfplan's leftover, so not removed
[ -f "$T/p/.out.tmp-$dead-cccccc/keep.txt" ] || fail "an unmarked directory was removed"
rm -r "$T/p/.out.tmp-$dead-cccccc"
# no hidden .old-* of this run left behind
for f in "$T"/p/.out.old-*; do [ -e "$f" ] && fail "left behind: $f"; done
end

begin "predict --force refuses a previous output holding a planner's file, naming it"
echo "my notes" >"$T/p/out/notes.txt"
listing "$T/tmp-none" >"$T/list.before"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $PRED -o "$T/p/out" --force
expect_rc 1
expect_err "notes.txt"
unchanged "$T/tmp-none"
rm "$T/p/out/notes.txt"
end

begin "predict refuses a directory that is not an rfplan output, listing its content"
mkdir -p "$T/p/mine"
echo "plan" >"$T/p/mine/plan.txt"
listing "$T/tmp-none" >"$T/list.before"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $PRED -o "$T/p/mine" --force
expect_rc 1
expect_err "not an rfplan predict output"
expect_err "plan.txt"
unchanged "$T/tmp-none"
end

begin "predict: -o . and -o a symbolic link refused before any input is read"
ln -s "$T/victim" "$T/p/link"
listing "$T/tmp-none" >"$T/list.before"
# The cells file does not exist: an error about -o (not about the cells)
# shows the output was checked first.
# shellcheck disable=SC2086
(cd "$T/p" && "$RFPLAN" predict "$T/ws" $PRED --cells "$T/missing.csv" -o . >"$T/out" 2>"$T/err")
rc=$?
expect_rc 1
expect_err "named directory"
grep -q missing.csv "$T/err" && fail "the cells were read before -o . was refused"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $PRED --cells "$T/missing.csv" -o "$T/p/link" --force
expect_rc 1
expect_err "symbolic link"
unchanged "$T/tmp-none"
rm "$T/p/link"
end

begin "predict: a second run into a locked output fails naming the holder's PID"
# The lock of OUT is PARENT/.OUT.lock (flock(2)); flock(1) holds it here
# (-o: the lock stays with flock, not with the command it runs) and the
# file names PID 4242 as an rfplan run would its own.
echo 4242 >"$T/p/.out.lock"
listing "$T/p/out" >"$T/list.before"
# shellcheck disable=SC2086
flock -o "$T/p/.out.lock" "$RFPLAN" predict "$T/ws" $PRED -o "$T/p/out" --force \
	>"$T/out" 2>"$T/err"
rc=$?
expect_rc 1
expect_err "process 4242"
unchanged "$T/p/out"
end

begin "predict --wait: waits for the holder of the lock, then writes"
rm -f "$T/go"
mkfifo "$T/go"
# the holder keeps the lock until a line arrives on the fifo
# shellcheck disable=SC2016 # $0 is expanded by the inner sh
flock -o "$T/p/.out.lock" sh -c 'read -r x <"$0"' "$T/go" &
holder=$!
i=0   # wait until the holder has the lock (a bounded loop, no time asserted)
while [ $i -lt 3000 ] && flock -n -E 75 "$T/p/.out.lock" true; do
	sleep 0.1
	i=$((i + 1))
done
# shellcheck disable=SC2086
"$RFPLAN" predict "$T/ws" --model fspl --radius 1 --wait -o "$T/p/out" --force \
	>"$T/out" 2>"$T/err" &
pred=$!
i=0
while [ $i -lt 3000 ] && ! grep -q "waiting for process 4242" "$T/err"; do
	sleep 0.1
	i=$((i + 1))
done
echo go >"$T/go"
wait "$holder"
wait "$pred"
rc=$?
expect_rc 0
expect_err "waiting for process 4242"
expect_file "$T/p/out/run.json"
rm -f "$T/go" "$T/p/.out.lock"
end

begin "output directories get the user's umask (0755 under 022, 0750 under 027)"
# shellcheck disable=SC2086
(umask 022 && "$RFPLAN" predict "$T/ws" $PRED -o "$T/p/m22" >"$T/out" 2>"$T/err")
[ "$(stat -c %a "$T/p/m22")" = 755 ] || fail "mode $(stat -c %a "$T/p/m22") under umask 022"
# shellcheck disable=SC2086
(umask 027 && "$RFPLAN" predict "$T/ws" $PRED -o "$T/p/m27" >"$T/out" 2>"$T/err")
[ "$(stat -c %a "$T/p/m27")" = 750 ] || fail "mode $(stat -c %a "$T/p/m27") under umask 027"
end

begin "a workspace that cannot be read: permission denied, not 'not a workspace'"
if [ "$(id -u)" = 0 ]; then
	# root reads everything: run rfplan as nobody on a workspace only
	# root may open ($T itself made traversable for the run)
	cp -r "$T/ws" "$T/wsp"
	chmod 700 "$T/wsp"
	chmod 711 "$T"
	run setpriv --reuid=65534 --regid=65534 --clear-groups "$RFPLAN" predict "$T/wsp" \
		-o /tmp/never-written-"$$"
	chmod 700 "$T"
else
	cp -r "$T/ws" "$T/wsp"
	chmod 000 "$T/wsp"
	run "$RFPLAN" predict "$T/wsp" -o "$T/p/never"
	chmod 700 "$T/wsp"
fi
expect_rc 1
expect_err "Permission denied"
grep -q "not an rfplan workspace" "$T/err" && fail "reported as not a workspace"
end

begin "import --force keeps what is not the workspace's own (predict/, notes)"
cp -r "$T/ws" "$T/ws2"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws2" $PRED
echo "site visit" >"$T/ws2/notes.txt"
h_pred=$(sha256sum <"$T/ws2/predict/rsrp.tif")
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	--col-id site_id --col-lat lat --col-lon lon -o "$T/ws2" -q --force
expect_rc 0
[ "$(cat "$T/ws2/notes.txt" 2>/dev/null)" = "site visit" ] || fail "notes.txt lost"
[ "$(sha256sum <"$T/ws2/predict/rsrp.tif" 2>/dev/null)" = "$h_pred" ] || fail "predict/ lost"
expect_file "$T/ws2/manifest.json"
for f in "$T"/ws2.old-* "$T"/ws2.tmp-*; do [ -e "$f" ] && fail "left behind: $f"; done
end

begin "viewshed -o FILE: a planner's file replaced only with --force"
echo "a planner's map" >"$T/p/map.tif"
listing "$T/tmp-none" >"$T/list.before"
run "$RFPLAN" viewshed "$T/ws" --site A --radius 1 -o "$T/p/map.tif" -q
expect_rc 1
expect_err "not a viewshed written by rfplan"
unchanged "$T/tmp-none"
run "$RFPLAN" viewshed "$T/ws" --site A --radius 1 -o "$T/p/map.tif" -q --force
expect_rc 0
# now rfplan's own: replaced again without --force
run "$RFPLAN" viewshed "$T/ws" --site A --radius 1 -o "$T/p/map.tif" -q
expect_rc 0
# a link as FILE, even with --force: replaced by the map, its target untouched
ln -s "$T/victim/notes.txt" "$T/p/link.tif"
listing "$T/p/link.tif" >"$T/list.before"
run "$RFPLAN" viewshed "$T/ws" --site A --radius 1 -o "$T/p/link.tif" -q --force
expect_rc 0
expect_file "$T/p/link.qml"
rm -f "$T/p/link.qml"   # the map's own style, part of the output
unchanged "$T/p/link.tif"
{ [ -f "$T/p/link.tif" ] && [ ! -L "$T/p/link.tif" ]; } || fail "link.tif is not a regular file"
end

# A one-region batch plan over the flat workspace's inputs.
mkdir -p "$T/plan"
cp "$T/flat.tif" "$T/sites.csv" "$T/plan/"
cat >"$T/plan/plan.json" <<'EOF'
{ "rsrp_threshold_dbm": -100,
  "defaults": { "dem": "flat.tif", "sites": "sites.csv",
    "sites_format": "generic", "columns": { "id": "site_id", "lat": "lat", "lon": "lon" },
    "predict": { "model": "fspl", "radius_km": 1 } },
  "regions": [ { "name": "r1" } ] }
EOF

begin "batch: planted .report.tmp and .batch-stamp.json.tmp links are not followed"
mkdir -p "$T/bo/r1"
ln -s "$T/victim/notes.txt" "$T/bo/.report.tmp"
ln -s "$T/victim/sub/budget.csv" "$T/bo/r1/.batch-stamp.json.tmp"
listing "$T/bo" >"$T/list.before"
run "$RFPLAN" batch "$T/plan/plan.json" -o "$T/bo" -q
expect_rc 0
unchanged "$T/bo"
for f in summary.json junit.xml r1/batch-stamp.json; do
	{ [ -f "$T/bo/$f" ] && [ ! -L "$T/bo/$f" ]; } || fail "$f is not a regular file"
done
end

begin "batch -o DIR: a planner's summary.json or junit.xml link replaced only with --force"
mkdir -p "$T/bo2"
echo '{"mine": 1}' >"$T/bo2/summary.json"
listing "$T/tmp-none" >"$T/list.before"
run "$RFPLAN" batch "$T/plan/plan.json" -o "$T/bo2" -q
expect_rc 1
expect_err "summary.json exists and was not written by rfplan batch"
unchanged "$T/tmp-none"
rm "$T/bo2/summary.json"
ln -s "$T/victim/notes.txt" "$T/bo2/junit.xml"
listing "$T/tmp-none" >"$T/list.before"
run "$RFPLAN" batch "$T/plan/plan.json" -o "$T/bo2" -q
expect_rc 1
expect_err "junit.xml exists"
unchanged "$T/tmp-none"
end

begin "per-cell maps of ids that collide after sanitising (a/b, a_b) get distinct names"
HDR=site_id,cell_id,azimuth_deg,height_agl_m,mech_tilt_deg,antenna,gain_dbi,tx_power_dbm,rs_epre_dbm,frequency_mhz,bandwidth_mhz,feeder_loss_db,pci
printf '%s\nA,a/b,0,30,0,,0,43,,1800,10,0,1\nA,a_b,180,30,0,,0,43,,1800,10,0,2\n' "$HDR" >"$T/cc.csv"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $PRED --cells "$T/cc.csv" --per-cell -o "$T/p/pc"
expect_rc 0
# file_safe turns both into pathloss_A_a_b; the second gets "_2"
expect_file "$T/p/pc/pathloss_A_a_b.tif"
expect_file "$T/p/pc/pathloss_A_a_b_2.tif"
python3 -c "import json, sys; o = json.load(open(sys.argv[1]))['outputs']
assert len(o) == len(set(o)), o" "$T/p/pc/run.json" 2>"$T/err" || fail "run.json lists a file twice"
end

begin "predict --force replaces a previous output listed in its run.json, nothing else left"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $PRED -o "$T/p/pc" --force
expect_rc 0
# the per-cell maps of the previous run are gone (listed in its run.json)
expect_no_file "$T/p/pc/pathloss_A_a_b.tif"
for f in "$T"/p/.pc.*; do [ -e "$f" ] && fail "left behind: $f"; done
end
