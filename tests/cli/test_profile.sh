#!/bin/sh
# rfplan profile: the pfl form against NTIA's own ITM reference case, the
# other models on a hand-made profile, and usage errors.
. "$(dirname "$0")/../cli/lib.sh"
plan 14
need_rfplan

REF="$DATA/reference/itm"

# NTIA/itm p2p.csv row 1 (pfls.csv row 1): h_tx 10, h_rx 1, eps 15,
# sigma 0.008, N0 301, 230 MHz, vertical, climate 5, time 50, location 17,
# situation 23, mdvar 12 -> A__db = 207.65 dB.
if [ ! -f "$REF/pfls.csv" ]; then
	skip_data "pfl form vs NTIA ITM reference case 1" "no $REF (real test data absent)"
else
	begin "pfl form vs NTIA ITM reference case 1"
	head -n 1 "$REF/pfls.csv" > "$T/case1.pfl"
	run "$RFPLAN" profile --pfl "$T/case1.pfl" --model itm --freq-mhz 230 --tx-height 10 \
		--rx-height 1 --epsilon 15 --sigma 0.008 --n0 301 --pol v --climate 5 \
		--time 50 --location 17 --situation 23 --mdvar 12 --json
	expect_rc 0
	got=$(sed -n 's/^ *"path_loss_db": \([-0-9.e+]*\).*/\1/p' "$T/out")
	near "$got" 207.65 0.1 path_loss_db
	expect_out '"mode": "troposcatter"'
	expect_out '"distance_m"'
	expect_out '"free_space_loss_db"'
	end
fi

# A 4 km flat profile at 100 m, 21 points, in both file forms.
awk 'BEGIN { printf "40 100"; for (i = 0; i <= 40; i++) printf " 50"; print "" }' > "$T/flat.pfl"
awk 'BEGIN { print "distance_m,height_m"; for (i = 0; i <= 40; i++) print i * 100 ",50" }' > "$T/flat.csv"

begin "fspl on a flat profile (P.525 by hand)"
# 1800 MHz, 4 km: 32.45 + 65.1055 + 12.0412 = 109.5967 dB
run "$RFPLAN" profile --pfl "$T/flat.pfl" --model fspl --freq-mhz 1800 --tx-height 30 --csv
expect_rc 0
got=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "path_loss_db") c = i }
	NR == 2 { print $c }' "$T/out")
near "$got" 109.597 0.01 path_loss_db
[ "$(wc -l < "$T/out")" = 2 ] || fail "CSV output is not header + one row"
end

begin "CSV profile file gives the same result as the pfl form"
run "$RFPLAN" profile --pfl "$T/flat.csv" --model fspl --freq-mhz 1800 --tx-height 30 --csv
expect_rc 0
got2=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "path_loss_db") c = i }
	NR == 2 { print $c }' "$T/out")
near "$got2" 109.597 0.01 path_loss_db
end

begin "text report names each term"
run "$RFPLAN" profile --pfl "$T/flat.pfl" --model los --freq-mhz 1800 --tx-height 30
expect_rc 0
expect_out "free space:"
expect_out "path loss:"
expect_out "line of sight:   clear"
end

begin "hata warns outside its range (d = 4 km ok, 1800 MHz is not)"
run "$RFPLAN" profile --pfl "$T/flat.pfl" --model hata --freq-mhz 1800 --tx-height 30
expect_rc 0
expect_err "frequency outside"
end

begin "usage: unknown model names the option"
run "$RFPLAN" profile --pfl "$T/flat.pfl" --model okumura --freq-mhz 900 --tx-height 30
expect_rc 2
expect_err "option --model"
expect_err "okumura"
end

begin "usage: bad number names the option"
run "$RFPLAN" profile --pfl "$T/flat.pfl" --freq-mhz 9x00 --tx-height 30
expect_rc 2
expect_err "option --freq-mhz"
expect_err "9x00"
end

begin "usage: --freq-mhz is required"
run "$RFPLAN" profile --pfl "$T/flat.pfl" --tx-height 30
expect_rc 2
expect_err "freq-mhz"
end

begin "missing profile file: runtime error naming it"
run "$RFPLAN" profile --pfl "$T/nope.pfl" --freq-mhz 900 --tx-height 30
expect_rc 1
expect_err "nope.pfl"
end

begin "bad number in the profile file: file and line"
printf '3 100\n10 20\n3o 40\n' > "$T/bad.pfl"
run "$RFPLAN" profile --pfl "$T/bad.pfl" --freq-mhz 900 --tx-height 30
expect_rc 1
expect_err "bad.pfl:3: height '3o'"
end

begin "help lists the model options"
run "$RFPLAN" profile --help
expect_rc 0
expect_out "--k-factor"
expect_out "--spm-file"
end

# Workspace form on the GA 1" DEM (EPSG:4326), one generic site.
DEM="$DATA/dem/qld_1sec_wgs84.tif"
if [ ! -f "$DEM" ]; then
	skip_data_rest "no $DEM (real test data absent)"
else
	printf 'id,name,lat,lon\nS1,Test,-23.25,143.25\n' > "$T/sites.csv"
	run "$RFPLAN" import --dem "$DEM" --sites "$T/sites.csv" --sites-format generic \
		--col-id id --col-name name --col-lat lat --col-lon lon -o "$T/ws" -q
	if [ "$rc" != 0 ]; then
		# a set-up failure is a failure of every case that needs it
		fail_rest "rfplan import failed: $(head -c 200 "$T/err")"
	else
		begin "workspace form: geodesic distance, ground heights, free space"
		run "$RFPLAN" profile "$T/ws" --site S1 --to -23.35,143.35 --freq-mhz 900 \
			--model fspl --json
		expect_rc 0
		val() { sed -n "s/^ *\"$1\": \\([-0-9.e+]*\\).*/\\1/p" "$T/out"; }
		# echo "-23.25 143.25 -23.35 143.35" | geod +ellps=WGS84 -I -f %.3f
		#   -> 137.292  -42.747  15076.254
		near "$(val distance_m)" 15076.254 0.01 distance_m
		near "$(val azimuth_deg)" 137.292 0.001 azimuth_deg
		# gdallocationinfo -valonly -wgs84 DEM 143.25 -23.25 -> 289.536 (nearest
		# pixel; bilinear differs by less than a metre on this gentle terrain)
		near "$(val tx_ground_m)" 289.536 1.0 tx_ground_m
		# ... 143.35 -23.35 -> 243.145
		near "$(val rx_ground_m)" 243.145 1.0 rx_ground_m
		# 32.45 + 20 log 900 + 20 log 15.076254 = 32.45 + 59.0849 + 23.5659
		near "$(val path_loss_db)" 115.101 0.01 path_loss_db
		end

		begin "workspace form: unknown site is a runtime error naming it"
		run "$RFPLAN" profile "$T/ws" --site NOPE --to -23.35,143.35 --freq-mhz 900
		expect_rc 1
		expect_err "NOPE"
		end

		begin "workspace form: bad --to names the option"
		run "$RFPLAN" profile "$T/ws" --site S1 --to -23.35 --freq-mhz 900
		expect_rc 2
		expect_err "option --to"
		end
	fi
fi
