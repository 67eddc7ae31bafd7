#!/bin/sh
# coverage.gpkg (issue 14, part 2) read back with OGR's own tool ogrinfo:
# layer names and feature counts (5 sites in samples/island/sites_acma.csv,
# 9 cells in its cells.csv, 5 RSRP classes, one best-server feature per
# serving cell, 4 styles), every sites.csv / cells.csv column as an
# attribute with the file's values, the sector wedges' beamwidth (the
# sample's antenna is a 65 deg panel), each class's area_km2 against
# SpatiaLite's ellipsoidal ST_Area of its polygons (independent of rfplan),
# and the areas summing to the predicted areas of stats.csv.
. "$(dirname "$0")/lib.sh"
plan 5

S="$ROOT/samples/island"
G="$T/pred/coverage.gpkg"
run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws"
run "$RFPLAN" predict "$T/ws" --model hata --env suburban --radius 3 -q -o "$T/pred"
# sql QUERY: ogrinfo's SQLite dialect, values only ("name (Type) = value")
sql() { ogrinfo -q -dialect SQLite -sql "$1" "$G" 2>/dev/null | sed -n 's/^  .* ([A-Za-z0-9]*) = //p'; }
count() { ogrinfo -so "$G" "$1" 2>/dev/null | sed -n 's/^Feature Count: //p'; }

begin "gpkg: layers and feature counts"
expect_rc 0
if ! command -v ogrinfo >/dev/null 2>&1; then
	fail "ogrinfo not installed (gdal-bin)"
else
	for want in sites:5 cells:9 rsrp_classes:5 layer_styles:4; do
		got=$(count "${want%%:*}")
		[ "$got" = "${want#*:}" ] || fail "${want%%:*}: $got features, want ${want#*:}"
	done
	# one best-server feature per index present in best_server.tif
	served=$(gdal_translate -q -of XYZ "$T/pred/best_server.tif" /vsistdout/ |
		awk '$3 != 65535 { s[$3] = 1 } END { print length(s) }')
	[ "$(count best_server)" = "$served" ] || fail "best_server: $(count best_server) features, $served cells serve"
	ogrinfo -so "$G" sites | grep -q '^Geometry: Point' || fail "sites are not points"
	ogrinfo -so "$G" cells | grep -q '^Geometry: Polygon' || fail "cells are not polygons"
fi
end

begin "gpkg: every sites.csv and cells.csv column is an attribute"
for col in $(head -1 "$T/ws/sites.csv" | tr ',' ' '); do
	[ "$col" = lat_deg ] || [ "$col" = lon_deg ] || [ "$col" = altitude_given ] ||
		[ "$col" = source_line ] || [ "$col" = site_id ] || [ "$col" = name ] ||
		[ "$col" = altitude_m ] || fail "unexpected sites.csv column $col"
	ogrinfo -so "$G" sites | grep -q "^$col: " || fail "sites lacks $col"
done
for col in $(head -1 "$S/cells.csv" | tr ',' ' '); do
	ogrinfo -so "$G" cells | grep -q "^$col: " || fail "cells lacks $col"
done
# values from the files: 9000102's name; cell 9000101/2 azimuth 150, PCI 102
[ "$(sql "SELECT name FROM sites WHERE site_id = '9000102'")" = "Murray Hill Communications Tower" ] ||
	fail "site 9000102's name: $(sql "SELECT name FROM sites WHERE site_id = '9000102'")"
[ "$(sql "SELECT pci FROM cells WHERE site_id = '9000101' AND cell_id = '2'")" = 102 ] ||
	fail "cell 9000101/2: pci $(sql "SELECT pci FROM cells WHERE site_id = '9000101' AND cell_id = '2'")"
az=$(sql "SELECT azimuth_deg FROM cells WHERE site_id = '9000101' AND cell_id = '2'")
near "$az" 150 0 "azimuth of 9000101/2"
end

begin "gpkg: sector wedges span the antenna's 65 deg half-power beamwidth"
bw=$(sql "SELECT beamwidth_deg FROM cells WHERE site_id = '9000101' AND cell_id = '1'")
near "$bw" 65 2 "beamwidth of sector65_1800.msi"
# the wedge's vertex at the site, arc facing azimuth 30 deg: its centroid
# lies north-east of the site
dx=$(sql "SELECT ST_X(ST_Centroid(c.geom)) - s.lon_deg FROM cells c JOIN sites s ON c.site_id = s.site_id WHERE c.site_id = '9000101' AND c.cell_id = '1'")
dy=$(sql "SELECT ST_Y(ST_Centroid(c.geom)) - s.lat_deg FROM cells c JOIN sites s ON c.site_id = s.site_id WHERE c.site_id = '9000101' AND c.cell_id = '1'")
awk -v x="$dx" -v y="$dy" 'BEGIN { a = atan2(x, y) * 45 / atan2(1, 1); exit !(x > 0 && y > 0 && a > 25 && a < 35) }' ||
	fail "wedge centroid direction dx=$dx dy=$dy, want azimuth 30 deg"
end

begin "gpkg: class areas equal SpatiaLite's ellipsoidal areas of the polygons"
sql "SELECT area_km2, ST_Area(geom, 1) / 1e6 FROM rsrp_classes" | paste - - >"$T/areas"
[ "$(wc -l <"$T/areas")" = 5 ] || fail "$(wc -l <"$T/areas") areas read (SpatiaLite missing?)"
while read -r a b; do
	near "$a" "$b" 1e-6 "area_km2 vs ST_Area"
done <"$T/areas"
end

begin "gpkg: areas sum to the predicted areas (stats.csv)"
classes=$(sql "SELECT SUM(area_km2) FROM rsrp_classes")
want=$(awk -F, '$1 == "\"total\"" && $2 == "rsrp_dbm" && $4 != "" { s += $6 } END { print s }' "$T/pred/stats.csv")
near "$classes" "$want" 1e-4 "sum of rsrp_classes area_km2"
served=$(sql "SELECT SUM(area_km2) FROM best_server")
want=$(awk -F, '$1 == "\"total\"" && $2 == "computed" { print $6 }' "$T/pred/stats.csv")
near "$served" "$want" 1e-4 "sum of best_server area_km2"
sql "SELECT f_table_name, useAsDefault FROM layer_styles" | paste -sd' ' >"$T/styles"
[ "$(cat "$T/styles")" = "sites 1 cells 1 rsrp_classes 1 best_server 1" ] ||
	fail "layer_styles: $(cat "$T/styles")"
end
