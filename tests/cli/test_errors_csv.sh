#!/bin/sh
# Bad CSV input (doc/errors.md, "Sites CSV", "Cells CSV", "Class table"):
# NaN / inf / overflowing numbers, broken quoting, shifted columns, binary
# garbage, duplicates, empty ids, out-of-range values.  Each: exit 1, one
# message naming FILE:LINE and the column and value, nothing written.
. "$(dirname "$0")/lib.sh"
plan 28
need_rfplan

if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi

setup gdal_create -q -of GTiff -ot Float32 -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 100 "$T/flat.tif"
setup gdal_create -q -of GTiff -ot Byte -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 1 "$T/clutter.tif"
W=$T/w
H='SITE_ID,LATITUDE,LONGITUDE,NAME,ELEVATION'
printf '%s\n1,-42.05,147.05,x,1\n2,-42.06,147.06,y,2\n' "$H" >"$T/sites.csv"

# sites_case NAME CONTENT WANT...: import --sites fails with each WANT in stderr.
sites_case() {
	name=$1 content=$2
	shift 2
	printf '%s' "$content" >"$T/$name.csv"
	begin "sites CSV $name: exit 1, $*"
	run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/$name.csv" -o "$W" -q
	expect_rc 1
	for want in "$@"; do expect_err "$want"; done
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "not one line: $(cat "$T/err")"
	nothing_written "$W"
	end
}
sites_case nan_lat "$H
1,nan,147.05,x,1
" "nan_lat.csv:2: column LATITUDE: 'nan' is not a number"
sites_case inf_lon "$H
1,-42.05,inf,x,1
" "inf_lon.csv:2: column LONGITUDE: 'inf' is not a number"
sites_case nan_elev "$H
1,-42.05,147.05,x,1
2,-42.06,147.06,y,NaN
" "nan_elev.csv:3: column ELEVATION: 'NaN' is not a number"
sites_case overflow "$H
1,-42.05,147.05,x,1e400
" "overflow.csv:2: column ELEVATION: '1e400'"
sites_case unclosed_quote "$H
1,-42.05,147.05,\"x,1
2,-42.06,147.06,y,2
" "unclosed_quote.csv:" "malformed quoting in the row starting at line 2"
sites_case shifted "$H
1,-42.05,147.05,Corner of X, Y,1
" "shifted.csv:2:" "must be quoted"
sites_case duplicate_id "$H
7,-42.05,147.05,x,1
7,-42.06,147.06,y,1
" "duplicate_id.csv:3: site id '7' already used at line 2"
sites_case empty_id "$H
,-42.05,147.05,x,1
" "empty_id.csv:2: column SITE_ID: empty site id"
sites_case header_only "$H
" "header_only.csv: no sites"
sites_case lon_range "$H
1,-42.05,181,x,1
" "lon_range.csv:2: column LONGITUDE: '181' is outside -180..180"

begin "sites CSV of binary garbage: exit 1 naming the file"
head -c 4000 /dev/urandom >"$T/garbage.csv"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/garbage.csv" -o "$W" -q
expect_rc 1
expect_err "garbage.csv"
nothing_written "$W"
end

begin "sites CSV that is a directory: exit 1 naming it"
mkdir "$T/adir.csv"
run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/adir.csv" -o "$W" -q
expect_rc 1
expect_err "adir.csv"
nothing_written "$W"
end

# Cells: checked in full by the import (as predict reads them).
C='site_id,cell_id,azimuth_deg,height_agl_m,tx_power_dbm,frequency_mhz,bandwidth_mhz,pci'
cells_case() {
	name=$1 row=$2
	shift 2
	printf '%s\n%s\n' "$C" "$row" >"$T/$name.csv"
	begin "cells CSV $name: import and predict exit 1, $*"
	run "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --cells "$T/$name.csv" \
		-o "$W" -q
	expect_rc 1
	for want in "$@"; do expect_err "$want"; done
	nothing_written "$W"
	run "$RFPLAN" predict "$T/ws" --cells "$T/$name.csv" --radius 1 -o "$T/p" -q
	expect_rc 1
	for want in "$@"; do expect_err "$want"; done
	nothing_written "$T/p"
	end
}
"$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" -o "$T/ws" -q 2>/dev/null
cells_case nan_azimuth "1,1,nan,30,43,1800,10,1" "nan_azimuth.csv:2: column azimuth_deg: 'nan' is not a number"
cells_case inf_height "1,1,0,inf,43,1800,10,1" "inf_height.csv:2: column height_agl_m: 'inf' is not a number"
cells_case negative_height "1,1,0,-5,43,1800,10,1" "negative_height.csv:2: column height_agl_m: -5 is out of range"
cells_case zero_freq "1,1,0,30,43,0,10,1" "zero_freq.csv:2: column frequency_mhz: 0 is out of range"
cells_case huge_power "1,1,0,30,1e9,1800,10,1" "huge_power.csv:2: column tx_power_dbm: 1e9 is out of range"
cells_case bad_pci "1,1,0,30,43,1800,10,504" "bad_pci.csv:2: column pci: '504' is not a PCI (0..503)"
cells_case bad_bandwidth "1,1,0,30,43,1800,7,1" "bad_bandwidth.csv:2" "bandwidth_mhz"
cells_case azimuth_range "1,1,720,30,43,1800,10,1" "azimuth_range.csv:2: column azimuth_deg: 720 is out of range"

begin "cells CSV with a duplicate cell: exit 1 naming both lines"
printf '%s\n1,A,0,30,43,1800,10,1\n2,A,0,30,43,1800,10,2\n1,A,90,30,43,1800,10,3\n' "$C" >"$T/dup.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/dup.csv" --radius 1 -o "$T/p" -q
expect_rc 1
expect_err "dup.csv:4: cell 1/A already defined on line 2"
nothing_written "$T/p"
end

begin "cells CSV without a site_id column: exit 1 naming the file"
printf 'cell_id,azimuth_deg\n1,0\n' >"$T/nosite.csv"
run "$RFPLAN" predict "$T/ws" --cells "$T/nosite.csv" --radius 1 -o "$T/p" -q
expect_rc 1
expect_err "nosite.csv"
expect_err "site_id"
nothing_written "$T/p"
end

# Class tables.
classes_case() {
	name=$1 content=$2
	shift 2
	printf '%s' "$content" >"$T/$name.csv"
	begin "class table $name: exit 1, $*"
	run "$RFPLAN" import --dem "$T/flat.tif" --clutter "$T/clutter.tif" \
		--clutter-classes "$T/$name.csv" -o "$W" -q
	expect_rc 1
	for want in "$@"; do expect_err "$want"; done
	nothing_written "$W"
	end
}
CH='code,name,loss_db,height_m'
classes_case nan_loss "$CH
1,Open,nan,0
" "nan_loss.csv:2: column loss_db"
classes_case inf_height "$CH
1,Open,0,inf
" "inf_height.csv:2: column height_m"
classes_case dup_code "$CH
1,Open,0,0
1,Trees,5,15
" "dup_code.csv:3: class code 1 already defined at line 2"
classes_case code_too_big "$CH
65535,Open,0,0
" "code_too_big.csv:2: column code"
classes_case missing_column "code,name
1,Open
" "missing_column.csv"
classes_case empty "" "empty.csv"
