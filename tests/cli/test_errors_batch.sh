#!/bin/sh
# Bad batch plans (doc/errors.md, "Batch plan"; the plan format is
# doc/batch.md): empty, truncated or non-object JSON, NaN and overflowing
# numbers (not JSON), trailing text, missing or unknown keys, bad or
# duplicate region names, out-of-range values.  Each: exit 1, one message
# naming the file and the JSON line:column or path, no output directory.
. "$(dirname "$0")/lib.sh"
plan 19
need_rfplan

# `rfplan batch` is part of every build: a broken --help is a failure (it
# once turned this whole file into a skip).
begin "batch --help: exit 0 with the usage"
run "$RFPLAN" batch --help
expect_rc 0
expect_out "usage: rfplan batch"
end

# plan_case NAME JSON WANT
plan_case() {
	printf '%s' "$2" >"$T/plan.json"
	begin "batch plan $1: exit 1, '$3'"
	run "$RFPLAN" batch "$T/plan.json" -o "$T/bout" -q
	expect_rc 1
	expect_err "plan.json"
	expect_err "$3"
	expect_no_file "$T/bout"
	end
}
R='"name":"a","dem":"x.tif"'
plan_case empty '' "plan.json:1:0: '\[' or '{' expected"
plan_case truncated '{' "plan.json:1:1: string or '}' expected"
plan_case "not an object" '[]' "not a JSON object"
plan_case "trailing text" "{\"regions\":[{$R}]} trailing" "plan.json:1:49: end of file expected"
plan_case "NaN (not JSON)" "{\"regions\":[{$R,\"predict\":{\"radius_km\":NaN}}]}" "plan.json:1:64: invalid token near 'NaN'"
plan_case "overflowing number" "{\"regions\":[{$R,\"predict\":{\"radius_km\":1e400}}]}" "real number overflow near '1e400'"
plan_case "no regions" '{"regions":[]}' "regions: not a non-empty array"
plan_case "region without dem" '{"regions":[{"name":"a"}]}' "regions\[0\].dem: missing"
plan_case "bad region name" '{"regions":[{"name":"a b","dem":"x.tif"}]}' "regions\[0\].name: 'a b'"
plan_case "dot region name" '{"regions":[{"name":"..","dem":"x.tif"}]}' "regions\[0\].name: '..' must not start with '.'"
plan_case "duplicate region name" "{\"regions\":[{$R},{$R}]}" "regions\[1\].name: 'a' is also regions\[0\]'s name"
plan_case "unknown key" "{\"regions\":[{$R,\"typo\":1}]}" "regions\[0\].typo: unknown key"
plan_case "radius as a string" "{\"regions\":[{$R,\"predict\":{\"radius_km\":\"5\"}}]}" "regions\[0\].predict.radius_km: not a number in \[0.01, 500\]"
plan_case "enormous radius" "{\"regions\":[{$R,\"predict\":{\"radius_km\":100000}}]}" "regions\[0\].predict.radius_km: not a number in \[0.01, 500\]"
plan_case "main radius without ext_res" "{\"regions\":[{$R,\"predict\":{\"main_radius_km\":2}}]}" "regions\[0\].predict.main_radius_km: needs ext_res_m too"
plan_case "main radius not below radius" "{\"regions\":[{$R,\"predict\":{\"radius_km\":3,\"main_radius_km\":3,\"ext_res_m\":90}}]}" "regions\[0\].predict.main_radius_km: 3 is not below radius_km 3"
plan_case "threshold not a number" "{\"rsrp_threshold_dbm\":\"x\",\"regions\":[{$R}]}" "rsrp_threshold_dbm: not a number of dBm"

begin "batch plan missing: exit 1 naming it"
run "$RFPLAN" batch "$T/nope.json" -o "$T/bout" -q
expect_rc 1
expect_err "nope.json"
expect_no_file "$T/bout"
end
