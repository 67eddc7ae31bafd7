#!/bin/sh
# rfplan import --cells: antenna files named in cells.csv (relative to the
# CSV) are validated and copied into WORKDIR/antennas/, and the workspace's
# cells.csv points at the copies, so the workspace is self-contained.
. "$(dirname "$0")/lib.sh"
plan 3
need_rfplan
S="$ROOT/samples/island"

begin "antenna files are copied into the workspace and cells.csv rewritten"
mkdir -p "$T/in/ant"
cp "$S/dem_mga48.tif" "$S/sites_acma.csv" "$T/in/"
cp "$S/sector65_1800.msi" "$T/in/ant/"
sed 's#sector65_1800.msi#ant/sector65_1800.msi#' "$S/cells.csv" >"$T/in/cells.csv"
run "$RFPLAN" import --dem "$T/in/dem_mga48.tif" --sites "$T/in/sites_acma.csv" \
	--cells "$T/in/cells.csv" -o "$T/ws"
expect_rc 0
cmp -s "$T/in/ant/sector65_1800.msi" "$T/ws/antennas/sector65_1800.msi" ||
	fail "antenna file not copied to antennas/"
n=$(grep -c ',antennas/sector65_1800.msi,' "$T/ws/cells.csv")
[ "$n" = 6 ] || fail "cells.csv: $n rows name antennas/sector65_1800.msi, want 6"
rows_in=$(($(wc -l <"$T/in/cells.csv") - 1))
rows_ws=$(($(wc -l <"$T/ws/cells.csv") - 1))
[ "$rows_in" = "$rows_ws" ] || fail "cells.csv has $rows_ws rows, want $rows_in"
# The workspace works after the inputs are gone.
rm -rf "$T/in"
run "$RFPLAN" predict "$T/ws" --model fspl --radius 2 -o "$T/ws/predict" -q
expect_rc 0
expect_file "$T/ws/predict/rsrp.tif"
end

begin "a missing antenna file fails the import naming the CSV line"
mkdir -p "$T/in2"
cp "$S/dem_mga48.tif" "$S/sites_acma.csv" "$S/cells.csv" "$T/in2/"
run "$RFPLAN" import --dem "$T/in2/dem_mga48.tif" --sites "$T/in2/sites_acma.csv" \
	--cells "$T/in2/cells.csv" -o "$T/ws2"
expect_rc 1
expect_err "cells.csv:2: column antenna"
expect_err "sector65_1800.msi"
expect_no_file "$T/ws2"
end

begin "a malformed antenna file fails the import naming the CSV line"
mkdir -p "$T/in3"
cp "$S/dem_mga48.tif" "$S/sites_acma.csv" "$S/cells.csv" "$T/in3/"
printf 'NAME broken\nGAIN 10 dBi\nHORIZONTAL 360\n0 0\n' >"$T/in3/sector65_1800.msi"
run "$RFPLAN" import --dem "$T/in3/dem_mga48.tif" --sites "$T/in3/sites_acma.csv" \
	--cells "$T/in3/cells.csv" -o "$T/ws3"
expect_rc 1
expect_err "cells.csv:2: column antenna"
expect_no_file "$T/ws3"
end
