#!/bin/sh
# The real-client check on real predict output (issue 4, "The real-client
# check"): rfplan import + predict on the bundled sample (samples/island,
# radius 2 km so it takes seconds), then QGIS itself (python3-qgis, offscreen,
# scripts/qgis_check.py) opens rsrp.tif, sinr.tif, rsrq.tif, overlap.tif and
# best_server.tif, and the service maps of doc/lte.md (cqi, throughput_dl_mbps,
# ul_sinr, throughput_ul_mbps, ul_limited, coverage_probability): each a valid
# layer in EPSG:4326 whose .qml applies with the right renderer, and the
# rendered rsrp / best-server / CQI / limiting-link images have the
# documented colour at pixels whose value is read here with gdallocationinfo.
#
# Expected colours (doc/outputs.md, "Colour classes"; a class includes its
# lower edge):
#   >= -80 dBm #1a9641, -90..-80 #a6d96a, -100..-90 #ffff00,
#   -110..-100 #fdae61, -120..-110 #d7191c, below -120 and nodata: not drawn;
#   best server index 0 #f25555, 1 #43bf67, 2 #b155f2 (golden-angle palette);
#   CQI 15 #1a9641 (top of the ramp), CQI 1 #d7191c (bottom), CQI 0 grey
#   #808080; ul_limited 0 (downlink) #1a9641, 1 #fdae61, 2 (uplink misses its target)
#   #d7191c (doc/lte.md, "Service maps").
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/e2e_lib.sh"
# 3 cases here + the checks of qgis_check.py: 11 layers x (opens, CRS,
# style, renderer) = 44; 9 legend entries (rsrp 2, sinr, best_server, cqi 2,
# throughput_dl_mbps, ul_limited, coverage_probability); 7 RSRP probes (6
# classes + nodata), 3 best-server, 3 CQI and 3 limiting-link probes = 16
plan 72
need_rfplan

PY=/usr/bin/python3
CHECK="$ROOT/scripts/qgis_check.py"
S="$ROOT/samples/island"

begin "qgis predict: sample imported and predicted"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws" -q
expect_rc 0
run "$RFPLAN" predict "$T/ws" --model itm --radius 2 -o "$T/pred" -q --shadowing-sigma-db 8
expect_rc 0
for f in rsrp sinr rsrq overlap best_server cqi throughput_dl_mbps ul_sinr throughput_ul_mbps \
	ul_limited coverage_probability; do
	expect_file "$T/pred/$f.tif"
	expect_file "$T/pred/$f.qml"
done
end
if [ ! -s "$T/pred/rsrp.tif" ]; then
	fail_rest "set-up: no predict output to render"
	exit 0
fi

# python3-qgis is in scripts/install-deps.sh's test set: in CI its absence
# is a failure, elsewhere a skip that says how to install it.
if [ ! -x "$PY" ] || ! "$PY" -c 'import qgis.core' 2>/dev/null; then
	skip_tool_rest "QGIS Python bindings not importable (python3-qgis)"
	exit 0
fi
if ! why=$(need_tools gdal_translate gdallocationinfo); then
	skip_tool_rest "$why (gdal-bin)"
	exit 0
fi

# rsrp_colour VALUE: the documented class colour (header)
rsrp_colour() {
	awk -v v="$1" 'BEGIN {
		if (v == -9999 || v < -120) c = "#00000000"
		else if (v >= -80) c = "#1a9641"; else if (v >= -90) c = "#a6d96a"
		else if (v >= -100) c = "#ffff00"; else if (v >= -110) c = "#fdae61"
		else c = "#d7191c"
		print c }'
}

begin "qgis predict: probe pixels of every RSRP class and best-server index"
# one pixel per RSRP class at least 1 dB from the class's edges, one nodata
# pixel, one pixel per best-server index 0..2 (the first in row order)
gdal_translate -q -of XYZ "$T/pred/rsrp.tif" /vsistdout/ |
	awk 'function cls(v) { return v == -9999 ? "nd" : v >= -80 ? 0 : v >= -90 ? 1 : v >= -100 ? 2 : v >= -110 ? 3 : v >= -120 ? 4 : 5 }
		function edgy(v,   e, i, n) { n = split("-80 -90 -100 -110 -120", e, " ")
			for (i = 1; i <= n; i++) if (v - e[i] < 1 && e[i] - v < 1) return 1; return 0 }
		{ c = cls($3) } !(c in seen) && !edgy($3) { seen[c] = 1; print $1, $2 }' >"$T/rsrp.pts"
gdal_translate -q -of XYZ "$T/pred/best_server.tif" /vsistdout/ |
	awk '$3 <= 2 && !($3 in seen) { seen[$3] = 1; print $1, $2 }' >"$T/bs.pts"
[ "$(wc -l <"$T/rsrp.pts")" -ge 7 ] || fail "found only $(wc -l <"$T/rsrp.pts") of 7 RSRP probe classes"
[ "$(wc -l <"$T/bs.pts")" = 3 ] || fail "found only $(wc -l <"$T/bs.pts") of 3 best-server indices"
set --
values_at "$T/pred/rsrp.tif" <"$T/rsrp.pts" >"$T/rsrp.v"
paste -d' ' "$T/rsrp.pts" "$T/rsrp.v" >"$T/rsrp.val"
while read -r lon lat v; do
	set -- "$@" --probe "rsrp.tif:$lon,$lat:$(rsrp_colour "$v")"
done <"$T/rsrp.val"
values_at "$T/pred/best_server.tif" <"$T/bs.pts" >"$T/bs.v"
paste -d' ' "$T/bs.pts" "$T/bs.v" >"$T/bs.val"
while read -r lon lat v; do
	case "$v" in 0) c='#f25555' ;; 1) c='#43bf67' ;; 2) c='#b155f2' ;; *) c=bad; fail "best server $v at $lon,$lat" ;; esac
	set -- "$@" --probe "best_server.tif:$lon,$lat:$c"
done <"$T/bs.val"
end

begin "qgis predict: probe pixels of CQI 15, 1, 0 and of each limiting link"
for spec in "cqi.tif 15 #1a9641" "cqi.tif 1 #d7191c" "cqi.tif 0 #808080" \
	"ul_limited.tif 0 #1a9641" "ul_limited.tif 1 #fdae61" "ul_limited.tif 2 #d7191c"; do
	f=${spec%% *} c=${spec##* } want=${spec#* }
	want=${want%% *}
	# QGIS fits the non-square pixels to its output image, which can move a
	# probe by a fraction of a pixel: probe a pixel whose 3 x 3 block has
	# the value (the first pixel of it when there is none)
	width=$(gdalinfo "$T/pred/$f" | sed -n 's/^Size is \([0-9]*\),.*/\1/p')
	pt=$(gdal_translate -q -of XYZ "$T/pred/$f" /vsistdout/ | awk -v w="$want" -v W="$width" '
		{ v[NR] = $3; p[NR] = sprintf("%.9f,%.9f", $1, $2); if (!first && $3 == w) first = NR }
		END { for (i = W + 2; i <= NR - W - 1; i++) {
				ok = 1
				for (d = -1; d <= 1; d++)
					if (v[i + d] != w || v[i - W + d] != w || v[i + W + d] != w) ok = 0
				if (ok) { print p[i]; exit }
			}
			if (first) print p[first] }')
	if [ -z "$pt" ]; then
		fail "no pixel of value $want in $f"
		continue
	fi
	set -- "$@" --probe "$f:$pt:$c"
done
end

QT_QPA_PLATFORM=offscreen "$PY" "$CHECK" "$T/pred" \
	rsrp.tif=singlebandpseudocolor sinr.tif=singlebandpseudocolor \
	rsrq.tif=singlebandpseudocolor overlap.tif=singlebandpseudocolor \
	best_server.tif=paletted \
	cqi.tif=singlebandpseudocolor throughput_dl_mbps.tif=singlebandpseudocolor \
	ul_sinr.tif=singlebandpseudocolor throughput_ul_mbps.tif=singlebandpseudocolor \
	ul_limited.tif=singlebandpseudocolor coverage_probability.tif=singlebandpseudocolor \
	--legend "cqi.tif:CQI 15 (64QAM)" --legend "cqi.tif:CQI 0 (out of range)" \
	--legend "throughput_dl_mbps.tif:>= 50 Mbps" --legend "ul_limited.tif:uplink misses its target" \
	--legend "coverage_probability.tif:>= 95 %" \
	--legend "rsrp.tif:>= -80 dBm" --legend "rsrp.tif:-120 to -110 dBm" \
	--legend "sinr.tif:>= 20 dB" --legend "best_server.tif:9000101/1" \
	"$@" >"$T/qgis.out" 2>"$T/qgis.err"
rc=$?
if [ "$rc" = 77 ]; then
	skip_tool_rest "$(head -c 300 "$T/qgis.out")"
	exit 0
fi
sed 's/^\(ok\|FAIL\) /\1 qgis predict: /' "$T/qgis.out"
if [ "$rc" != 0 ] && ! grep -q '^FAIL ' "$T/qgis.out"; then
	echo "FAIL qgis predict: qgis_check.py exit status $rc ($(head -c 300 "$T/qgis.err"))"
fi
exit 0
