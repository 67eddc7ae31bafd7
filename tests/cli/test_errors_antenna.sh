#!/bin/sh
# Bad antenna (Planet/MSI) files named in cells.csv, and bad terrain profile
# files for `rfplan profile --pfl` (doc/errors.md, "Antenna file", "Profile
# file"): NaN / inf / negative attenuations, wrong point counts, angles not
# increasing, no GAIN, empty, binary, a directory; NaN heights, bad spacing,
# absurd lengths.  Each: exit 1 naming the file (and line), nothing written.
. "$(dirname "$0")/lib.sh"
plan 28
need_rfplan

if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi

setup gdal_create -q -of GTiff -ot Float32 -outsize 200 200 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 100 "$T/flat.tif"
printf 'id,lat,lon\n1,-42.05,147.05\n' >"$T/sites.csv"
setup "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	-o "$T/ws" -q
printf 'site_id,cell_id,antenna\n1,1,a.msi\n' >"$T/cells.csv"

# msi H180: a 4-point pattern whose HORIZONTAL value at 180 deg is H180.
msi() {
	printf 'NAME T\nGAIN 15 dBd\nHORIZONTAL 4\n0 0\n90 10\n180 %s\n270 10\nVERTICAL 4\n0 0\n90 20\n180 25\n270 20\n' "$1"
}
# antenna_case NAME WANT...: $T/a.msi already written; predict fails naming
# the CSV line, the antenna file and each WANT.
antenna_case() {
	name=$1
	shift
	begin "antenna file $name: exit 1, cells.csv:2: column antenna: ... $*"
	run "$RFPLAN" predict "$T/ws" --cells "$T/cells.csv" --radius 1 -o "$T/p" -q
	expect_rc 1
	expect_err "cells.csv:2: column antenna"
	expect_err "a.msi"
	for want in "$@"; do expect_err "$want"; done
	nothing_written "$T/p"
	end
}
msi nan >"$T/a.msi"; antenna_case "NaN attenuation" "a.msi:6: HORIZONTAL: attenuation 'nan' is not a number"
msi inf >"$T/a.msi"; antenna_case "inf attenuation" "a.msi:6: HORIZONTAL: attenuation 'inf' is not a number"
msi -3 >"$T/a.msi"; antenna_case "negative attenuation" "a.msi:6: HORIZONTAL: attenuation -3 dB is negative"
msi 1e400 >"$T/a.msi"; antenna_case "overflowing attenuation" "a.msi:6:" "'1e400' is not a number"
printf 'NAME T\nHORIZONTAL 2\n0 0\n180 10\nVERTICAL 2\n0 0\n180 10\n' >"$T/a.msi"
antenna_case "without GAIN" "no GAIN"
printf 'NAME T\nGAIN 15\nHORIZONTAL 999999999\n0 0\n' >"$T/a.msi"
antenna_case "absurd point count" "a.msi:3: HORIZONTAL: point count '999999999'"
printf 'NAME T\nGAIN 15\nHORIZONTAL 3\n0 0\n90 10\n180 25\n270 10\nVERTICAL 2\n0 0\n180 10\n' >"$T/a.msi"
antenna_case "more points than declared" "a.msi:7:"
printf 'NAME T\nGAIN 15\nHORIZONTAL 3\n0 0\n90 10\n90 25\nVERTICAL 2\n0 0\n180 10\n' >"$T/a.msi"
antenna_case "angles not increasing" "a.msi:6: HORIZONTAL: angle 90 does not increase"
printf 'NAME T\nGAIN nan\nHORIZONTAL 2\n0 0\n180 10\nVERTICAL 2\n0 0\n180 10\n' >"$T/a.msi"
antenna_case "NaN GAIN" "a.msi:2: GAIN: 'nan' is not a number"
: >"$T/a.msi"; antenna_case "empty" "no HORIZONTAL block"
head -c 3000 /dev/urandom >"$T/a.msi"; antenna_case "binary garbage"
rm -f "$T/a.msi"; mkdir "$T/a.msi"; antenna_case "a directory"
rmdir "$T/a.msi"; antenna_case "missing"

# Profile files (rfplan profile --pfl).
# pfl_case NAME CONTENT WANT...
pfl_case() {
	name=$1 content=$2
	shift 2
	printf '%b' "$content" >"$T/$name.pfl"
	begin "profile file $name: exit 1, $*"
	run "$RFPLAN" profile --pfl "$T/$name.pfl" --freq-mhz 1800 --model itm --tx-height 30 \
		--rx-height 1.5
	expect_rc 1
	for want in "$@"; do expect_err "$want"; done
	end
}
pfl_case nan_height "4 100 10 nan 15 11 9" "nan_height.pfl:1: height 'nan' is not a number"
pfl_case inf_height "4 100\n10 12\ninf 11 9" "inf_height.pfl:3: height 'inf' is not a number"
pfl_case negative_dx "4 -100 10 12 15 11 9" "negative_dx.pfl:1: spacing dx '-100' is not a number > 0"
pfl_case too_few "4 100 10 12" "too_few.pfl: np = 4 needs 5 heights, found 2"
pfl_case too_many "4 100 10 12 15 11 9 8" "too_many.pfl:1: extra value '8'"
pfl_case np_zero "0 100 1" "np_zero.pfl:1: np '0' is not a whole number >= 1"
pfl_case huge_np "9999999 1 2 3" "huge_np.pfl: np = 9999999 needs 10000000 heights, found 2"
pfl_case empty "" "empty.pfl: empty profile file"
# 4 x 1e300 m: longer than any path on the Earth (half the circumference,
# 20 004 km); this once printed a NaN path loss with exit 0.
pfl_case absurd_length "4 1e300 1 2 3 4 5" "absurd_length.pfl: the profile is" "at most 20000 km"
pfl_case absurd_height "2 100 1 1e200 3" "absurd_height.pfl: height 1e+200 m"
pfl_case csv_nan "distance_m,height_m\n0,10\n100,nan\n" "csv_nan.pfl:3: column height_m: 'nan' is not a number"
pfl_case csv_not_increasing "distance_m,height_m\n0,10\n100,20\n50,20\n" "csv_not_increasing.pfl:4: column distance_m: 50 does not increase"
pfl_case csv_one_point "distance_m,height_m\n0,10\n" "a profile needs at least 2 points, found 1"
pfl_case csv_resample_huge "distance_m,height_m\n0,10\n1e-300,20\n1000,30\n" "csv_resample_huge.pfl: resampling at 1e-300 m would need 1e+303 points"

begin "profile file missing: exit 1 naming it"
run "$RFPLAN" profile --pfl "$T/nope.pfl" --freq-mhz 1800 --model itm --tx-height 30 --rx-height 1.5
expect_rc 1
expect_err "nope.pfl"
end
