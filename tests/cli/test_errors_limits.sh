#!/bin/sh
# Limits (doc/errors.md, "Limits"): an enormous --radius, a grid or a
# prediction over the memory limit (RFPLAN_MAX_MEMORY_MB), a million sites,
# 100 000 cells.  Big inputs are generated here with awk; reading them must
# stay linear (the cells reader once compared every cell with every other
# and every site: 100 000 cells took minutes).
. "$(dirname "$0")/lib.sh"
plan 10
need_rfplan

if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi

# 200 x 200 pixels of 0.0005 deg over 147.0..147.1 E, 42.0..42.1 S.
setup gdal_create -q -of GTiff -ot Float32 -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 100 "$T/flat.tif"
printf 'id,lat,lon\nA,-42.05,147.05\n' >"$T/sites.csv"
setup "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	-o "$T/ws" -q

begin "an enormous --radius (100000 km) is a usage error naming the range"
run "$RFPLAN" predict "$T/ws" --radius 100000 -o "$T/p"
expect_rc 2
expect_err "option --radius: 100000 is out of range \[0.01, 500\]"
nothing_written "$T/p"
end

begin "a prediction over RFPLAN_MAX_MEMORY_MB is refused before allocating"
# 1 cell, radius 8 km: the window covers the whole 200x200 DEM (0.1 deg is
# 8.3 km east-west and 11.1 km north-south, less than 2 x 8 km), so the maps alone take
# 200*200*20 B = 0.76 MiB and the terrain 204*204*6 B + 512 KiB = 0.74 MiB:
# more than 1 MiB.
RFPLAN_MAX_MEMORY_MB=1 run "$RFPLAN" predict "$T/ws" --radius 8 -o "$T/p" -q
expect_rc 1
expect_err "1 cells over a 200x200 grid would need about"
expect_err "the limit is 1 MiB (RFPLAN_MAX_MEMORY_MB)"
expect_err "use a smaller --radius or fewer cells"
nothing_written "$T/p"
RFPLAN_MAX_MEMORY_MB=200 run "$RFPLAN" predict "$T/ws" --radius 5 -o "$T/p" -q
expect_rc 0
expect_file "$T/p/rsrp.tif"
end

begin "a refused prediction quotes the memory estimate line's figure (maps and products included)"
# The refusal comes before the terrain is read, yet must quote the figure
# a user sees in predict's "memory estimate:" line (the same options, a
# limit that lets it run), not the engine's share alone.  A hand lower bound
# of that figure, products included (doc/errors.md, "Limits"): the process
# 58 MiB + the terrain 204*204*6 B + 2*65536*4 B = 0.74 MiB + the maps
# 200*200*20 B = 0.76 MiB + the report job's rsrp.png canvas, 1600 px wide
# and 1600 / cos(42.05 deg) = 2154.4 rows high (the 0.1 x 0.1 deg grid at
# its ground aspect), 1600 * (2154.4 + 1600) * 10 B = 57.29 MiB: 116.8 MiB,
# so at least 116; the engine alone is about 60.
RFPLAN_MAX_MEMORY_MB=1 run "$RFPLAN" predict "$T/ws" --radius 8 --threads 2 -o "$T/pe" -q
expect_rc 1
expect_err "the memory estimate: the process, the terrain, the cells' windows"
refused=$(sed -n 's/.*would need about \([0-9.]* [MG]iB\) of memory.*/\1/p' "$T/err")
nothing_written "$T/pe"
RFPLAN_MAX_MEMORY_MB=100000 run "$RFPLAN" predict "$T/ws" --radius 8 --threads 2 -o "$T/pe"
expect_rc 0
logged=$(sed -n 's/.*memory estimate: \([0-9.]* [MG]iB\) (.*/\1/p' "$T/err")
if [ -z "$refused" ] || [ "$refused" != "$logged" ]; then
	fail "the refusal quotes '$refused', the memory estimate line '$logged'"
fi
case $refused in
*MiB) awk -v v="${refused% MiB}" 'BEGIN { exit !(v >= 116) }' ||
	fail "refused with $refused, want >= 116 MiB (products included)" ;;
*) fail "refused with '$refused', want a figure in MiB" ;;
esac
end

begin "a malformed RFPLAN_MAX_MEMORY_MB is an error naming it"
RFPLAN_MAX_MEMORY_MB=lots run "$RFPLAN" predict "$T/ws" --radius 5 -o "$T/p2" -q
expect_rc 1
expect_err "RFPLAN_MAX_MEMORY_MB='lots' is not a number of MiB"
nothing_written "$T/p2"
end

begin "an import grid over the memory limit is refused before warping"
# --res 0.00001 deg over 0.1 x 0.1 deg: 10000 x 10000 pixels; Float32 DEM +
# UInt16 clutter = 6 B/px = 6e8 B = 572 MiB > 100 MiB.
RFPLAN_MAX_MEMORY_MB=100 run "$RFPLAN" import --dem "$T/flat.tif" --res 0.00001 -o "$T/big" -q
expect_rc 1
expect_err "the grid would be 10000 x 10000 pixels, needing about 572 MiB of memory"
expect_err "the limit is 100 MiB (RFPLAN_MAX_MEMORY_MB)"
nothing_written "$T/big"
end

begin "an import grid beyond 400 million pixels is refused whatever the memory"
run "$RFPLAN" import --dem "$T/flat.tif" --res 0.0000001 -o "$T/big" -q
expect_rc 1
expect_err "the grid would be 1000000 x 1000000 pixels"
nothing_written "$T/big"
end

# A million sites on a 1000 x 1000 lattice of 0.00009 deg inside the DEM
# (ids S0 .. S999999), about 30 MB.
awk 'BEGIN { print "id,lat,lon"
	for (i = 0; i < 1000000; i++)
		printf "S%d,%.5f,%.5f\n", i, -42.001 - (i % 1000) * 0.00009, 147.001 + int(i / 1000) * 0.00009 }' \
	>"$T/million.csv"
# 100 000 cells on sites S0, S10, ... S999990.
awk 'BEGIN { print "site_id,cell_id"; for (i = 0; i < 100000; i++) printf "S%d,1\n", i * 10 }' \
	>"$T/cells100k.csv"

begin "a million sites and 100 000 cells import (rows counted in the workspace)"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/million.csv" --sites-format generic \
	--cells "$T/cells100k.csv" -o "$T/wm" -q
expect_rc 0
n=$(wc -l <"$T/wm/sites.csv" 2>/dev/null)
[ "$n" = 1000001 ] || fail "workspace sites.csv has '$n' lines, want 1000001 (header + 1e6)"
n=$(wc -l <"$T/wm/cells.csv" 2>/dev/null)
[ "$n" = 100001 ] || fail "workspace cells.csv has '$n' lines, want 100001"
end

begin "100 000 cells: predict refuses them with the supported maximum"
run "$RFPLAN" predict "$T/wm" -o "$T/pm" -q
expect_rc 1
expect_err "100000 cells: at most 65534 are supported"
nothing_written "$T/pm"
end

begin "a million sites without a cells file: one default cell each, refused likewise"
rm -f "$T/wm/cells.csv"
run "$RFPLAN" predict "$T/wm" -o "$T/pm" -q
expect_rc 1
expect_err "1000000 cells: at most 65534 are supported"
nothing_written "$T/pm"
end

begin "a duplicate among 100 000 cells is found, naming both lines"
printf 'S0,1\n' >>"$T/cells100k.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/cells100k.csv" -o "$T/pm" -q
expect_rc 1
# The sites of ws are only A: the first row is already an unknown site.
expect_err "cells100k.csv:2: column site_id: unknown site 'S0'"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/million.csv" --sites-format generic \
	--cells "$T/cells100k.csv" -o "$T/wm2" -q
expect_rc 1
expect_err "cells100k.csv:100002: cell S0/1 already defined on line 2"
nothing_written "$T/wm2"
end
