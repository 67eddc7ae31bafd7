#!/bin/sh
# Bad-input cases the audit of issues 2 and 4 found without a CLI test (see
# doc/testing.md): each must give one clear line naming the file (and line /
# value), exit status 1, and leave nothing under the final name.
#  - rfplan import: a --sites file that does not exist; a longitude outside
#    +-180 (issue 2: "latitude outside +-90 or longitude outside +-180");
#  - rfplan predict: a malformed antenna file named by cells.csv, and one
#    with a negative attenuation (issue 4: "an antenna file that is missing
#    or malformed (file and line)"; the missing file and the import-time
#    check are in test_predict.sh and test_import_cells.sh).
. "$(dirname "$0")/lib.sh"
plan 4
need_rfplan
if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi

# 40 x 40 pixels of 0.001 deg, flat at 50 m, north-west corner 147.0 E 42.0 S.
if ! gdal_create -of GTiff -ot Float32 -outsize 40 40 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.04 -42.04 -burn 50 "$T/flat.tif" >"$T/err" 2>&1; then
	fail_rest "set-up: gdal_create failed: $(head -c 300 "$T/err")"
	exit 0
fi
printf 'SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION\n1,-42.02,147.02,x,50\n' >"$T/sites.csv"
printf 'SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION\n1,-42.02,147.02,x,50\n2,-42.03,181.5,y,50\n' >"$T/badlon.csv"

# nothing_left DIR: neither DIR nor its temporary siblings exist
nothing_left() {
	expect_no_file "$1"
	for f in "$1".tmp-* "$(dirname "$1")/.$(basename "$1")".tmp-*; do
		[ -e "$f" ] && fail "left behind: $f"
	done
}
one_line() { [ "$(wc -l <"$T/err")" -eq 1 ] || fail "want one line on stderr, got: $(cat "$T/err")"; }

begin "audit import: a --sites file that does not exist"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/nosuch.csv" -o "$T/w1"
expect_rc 1
expect_err "nosuch.csv"
one_line
nothing_left "$T/w1"
end

begin "audit import: longitude outside +-180 names file, line and value"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/badlon.csv" -o "$T/w2"
expect_rc 1
expect_err "badlon.csv:3"
expect_err "181.5"
one_line
nothing_left "$T/w2"
end

run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" -o "$T/ws" -q
if [ "$rc" != 0 ]; then
	fail_rest "set-up: rfplan import failed: $(head -c 300 "$T/err")"
	exit 0
fi

# A Planet/MSI file whose 5th line (the 2nd point of the HORIZONTAL block)
# has an attenuation that is not a number, and one whose VERTICAL block has
# a negative attenuation on line 9 (MSI values are dB below the peak).
cat >"$T/notnum.msi" <<'EOF'
NAME broken
GAIN 10 dBi
HORIZONTAL 4
0 0
90 abc
180 20
270 10
VERTICAL 4
0 0
90 10
180 20
270 10
EOF
cat >"$T/negative.msi" <<'EOF'
NAME broken
GAIN 10 dBi
HORIZONTAL 4
0 0
90 10
180 20
270 10
VERTICAL 4
0 -3
90 10
180 20
270 10
EOF
for spec in "notnum 5" "negative 9"; do
	# shellcheck disable=SC2086 # split "NAME LINE" into $1 $2
	set -- $spec
	begin "audit predict: malformed antenna file ($1) names the file and line $2"
	printf 'site_id,cell_id,azimuth_deg,antenna\n1,A,0,%s.msi\n' "$1" >"$T/cells_$1.csv"
	run "$RFPLAN" predict "$T/ws" --cells "$T/cells_$1.csv" --model fspl --radius 1 -o "$T/p_$1"
	expect_rc 1
	expect_err "$1.msi:$2"
	one_line
	nothing_left "$T/p_$1"
	end
done
exit 0
