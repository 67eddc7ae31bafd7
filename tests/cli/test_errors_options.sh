#!/bin/sh
# Bad command-line options (doc/errors.md, "Command-line options"): NaN, inf,
# overflowing, out-of-range and non-numeric values, a missing value, unknown
# options, keys and models, extra arguments.  Each: exit 2, one line
# "rfplan CMD: option --NAME: ..." naming the bad value, nothing written.
. "$(dirname "$0")/lib.sh"
plan 32
need_rfplan

if ! command -v gdal_create >/dev/null 2>&1; then
	skip_tool_rest "gdal_create not installed (gdal-bin)"
	exit 0
fi
setup gdal_create -q -of GTiff -ot Float32 -outsize 50 50 -a_srs EPSG:4326 \
	-a_ullr 147.0 -42.0 147.1 -42.1 -burn 100 "$T/flat.tif"
printf 'id,lat,lon\nA,-42.05,147.05\n' >"$T/sites.csv"
setup "$RFPLAN" import --dem "$T/flat.tif" --sites "$T/sites.csv" --sites-format generic \
	-o "$T/ws" -q

# usage CMD_ARGS WANT: exit 2, WANT on stderr, one line, no output dir.
usage() {
	args=$1 want=$2
	begin "usage: rfplan $args -> exit 2, '$want'"
	# shellcheck disable=SC2086
	run "$RFPLAN" $args
	expect_rc 2
	expect_err "$want"
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "not one line: $(cat "$T/err")"
	expect_no_file "$T/p"
	end
}
W=$T/ws
usage "predict $W -o $T/p --radius nan" "option --radius: 'nan' is not a number"
usage "predict $W -o $T/p --radius inf" "option --radius: 'inf' is not a number"
usage "predict $W -o $T/p --radius 1e400" "option --radius: '1e400' is not a number"
usage "predict $W -o $T/p --radius -1" "option --radius: -1 is out of range"
usage "predict $W -o $T/p --radius 0" "option --radius: 0 is out of range"
usage "predict $W -o $T/p --radius 5km" "option --radius: '5km' is not a number"
usage "predict $W -o $T/p --radius" "option --radius needs a value"
usage "predict $W -o $T/p --threads 0" "option --threads: 0 is out of range"
usage "predict $W -o $T/p --threads 1.5" "option --threads: '1.5' is not an integer"
usage "predict $W -o $T/p --threads 99999999999999999999" "option --threads"
usage "predict $W -o $T/p --load 2" "option --load: 2 is out of range \[0, 1\]"
usage "predict $W -o $T/p --body-loss-db inf" "option --body-loss-db: 'inf' is not a number"
usage "predict $W -o $T/p --rsrp-classes a,b" "option --rsrp-classes: 'a' is not a number"
usage "predict $W -o $T/p --sinr-classes ,," "option --sinr-classes: empty class list"
usage "predict $W -o $T/p --default-cell colour=red" "option --default-cell: unknown key 'colour'"
usage "predict $W -o $T/p --default-cell frequency_mhz=nan" "option --default-cell: key frequency_mhz: 'nan' is not a number"
usage "predict $W -o $T/p --model nosuch" "option --model: unknown model 'nosuch'"
usage "predict $W -o $T/p --rx-height -1" "option --rx-height: -1 is out of range"
usage "predict $W -o $T/p --freq-mhz 900" "option --freq-mhz: the frequency is per cell"
usage "predict $W -o $T/p --no-such-option" "unknown option '--no-such-option'"
usage "predict $W extra -o $T/p" "unexpected argument 'extra'"
usage "predict" "missing WORKDIR"
usage "import --dem $T/flat.tif -o $T/p --res nan" "option --res: 'nan'"
usage "import --dem $T/flat.tif -o $T/p --res 0m" "option --res: '0m'"
usage "import --dem $T/flat.tif -o $T/p --bounds 147.1,-42.1,147.0,-42.0" "option --bounds"
usage "import --dem $T/flat.tif -o $T/p --margin -5" "option --margin"
usage "import --dem $T/flat.tif -o $T/p --dem-band 0" "option --dem-band: 0 is out of range"
usage "import --dem $T/flat.tif -o $T/p --sites-format xml" "option --sites-format"
usage "profile --pfl x.pfl --model itm --freq-mhz nan" "option --freq-mhz: 'nan' is not a number"
usage "profile --pfl x.pfl --model itm --freq-mhz 1800 --tx-height inf" "option --tx-height: 'inf' is not a number"
usage "nosuch" "no such command 'nosuch'"

begin "a runtime error is exit 1, not 2: a missing workspace"
run "$RFPLAN" predict "$T/nope" -o "$T/p"
expect_rc 1
expect_err "nope"
expect_no_file "$T/p"
end
