#!/bin/sh
# make install / make uninstall (doc/install.md).
#   scripts/install.sh install   BUILD=build DESTDIR= BINDIR= DATADIR= MANDIR= BASHCOMPDIR= DOCDIR=
#   scripts/install.sh uninstall DESTDIR= DATADIR= DOCDIR=
# install copies build/rfplan, data/ (to DATADIR), the QGIS plugin
# scripts/qgis/rfplan (to DATADIR/qgis/rfplan: QGIS_PLUGINPATH=DATADIR/qgis,
# doc/qgis.md), doc/ (to DOCDIR), the man pages and the bash completion made
# by `make man`, and lists in
# DATADIR/installed-files every file it installed and every directory it had
# to create (paths without DESTDIR); uninstall removes exactly those
# (directories only when empty), DATADIR and DOCDIR.
set -eu

: "${DESTDIR:=}"
case "${DATADIR:-}" in
*/rfplan | */rfplan/) ;;
*) echo "install.sh: DATADIR '${DATADIR:-}' does not end in /rfplan: refusing to install or remove it" >&2; exit 2 ;;
esac
case "${DOCDIR:-}" in
*/rfplan | */rfplan/) ;;
*) echo "install.sh: DOCDIR '${DOCDIR:-}' does not end in /rfplan: refusing to install or remove it" >&2; exit 2 ;;
esac
list="$DESTDIR$DATADIR/installed-files"

case "${1:-}" in
install)
	: "${BUILD:?}" "${BINDIR:?}" "${DATADIR:?}" "${MANDIR:?}" "${BASHCOMPDIR:?}"
	{ [ -x "$BUILD/rfplan" ] && [ -f "$BUILD/man/rfplan.1" ]; } ||
		{ echo "install.sh: run 'make man' first ($BUILD/rfplan, $BUILD/man)" >&2; exit 1; }
	# The directories that do not exist yet (ancestors included).
	created=$(for d in "$BINDIR" "$DATADIR" "$DOCDIR" "$MANDIR/man1" "$BASHCOMPDIR"; do
		while [ "$d" != / ] && [ "$d" != . ] && [ ! -d "$DESTDIR$d" ]; do
			echo "$d"
			d=$(dirname "$d")
		done
	done | sort -u)
	if [ -f "$list" ]; then
		# Re-install over an earlier install: keep its list of created directories.
		created=$(printf '%s\n%s\n' "$created" "$(sed -n 's/^dir //p' "$list")" | sed '/^$/d' | sort -u)
	fi
	# DATADIR and DOCDIR are rfplan's own: an earlier install's files go.
	rm -rf "$DESTDIR$DATADIR" "$DESTDIR$DOCDIR"
	install -d "$DESTDIR$BINDIR" "$DESTDIR$DATADIR" "$DESTDIR$DOCDIR" "$DESTDIR$MANDIR/man1" \
		"$DESTDIR$BASHCOMPDIR"
	install -m 755 "$BUILD/rfplan" "$DESTDIR$BINDIR/rfplan"
	(cd data && find . -type d) | while read -r d; do install -d "$DESTDIR$DATADIR/$d"; done
	(cd data && find . -type f) | while read -r f; do install -m 644 "data/$f" "$DESTDIR$DATADIR/$f"; done
	install -d "$DESTDIR$DATADIR/qgis/rfplan"
	for f in scripts/qgis/rfplan/*.py scripts/qgis/rfplan/metadata.txt scripts/qgis/rfplan/*.png; do
		install -m 644 "$f" "$DESTDIR$DATADIR/qgis/rfplan/"
	done
	(cd doc && find . -type d) | while read -r d; do install -d "$DESTDIR$DOCDIR/$d"; done
	(cd doc && find . -type f) | while read -r f; do install -m 644 "doc/$f" "$DESTDIR$DOCDIR/$f"; done
	for f in "$BUILD"/man/*.1; do
		install -m 644 "$f" "$DESTDIR$MANDIR/man1/"
	done
	install -m 644 "$BUILD/man/rfplan.bash-completion" "$DESTDIR$BASHCOMPDIR/rfplan"
	{
		echo "file $BINDIR/rfplan"
		echo "file $BASHCOMPDIR/rfplan"
		for f in "$BUILD"/man/*.1; do echo "file $MANDIR/man1/${f##*/}"; done
		for d in $created; do echo "dir $d"; done
	} >"$list.tmp"
	mv "$list.tmp" "$list"
	echo "installed rfplan in $DESTDIR${BINDIR%/bin} (data files: $DATADIR, documentation: $DOCDIR," \
		"QGIS plugin: QGIS_PLUGINPATH=$DATADIR/qgis)"
	;;
uninstall)
	: "${DATADIR:?}" "${DOCDIR:?}"
	[ -f "$list" ] || { echo "install.sh: $list not found: rfplan is not installed there" >&2; exit 1; }
	sed -n 's/^file //p' "$list" | while read -r f; do rm -f "$DESTDIR$f"; done
	dirs=$(sed -n 's/^dir //p' "$list" | sort -r)
	rm -rf "$DESTDIR$DATADIR" "$DESTDIR$DOCDIR"
	# Deepest first; a directory something else now uses stays.
	for d in $dirs; do
		if [ -d "$DESTDIR$d" ]; then rmdir "$DESTDIR$d" 2>/dev/null || true; fi
	done
	echo "removed rfplan (data files: $DATADIR, documentation: $DOCDIR)"
	;;
*)
	echo "usage: scripts/install.sh install|uninstall (run by make install / make uninstall)" >&2
	exit 2
	;;
esac
