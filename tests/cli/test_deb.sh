#!/bin/sh
# make deb (issue 24, doc/install.md "Debian package"): dpkg-buildpackage
# builds the package in a copy of the tree under the test's BUILD (the
# source tree's git status does not change); the package holds the binary,
# the man pages, the bash completion, the QGIS plugin (and its link in
# QGIS's system plugin folder), the documentation and shlibs dependencies;
# the binary extracted with dpkg-deb -x imports and predicts the bundled
# sample with the data files of the extracted share/rfplan (a shipped
# clutter table by name) and gives the same rsrp.tif as the source build
# (same code, two builds); lintian reports no error.
. "$(dirname "$0")/lib.sh"
plan 5
need_rfplan

S="$ROOT/samples/island"
if ! why=$(for t in dpkg-buildpackage dh lintian dpkg-deb; do
	command -v "$t" >/dev/null 2>&1 || { echo "$t not installed (debhelper, lintian, dpkg-dev)"; exit 1; }
done); then
	skip_tool_rest "$why"
	exit 0
fi

status() { git -C "$ROOT" status --porcelain 2>/dev/null; }
before=$(status)
begin "deb: make deb builds the package in a copy; the source tree is unchanged"
# nocheck: the unit tests run in make check, not twice here.
DEB_BUILD_OPTIONS="nocheck parallel=2" run make -s -C "$ROOT" --no-print-directory deb BUILD="$T/build"
expect_rc 0
set -- "$T"/build/deb/rfplan_*_*.deb
deb=$1
if [ "$#" != 1 ] || [ ! -f "$deb" ]; then fail "no single .deb in $T/build/deb: $*"; fi
[ "$(status)" = "$before" ] || fail "git status changed: $(status | head -5 | tr '\n' ' ')"
end
if [ ! -f "$deb" ]; then
	fail_rest "no package built ($(tail -c 300 "$T/err"))"
	exit 0
fi

begin "deb: the package holds the binary, man pages, completion, QGIS plugin, docs and library dependencies"
dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$T/files"
for f in /usr/bin/rfplan /usr/share/man/man1/rfplan.1.gz /usr/share/man/man1/rfplan-predict.1.gz \
	/usr/share/bash-completion/completions/rfplan /usr/share/rfplan/clutter/generic.csv \
	/usr/share/rfplan/qgis/rfplan/metadata.txt /usr/share/rfplan/qgis/rfplan/algorithms.py \
	/usr/share/qgis/python/plugins/rfplan /usr/share/doc/rfplan/copyright /usr/share/doc/rfplan/qgis.md \
	/usr/share/doc/rfplan/install.md; do
	grep -qx "$f" "$T/files" || fail "$f not in the package"
done
# one man page per command (rfplan help --commands) and rfplan.1
for c in $("$RFPLAN" help --commands); do
	grep -qx "/usr/share/man/man1/rfplan-$c.1.gz" "$T/files" || fail "no man page for $c"
done
dpkg-deb -f "$deb" Depends >"$T/depends"
for lib in libgdal libproj libjansson libcsv libpng; do
	grep -q "$lib" "$T/depends" || fail "Depends lacks $lib: $(cat "$T/depends")"
done
end

begin "deb: the extracted rfplan predicts the sample with the extracted data files"
dpkg-deb -x "$deb" "$T/x"
X="$T/x/usr/bin/rfplan"
cd "$T" || exit 1
RFPLAN_DATA_DIR="$T/x/usr/share/rfplan" run "$X" import -q --dem "$S/dem_mga48.tif" \
	--clutter "$S/clutter_mga48.tif" --clutter-classes generic --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" --res 60m -o "$T/ws"
expect_rc 0
RFPLAN_DATA_DIR="$T/x/usr/share/rfplan" run "$X" predict "$T/ws" --model hata --env suburban --radius 3 \
	-q -o "$T/pred"
expect_rc 0
expect_file "$T/pred/rsrp.tif"
expect_file "$T/pred/project.qgs"
end

begin "deb: the package's rfplan gives the source build's rsrp.tif"
run "$RFPLAN" predict "$T/ws" --model hata --env suburban --radius 3 -q -o "$T/pred-src"
expect_rc 0
cmp -s "$T/pred/rsrp.tif" "$T/pred-src/rsrp.tif" || fail "rsrp.tif differs between the two builds"
end

begin "deb: lintian reports no error"
changes=$(ls "$T"/build/deb/rfplan_*.changes)
lintian --fail-on error "$changes" >"$T/lintian.out" 2>&1
rc=$?
grep '^E:' "$T/lintian.out" >"$T/lintian.err"
if [ "$rc" != 0 ] || [ -s "$T/lintian.err" ]; then
	fail "lintian exit $rc: $(head -5 "$T/lintian.err" | tr '\n' ' ')"
fi
end
sed -n 's/^\([WIP]\):/# lintian \1:/p' "$T/lintian.out"
