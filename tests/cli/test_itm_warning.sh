#!/bin/sh
# The distance-range warning of ITM (paths under 1 km near every site) is
# said once per run, and says what it means and what to do: the loss is
# extrapolated there, and P.1812 is the model valid from 0.25 km
# (doc/models.md, "Which model when").
. "$(dirname "$0")/lib.sh"
plan 2
need_rfplan
S="$ROOT/samples/island"

begin "predict: ITM's distance range said once for all cells, with what to do"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws" -q
[ "$rc" = 0 ] || fail "set-up: import failed: $(head -c 300 "$T/err")"
# 9 cells, every one with pixels under 1 km of its site
run "$RFPLAN" predict "$T/ws" --model itm --radius 2 -o "$T/p" -v
expect_rc 0
n=$(grep -c "distance range" "$T/err")
[ "$n" = 1 ] || fail "the distance range said $n times, want once"
expect_err "model itm: 9 of 9 cells (first 9000101/1) have paths outside ITM's distance range (1 to 2000 km"
expect_err "the loss there is extrapolated"
expect_err "use --model p1812 (valid from 0.25 km)"
if grep -q "shorter than 1 km" "$T/err"; then
	fail "ITM's own distance flag repeated beside the advice"
fi
end

begin "profile: one distance-range warning for a 300 m ITM path (not the flag and its mapping)"
run "$RFPLAN" profile "$T/ws" --site 9000102 --to -10.5100,105.6600 --freq-mhz 1800 --model itm
expect_rc 0
n=$(grep -c "warning:" "$T/err")
[ "$n" = 1 ] || fail "$n warnings, want 1: $(head -c 400 "$T/err")"
expect_err "the path is outside ITM's distance range"
expect_err "use --model p1812"
end
