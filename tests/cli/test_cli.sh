#!/bin/sh
# The subcommand table: --version, help, unknown commands and options.
. "$(dirname "$0")/lib.sh"
plan 5
need_rfplan

begin "rfplan --version names the version in VERSION"
run "$RFPLAN" --version
expect_rc 0
expect_out "rfplan $(cat "$ROOT/VERSION")"
end

begin "rfplan without a command is a usage error listing the commands"
run "$RFPLAN"
expect_rc 2
expect_err "import"
expect_err "predict"
end

begin "rfplan help CMD equals rfplan CMD --help"
for c in import predict profile info; do
	"$RFPLAN" help "$c" >"$T/a" 2>&1; ra=$?
	"$RFPLAN" "$c" --help >"$T/b" 2>&1; rb=$?
	{ [ "$ra" = 0 ] && [ "$rb" = 0 ]; } || fail "$c: help exit $ra / --help exit $rb"
	cmp -s "$T/a" "$T/b" || fail "$c: help and --help differ"
	grep -q "usage: rfplan $c" "$T/a" || fail "$c: no usage line"
done
end

begin "unknown command: exit 2, named"
run "$RFPLAN" frobnicate
expect_rc 2
expect_err "frobnicate"
end

begin "unknown option: exit 2, named"
for c in import predict profile info; do
	run "$RFPLAN" "$c" --no-such-option
	expect_rc 2
	expect_err "no-such-option"
done
end
