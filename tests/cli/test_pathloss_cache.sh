#!/bin/sh
# Path-loss matrices (doc/engine.md, "Path-loss matrices") on the bundled
# island sample: a re-run after a tilt and azimuth change of every cell
# reuses every matrix (run.json's "pathloss_matrices") and its maps are
# bit-identical to a cold --no-cache run with the new parameters; changing
# any propagation input (DEM content, clutter content, the clutter class
# table, a model parameter, the antenna height, the frequency, the receiver
# height, the resolution, the radius) reuses none; tiles with and without
# matrices merge to the single run's maps; --no-cache touches no matrix;
# rfplan info lists and prunes them; two concurrent runs share the store.
# Maps are compared by a digest of every band's raw pixel values (the
# hashing of scripts/map-digest.sh), never against rfplan's own numbers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/island_lib.sh"
plan 22
need_rfplan

island_setup python3-gdal "from osgeo import gdal"
# a copy of the cells with every tilt +3 degrees and every azimuth +40
# degrees (the antenna side only)
awk -F, -v OFS=, 'NR > 1 { $3 = ($3 + 40) % 360; $5 = $5 + 3 } { print }' \
	"$S/cells.csv" >"$T/cells_tilt.csv"
# ITM over 3 km: terrain and clutter matter, a run takes about half a second
P="--model itm --radius 3 -q"

# same_maps A B: every map of $T/A has the pixels of $T/B's
same_maps() {
	digest "$T/$1" >"$T/$1.dig"
	digest "$T/$2" >"$T/$2.dig"
	[ -s "$T/$1.dig" ] || fail "no map in $T/$1"
	cmp -s "$T/$1.dig" "$T/$2.dig" ||
		fail "maps of $1 differ from $2's: $(diff "$T/$1.dig" "$T/$2.dig" | head -c 300)"
}

begin "pathloss: a cold run computes and stores every cell's matrix (tiled DEFLATE Float32 GeoTIFF)"
predict cold --cells "$T/cells.csv"
expect_rc 0
# 9 cells on 5 sites; the sectors of a site share its matrix (same inputs)
[ "$(uses "$T/cold")" = "computed=9" ] || fail "run.json: $(uses "$T/cold"), want computed=9"
n=$(find "$T/ws/pathloss" -name '*.tif' | wc -l)
[ "$n" = 5 ] || fail "$n matrices in WS/pathloss, want 5 (one per site)"
f=$(find "$T/ws/pathloss" -name '*.tif' | head -n 1)
/usr/bin/python3 - "$f" >"$T/meta" <<'PY'
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1]); b = ds.GetRasterBand(1)
print(gdal.GetDataTypeName(b.DataType), ds.GetMetadata("IMAGE_STRUCTURE").get("COMPRESSION"),
      b.GetBlockSize()[0] < ds.RasterXSize or b.GetBlockSize()[1] < ds.RasterYSize or
      b.GetBlockSize()[1] > 1)
PY
[ "$(cat "$T/meta")" = "Float32 DEFLATE True" ] || fail "matrix is '$(cat "$T/meta")'"
end

begin "pathloss: the same run again reuses every matrix and gives the same maps"
predict warm --cells "$T/cells.csv"
expect_rc 0
[ "$(uses "$T/warm")" = "reused=9" ] || fail "run.json: $(uses "$T/warm"), want reused=9"
same_maps warm cold
end

begin "pathloss: what acts after the loss (--products, --threads, --png-width, --load) reuses every matrix"
# none of them enters the path loss: a run writing fewer products, on one
# thread, with another report width and cell load reads the same matrices,
# and its RSRP map (which --load does not change) has the cold run's pixels
predict after --cells "$T/cells.csv" --products maps --threads 1 --png-width 800 --load 0.5
expect_rc 0
[ "$(uses "$T/after")" = "reused=9" ] || fail "run.json: $(uses "$T/after"), want reused=9"
mkdir -p "$T/after_rsrp" "$T/cold_rsrp"
cp "$T/after/rsrp.tif" "$T/after_rsrp/" && cp "$T/cold/rsrp.tif" "$T/cold_rsrp/"
same_maps after_rsrp cold_rsrp
end

begin "pathloss: after a tilt and azimuth change of every cell every matrix is reused, maps bit-identical to a cold --no-cache run"
predict tilt --cells "$T/cells_tilt.csv"
expect_rc 0
[ "$(uses "$T/tilt")" = "reused=9" ] || fail "run.json: $(uses "$T/tilt"), want reused=9"
predict tilt_cold --cells "$T/cells_tilt.csv" --no-cache
expect_rc 0
same_maps tilt tilt_cold
# and the change did change the maps (else the test proves nothing)
cmp -s "$T/tilt.dig" "$T/cold.dig" && fail "the tilt change left the maps unchanged"
end

begin "pathloss: --no-cache neither reads nor writes a matrix"
before=$(ls -l "$T/ws/pathloss")
[ "$(uses "$T/tilt_cold")" = "off=9" ] || fail "run.json: $(uses "$T/tilt_cold"), want off=9"
WS2="$T/ws_nocache"
cp -r "$T/ws" "$WS2" && rm -rf "$WS2/pathloss"
WS="$WS2" predict nocache --cells "$T/cells.csv" --no-cache
expect_rc 0
expect_no_file "$WS2/pathloss"
[ "$before" = "$(ls -l "$T/ws/pathloss")" ] || fail "WS/pathloss changed"
same_maps nocache cold
end

# stale CASE ARGS...: after a propagation input changed, no matrix is
# reused and the maps are those of a --no-cache run of the same inputs
stale() {
	what=$1
	shift
	begin "pathloss: changing $what reuses no matrix"
	predict "s_$what" "$@"
	expect_rc 0
	u=$(uses "$T/s_$what")
	case "$u" in *reused*) fail "run.json: $u: a stale matrix was reused" ;; esac
	predict "s_${what}_ref" "$@" --no-cache
	same_maps "s_$what" "s_${what}_ref"
	end
}
stale model_parameter --cells "$T/cells.csv" --epsilon 25
stale rx_height --cells "$T/cells.csv" --rx-height 3
stale radius --cells "$T/cells.csv" --radius 2.5
awk -F, -v OFS=, 'NR > 1 { $4 = $4 + 5 } { print }' "$S/cells.csv" >"$T/cells_h.csv"
stale antenna_height --cells "$T/cells_h.csv"
awk -F, -v OFS=, 'NR > 1 { $10 = 2100 } { print }' "$S/cells.csv" >"$T/cells_f.csv"
stale frequency --cells "$T/cells_f.csv"
# workspace content: one DEM pixel near every site raised 50 m; one clutter
# pixel changed; a class height changed (the files rewritten in place)
edit_ws() {
	/usr/bin/python3 - "$@" <<'PY'
import sys
from osgeo import gdal
path, kind = sys.argv[1], sys.argv[2]
if kind == "classes":
    lines = open(path).read().splitlines()
    hdr = lines[0].split(","); i = hdr.index("height_m")
    row = lines[1].split(","); row[i] = str(float(row[i] or 0) + 7); lines[1] = ",".join(row)
    open(path, "w").write("\n".join(lines) + "\n")
    sys.exit(0)
ds = gdal.Open(path, gdal.GA_Update); b = ds.GetRasterBand(1)
a = b.ReadAsArray()
y, x = a.shape[0] // 2, a.shape[1] // 2
a[y - 20:y + 20, x - 20:x + 20] = a[y - 20:y + 20, x - 20:x + 20] + (50 if kind == "dem" else 1)
b.WriteArray(a); ds = None
PY
}
cp -r "$T/ws" "$T/ws_dem" && edit_ws "$T/ws_dem/dem.tif" dem
WS="$T/ws_dem" stale dem_content --cells "$T/cells.csv"
cp -r "$T/ws" "$T/ws_clutter" && edit_ws "$T/ws_clutter/clutter.tif" clutter
WS="$T/ws_clutter" stale clutter_content --cells "$T/cells.csv"
n_ws=$(find "$T/ws/pathloss" -name '*.tif' | wc -l)
cp -r "$T/ws" "$T/ws_classes" && edit_ws "$T/ws_classes/clutter_classes.csv" classes
WS="$T/ws_classes" stale class_table --cells "$T/cells.csv"
# the resolution: the workspace re-imported at 90 m over the same
# directory (import --force carries pathloss/ over), with the first
# workspace's matrices added
run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--res 90m -o "$T/ws_dem" --force
mkdir -p "$T/ws_dem/pathloss" && cp "$T/ws/pathloss/"*.tif "$T/ws_dem/pathloss/"
WS="$T/ws_dem" stale resolution --cells "$T/cells.csv"

begin "pathloss: tiles with and without matrices merge to the single run's maps"
# shellcheck disable=SC2086
"$RFPLAN" predict "$T/ws" $P --cells "$T/cells.csv" --no-cache -o "$T/single" 2>"$T/single.err"
for pass in cold warm; do
	mkdir -p "$T/t_$pass"
	for k in 1 2 3 4; do
		predict "t_$pass/tile$k" --cells "$T/cells.csv" --tile "$k/4"
		[ "$rc" = 0 ] || fail "$pass tile $k: $(head -c 300 "$T/err")"
	done
	run "$RFPLAN" merge -q "$T/t_$pass" -o "$T/m_$pass"
	expect_rc 0
	same_maps "m_$pass" single
done
for k in 1 2 3 4; do
	case "$(uses "$T/t_warm/tile$k")" in *computed*)
		fail "warm tile $k computed a matrix: $(uses "$T/t_warm/tile$k")" ;; esac
done
end

begin "pathloss: two concurrent runs on one workspace both succeed and leave no temporary"
rm -rf "$T/ws_clutter/pathloss"
WS="$T/ws_clutter"
# shellcheck disable=SC2086
"$RFPLAN" predict "$WS" $P --cells "$T/cells.csv" -o "$T/c1" 2>"$T/c1.err" &
pid=$!
# shellcheck disable=SC2086
"$RFPLAN" predict "$WS" $P --cells "$T/cells.csv" -o "$T/c2" 2>"$T/c2.err" || fail "run 2 failed"
wait "$pid" || fail "run 1 failed: $(head -c 300 "$T/c1.err")"
unset WS
for f in "$T/ws_clutter/pathloss"/.*.tmp-*; do
	[ -e "$f" ] && fail "temporary left: $f"
done
same_maps c1 c2
same_maps c1 s_clutter_content
end

begin "pathloss: rfplan info lists the matrices; --prune-pathloss stale, then all"
run "$RFPLAN" info "$T/ws_classes"
expect_rc 0
# the matrices copied with the workspace were made with the old class
# table: stale; the class_table case added one per site (5)
expect_out "pathloss  $((n_ws + 5)) matrices"
expect_out "($n_ws stale"
[ "$n_ws" -ge 5 ] || fail "only $n_ws matrices in the first workspace"
run "$RFPLAN" info "$T/ws_classes" --prune-pathloss stale
expect_rc 0
expect_out "removed $n_ws matrices"
[ "$(find "$T/ws_classes/pathloss" -name '*.tif' | wc -l)" = 5 ] || fail "not 5 matrices left"
run "$RFPLAN" info "$T/ws_classes" --prune-pathloss all
expect_rc 0
expect_out "removed 5 matrices"
[ "$(find "$T/ws_classes/pathloss" -name '*.tif' | wc -l)" = 0 ] || fail "matrices left"
run "$RFPLAN" info "$T/ws_classes" --prune-pathloss some
expect_rc 2
expect_err "neither stale nor all"
end

begin "pathloss: predict prints the estimated work before the path loss"
# 9 cells on 5 sites (cells.csv): without matrices every cell is computed;
# on an empty store one per site, the other sectors share it; then none
predict est --cells "$T/cells.csv" --no-cache -v
expect_err "estimated work: 9 cells x .* (0 cells from"
rm -rf "$T/ws_est" && cp -r "$T/ws" "$T/ws_est" && rm -rf "$T/ws_est/pathloss"
WS="$T/ws_est" predict est1 --cells "$T/cells.csv" -v
expect_err "estimated work: 5 cells x .* (4 cells from"
WS="$T/ws_est" predict est2 --cells "$T/cells.csv" -v
expect_err "estimated work: 0 cells x .* (9 cells from path-loss matrices"
end

# snapshot DIR: every entry's path, type, size, mtime, link target, and
# each regular file's SHA-256
snapshot() {
	find "$1" -printf '%p %y %s %T@ %l\n' | sort
	find "$1" -type f -exec sha256sum {} + | sort
}
# the attack, in a temporary directory outside the workspace: copies of
# the cold run's matrices under their own keys (current for $T/ws's
# content: a prune that followed a link would list them, and "all" remove
# them), a matrix of the DEM-changed workspace (stale for $T/ws: "stale"
# would remove it) and a temporary two hours old
out="$T/outside"
mkdir -p "$out"
keys=$(/usr/bin/python3 -c 'import json, sys
print(" ".join(sorted({x["key"] for x in json.load(open(sys.argv[1] + "/run.json"))["pathloss_matrices"]})))' "$T/cold")
for k in $keys; do
	cp "$T/ws/pathloss/$k.tif" "$out/"
done
stale_src=$(find "$T/ws_dem/pathloss" -maxdepth 1 -name '*.tif' | head -n 1)
cp "$stale_src" "$out/"
k1=${keys%% *}
: >"$out/.$k1.tif.tmp-old789" && touch -d '2 hours ago' "$out/.$k1.tif.tmp-old789"
snapshot "$out" >"$T/out_before"
# a copy of the workspace without matrices for the attacks
cp -r "$T/ws" "$T/ws_link" && rm -rf "$T/ws_link/pathloss"
# prunes_remove_nothing: --prune-pathloss stale, then all, on $T/ws_link
# remove no matrix
prunes_remove_nothing() {
	for what in stale all; do
		run "$RFPLAN" info "$T/ws_link" --prune-pathloss "$what"
		expect_rc 0
		expect_out "^pathloss  removed 0 matrices, 0.00 MiB"
	done
}
# outside_unchanged: the directory outside as it was planted
outside_unchanged() {
	snapshot "$out" >"$T/out_after"
	cmp -s "$T/out_before" "$T/out_after" ||
		fail "outside WS/pathloss changed: $(diff "$T/out_before" "$T/out_after" | head -n 4)"
}

begin "pathloss: links inside WS/pathloss at key names are marked by info, not read by predict, and a prune removes the link itself, never its target"
# WS/pathloss a real directory holding, under the keys a run needs, links
# to the matrices outside (valid matrices of these very keys: read through
# the link, they would be reused), and a link at an old temporary's name
n_keys=$(echo "$keys" | wc -w)
plant_links() {
	mkdir -p "$T/ws_link/pathloss"
	for k in $keys; do
		rm -f "$T/ws_link/pathloss/$k.tif"
		ln -s "$out/$k.tif" "$T/ws_link/pathloss/$k.tif"
	done
}
plant_links
ln -s "$out/.$k1.tif.tmp-old789" "$T/ws_link/pathloss/.$k1.tif.tmp-old789"
run "$RFPLAN" info "$T/ws_link"
expect_rc 0
# every link listed, none read: no size, all stale, all "not regular files"
expect_out "^pathloss  $n_keys matrices, 0.00 MiB ($n_keys stale, 0.00 MiB), $n_keys not regular files, not read$"
expect_out "^  $k1.tif a symbolic link (not followed), not read (stale)$"
# predict does not read a matrix through a link: every cell computed, with
# a warning naming the entry; the store renames each new matrix over the
# link's name (the link replaced, its target untouched)
WS="$T/ws_link" predict linked --cells "$T/cells.csv"
expect_rc 0
expect_err "path-loss matrix not read, computed instead: .*/ws_link/pathloss/[0-9a-f]*\.tif: a symbolic link (not followed), not read"
[ "$(uses "$T/linked")" = "computed=9" ] || fail "run.json: $(uses "$T/linked"), want computed=9 (no matrix read through a link)"
same_maps linked cold
for k in $keys; do
	if [ ! -f "$T/ws_link/pathloss/$k.tif" ] || [ -L "$T/ws_link/pathloss/$k.tif" ]; then
		fail "$k.tif: not replaced by the matrix computed"
	fi
done
outside_unchanged
# the prunes: stale removes the links themselves (nothing outside), and
# leaves the link at a temporary's name (no temporary of rfplan's)
plant_links
run "$RFPLAN" info "$T/ws_link" --prune-pathloss stale
expect_rc 0
expect_out "^pathloss  removed $n_keys matrices, 0.00 MiB"
[ -z "$(find "$T/ws_link/pathloss" -name '*.tif' ! -name '.*')" ] || fail "a link left: $(ls "$T/ws_link/pathloss")"
[ -L "$T/ws_link/pathloss/.$k1.tif.tmp-old789" ] || fail "the link at a temporary's name was removed"
plant_links
run "$RFPLAN" info "$T/ws_link" --prune-pathloss all
expect_rc 0
expect_out "^pathloss  removed $n_keys matrices, 0.00 MiB"
outside_unchanged
end

begin "pathloss: a FIFO at a key's name blocks neither predict nor info: predict warns and computes, info marks it, a prune removes it"
# a copy of the workspace with its matrices, one of them a FIFO (nothing
# ever writes to it: a reader that opened it blocking would wait forever;
# timeout is only the guard that turns such a hang into exit status 124)
rm -rf "$T/ws_fifo" && cp -r "$T/ws" "$T/ws_fifo"
n_fifo=$(find "$T/ws_fifo/pathloss" -name '*.tif' | wc -l)
rm "$T/ws_fifo/pathloss/$k1.tif" && mkfifo "$T/ws_fifo/pathloss/$k1.tif"
# the cells whose matrix is k1 (the cold run's keys), computed; the others reused
n1=$(/usr/bin/python3 -c 'import json, sys
print(sum(x["key"] == sys.argv[2] for x in json.load(open(sys.argv[1] + "/run.json"))["pathloss_matrices"]))' "$T/cold" "$k1")
run "$RFPLAN" info "$T/ws_fifo"
expect_rc 0
expect_out "^  $k1.tif a FIFO, not read (stale)$"
# shellcheck disable=SC2086
run timeout 120 "$RFPLAN" predict "$T/ws_fifo" $P --cells "$T/cells.csv" -o "$T/fifo"
expect_rc 0
expect_err "path-loss matrix not read, computed instead: .*/ws_fifo/pathloss/$k1\.tif: a FIFO, not read"
[ "$(uses "$T/fifo")" = "computed=$n1 reused=$((9 - n1))" ] ||
	fail "run.json: $(uses "$T/fifo"), want computed=$n1 reused=$((9 - n1))"
same_maps fifo cold
# the FIFO again (the run stored the matrix over it): --prune-pathloss
# stale removes it and only it (the others, of this workspace's content, are current)
rm "$T/ws_fifo/pathloss/$k1.tif" && mkfifo "$T/ws_fifo/pathloss/$k1.tif"
run timeout 120 "$RFPLAN" info "$T/ws_fifo" --prune-pathloss stale
expect_rc 0
expect_out "^pathloss  removed 1 matrices, 0.00 MiB"
[ -e "$T/ws_fifo/pathloss/$k1.tif" ] && fail "the FIFO is left"
[ "$(find "$T/ws_fifo/pathloss" -name '*.tif' | wc -l)" = $((n_fifo - 1)) ] || fail "not $((n_fifo - 1)) matrices left"
end

begin "pathloss: WS/pathloss/ext-* a link to an extended workspace outside is not used: predict fails naming it, nothing outside changes"
# a two-resolution run makes WS/pathloss/ext-HASH-xF; the attack moves it
# outside (a valid extended workspace, with its matrices) and leaves a link
rm -rf "$T/ws_ext" && cp -r "$T/ws" "$T/ws_ext"
WS="$T/ws_ext" predict ext1 --cells "$T/cells.csv" --main-radius 1 --ext-res 120
expect_rc 0
ext=$(cd "$T/ws_ext/pathloss" && find . -maxdepth 1 -name 'ext-*' | sed 's|^\./||')
if [ -z "$ext" ] || [ ! -d "$T/ws_ext/pathloss/$ext" ]; then
	fail "no extended workspace made: $(ls "$T/ws_ext/pathloss")"
fi
mkdir -p "$T/outside_ext" && mv "$T/ws_ext/pathloss/$ext" "$T/outside_ext/"
ln -s "$T/outside_ext/$ext" "$T/ws_ext/pathloss/$ext"
snapshot "$T/outside_ext" >"$T/ext_before"
WS="$T/ws_ext" predict ext2 --cells "$T/cells.csv" --main-radius 1 --ext-res 120
expect_rc 1
expect_err "ws_ext/pathloss/$ext: not a directory (a link is not followed)"
snapshot "$T/outside_ext" >"$T/ext_after"
cmp -s "$T/ext_before" "$T/ext_after" ||
	fail "the extended workspace outside changed: $(diff "$T/ext_before" "$T/ext_after" | head -n 4)"
[ -L "$T/ws_ext/pathloss/$ext" ] || fail "the link was replaced"
end

begin "pathloss: WS/pathloss a link or a file: info lists nothing, prune removes nothing, predict warns and runs without matrices"
# WS/pathloss itself a link to the directory outside
rm -rf "$T/ws_link/pathloss" && ln -s "$out" "$T/ws_link/pathloss"
run "$RFPLAN" info "$T/ws_link"
expect_rc 0
expect_out "^pathloss  .*/pathloss is not a directory (a link is not followed): no cache$"
for k in $keys; do
	grep -q "$k" "$T/out" && fail "a matrix listed through the link: $k"
done
prunes_remove_nothing
# predict: neither reads nor stores through the link; its maps are those
# of the cold run (the same request)
WS="$T/ws_link" predict via_link --cells "$T/cells.csv"
expect_rc 0
expect_err "path-loss matrices not used: .*/pathloss: not a directory (a link is not followed)"
[ "$(uses "$T/via_link")" = "off=9" ] || fail "run.json: $(uses "$T/via_link"), want off=9"
same_maps via_link cold
outside_unchanged
# two resolutions would make WS/pathloss/ext-*: refused, naming it
WS="$T/ws_link" predict via_link_ext --cells "$T/cells.csv" --main-radius 1 --ext-res 120
expect_rc 1
expect_err "pathloss: not a directory (a link is not followed)"
[ -z "$(find "$out" -name 'ext-*')" ] || fail "an extended workspace made through the link"
# WS/pathloss a regular file: the same, the file untouched
rm "$T/ws_link/pathloss" && printf 'not a directory\n' >"$T/ws_link/pathloss"
prunes_remove_nothing
WS="$T/ws_link" predict via_file --cells "$T/cells.csv"
expect_rc 0
expect_err "path-loss matrices not used: .*/pathloss: not a directory"
same_maps via_file cold
[ "$(cat "$T/ws_link/pathloss")" = "not a directory" ] || fail "the file WS/pathloss changed"
end
