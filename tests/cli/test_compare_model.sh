#!/bin/sh
# rfplan compare evaluates each point with the very request the map was
# computed with (issue 18 point 2; doc/calibration.md): for every model and
# every option that changes a loss, measurements placed at pixel centres
# with RSRP = the map's value - 3 dB, each naming the pixel's best server
# (so compare computes it again through the engine, own-cell matching),
# give a mean error of 3.000 dB and a standard deviation <= 0.001 dB.
# Expected values: by construction (pred - meas = map - (map - 3) = 3),
# independent of rfplan's numbers; a compare that re-read only some options
# (the P.2108 clutter loss, P.1812's DN, N0 and polarization, ITM's climate,
# time, location and situation, the receiver height, receiver gain and
# body loss, Hata's environment) would differ by 0.5 to 36 dB.
# Indoor (--indoor) leaves rsrp.tif as it is and adds rsrp_indoor.tif:
# compare reads rsrp.tif, so its case checks the request with --indoor is
# still restored exactly (building class, percent).
# calibrate evaluates its points the same way (its starting model is the
# request's, the fixed part the map's clutter loss): on the SPM P.2108 map,
# the starting model's error is 3.000 +- 0.001 and the fit moves K1 by
# exactly the 3 dB (22 -> 25, data/models/spm_default.json's K1 = 22),
# whether the request comes from the prediction's run.json (--prediction)
# or from the same options given to calibrate.
# Also: a run.json missing a member of the request is refused naming it,
# and a measurement file larger than RFPLAN_MAX_MEMORY_MB allows is refused
# before it is read, naming the file and the limit.
. "$(dirname "$0")/lib.sh"

plan 26
need_rfplan

S="$ROOT/samples/island"
setup "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" --res 60m -o "$T/ws" -q
command -v gdal_translate >/dev/null || { skip_tool_rest "gdal_translate (gdal-bin) not found"; exit 0; }

# json_num FILE KEY [AFTER]: the first "KEY": number after the line that
# holds AFTER (the whole file without AFTER).
json_num() {
	awk -v k="\"$2\":" -v a="${3:-}" '
		a != "" && index($0, a) { on = 1 }
		(a == "" || on) && index($0, k) { v = $0; sub(/.*": */, "", v); sub(/,.*/, "", v); print v; exit }' "$1"
}

# points DIR: DIR/meas.csv, every 7th pixel with a value: its centre, the
# map's RSRP - 3 dB (within the measurement range [-140, -44]), the best
# server's site and cell ids (cells.csv's order is the best-server index).
points() {
	gdal_translate -q -of XYZ "$1/rsrp.tif" "$1/rsrp.xyz" &&
		gdal_translate -q -of XYZ "$1/best_server.tif" "$1/best.xyz" || return 1
	awk -F, 'NR == FNR { if (FNR > 1) { site[FNR - 2] = $1; cell[FNR - 2] = $2 }; next }
		FILENAME ~ /best/ { b[FNR] = $3; next }
		FNR == 1 { print "lat,lon,rsrp_dbm,site_id,cell_id" }
		{ split($0, f, " "); v = f[3] - 3 }
		f[3] != -9999 && b[FNR] != 65535 && v >= -140 && v <= -44 && FNR % 7 == 0 {
			printf "%.12f,%.12f,%.6f,%s,%s\n", f[2], f[1], v, site[b[FNR]], cell[b[FNR]] }' \
		"$S/cells.csv" FS=' ' "$1/best.xyz" "$1/rsrp.xyz" >"$1/meas.csv"
	[ "$(wc -l <"$1/meas.csv")" -gt 200 ]
}

# check NAME PREDICT-OPTIONS...: predict, points, compare, mean and std.
check() {
	name=$1
	shift
	begin "compare $name: map - 3 dB gives mean error 3.000, std <= 0.001"
	if ! "$RFPLAN" predict "$T/ws" --radius 3 -o "$T/$name" -q "$@" 2>"$T/err"; then
		fail "predict $*: $(head -c 300 "$T/err")"
	elif ! points "$T/$name"; then
		fail "no measurement points from $T/$name"
	else
		run "$RFPLAN" compare "$T/ws" "$T/$name" --measurements "$T/$name/meas.csv" \
			--min-distance-m 0 -o "$T/$name/cmp" -q
		expect_rc 0
		j="$T/$name/cmp/compare.json"
		near "$(json_num "$j" mean_error_db)" 3.000 0.0005 "mean error"
		near "$(json_num "$j" std_db)" 0 0.001 "std"
		n=$(($(wc -l <"$T/$name/meas.csv") - 1))
		grep -q "\"points_matched_own_cell\": $n" "$j" || grep -q "\"own_cell\": $n" "$j" ||
			fail "not all $n points matched with their own cell: $(grep -i own "$j" | head -2)"
	fi
	end
}

check fspl --model fspl
check los --model los
check hata --model hata
check hata_suburban --model hata --env suburban
check cost231 --model cost231
check spm --model spm
check spm_p2108 --model spm --clutter-loss p2108
check itm --model itm
check itm_p2108 --model itm --clutter-loss p2108
check itm_p2108_p90 --model itm --clutter-loss p2108 --clutter-percent 90
check itm_indoor --model itm --indoor --indoor-percent 90 --building-class efficient
check itm_params --model itm --climate 1 --time 10 --location 90 --situation 90 --n0 250 \
	--epsilon 5 --sigma 0.001 --pol h --k-factor 1
check itm_rx10 --model itm --rx-height 10 --rx-gain-dbi 2 --body-loss-db 3
check p1812 --model p1812
check fspl_p2108 --model fspl --clutter-loss p2108
check p1812_params --model p1812 --dn 60 --n0 330 --time 10 --location 90 --pol h
OPTS="--clutter-loss p2108 --profile-spacing 16 --rx-height 3 --rx-gain-dbi 2 --body-loss-db 3 --k-factor 1.2"
# shellcheck disable=SC2086 # OPTS is a list of options
check spm_opts --model spm $OPTS

begin "compare: a merged tiled run (tile 1's request, tiles reset): map - 3 dB gives 3.000"
for k in 1 2; do
	"$RFPLAN" predict "$T/ws" --radius 3 --model itm --clutter-loss p2108 --tile "$k/2" \
		-o "$T/tile$k" -q 2>"$T/err" || fail "predict --tile $k/2: $(head -c 200 "$T/err")"
done
run "$RFPLAN" merge "$T/tile1" "$T/tile2" -o "$T/merged" -q
expect_rc 0
run "$RFPLAN" compare "$T/ws" "$T/merged" --measurements "$T/itm_p2108/meas.csv" \
	--min-distance-m 0 -o "$T/merged_cmp" -q
expect_rc 0
near "$(json_num "$T/merged_cmp/compare.json" mean_error_db)" 3.000 0.0005 "mean error"
near "$(json_num "$T/merged_cmp/compare.json" std_db)" 0 0.001 "std"
end

begin "compare: a run.json without part of the request is refused, naming the member"
sed '/"clutter_loss"/,/}/d' "$T/itm_p2108/run.json" >"$T/run.json.cut" &&
	cp "$T/run.json.cut" "$T/itm_p2108/run.json"
run "$RFPLAN" compare "$T/ws" "$T/itm_p2108" --measurements "$T/itm_p2108/meas.csv" \
	-o "$T/cut" -q
expect_rc 1
expect_err "itm_p2108/run.json: parameters: Object item not found: clutter_loss"
expect_err "run rfplan predict again"
nothing_written "$T/cut"
end

begin "compare: RFPLAN_MAX_MEMORY_MB refuses a measurement file too large, naming it"
# 200,001 rows of five columns: each held as a CSV row of five strings, a
# measurement record and a compared point, several hundred bytes a row
# (doc/errors.md), so far more than the 1 MiB allowed.
awk 'NR == 1 || NR == 2 { print } NR == 2 { for (i = 0; i < 200000; i++) print }' \
	"$T/itm/meas.csv" >"$T/big.csv"
RFPLAN_MAX_MEMORY_MB=1 run "$RFPLAN" compare "$T/ws" "$T/itm" --measurements "$T/big.csv" \
	-o "$T/big" -q
expect_rc 1
expect_err "big.csv"
expect_err "RFPLAN_MAX_MEMORY_MB"
nothing_written "$T/big"
end

# calib NAME ARGS...: calibrate on spm_p2108's points (MAP=DIR another
# map's); before and K1.
calib() {
	c=$1
	shift
	run "$RFPLAN" calibrate "$T/ws" --measurements "$T/${MAP:-spm_p2108}/meas.csv" --min-distance-m 0 \
		-o "$T/$c.json" -q "$@"
	expect_rc 0
	[ -s "$T/$c.json" ] || return 0
	near "$(json_num "$T/$c.json" mean_error_db '"before"')" 3.000 0.0005 "$c: before, mean error"
	near "$(json_num "$T/$c.json" std_db '"before"')" 0 0.001 "$c: before, std"
	near "$(json_num "$T/$c.json" k1)" 25.000 0.001 "$c: fitted k1"
	near "$(json_num "$T/$c.json" rmse_db '"heldout"')" 0 0.001 "$c: held-out rmse"
}

begin "calibrate --prediction (spm, p2108): the map's request; K1 moves by the 3 dB"
calib cal_pred --prediction "$T/spm_p2108"
end

begin "calibrate --clutter-loss p2108 --radius 3: the same request from the options"
calib cal_opts --clutter-loss p2108 --radius 3
end

# calibrate takes predict's request options through predict's table and
# parser: the receiver, profile spacing and geometry options of the map
# spm_opts given to calibrate are that map's request (before 3.000, K1 25),
# as its run.json through --prediction.
begin "calibrate $OPTS: predict's options, the map's request"
# shellcheck disable=SC2086
MAP=spm_opts calib cal_popts --radius 3 $OPTS
end

begin "calibrate --prediction of that map: the same request"
MAP=spm_opts calib cal_ppred --prediction "$T/spm_opts"
end

begin "calibrate: predict's messages for predict's options; options without meaning refused by name"
# the same stderr as predict's (but the command name) for the same bad values
for bad in "--radius 0" "--rx-height x" "--k-factor 200" "--profile-spacing 3" \
	"--clutter-percent 50" "--clutter-loss p2108 --clutter-percent 0" "--freq-mhz 900" \
	"--tx-height 20" "--model bogus" "--spm-file $T/none.json" "--rx-gain-dbi 99"; do
	# shellcheck disable=SC2086 # bad is options and values
	"$RFPLAN" predict "$T/ws" -o "$T/xp" $bad 2>"$T/perr"
	rp=$?
	# shellcheck disable=SC2086
	run "$RFPLAN" calibrate "$T/ws" --measurements "$T/spm_p2108/meas.csv" -o "$T/x.json" $bad
	expect_rc 2
	[ "$rp" = 2 ] || fail "predict $bad: exit $rp"
	sed 's/^rfplan calibrate:/rfplan predict:/' "$T/err" | cmp -s - "$T/perr" ||
		fail "$bad: calibrate says '$(cat "$T/err")', predict '$(cat "$T/perr")'"
done
for bad in "--load 0.5" "--climate 3" "--mimo-layers 2" "--indoor" "--main-radius 1" \
	"--spm-band-tolerance 5" "--model itm"; do
	# shellcheck disable=SC2086
	run "$RFPLAN" calibrate "$T/ws" --measurements "$T/spm_p2108/meas.csv" -o "$T/x.json" $bad
	expect_rc 2
	expect_err "rfplan calibrate: option ${bad%% *}: "
done
nothing_written "$T/x.json"
end

begin "calibrate: --prediction excludes the request's options; p2108 excludes --classes"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/spm_p2108/meas.csv" -o "$T/x.json" \
	--prediction "$T/spm_p2108" --radius 3
expect_rc 2
expect_err "option --radius: not with --prediction"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/itm/meas.csv" -o "$T/x.json" \
	--prediction "$T/itm"
expect_rc 1
expect_err "itm/run.json: the prediction's model is itm"
run "$RFPLAN" calibrate "$T/ws" --measurements "$T/spm_p2108/meas.csv" -o "$T/x.json" \
	--clutter-loss p2108 --classes
expect_rc 2
expect_err "--classes fits the class table's loss_db"
nothing_written "$T/x.json"
end
