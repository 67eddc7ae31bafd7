#!/bin/sh
# project.qgs in real QGIS (issue 14, part 1): rfplan import + predict on
# the bundled sample (Hata over 3 km, seconds), then QGIS itself
# (python3-qgis, offscreen, scripts/qgis_project_check.py) reads the
# project: it loads, every layer is valid, the layers are exactly the maps
# written plus the coverage.gpkg layers and the hillshade, the groups come
# in the documented order, sites and sectors are labelled, and a render of
# the whole project (QgsMapRendererParallelJob, labels included) shows
#   - the documented RSRP class colour (doc/outputs.md; rsrp.tif is the
#     top visible raster and opaque) at one pixel per class, whose value is
#     read here with gdallocationinfo, away from the sector wedges and labels;
#   - grey terrain (the hillshade) where rsrp.tif has no data;
#   - a site marker (white, black outline) at each site of sites.csv, read
#     with OGR's CSV driver.
# Class colours: >= -80 #1a9641, -90..-80 #a6d96a, -100..-90 #ffff00,
# -110..-100 #fdae61, -120..-110 #d7191c.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/e2e_lib.sh"
plan 3

PY=/usr/bin/python3
CHECK="$ROOT/scripts/qgis_project_check.py"
S="$ROOT/samples/island"

begin "qgis project: predict writes project.qgs with relative paths"
run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws"
expect_rc 0
run "$RFPLAN" predict "$T/ws" --model hata --env suburban --radius 3 -q -o "$T/pred"
expect_rc 0
expect_file "$T/pred/project.qgs"
grep -q '<datasource>./rsrp.tif</datasource>' "$T/pred/project.qgs" ||
	fail "project.qgs lacks the relative datasource ./rsrp.tif"
grep -q "$T" "$T/pred/project.qgs" && fail "project.qgs holds an absolute path"
end

if [ ! -s "$T/pred/project.qgs" ]; then
	skip "qgis project: layers" "no project.qgs"
	skip "qgis project: render" "no project.qgs"
	exit 0
fi
if [ ! -x "$PY" ] || ! "$PY" -c 'import qgis.core' 2>/dev/null; then
	skip "qgis project: layers" "QGIS Python bindings not installed (apt-get install python3-qgis)"
	skip "qgis project: render" "QGIS Python bindings not installed"
	exit 0
fi

begin "qgis project: probe pixels chosen with GDAL/OGR tools"
set --
if ! why=$(need_tools gdal_translate gdallocationinfo ogr2ogr); then
	fail "$why (gdal-bin)"
else
	ogr2ogr -f CSV /vsistdout/ "$T/ws/sites.csv" -sql \
		"SELECT lon_deg, lat_deg FROM sites" 2>/dev/null | tail -n +2 | tr -d '"' |
		tr ',' ' ' >"$T/sites.txt"
	[ "$(wc -l <"$T/sites.txt")" = 5 ] || fail "sites.csv: $(wc -l <"$T/sites.txt") sites, want 5"
	# Away from every site by 0.008 deg (the wedges reach 8 % of the map's
	# side, about 0.005 deg here) and outside the label band (0.006 deg
	# above and below a site, 0.06 deg either side).
	gdal_translate -q -of XYZ "$T/pred/rsrp.tif" /vsistdout/ | awk -v sites="$T/sites.txt" '
		BEGIN { while ((getline l < sites) > 0) { split(l, p, " "); n++; sx[n] = p[1]; sy[n] = p[2] } }
		function cls(v) { return v == -9999 ? "nd" : v >= -80 ? 0 : v >= -90 ? 1 : v >= -100 ? 2 : v >= -110 ? 3 : v >= -120 ? 4 : 5 }
		function edgy(v,   e, i, k) { k = split("-80 -90 -100 -110 -120", e, " ")
			for (i = 1; i <= k; i++) if (v - e[i] < 1 && e[i] - v < 1) return 1; return 0 }
		function clear(x, y,   i, dx, dy) { for (i = 1; i <= n; i++) { dx = x - sx[i]; dy = y - sy[i]
				if (dx * dx + dy * dy < 0.008 * 0.008) return 0
				if (dy < 0.006 && dy > -0.006 && dx < 0.06 && dx > -0.06) return 0 }
			return 1 }
		{ c = cls($3) } c != 5 && !(c in seen) && !edgy($3) && clear($1, $2) { seen[c] = 1; print $1, $2, c }' \
		>"$T/probes.txt"
	while read -r lon lat c; do
		case "$c" in
		0) set -- "$@" --probe "$lon,$lat:#1a9641" ;;
		1) set -- "$@" --probe "$lon,$lat:#a6d96a" ;;
		2) set -- "$@" --probe "$lon,$lat:#ffff00" ;;
		3) set -- "$@" --probe "$lon,$lat:#fdae61" ;;
		4) set -- "$@" --probe "$lon,$lat:#d7191c" ;;
		nd)	hs=$(echo "$lon $lat" | values_at "$T/pred/hillshade.tif")
			[ "$hs" -gt 0 ] 2>/dev/null && set -- "$@" --grey "$lon,$lat" ;;
		esac
	done <"$T/probes.txt"
	while read -r lon lat; do
		set -- "$@" --marker "$lon,$lat"
	done <"$T/sites.txt"
	n=$(grep -c -- '--probe' <<EOP
$(printf '%s\n' "$@")
EOP
)
	[ "$n" -ge 4 ] || fail "only $n RSRP classes found away from the sites"
	printf '%s\n' "$@" | grep -q -- '--grey' || fail "no nodata pixel on the terrain found"
fi
end

# predict's default maps (doc/engine.md) include the service maps of
# doc/lte.md (coverage_probability only with --shadowing-sigma-db)
layers=sites,cells,rsrp_classes,best_server,rsrp.tif,sinr.tif,rsrq.tif,overlap.tif
layers=$layers,best_server.tif,hillshade.tif
layers=$layers,cqi.tif,pdsch_sinr.tif,throughput_dl_mbps.tif,throughput_ul_mbps.tif,ul_sinr.tif
layers=$layers,ul_rbs.tif,ul_limited.tif
QT_QPA_PLATFORM=offscreen "$PY" "$CHECK" "$T/pred/project.qgs" --layers "$layers" \
	--groups Sites,Service,Quality,Coverage,Terrain --labels sites,cells --size 1204,1072 \
	--png "${RFPLAN_KEEP_PNG:-$T/render.png}" "$@" >"$T/qgis.out" 2>"$T/qgis.err"
rc=$?
begin "qgis project: QGIS loads every layer and renders the documented colours"
[ "$rc" = 0 ] || fail "$(grep '^FAIL' "$T/qgis.out" | head -3 | tr '\n' ' ') $(head -c 200 "$T/qgis.err")"
grep -q '^ok render: site marker' "$T/qgis.out" || fail "no marker checked"
grep -q '^ok render: colour' "$T/qgis.out" || fail "no colour checked"
end
sed 's/^/# /' "$T/qgis.out"
