#!/bin/sh
# The hillshade cache WS/hillshade/KEY.tif (doc/outputs.md "GIS products"):
# predict's hillshade.tif has the pixels of an independent computation,
# GDAL's command-line tools on the same DEM window (gdal_translate -srcwin,
# then gdaldem hillshade -multidirectional -compute_edges -z 1 -s 111120,
# the options doc/outputs.md gives), whether it was computed or copied from
# the cache; a run on the same grid reuses the cached file (same inode: not
# rewritten); each input of the shade gets a new key: the DEM's content
# (a block of pixels raised in place), the grid's extent (another radius)
# and its resolution (the workspace re-imported at 90 m, the old file
# planted under its new directory).  A planted file with another key and a
# symbolic link at the key's name are not used (the link's target outside
# the workspace unchanged); a WS/hillshade that is a file (no directory can
# be made) or a link to a directory outside the workspace leaves the run
# computing without a cache, nothing written through the link.  The last
# three cases plant attacks on predict's descriptor-based reads and writes
# (doc/engine.md "Safety of the store") in a directory outside the
# workspace and check, by a snapshot, that nothing there changed: an entry
# a link to a valid-looking hillshade, a FIFO, links to a FIFO and a
# device, WS/hillshade a link to a directory holding the key's entry.
. "$(dirname "$0")/lib.sh"
plan 13
need_rfplan

S="$ROOT/samples/island"
if ! /usr/bin/python3 -c "from osgeo import gdal" 2>/dev/null ||
	! command -v gdaldem >/dev/null || ! command -v gdal_translate >/dev/null; then
	skip_tool_rest "python3-gdal or the GDAL tools not installed"
	exit 0
fi
run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" --res 60m -o "$T/ws"
if [ "$rc" != 0 ]; then
	fail_rest "set-up: rfplan import of the island sample failed: $(head -c 300 "$T/err")"
	exit 0
fi
# predict WS OUT RADIUS_KM: Hata (no terrain profile: quick), the hillshade
predict() {
	run "$RFPLAN" predict "$1" --model hata --products hillshade,maps -q --force \
		--radius "$3" -o "$2"
}

# pixels FILE: sha256 of band 1's raw pixels
pixels() {
	/usr/bin/python3 -c 'import sys, hashlib
from osgeo import gdal
ds = gdal.Open(sys.argv[1])
print(hashlib.sha256(ds.GetRasterBand(1).ReadRaster()).hexdigest())' "$1"
}
# reference WS OUT: the hillshade of WS/dem.tif over OUT/hillshade.tif's
# window by gdal_translate + gdaldem, into $T/ref.tif
reference() {
	win=$(/usr/bin/python3 -c 'import sys
from osgeo import gdal
d = gdal.Open(sys.argv[1]).GetGeoTransform(); h = gdal.Open(sys.argv[2])
g = h.GetGeoTransform()
print(round((g[0] - d[0]) / d[1]), round((g[3] - d[3]) / d[5]), h.RasterXSize, h.RasterYSize)' \
		"$1/dem.tif" "$2/hillshade.tif")
	rm -f "$T/win.tif" "$T/ref.tif"
	# shellcheck disable=SC2086  # four numbers
	gdal_translate -q -srcwin $win "$1/dem.tif" "$T/win.tif" &&
		gdaldem hillshade -q -multidirectional -compute_edges -z 1 -s 111120 \
			"$T/win.tif" "$T/ref.tif"
}
# matches WS OUT: OUT/hillshade.tif has the reference's pixels
matches() {
	reference "$1" "$2" || { fail "gdaldem failed"; return; }
	a=$(pixels "$2/hillshade.tif")
	{ [ -n "$a" ] && [ "$a" = "$(pixels "$T/ref.tif")" ]; } ||
		fail "$2/hillshade.tif differs from gdaldem's hillshade of the same window"
}
keys() { find "$1/hillshade" -name '*.tif' 2>/dev/null | sort; }

begin "hillshade cache: a run stores one WS/hillshade/KEY.tif; hillshade.tif has gdaldem's pixels"
predict "$T/ws" "$T/a" 3
expect_rc 0
[ "$(keys "$T/ws" | wc -l)" = 1 ] || fail "cache: $(keys "$T/ws" | tr '\n' ' '), want one file"
matches "$T/ws" "$T/a"
end

begin "hillshade cache: the same grid again reuses the file (not rewritten), the same pixels"
k1=$(keys "$T/ws")
i1=$(stat -c %i "$k1" 2>/dev/null)
predict "$T/ws" "$T/b" 3
expect_rc 0
[ "$(keys "$T/ws")" = "$k1" ] || fail "cache: $(keys "$T/ws" | tr '\n' ' '), want $k1 alone"
[ "$(stat -c %i "$k1" 2>/dev/null)" = "$i1" ] || fail "$k1 was rewritten"
[ "$(pixels "$T/b/hillshade.tif")" = "$(pixels "$T/a/hillshade.tif")" ] || fail "pixels differ"
end

begin "hillshade cache: another radius (grid extent) gets its own key, gdaldem's pixels"
predict "$T/ws" "$T/r2" 2
expect_rc 0
[ "$(keys "$T/ws" | wc -l)" = 2 ] || fail "cache: $(keys "$T/ws" | wc -l) files, want 2"
matches "$T/ws" "$T/r2"
end

begin "hillshade cache: a changed DEM content (pixels raised in place) gets a new key, gdaldem's pixels"
cp -r "$T/ws" "$T/ws_dem"
/usr/bin/python3 - "$T/ws_dem/dem.tif" <<'PY'
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1], gdal.GA_Update); b = ds.GetRasterBand(1)
a = b.ReadAsArray(); y, x = a.shape[0] // 2, a.shape[1] // 2
a[y - 20:y + 20, x - 20:x + 20] += 50
b.WriteArray(a); ds = None
PY
predict "$T/ws_dem" "$T/d" 3
expect_rc 0
[ "$(keys "$T/ws_dem" | wc -l)" = 3 ] || fail "cache: $(keys "$T/ws_dem" | wc -l) files, want 3"
[ "$(pixels "$T/d/hillshade.tif")" != "$(pixels "$T/a/hillshade.tif")" ] ||
	fail "the raised block changed no hillshade pixel"
matches "$T/ws_dem" "$T/d"
end

begin "hillshade cache: another resolution (re-imported at 90 m, old files planted) gets a new key"
run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" --res 90m -o "$T/ws90"
expect_rc 0
mkdir -p "$T/ws90/hillshade" && cp "$T/ws/hillshade/"*.tif "$T/ws90/hillshade/"
predict "$T/ws90" "$T/res90" 3
expect_rc 0
[ "$(keys "$T/ws90" | wc -l)" = 3 ] || fail "cache: $(keys "$T/ws90" | wc -l) files, want 3"
matches "$T/ws90" "$T/res90"
end

begin "hillshade cache: a planted file of another key and a link at the key are not used"
k3=$(keys "$T/ws" | head -n 1)   # the radius-2 or -3 file: swap the two
k4=$(keys "$T/ws" | tail -n 1)
cp "$k3" "$T/k3" && cp "$k4" "$k3" && cp "$T/k3" "$k4"   # each under the other's name
predict "$T/ws" "$T/p1" 3
expect_rc 0
matches "$T/ws" "$T/p1"
printf 'outside\n' >"$T/target"
for k in $(keys "$T/ws"); do rm -f "$k" && ln -s "$T/target" "$k"; done
predict "$T/ws" "$T/p2" 3
expect_rc 0
matches "$T/ws" "$T/p2"
[ "$(cat "$T/target")" = outside ] || fail "the link's target outside the workspace changed"
end

begin "hillshade cache: WS/hillshade a file or a link (no cache): the run computes it, gdaldem's pixels, nothing written through the link"
cp -r "$T/ws" "$T/ws_ro" && rm -rf "$T/ws_ro/hillshade" && printf 'x\n' >"$T/ws_ro/hillshade"
predict "$T/ws_ro" "$T/ro" 3
expect_rc 0
matches "$T/ws_ro" "$T/ro"
[ "$(cat "$T/ws_ro/hillshade")" = x ] || fail "WS/hillshade (a file) changed"
# WS/hillshade a link to a directory outside the workspace: not written through
rm -f "$T/ws_ro/hillshade" && mkdir "$T/elsewhere" && ln -s "$T/elsewhere" "$T/ws_ro/hillshade"
predict "$T/ws_ro" "$T/ro2" 3
expect_rc 0
matches "$T/ws_ro" "$T/ro2"
[ -z "$(ls -A "$T/elsewhere")" ] || fail "written through the link WS/hillshade: $(ls -A "$T/elsewhere")"
end

# The hillshade cache in rfplan info (doc/outputs.md, "hillshade.tif"):
# WS_dem/hillshade holds the two files copied with the workspace (made
# from the DEM before its block was raised: no run on it can reuse them)
# and the one its own run made.  The sizes are stat's, summed by awk.
mib() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }
begin "hillshade cache: rfplan info lists the files, their total size, those of another DEM stale"
old="" cur="" n_old=0 n_cur=0 b_all=0 b_old=0
for f in "$T/ws_dem/hillshade/"*.tif; do
	k=$(basename "$f") s=$(stat -c %s "$f")
	b_all=$((b_all + s))
	if [ -e "$T/ws/hillshade/$k" ] || [ -L "$T/ws/hillshade/$k" ]; then
		old="$old $k" n_old=$((n_old + 1)) b_old=$((b_old + s))
	else
		cur=$k n_cur=$((n_cur + 1))
	fi
done
if [ "$n_old" != 2 ] || [ "$n_cur" != 1 ]; then
	fail "set-up: $n_old files of the old DEM, $n_cur of the current one"
fi
run "$RFPLAN" info "$T/ws_dem"
expect_rc 0
expect_out "^hillshade 3 files, $(mib "$b_all") MiB (2 stale, $(mib "$b_old") MiB)$"
for k in $old; do grep -q "^  $k .* stale$" "$T/out" || fail "$k (old DEM) not listed stale"; done
grep -q "^  $cur " "$T/out" || fail "$cur (current) not listed"
! grep -q "^  $cur .* stale$" "$T/out" || fail "$cur (current) listed stale"
end

begin "hillshade cache: --prune-hillshade stale removes the other DEM's files and old temporaries, keeps the current one (reused next); all removes every one"
# a killed writer's temporary (2 hours old) and a live one's (now)
: >"$T/ws_dem/hillshade/.$cur.tmp-old123"
touch -d '2 hours ago' "$T/ws_dem/hillshade/.$cur.tmp-old123"
: >"$T/ws_dem/hillshade/.$cur.tmp-new456"
run "$RFPLAN" info "$T/ws_dem" --prune-hillshade stale
expect_rc 0
expect_out "^hillshade removed 2 files, $(mib "$b_old") MiB$"
left=$(find "$T/ws_dem/hillshade" -mindepth 1 -printf '%f\n' | sort | tr '\n' ' ')
[ "$left" = ".$cur.tmp-new456 $cur " ] || fail "left in WS/hillshade: $left"
i1=$(stat -c %i "$T/ws_dem/hillshade/$cur")
predict "$T/ws_dem" "$T/d2" 3
expect_rc 0
[ "$(stat -c %i "$T/ws_dem/hillshade/$cur" 2>/dev/null)" = "$i1" ] ||
	fail "the kept file was not reused by a run on its grid"
matches "$T/ws_dem" "$T/d2"
run "$RFPLAN" info "$T/ws_dem" --prune-hillshade all
expect_rc 0
expect_out "^hillshade removed 1 files"
[ -z "$(ls -A "$T/ws_dem/hillshade")" ] || fail "left: $(ls -A "$T/ws_dem/hillshade")"
run "$RFPLAN" info "$T/ws_dem" --prune-hillshade some
expect_rc 2
expect_err "option --prune-hillshade: 'some' is neither stale nor all"
end

# snapshot DIR: every entry's path, type, size, mtime, link target, and
# each regular file's SHA-256
snapshot() {
	find "$1" -printf '%p %y %s %T@ %l\n' | sort
	find "$1" -type f -exec sha256sum {} + | sort
}
begin "hillshade cache: info and --prune-hillshade follow no link (a link at a key's name marked, removed itself), remove nothing outside WS/hillshade"
# the attack, in a temporary directory outside the workspace: hillshades
# under key names (stale for WS_dem: another name than their key) and an
# old temporary, reached by links inside WS/hillshade, then by
# WS/hillshade itself a link to that directory
mkdir -p "$T/outside" && out="$T/outside"
ka=$(printf a | sha256sum | cut -c1-64) kb=$(printf b | sha256sum | cut -c1-64)
cp "$T/a/hillshade.tif" "$out/$ka.tif" && cp "$T/a/hillshade.tif" "$out/$kb.tif"
: >"$out/.$ka.tif.tmp-old789" && touch -d '2 hours ago' "$out/.$ka.tif.tmp-old789"
ln -s "$out/$ka.tif" "$T/ws_dem/hillshade/$ka.tif"
ln -s "$out/.$ka.tif.tmp-old789" "$T/ws_dem/hillshade/.$ka.tif.tmp-old789"
snapshot "$out" >"$T/before"
run "$RFPLAN" info "$T/ws_dem"
expect_rc 0
# the link listed, not read (no size), stale
expect_out "^hillshade 1 files, 0.00 MiB (1 stale, 0.00 MiB), 1 not regular files, not read$"
expect_out "^  $ka.tif a symbolic link (not followed), not read (stale)$"
run "$RFPLAN" info "$T/ws_dem" --prune-hillshade all
expect_rc 0
expect_out "^hillshade removed 1 files, 0.00 MiB"
# the link itself removed (its target outside is checked below); the link
# at a temporary's name is no temporary of rfplan's: left alone
if [ -e "$T/ws_dem/hillshade/$ka.tif" ] || [ -L "$T/ws_dem/hillshade/$ka.tif" ]; then
	fail "the link inside WS/hillshade was not removed"
fi
[ -L "$T/ws_dem/hillshade/.$ka.tif.tmp-old789" ] || fail "the link at a temporary's name was removed"
mv "$T/ws_dem/hillshade" "$T/hs_moved" && ln -s "$out" "$T/ws_dem/hillshade"
run "$RFPLAN" info "$T/ws_dem"
expect_rc 0
expect_out "^hillshade .*/hillshade is not a directory (a link is not followed): no cache$"
run "$RFPLAN" info "$T/ws_dem" --prune-hillshade stale
expect_rc 0
expect_out "^hillshade removed 0 files"
run "$RFPLAN" info "$T/ws_dem" --prune-hillshade all
expect_rc 0
expect_out "^hillshade removed 0 files"
snapshot "$out" >"$T/after"
cmp -s "$T/before" "$T/after" || fail "outside WS/hillshade changed: $(diff "$T/before" "$T/after" | head -n 4)"
end

# The attacks on predict's reading and writing of the cache (doc/engine.md
# "Safety of the store"), each planted in $T/atk, outside the workspace:
# its snapshot (paths, types, sizes, mtimes, SHA-256) must not change.  A
# fresh workspace copy $T/wsx with one entry, the radius-3 grid's.
cp -r "$T/ws" "$T/wsx" && rm -rf "$T/wsx/hillshade" && mkdir "$T/atk"
predict "$T/wsx" "$T/x0" 3
kx=$(keys "$T/wsx")
# planted FILE: a valid-looking hillshade outside, the entry's copy with its
# key (RFPLAN_KEY) and grid, every pixel v replaced by 255 - v: were it
# used, hillshade.tif would differ from gdaldem's
planted() {
	cp "$kx" "$1" && /usr/bin/python3 - "$1" <<'PY'
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1], gdal.GA_Update); b = ds.GetRasterBand(1)
b.WriteArray(255 - b.ReadAsArray()); ds = None
PY
}
key_of() {
	/usr/bin/python3 -c 'import sys
from osgeo import gdal
print(gdal.Open(sys.argv[1]).GetMetadataItem("RFPLAN_KEY"))' "$1"
}
begin "hillshade cache: an entry swapped for a link to a valid-looking hillshade outside (its key, other pixels) is not used, warned, replaced by the computed entry; the target unchanged"
planted "$T/atk/valid.tif"
# set-up control: the planted file is one the cache would take as a
# regular file at the key's name (copied verbatim into hillshade.tif)
cp -r "$T/wsx" "$T/wsctl" && cp "$T/atk/valid.tif" "$T/wsctl/hillshade/$(basename "$kx")"
predict "$T/wsctl" "$T/ctl" 3
expect_rc 0
{ [ "$(key_of "$T/atk/valid.tif")" = "$(basename "$kx" .tif)" ] &&
	[ "$(pixels "$T/ctl/hillshade.tif")" = "$(pixels "$T/atk/valid.tif")" ]; } ||
	fail "set-up: the planted hillshade is not one the cache would use as a regular file"
snapshot "$T/atk" >"$T/atk_before"
rm -f "$kx" && ln -s "$T/atk/valid.tif" "$kx"
run timeout 120 "$RFPLAN" predict "$T/wsx" --model hata --products hillshade,maps -q --force \
	--radius 3 -o "$T/x1"
expect_rc 0
expect_err "warning: cached hillshade not read, computed instead: .*/hillshade/$(basename "$kx"): a symbolic link (not followed), not read"
grep -q "cached hillshade not read" "$T/x1/run.json" || fail "run.json's warnings lack the entry not read"
matches "$T/wsx" "$T/x1"
{ [ -f "$kx" ] && [ ! -L "$kx" ] && [ "$(pixels "$kx")" = "$(pixels "$T/x1/hillshade.tif")" ]; } ||
	fail "the link at the key's name was not replaced by the computed entry"
snapshot "$T/atk" >"$T/atk_after"
cmp -s "$T/atk_before" "$T/atk_after" || fail "outside changed: $(diff "$T/atk_before" "$T/atk_after" | head -n 4)"
end

begin "hillshade cache: an entry that is a FIFO, a link to a FIFO outside, a link to a device: predict does not block, reads none, warns, replaces each; outside unchanged"
mkfifo "$T/atk/fifo"
snapshot "$T/atk" >"$T/atk_before"
n=0
for plant in fifo link-fifo link-device; do
	n=$((n + 1))
	rm -f "$kx"
	case $plant in
	fifo) mkfifo "$kx"; why="a FIFO" ;;
	link-fifo) ln -s "$T/atk/fifo" "$kx"; why="a symbolic link (not followed)" ;;
	link-device) ln -s /dev/zero "$kx"; why="a symbolic link (not followed)" ;;
	esac
	# timeout only as a guard: a read of the FIFO would block for ever
	run timeout 120 "$RFPLAN" predict "$T/wsx" --model hata --products hillshade,maps -q \
		--force --radius 3 -o "$T/f$n"
	[ "$rc" != 124 ] || fail "$plant: predict blocked (killed by the guard)"
	expect_rc 0
	expect_err "cached hillshade not read, computed instead: .*/hillshade/$(basename "$kx"): $why, not read"
	matches "$T/wsx" "$T/f$n"
	{ [ -f "$kx" ] && [ ! -L "$kx" ]; } || fail "$plant: not replaced by the computed entry"
done
[ -p "$T/atk/fifo" ] || fail "the FIFO outside is no FIFO any more"
snapshot "$T/atk" >"$T/atk_after"
cmp -s "$T/atk_before" "$T/atk_after" || fail "outside changed: $(diff "$T/atk_before" "$T/atk_after" | head -n 4)"
end

begin "hillshade cache: WS/hillshade a link to a directory outside holding a valid-looking entry at the key: not used, warned, nothing written there"
mkdir "$T/atk/dir" && planted "$T/atk/dir/$(basename "$kx")"
snapshot "$T/atk" >"$T/atk_before"
mv "$T/wsx/hillshade" "$T/wsx_hs" && ln -s "$T/atk/dir" "$T/wsx/hillshade"
run timeout 120 "$RFPLAN" predict "$T/wsx" --model hata --products hillshade,maps -q --force \
	--radius 3 -o "$T/x3"
expect_rc 0
expect_err "warning: hillshade cache not used: .*/wsx/hillshade: not a directory (a link is not followed)"
matches "$T/wsx" "$T/x3"
[ -L "$T/wsx/hillshade" ] || fail "the link WS/hillshade was replaced"
snapshot "$T/atk" >"$T/atk_after"
cmp -s "$T/atk_before" "$T/atk_after" || fail "outside changed: $(diff "$T/atk_before" "$T/atk_after" | head -n 4)"
end
