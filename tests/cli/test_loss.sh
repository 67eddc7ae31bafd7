#!/bin/sh
# rfplan loss: a few values against the reference data (NTIA's P.2108
# vectors, crc-covlib's P.2109 grid, rows quoted below), one hand
# computation, and every kind of usage error (exit 2, option named).
. "$(dirname "$0")/../cli/lib.sh"
plan 8

# json_loss: loss_db from --json output
json_loss() { sed -n 's/^ *"loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out"; }

P2108="$DATA/reference/p2108"
P2109="$DATA/reference/p2109/p2109_crc_covlib_grid_subset.csv"

begin "p2108-terminal: NTIA rows (1.5 GHz, h 2 m, w 27 m: suburban R 10 m 20.5 dB, dense urban R 20 m 27.1 dB)"
if [ ! -d "$P2108" ]; then
	skip_data "p2108-terminal: NTIA rows (1.5 GHz, h 2 m, w 27 m: suburban R 10 m 20.5 dB, dense urban R 20 m 27.1 dB)" "no $P2108 (real test data absent)"
else
	grep -q '^1.5,2,27,10,3,0,20.5$' "$P2108/ntia_p2108_test_data_HeightGainTerminalCorrectionModelTestData.csv" ||
		fail "NTIA row 1.5,2,27,10,3 -> 20.5 not found"
	run "$RFPLAN" loss p2108-terminal --freq-mhz 1500 --height-m 2 --clutter-type suburban \
		--clutter-height-m 10 --street-width-m 27 --json
	expect_rc 0
	expect_out '"model": "p2108-terminal"'
	near "$(json_loss)" 20.5 0.05 loss_db
	run "$RFPLAN" loss p2108-terminal --freq-mhz 1500 --height-m 2 --clutter-type "dense urban" \
		--clutter-height-m 20 --json
	near "$(json_loss)" 27.1 0.05 "loss_db (dense urban, default street width)"
	end
fi

# Eq. (2b) by hand, 900 MHz, h 2 m, open/rural with Table 3's R = 10 m:
# K_h2 = 21.8 + 6.2 log10(0.9) = 21.5163; A_h = -21.5163 log10(0.2) = 15.039 dB.
begin "p2108-terminal: eq. (2b) by hand, Table 3 default height, text output"
run "$RFPLAN" loss p2108-terminal --freq-mhz 900 --height-m 2 --clutter-type rural
expect_rc 0
expect_out '^p2108-terminal: 15.04 dB'
run "$RFPLAN" loss p2108-terminal --freq-mhz 900 --height-m 12 --clutter-type rural --json
near "$(json_loss)" 0 0 "loss_db above the clutter"
end

begin "p2108-terrestrial: NTIA rows (0.5 GHz 0.25 km: 17.4 dB at 50 %, 3.9 dB at 1 %)"
if [ ! -d "$P2108" ]; then
	skip_data "p2108-terrestrial: NTIA rows (0.5 GHz 0.25 km: 17.4 dB at 50 %, 3.9 dB at 1 %)" "no $P2108 (real test data absent)"
else
	grep -q '^0.5,0.25,1,0,3.9$' "$P2108/ntia_p2108_test_data_TerrestrialStatisticalModelTestData.csv" ||
		fail "NTIA row 0.5,0.25,1 -> 3.9 not found"
	run "$RFPLAN" loss p2108-terrestrial --freq-mhz 500 --distance-km 0.25 --percent 50 --json
	expect_rc 0
	near "$(json_loss)" 17.4 0.05 loss_db
	run "$RFPLAN" loss p2108-terrestrial --freq-mhz 500 --distance-km 0.25 --percent 1 --json
	near "$(json_loss)" 3.9 0.05 "loss_db at 1 %"
	end
fi

begin "p2109: crc-covlib rows (80 MHz, 50 %, 22.5 deg: 16.6206 traditional, 46.5755 efficient)"
if [ ! -f "$P2109" ]; then
	skip_data "p2109: crc-covlib rows (80 MHz, 50 %, 22.5 deg: 16.6206 traditional, 46.5755 efficient)" "no $P2109 (real test data absent)"
else
	grep -q '^0.080000000,50.000000000,1,22.500000000,16.6205924346783078' "$P2109" ||
		fail "crc-covlib row not found"
	run "$RFPLAN" loss p2109 --freq-mhz 80 --percent 50 --building-class traditional \
		--elevation-deg 22.5 --json
	expect_rc 0
	expect_out '"model": "p2109"'
	near "$(json_loss)" 16.6205924347 1e-6 loss_db
	run "$RFPLAN" loss p2109 --freq-mhz 80 --percent 50 --building-class efficient \
		--elevation-deg -22.5 --json
	near "$(json_loss)" 46.5754642009 1e-6 "loss_db (efficient, -22.5 deg: |theta|)"
	end
fi

# expect_usage ARGS... -- WANT: exit 2, stderr names WANT, nothing on stdout
expect_usage() {
	want=$1
	shift
	run "$RFPLAN" loss "$@"
	expect_rc 2
	expect_err "$want"
	[ -s "$T/out" ] && fail "printed a value for: $*"
}

begin "out-of-range inputs are errors naming the option and range (NTIA's invalid rows)"
expect_usage "option --freq-mhz: 20 is out of range \[30, 3000\]" \
	p2108-terminal --freq-mhz 20 --height-m 2 --clutter-type suburban --clutter-height-m 10
expect_usage "option --freq-mhz: 4000 is out of range \[30, 3000\]" \
	p2108-terminal --freq-mhz 4000 --height-m 2 --clutter-type suburban
expect_usage "option --height-m: 0 must be > 0" \
	p2108-terminal --freq-mhz 1000 --height-m 0 --clutter-type open
expect_usage "option --street-width-m: 0 must be > 0" \
	p2108-terminal --freq-mhz 2000 --height-m 1 --street-width-m 0 --clutter-type dense-urban
expect_usage "option --clutter-height-m: 0 must be > 0" \
	p2108-terminal --freq-mhz 2000 --height-m 1 --clutter-height-m 0 --clutter-type dense-urban
expect_usage "option --freq-mhz: 240 is out of range \[500, 67000\]" \
	p2108-terrestrial --freq-mhz 240 --distance-km 2
expect_usage "option --distance-km: 0.24 is out of range \[0.25," \
	p2108-terrestrial --freq-mhz 10000 --distance-km 0.24
expect_usage "option --elevation-deg: 90.1 is out of range \[-90, 90\]" \
	p2109 --freq-mhz 1800 --elevation-deg 90.1
expect_usage "option --freq-mhz: 79 is out of range \[80, 100000\]" \
	p2109 --freq-mhz 79 --elevation-deg 0
end

begin "percent outside (0, 100), unknown class or type, negative height: errors naming the option"
expect_usage "option --percent: 0 must be strictly between 0 and 100" \
	p2108-terrestrial --freq-mhz 6000 --distance-km 3 --percent 0
expect_usage "option --percent: 100 must be strictly between 0 and 100" \
	p2109 --freq-mhz 1800 --elevation-deg 0 --percent 100
expect_usage "option --percent: -5 is out of range" \
	p2109 --freq-mhz 1800 --elevation-deg 0 --percent -5
expect_usage "option --building-class: unknown class 'glass'" \
	p2109 --freq-mhz 1800 --elevation-deg 0 --building-class glass
expect_usage "option --clutter-type: unknown type 'jungle'" \
	p2108-terminal --freq-mhz 1800 --height-m 2 --clutter-type jungle
expect_usage "option --height-m: -1 must be > 0" \
	p2108-terminal --freq-mhz 1800 --height-m -1 --clutter-type urban
expect_usage "option --freq-mhz: 'abc' is not a number" \
	p2109 --freq-mhz abc --elevation-deg 0
end

begin "missing, foreign and unknown options and models"
expect_usage "missing MODEL" --freq-mhz 1800
expect_usage "unknown model 'p9999'" p9999 --freq-mhz 1800
expect_usage "model p2109 needs --elevation-deg" p2109 --freq-mhz 1800
expect_usage "model p2108-terrestrial needs --distance-km" p2108-terrestrial --freq-mhz 1800
expect_usage "option --height-m does not apply to model p2109" \
	p2109 --freq-mhz 1800 --elevation-deg 0 --height-m 2
expect_usage "unknown option '--bogus'" p2109 --bogus
end

begin "rfplan help loss lists the models and their ranges"
run "$RFPLAN" help loss
expect_rc 0
expect_out "p2108-terminal"
expect_out "p2109 .*80-100000 MHz"
expect_out "--building-class"
end
