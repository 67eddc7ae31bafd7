#!/bin/sh
# Run the end-to-end commands (import + info + predict + profile + a failing
# predict, on samples/island with a small radius) under
#   valgrind --leak-check=full --error-exitcode=1
# and report each.  Exit 0 when every command is free of memory errors and
# definite/indirect leaks, 1 otherwise.
#
#   BUILD=build scripts/valgrind-check.sh        (uses $BUILD/rfplan)
#
# Suppressions (scripts/valgrind.supp): none are needed for rfplan's own
# code.  OpenMP's thread pool (libgomp) keeps its per-thread structures until
# exit, which valgrind reports as "possibly lost"; GDAL/PROJ keep one-time
# caches ("still reachable").  Only "definitely" and "indirectly" lost count
# as leaks here (--errors-for-leak-kinds=definite,indirect).
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
R="$BUILD/rfplan"
S=samples/island
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind-check.sh: valgrind not installed (apt-get install valgrind)" >&2
	exit 1
fi
[ -x "$R" ] || { echo "valgrind-check.sh: $R not built (make BUILD=$BUILD)" >&2; exit 1; }
T=$(mktemp -d "${TMPDIR:-/tmp}/rfplan-valgrind.XXXXXX")
trap 'rm -rf "$T"' EXIT
SUPP=""
[ -f scripts/valgrind.supp ] && SUPP="--suppressions=scripts/valgrind.supp"

status=0
# vg NAME WANT_STATUS CMD...: run CMD under valgrind; the command must exit
# WANT_STATUS and valgrind must find nothing.
vg() {
	name=$1 want=$2
	shift 2
	# shellcheck disable=SC2086
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 $SUPP \
		--log-file="$T/$name.vg" "$@" >"$T/$name.out" 2>"$T/$name.err"
	rc=$?
	if [ $rc -eq 99 ] || [ -s "$T/$name.vg" ]; then
		echo "valgrind $name: ERRORS" >&2
		head -60 "$T/$name.vg" >&2
		status=1
	elif [ $rc -ne "$want" ]; then
		echo "valgrind $name: exit status $rc, want $want: $(head -c 300 "$T/$name.err")" >&2
		status=1
	else
		echo "valgrind $name: clean" >&2
	fi
}

# OMP_NUM_THREADS=2: threads on, but few (valgrind serialises them anyway).
export OMP_NUM_THREADS=2
vg import 0 "$R" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws" -q
vg info 0 "$R" info "$T/ws"
vg predict 0 "$R" predict "$T/ws" --model itm --radius 1 -o "$T/p" -q
vg predict-hata 0 "$R" predict "$T/ws" --model hata --radius 1 --per-cell -o "$T/p2" -q
printf 'site_id,cell_id\nNOSUCH,1\n' >"$T/bad.csv"
vg predict-fail 1 "$R" predict "$T/ws" --cells "$T/bad.csv" --radius 1 -o "$T/p" --force -q
printf '4 100 10 12 15 11 9\n' >"$T/p.pfl"
vg profile 0 "$R" profile --pfl "$T/p.pfl" --freq-mhz 1800 --model itm --tx-height 30 \
	--rx-height 1.5
vg import-fail 1 "$R" import --dem "$S/clutter_classes.csv" -o "$T/ws2" -q
[ $status -eq 0 ] && echo "valgrind-check.sh: all clean" >&2
exit $status
