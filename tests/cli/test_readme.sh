#!/bin/sh
# The README's workflow block, verbatim, on a fresh checkout (issue 14,
# "Also"): the ```sh block under "## The workflow" is extracted from
# README.md and run with `sh -e` in an empty directory holding only
# `samples` (the repository's, linked) and rfplan on PATH, as a new user
# would paste it.  It writes under work/ (work/tiles/K needs its parents
# created) and must end with the merged run equal to the single one.
. "$(dirname "$0")/lib.sh"
plan 2

begin "readme: the workflow block runs verbatim in a fresh directory"
awk '/^## The workflow/ { f = 1 } f && /^```sh/ { g = 1; next } g && /^```/ { exit } g' \
	"$ROOT/README.md" >"$T/block.sh"
grep -q '^rfplan import' "$T/block.sh" || fail "no workflow block found in README.md"
mkdir "$T/clone"
ln -s "$ROOT/samples" "$T/clone/samples"
(cd "$T/clone" && PATH="$BUILD:$PATH" sh -e "$T/block.sh") >"$T/out" 2>"$T/err"
# shellcheck disable=SC2034 # rc is read by expect_rc (lib.sh)
rc=$?
expect_rc 0
for f in work/island/manifest.json work/island/predict/rsrp.tif work/island/los.tif \
	work/batch/summary.json work/tiles/4/tile.json work/merged/rsrp.tif \
	work/island/optimized/cells_optimized.csv; do
	expect_file "$T/clone/$f"
done
end

begin "readme: the merged tiles equal the single run of step 2"
if command -v gdal_translate >/dev/null 2>&1; then
	for f in rsrp best_server; do
		{ gdal_translate -q -of ENVI "$T/clone/work/island/predict/$f.tif" "$T/a.envi" &&
			gdal_translate -q -of ENVI "$T/clone/work/merged/$f.tif" "$T/b.envi"; } ||
			fail "$f.tif: gdal_translate failed"
		cmp -s "$T/a.envi" "$T/b.envi" || fail "$f.tif: merged pixels differ from step 2"
	done
else
	fail "gdal_translate not installed (gdal-bin)"
fi
end
