#!/bin/sh
# Inputs from others (doc/import.md "Inputs from others", doc/batch.md "File
# names", doc/errors.md "Inputs from others"): each attack is planted in a
# temporary directory and the test checks that it fails with a message
# naming the file and the option, and that nothing outside the output
# changed (a listing with sizes and SHA-256 before and after).
#   - a VRT whose raw raster band reads a file holding a secret;
#   - a VRT (and a --dem) with a /vsicurl/ source on a loopback listener,
#     which must receive no request (and does receive one when allowed:
#     the control that shows the listener works);
#   - a batch plan reaching outside its tree (absolute, '..', symbolic
#     link, a VRT's source); a long value quoted in a report;
#   - the reports still written when a later region is refused;
#   - a 200000 x 200000 sparse GeoTIFF at --res 30m, refused before reading.
. "$(dirname "$0")/lib.sh"
plan 11
need_rfplan

PY=/usr/bin/python3
S="$ROOT/samples/island"
if ! [ -x "$PY" ]; then
	skip_tool_rest "/usr/bin/python3 not installed"
	exit 0
fi
command -v gdal_create >/dev/null 2>&1 || { skip_tool_rest "gdal_create (gdal-bin) not installed"; exit 0; }

SECRET=RFPLAN_TEST_SECRET_9f3c1a7e5b2d4c6a8e0f
# listing DIR: every file under DIR with its size and SHA-256.
listing() { (cd "$1" && find . -type f -exec sha256sum {} + | sort -k2 && find . -type f -printf '%p %s\n' | sort); }
# no_secret DIR: nothing under DIR (if it exists) holds the secret, nor
# does the last command's stderr.
no_secret() {
	if [ -e "$1" ] && grep -rq "$SECRET" "$1"; then fail "the secret was written under $1"; fi
	if grep -q "$SECRET" "$T/err"; then fail "the secret is in the message"; fi
}

mkdir -p "$T/attack"
printf 'TOKEN=%s\nPASSWORD=%s\n' "$SECRET" "$SECRET" >"$T/attack/secret.txt"
# A VRT whose only band is the raw bytes of secret.txt (8 x 4 pixels).
cat >"$T/attack/raw.vrt" <<'EOF'
<VRTDataset rasterXSize="8" rasterYSize="4">
  <SRS>EPSG:4326</SRS>
  <GeoTransform>105.6, 0.001, 0, -10.4, 0, -0.001</GeoTransform>
  <VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">
    <SourceFilename relativeToVRT="1">secret.txt</SourceFilename>
    <ImageOffset>0</ImageOffset>
    <PixelOffset>1</PixelOffset>
    <LineOffset>8</LineOffset>
  </VRTRasterBand>
</VRTDataset>
EOF
# The same, one VRT deeper.
sed 's#<VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">#<VRTRasterBand dataType="Byte" band="1"><SimpleSource><SourceFilename relativeToVRT="1">raw.vrt</SourceFilename><SourceBand>1</SourceBand></SimpleSource>#; /ImageOffset\|PixelOffset\|LineOffset\|secret.txt/d' \
	"$T/attack/raw.vrt" >"$T/attack/nested.vrt"
listing "$T/attack" >"$T/attack.before"

begin "import: a VRT raw band over a secret file is refused, naming the file and the option"
run "$RFPLAN" import --dem "$T/attack/raw.vrt" -o "$T/ws" -q
expect_rc 1
expect_err "raw.vrt: option --dem"
expect_err "VRTRawRasterBand"
expect_err "allow-vrt-sources"
nothing_written "$T/ws"
no_secret "$T/ws"
run "$RFPLAN" import --dem "$T/attack/nested.vrt" -o "$T/ws" -q
expect_rc 1
expect_err "nested.vrt: option --dem: the VRT .*raw.vrt has a raw raster band"
run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$T/attack/raw.vrt" \
	--clutter-classes "$S/clutter_classes.csv" -o "$T/ws" -q
expect_rc 1
expect_err "raw.vrt: option --clutter"
nothing_written "$T/ws"
listing "$T/attack" | cmp -s - "$T/attack.before" || fail "the attack directory changed"
end

begin "import: the raw VRT is read when allowed (the control: the attack is real)"
run env RFPLAN_ALLOW_VRT_SOURCES=1 "$RFPLAN" import --dem "$T/attack/raw.vrt" -o "$T/ws-allowed" -q
expect_rc 0
expect_file "$T/ws-allowed/dem.tif"
# Even allowed, the VRT's relative source names are never resolved against
# the current directory (GDALTranslate's plain copy of a VRT did, opening
# ./secret.txt for update and creating it): run from an empty directory,
# which must stay empty.
mkdir -p "$T/cwd"
(cd "$T/cwd" && RFPLAN_ALLOW_VRT_SOURCES=1 "$RFPLAN" import --dem "$T/attack/raw.vrt" \
	-o "$T/ws-allowed2" -q) 2>"$T/err" || fail "import from another directory: $(head -c 200 "$T/err")"
[ -z "$(ls -A "$T/cwd")" ] || fail "files appeared in the current directory: $(ls -A "$T/cwd")"
run env RFPLAN_ALLOW_VRT_SOURCES=maybe "$RFPLAN" import --dem "$T/attack/raw.vrt" -o "$T/ws" -q
expect_rc 1
expect_err "RFPLAN_ALLOW_VRT_SOURCES='maybe' is not 1"
end

# A loopback listener: counts connections until a "STOP" one, bounded by a
# 60 s accept timeout so a test never hangs; writes the port, then the count.
cat >"$T/listen.py" <<'EOF'
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
s.settimeout(60)
open(sys.argv[1], "w").write(str(s.getsockname()[1]))
hits = 0
try:
    while True:
        c, _ = s.accept()
        c.settimeout(2)
        try:
            data = c.recv(4096)
        except OSError:
            data = b""
        c.close()
        if data.startswith(b"STOP"):
            break
        hits += 1
except socket.timeout:
    pass
open(sys.argv[2], "w").write(str(hits))
EOF
# listen NAME: start a listener; $PORT is its port.
listen() {
	rm -f "$T/$1.port" "$T/$1.hits"
	"$PY" "$T/listen.py" "$T/$1.port" "$T/$1.hits" &
	LPID=$!
	_i=0
	while ! [ -s "$T/$1.port" ] && [ "$_i" -lt 100 ]; do sleep 0.1; _i=$((_i + 1)); done
	PORT=$(cat "$T/$1.port" 2>/dev/null)
}
# hits NAME: stop the listener (in this shell, so that wait sees it); $n:
# how many requests it received.
hits() {
	"$PY" -c 'import socket,sys; c=socket.create_connection(("127.0.0.1", int(sys.argv[1]))); c.sendall(b"STOP"); c.close()' "$PORT"
	wait "$LPID"
	n=$(cat "$T/$1.hits")
}
# curl_vrt FILE: a VRT whose source is on the listener.
curl_vrt() {
	cat >"$1" <<EOF
<VRTDataset rasterXSize="8" rasterYSize="4">
  <SRS>EPSG:4326</SRS>
  <GeoTransform>105.6, 0.001, 0, -10.4, 0, -0.001</GeoTransform>
  <VRTRasterBand dataType="Int16" band="1">
    <SimpleSource>
      <SourceFilename>/vsicurl/http://127.0.0.1:$PORT/dem.tif</SourceFilename>
      <SourceBand>1</SourceBand>
    </SimpleSource>
  </VRTRasterBand>
</VRTDataset>
EOF
}

begin "import: a VRT with a /vsicurl/ source (and a /vsicurl/ --dem) makes no request"
listen refused
if [ -z "$PORT" ]; then
	fail "the loopback listener did not start"
else
	curl_vrt "$T/attack/curl.vrt"
	run "$RFPLAN" import --dem "$T/attack/curl.vrt" -o "$T/ws" -q
	expect_rc 1
	expect_err "curl.vrt: option --dem: the VRT .* has a source that is not a local file"
	run "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$T/attack/curl.vrt" \
		--clutter-classes "$S/clutter_classes.csv" -o "$T/ws" -q
	expect_rc 1
	expect_err "curl.vrt: option --clutter"
	run "$RFPLAN" import --dem "/vsicurl/http://127.0.0.1:$PORT/dem.tif" -o "$T/ws" -q
	expect_rc 1
	expect_err "option --dem: /vsi\* paths"
	nothing_written "$T/ws"
	hits refused
	[ "$n" = 0 ] || fail "the listener received $n request(s)"
fi
end

begin "import: the /vsicurl/ VRT reaches the listener when allowed (the control)"
listen allowed
if [ -z "$PORT" ]; then
	fail "the loopback listener did not start"
else
	curl_vrt "$T/attack/curl.vrt"
	run "$RFPLAN" import --allow-vrt-sources --dem "$T/attack/curl.vrt" -o "$T/ws" -q
	expect_rc 1   # the listener serves nothing
	hits allowed
	[ "${n:-0}" -ge 1 ] || fail "the listener received no request: the refusal test proves nothing"
	nothing_written "$T/ws"
fi
end

# A plan tree with the island sample, and an outside directory holding a
# "sites" file full of the secret and a copy of the DEM.
mkdir -p "$T/tree/island" "$T/outside"
cp "$S"/* "$T/tree/island/"
cp "$S/dem_mga48.tif" "$T/outside/dem.tif"
printf 'SITE_ID,LATITUDE,LONGITUDE,NAME\n%s,-10.46,105.6,x\n' "$SECRET" >"$T/outside/sites.csv"
ln -s ../outside/sites.csv "$T/tree/link.csv"
setup gdal_translate -q -of VRT "$T/outside/dem.tif" "$T/tree/outside.vrt"
cat >"$T/tree/plan.json" <<EOF
{
  "defaults": { "dem": "island/dem_mga48.tif", "sites": "island/sites_acma.csv",
                "predict": { "model": "fspl", "radius_km": 1 } },
  "regions": [
    { "name": "good" },
    { "name": "absolute", "sites": "$T/outside/sites.csv" },
    { "name": "dotdot", "sites": "../outside/sites.csv" },
    { "name": "symlink", "sites": "link.csv" },
    { "name": "vrt-outside", "dem": "outside.vrt" }
  ]
}
EOF
listing "$T/outside" >"$T/outside.before"
# jget FILE EXPR: a value of a JSON report (EXPR on the parsed document d).
jget() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>/dev/null; }

begin "batch: paths leaving the plan's tree refuse their region, the others run"
run "$RFPLAN" batch "$T/tree/plan.json" -o "$T/bo" -q
expect_rc 1
expect_out "good  *ok"
expect_err "4 of 5 regions failed"
[ "$(jget "$T/bo/summary.json" '[r["status"] for r in d["regions"]]')" = \
	"['ok', 'failed', 'failed', 'failed', 'failed']" ] || fail "summary.json statuses"
for k in "1:regions\[1\].sites: '.*' is an absolute path" "2:regions\[2\].sites: '../outside/sites.csv' leaves" \
	"3:regions\[3\].sites: 'link.csv' resolves outside" "4:outside.vrt: option --dem: .*outside"; do
	jget "$T/bo/summary.json" "d['regions'][${k%%:*}]['error']" | grep -q "${k#*:}" ||
		fail "region ${k%%:*}: error lacks '${k#*:}': $(jget "$T/bo/summary.json" "d['regions'][${k%%:*}]['error']")"
done
expect_no_file "$T/bo/absolute"
no_secret "$T/bo"
listing "$T/outside" | cmp -s - "$T/outside.before" || fail "the outside directory changed"
end

begin "batch --allow-outside: the same paths are read"
run "$RFPLAN" batch "$T/tree/plan.json" -o "$T/bo2" -q --allow-outside
expect_out "dotdot  *ok"
expect_out "vrt-outside  *ok"
expect_out "symlink  *ok"
end

begin "batch: the reports are written for the regions that ran when a later one is refused"
run "$RFPLAN" batch "$T/tree/plan.json" -o "$T/ff" -q --fail-fast
expect_rc 1
[ "$(jget "$T/ff/summary.json" '[r["status"] for r in d["regions"]]')" = \
	"['ok', 'failed', 'not_run', 'not_run', 'not_run']" ] || fail "summary.json: $(cat "$T/ff/summary.json")"
[ "$(jget "$T/ff/summary.json" 'd["regions"][0]["cells"]')" = 5 ] || fail "summary.json: good's cells"
"$PY" -c "import xml.etree.ElementTree as E,sys; r=E.parse(sys.argv[1]).getroot(); \
c=r.findall('.//testcase'); assert len(c)==5 and len(r.findall('.//failure'))==1 and \
len(r.findall('.//skipped'))==3, [x.attrib for x in c]" "$T/ff/junit.xml" 2>"$T/err" ||
	fail "junit.xml: $(cat "$T/err")"
end

begin "batch: a FIFO as a later region's DEM fails that region without hanging; reports written"
mkfifo "$T/tree/fifo.tif"
cat >"$T/tree/fifo.json" <<'EOF'
{ "defaults": { "sites": "island/sites_acma.csv", "predict": { "model": "fspl", "radius_km": 1 } },
  "regions": [ { "name": "good", "dem": "island/dem_mga48.tif" }, { "name": "fifo", "dem": "fifo.tif" } ] }
EOF
# timeout: a hang (hashing or opening the FIFO) fails the case instead of the suite
run timeout 300 "$RFPLAN" batch "$T/tree/fifo.json" -o "$T/fo" -q
expect_rc 1
expect_err "fifo.tif: option --dem: .*fifo.tif is not a regular file"
[ "$(jget "$T/fo/summary.json" '[r["status"] for r in d["regions"]]')" = "['ok', 'failed']" ] ||
	fail "summary.json: $(cat "$T/fo/summary.json" 2>/dev/null)"
expect_file "$T/fo/junit.xml"
end

begin "batch: a long value quoted in an error is cut in summary.json and junit.xml"
LONG=$("$PY" -c 'print("Q" * 200)')
printf 'id,name,lat,lon\nS1,one,%s,105.6\n' "$LONG" >"$T/tree/long.csv"
cat >"$T/tree/long.json" <<'EOF'
{ "regions": [ { "name": "long", "dem": "island/dem_mga48.tif", "sites": "long.csv",
    "sites_format": "generic", "columns": { "id": "id", "name": "name", "lat": "lat", "lon": "lon" } } ] }
EOF
run "$RFPLAN" batch "$T/tree/long.json" -o "$T/lo" -q
expect_rc 1
e=$(jget "$T/lo/summary.json" 'd["regions"][0]["error"]')
case "$e" in
*"long.csv:2: column lat: 'QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ...' is not a number"*) ;;
*) fail "summary.json error: $e" ;;
esac
if grep -q "Q\{41\}" "$T/lo/summary.json" "$T/lo/junit.xml"; then fail "a report quotes more than 40 bytes"; fi
end

begin "batch: the sample plan's inputs are inside its tree"
run "$RFPLAN" batch "$ROOT/samples/batch-plan.json" -o "$T/sample" -q --fail-fast
expect_rc 0
end

begin "import: a 200000 x 200000 sparse GeoTIFF at --res 30m is refused before reading"
# 1 m pixels over 200 km: the 30 m grid is 6667 x 6667 (about 255 MiB for the
# DEM and clutter, under the 1000 MiB limit), but GDALWarp would read the
# whole source at 1 m: 200000 * 200000 * 2 bytes = 8e10 B = 74.5 GiB.
setup gdal_create -of GTiff -outsize 200000 200000 -bands 1 -ot Int16 -a_srs EPSG:32748 \
	-a_ullr 500000 8900000 700000 8700000 -a_nodata -32768 -co TILED=YES \
	-co BLOCKXSIZE=1024 -co BLOCKYSIZE=1024 -co SPARSE_OK=YES -co BIGTIFF=YES "$T/big.tif"
run env RFPLAN_MAX_MEMORY_MB=1000 "$RFPLAN" import --dem "$T/big.tif" --res 30m -o "$T/wsb" -q
expect_rc 1
expect_err "big.tif: the warp would read a 200000 x 200000 pixel window"
expect_err "74.5 GiB"
expect_err "RFPLAN_MAX_MEMORY_MB"
nothing_written "$T/wsb"
end
