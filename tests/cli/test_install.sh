#!/bin/sh
# make install / make uninstall into a DESTDIR under the test's temporary
# directory (doc/install.md): the installed files; the INSTALLED rfplan, run
# from a directory outside the source tree, imports the island sample with a
# shipped clutter table given by name (found in DESTDIR/PREFIX/share/rfplan
# beside the program) and predicts, with rasters equal to the source tree's
# binary given that table's path; a copy of the program away from its data
# names where it looked (the compiled-in PREFIX/share/rfplan last) and
# RFPLAN_DATA_DIR overrides; every man page renders with man(1) and lists
# every option its command's --help lists, without a troff warning; doc/ is
# in PREFIX/share/doc/rfplan; the bash completion offers every command and
# every option; make uninstall leaves only what was there before.
. "$(dirname "$0")/lib.sh"
plan 6

S="$ROOT/samples/island"
D="$T/dest"
# missing FILE WORD...: the WORDs (option names) that FILE lacks as whole
# words, one awk for all of them.
missing() {
	f=$1
	shift
	awk -v words="$*" '{ text = text " " $0 " " }
		END { n = split(words, w, " ")
			for (i = 1; i <= n; i++)
				if (text !~ ("[^a-z0-9-]" w[i] "[^a-z0-9-]")) printf "%s ", w[i] }' "$f"
}
# The build's compiled-in data directory (Makefile: $(BUILD)/datadir), so
# that make install does not rebuild with another PREFIX.
datadir=$(cat "$BUILD/datadir" 2>/dev/null || echo /usr/local/share/rfplan)
prefix=${datadir%/share/rfplan}
san=""
ldd "$RFPLAN" 2>/dev/null | grep -q libasan && san="SANITIZE=1"
# Something else's file, already in the tree: uninstall must leave it.
mkdir -p "$D$prefix/share/man/man1"
echo other >"$D$prefix/share/man/man1/other.1"
BIN="$D$prefix/bin/rfplan"
MAN="$D$prefix/share/man/man1"
COMP="$D$prefix/share/bash-completion/completions/rfplan"

begin "install: make install DESTDIR=... puts rfplan, data/, doc/, man pages and completion under PREFIX"
# shellcheck disable=SC2086
run make -s -C "$ROOT" install BUILD="$BUILD" PREFIX="$prefix" DATADIR="$datadir" \
	DESTDIR="$D" $san
expect_rc 0
[ -x "$BIN" ] || fail "no executable $BIN"
for f in clutter/generic.csv clutter/esa_worldcover.csv models/spm_default.json; do
	cmp -s "$ROOT/data/$f" "$D$datadir/$f" || fail "$datadir/$f differs from data/$f or is missing"
done
# every file of doc/, the same bytes, in PREFIX/share/doc/rfplan
ndoc=0
for f in "$ROOT"/doc/*.md; do
	cmp -s "$f" "$D$prefix/share/doc/rfplan/${f##*/}" ||
		fail "$prefix/share/doc/rfplan/${f##*/} differs from doc/${f##*/} or is missing"
	ndoc=$((ndoc + 1))
done
[ "$ndoc" -gt 0 ] || fail "no doc/*.md in the source tree"
commands=$("$RFPLAN" help --commands)
[ -n "$commands" ] || fail "rfplan help --commands printed nothing"
for c in "" $commands help; do
	expect_file "$MAN/rfplan${c:+-$c}.1"
done
expect_file "$COMP"
end

begin "install: the installed rfplan, outside the source tree, imports with a shipped table by name and predicts"
mkdir -p "$T/elsewhere"
cd "$T/elsewhere" || exit 1
P="--model hata --env suburban --radius 3 -q"
run env -u RFPLAN_DATA_DIR "$BIN" import -q --dem "$S/dem_mga48.tif" \
	--clutter "$S/clutter_mga48.tif" --clutter-classes generic --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o ws
expect_rc 0
# The table came from the installed data directory.
grep -q "\"path\": \"$D$prefix/share/rfplan/clutter/generic.csv\"" ws/manifest.json ||
	fail "manifest.json's class table is not $D$prefix/share/rfplan/clutter/generic.csv"
# shellcheck disable=SC2086
run env -u RFPLAN_DATA_DIR "$BIN" predict ws $P -o pred
expect_rc 0
# The source tree's binary with the table's path gives the same rasters.
"$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$ROOT/data/clutter/generic.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws-src" 2>/dev/null
# shellcheck disable=SC2086
"$RFPLAN" predict "$T/ws-src" $P -o "$T/pred-src" 2>/dev/null
for f in rsrp sinr best_server; do
	{ gdal_translate -q -of ENVI "pred/$f.tif" "$T/a.envi" >/dev/null 2>&1 &&
		gdal_translate -q -of ENVI "$T/pred-src/$f.tif" "$T/b.envi" >/dev/null 2>&1 &&
		cmp -s "$T/a.envi" "$T/b.envi"; } || fail "$f.tif differs from the source tree's run"
done
# A copy away from its data: names every place it looked, the compiled-in
# directory last; RFPLAN_DATA_DIR then finds the table.
mkdir -p "$T/moved/bin"
cp "$BIN" "$T/moved/bin/rfplan"
if [ ! -e "$datadir/clutter/generic.csv" ]; then
	run env -u RFPLAN_DATA_DIR "$T/moved/bin/rfplan" import --dem "$S/dem_mga48.tif" \
		--clutter "$S/clutter_mga48.tif" --clutter-classes generic -o ws2
	expect_rc 1
	expect_err "option --clutter-classes: 'generic'"
	expect_err "looked for $T/moved/share/rfplan/clutter/generic.csv, $datadir/clutter/generic.csv;"
	expect_no_file ws2
fi
run env RFPLAN_DATA_DIR="$D$datadir" "$T/moved/bin/rfplan" import -q --dem "$S/dem_mga48.tif" \
	--clutter "$S/clutter_mga48.tif" --clutter-classes generic -o ws3
expect_rc 0
grep -q "\"path\": \"$D$datadir/clutter/generic.csv\"" ws3/manifest.json ||
	fail "RFPLAN_DATA_DIR: manifest.json's class table is not in $D$datadir"
cd "$T" || exit 1
end

begin "install: every man page renders and lists every option its --help lists"
if command -v man >/dev/null 2>&1; then
	render() { LC_ALL=C MANWIDTH=200 MANPAGER=cat man -l "$1"; }
elif command -v groff >/dev/null 2>&1; then
	render() { LC_ALL=C groff -man -Tascii -P-cbou "$1"; }
else
	render() { return 1; }
	fail "neither man nor groff is installed (scripts/install-deps.sh test: man-db, groff-base)"
fi
for c in $commands help; do
	page="$MAN/rfplan-$c.1"
	render "$page" >"$T/page" 2>"$T/page.err" || { fail "rfplan-$c.1 does not render: $(head -c 200 "$T/page.err")"; continue; }
	{ grep -q "^NAME" "$T/page" && grep -q "rfplan-$c - " "$T/page"; } || fail "rfplan-$c.1: no NAME rfplan-$c - ..."
	"$BIN" "$c" --help >"$T/help" || fail "rfplan $c --help failed"
	# Every option word the help text lists (--long and -x) is in the page ...
	opts=$(sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z0-9-]*\).*/\1 \2/p' "$T/help" | tr -d ',')
	[ -n "$opts" ] || fail "rfplan $c --help lists no options"
	# ... in its OPTIONS section.
	sed -n '/^OPTIONS/,/^SEE ALSO/p' "$T/page" >"$T/options"
	# shellcheck disable=SC2086
	lacks=$(missing "$T/options" $opts)
	[ -z "$lacks" ] || fail "rfplan-$c.1 lacks $lacks"
done
render "$MAN/rfplan.1" >"$T/page" 2>"$T/page.err" || fail "rfplan.1 does not render"
for c in $commands help; do
	grep -q "rfplan-$c(1)" "$T/page" || fail "rfplan.1 does not point to rfplan-$c(1)"
done
grep -q "$datadir" "$T/page" || fail "rfplan.1 does not name the data directory $datadir"
end

begin "install: every man page renders without a troff warning (groff -ww; man --warnings at 80 and 60 columns)"
# troff's "can't break line" and the like go to stderr; -z: no output.
if command -v groff >/dev/null 2>&1; then
	for page in "$MAN"/rfplan*.1; do
		for ll in "" -rLL=80n -rLL=60n; do
			# shellcheck disable=SC2086
			LC_ALL=C groff -ww -man -z $ll "$page" 2>"$T/warn"
			[ -s "$T/warn" ] && fail "${page##*/} ${ll:-(default width)}: $(head -c 200 "$T/warn")"
		done
		if command -v man >/dev/null 2>&1; then
			LC_ALL=C MANWIDTH=80 man --warnings -l "$page" 2>"$T/warn" >/dev/null
			[ -s "$T/warn" ] && fail "man --warnings ${page##*/}: $(head -c 200 "$T/warn")"
		fi
	done
else
	fail "groff is not installed (scripts/install-deps.sh test: groff-base)"
fi
end

begin "install: the bash completion offers every command and every option"
if command -v bash >/dev/null 2>&1; then
	# complete WORD...: what the script offers for the last word.
	complete_words() {
		bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _rfplan
			printf "%s\n" "${COMPREPLY[@]}"' sh "$COMP" "$@"
	}
	complete_words rfplan "" >"$T/words"
	for c in $commands help; do
		grep -qx "$c" "$T/words" || fail "rfplan <TAB> does not offer $c"
	done
	complete_words rfplan pr >"$T/words"
	[ "$(sort "$T/words" | tr '\n' ' ')" = "predict profile " ] ||
		fail "rfplan pr<TAB> offers '$(tr '\n' ' ' <"$T/words")', want predict profile"
	for c in $commands; do
		complete_words rfplan "$c" -- >"$T/words"
		# shellcheck disable=SC2046
		lacks=$(missing "$T/words" $("$BIN" "$c" --help |
			sed -n 's/^  \(-[a-z], \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p'))
		[ -z "$lacks" ] || fail "rfplan $c --<TAB> does not offer $lacks"
	done
	complete_words rfplan predict --rad >"$T/words"
	[ "$(cat "$T/words")" = "--radius" ] || fail "rfplan predict --rad<TAB> offers '$(cat "$T/words")'"
	bash -c '. "$1"; complete -p rfplan' sh "$COMP" 2>&1 | grep -q -- "-F _rfplan rfplan" ||
		fail "the script does not register _rfplan for rfplan"
else
	fail "bash is not installed"
fi
end

begin "install: make uninstall removes exactly what make install put"
run make -s -C "$ROOT" uninstall BUILD="$BUILD" PREFIX="$prefix" DATADIR="$datadir" DESTDIR="$D"
expect_rc 0
left=$(cd "$D" && find . -mindepth 1 | sort | tr '\n' ' ')
want=$(printf '%s\n' . ".$prefix" ".$prefix/share" ".$prefix/share/man" \
	".$prefix/share/man/man1" ".$prefix/share/man/man1/other.1" |
	awk -F/ '{ p = ""; for (i = 2; i <= NF; i++) { p = p "/" $i; print "." p } }' |
	sort -u | tr '\n' ' ')
[ "$left" = "$want" ] || fail "left after uninstall: '$left', want '$want'"
run make -s -C "$ROOT" uninstall BUILD="$BUILD" PREFIX="$prefix" DATADIR="$datadir" DESTDIR="$D"
expect_rc 2
expect_err "not installed"
end
