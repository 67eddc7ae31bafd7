#!/bin/sh
# Progress when stderr is not a terminal (a cluster or CI log): lines with
# the percentage done and an ETA, at most every RFPLAN_PROGRESS_INTERVAL_S
# seconds.  The interval is set to 0 here (a line at each new percentage),
# so the cases assert the lines without any timing.
. "$(dirname "$0")/lib.sh"
plan 4
need_rfplan
S="$ROOT/samples/island"

begin "import with stderr in a file prints percentage lines (RFPLAN_PROGRESS_INTERVAL_S=0)"
RFPLAN_PROGRESS_INTERVAL_S=0 run "$RFPLAN" import --dem "$S/dem_mga48.tif" \
	--clutter "$S/clutter_mga48.tif" --clutter-classes "$S/clutter_classes.csv" \
	--sites "$S/sites_acma.csv" -o "$T/ws"
expect_rc 0
expect_err "rfplan: warping DEM:  *[0-9]*% (ETA [0-9hms]*)$"
expect_err "rfplan: warping DEM: 100% (done in [0-9hms]*)$"
end

begin "predict with stderr in a file prints percentage lines with an ETA, rising, then 100%"
RFPLAN_PROGRESS_INTERVAL_S=0 run "$RFPLAN" predict "$T/ws" --model fspl --radius 2 -o "$T/p"
expect_rc 0
grep "rfplan: path loss: " "$T/err" > "$T/lines"
# no carriage return (the terminal's updating line) in a log file
if tr -d '\n' < "$T/err" | grep -q "$(printf '\r')"; then
	fail "a carriage return in stderr"
fi
# every line "NN% (ETA ...)" (no ETA below 1 %), percentages strictly
# increasing, the last "100% (done in ...)"; at least two ETAs before it
awk '{ sub(/^rfplan: path loss: */, "") }
	/^[0-9]+%( \(ETA [0-9hms]+\))?$/ { p = $1 + 0; if (p <= last && n) bad = 1
		last = p; n++; eta += /ETA/; next }
	/^100% \(done in [0-9hms]+\)$/ { done = NR; next }
	{ bad = 1 }
	END { exit !(eta >= 2 && !bad && done == NR) }' "$T/lines" ||
	fail "progress lines not as expected: $(head -c 300 "$T/lines")"
end

begin "predict -q prints no progress"
RFPLAN_PROGRESS_INTERVAL_S=0 run "$RFPLAN" predict "$T/ws" --model fspl --radius 2 \
	-o "$T/p" --force -q
expect_rc 0
if grep -q "path loss:" "$T/err"; then
	fail "progress printed under -q"
fi
end

begin "a bad RFPLAN_PROGRESS_INTERVAL_S is said, naming the variable and value"
RFPLAN_PROGRESS_INTERVAL_S=ten run "$RFPLAN" predict "$T/ws" --model fspl --radius 2 \
	-o "$T/p" --force -q
expect_rc 0
expect_err "RFPLAN_PROGRESS_INTERVAL_S='ten' is not a number of seconds"
end
