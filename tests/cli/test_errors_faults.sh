#!/bin/sh
# Faults (doc/errors.md, "Faults"): a read-only or full output location, a
# path under a regular file, SIGINT / SIGTERM during a long predict, a
# truncated workspace DEM, and a failing re-run with --force.  Always: exit
# 1 with a message naming the path, no partial file under a final name, and
# an earlier output intact until a new one is complete.
#
# Read-only and full file systems are tmpfs mounts in a private mount
# namespace (unshare -m), so nothing outside this test sees them; the tests
# run as root, where chmod does not stop writes.  Without unshare/mount
# permission those cases SKIP and say so (a property of the machine, such as
# an unprivileged container, not of rfplan: a skip even in CI).
. "$(dirname "$0")/lib.sh"
plan 8
need_rfplan

S=$ROOT/samples/island
for tool in gdal_create gdalinfo sha256sum; do
	if ! command -v $tool >/dev/null 2>&1; then
		skip_tool_rest "$tool not installed"
		exit 0
	fi
done
if [ ! -f "$S/dem_mga48.tif" ]; then
	# the sample is part of the repository: its absence is a failure
	fail_rest "samples/island/dem_mga48.tif missing (scripts/make-samples.sh)"
	exit 0
fi

# no_temp DIR: no temporary or old sibling of DIR is left.
no_temp() {
	for f in "$1".tmp-* "$1".old-* "$(dirname "$1")/.$(basename "$1")".*; do
		[ -e "$f" ] && fail "left behind: $f"
	done
}
# digest DIR: sha256 of every file of DIR, by name.
digest() { (cd "$1" && sha256sum ./* 2>/dev/null); }
# same_maps A B: the rasters and stats of two predictions are identical
# (run.json differs by its timings, the KMZ by its zip dates).
same_maps() {
	for f in rsrp.tif sinr.tif rsrq.tif best_server.tif overlap.tif stats.csv rsrp.png; do
		cmp -s "$1/$f" "$2/$f" || fail "$f differs between $1 and $2"
	done
}

setup "$RFPLAN" import --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws" -q
# The long predict of the signal cases: ITM, 3 km, one thread (a second or
# two; the signal is sent 0.2 s after the run has made its temporary
# directory, which it does before reading the cells).
P="--model itm --radius 3 --threads 1 -q"

# The reference: an uninterrupted run.
# shellcheck disable=SC2086
setup "$RFPLAN" predict "$T/ws" $P -o "$T/ref"
# shellcheck disable=SC2086
setup "$RFPLAN" predict "$T/ws" $P -o "$T/p"
before=$(digest "$T/p")

begin "a failing re-run with --force leaves the earlier output intact"
printf 'site_id,cell_id\nNOSUCH,1\n' >"$T/bad.csv"
# shellcheck disable=SC2086 # $P: the options, one word each
run "$RFPLAN" predict "$T/ws" --cells "$T/bad.csv" $P -o "$T/p" --force
expect_rc 1
expect_err "bad.csv:2: column site_id: unknown site 'NOSUCH'"
{ [ -n "$before" ] && [ "$(digest "$T/p")" = "$before" ]; } || fail "the earlier output changed"
no_temp "$T/p"
end

begin "an output path under a regular file (ENOTDIR): exit 1 naming it"
: >"$T/afile"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/ws" $P -o "$T/afile/out"
expect_rc 1
expect_err "afile/"
expect_err "Not a directory"
end

begin "a workspace DEM truncated after import: exit 1 naming dem.tif, nothing written"
mkdir "$T/wsbad" && cp -r "$T/ws/." "$T/wsbad/"
head -c 3000 "$T/ws/dem.tif" >"$T/wsbad/dem.tif"
# shellcheck disable=SC2086
run "$RFPLAN" predict "$T/wsbad" $P -o "$T/pbad"
expect_rc 1
expect_err "dem.tif"
expect_no_file "$T/pbad"
no_temp "$T/pbad"
end

# in_ns OPTS CMD...: run CMD in a private mount namespace with a tmpfs
# mounted (mount options OPTS) on $T/mnt; prints its output and, last,
# "rc=STATUS" and "left=FILES IN THE MOUNT".
mkdir "$T/mnt"
in_ns() {
	opts=$1
	shift
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m sh -c 'mount -t tmpfs -o "$1" tmpfs "$2" || exit 99
		shift 2; "$@"; echo "rc=$?"; echo "left=$(ls -A "$0")"' "$T/mnt" "$opts" "$T/mnt" "$@"
}
if unshare -m sh -c "mount -t tmpfs -o size=64k tmpfs '$T/mnt'" 2>/dev/null; then
	begin "a read-only output location: exit 1 naming it, nothing written"
	# shellcheck disable=SC2086
	in_ns ro,size=64k "$RFPLAN" predict "$T/ws" $P -o "$T/mnt/out" >"$T/ns.out" 2>"$T/err"
	grep -q '^rc=1$' "$T/ns.out" || fail "status: $(cat "$T/ns.out")"
	expect_err "mnt/"
	expect_err "Read-only file system"
	grep -q '^left=$' "$T/ns.out" || fail "files left: $(grep left= "$T/ns.out")"
	end

	begin "a full disk during predict: exit 1 naming the file, nothing left"
	# shellcheck disable=SC2086
	in_ns size=64k "$RFPLAN" predict "$T/ws" $P -o "$T/mnt/out" >"$T/ns.out" 2>"$T/err"
	grep -q '^rc=1$' "$T/ns.out" || fail "status: $(cat "$T/ns.out")"
	# GDAL's message varies ("No space left on device", "IO error writing
	# tag data"): the file it names is what matters.
	expect_err "mnt/.out.tmp-"
	grep -q '^left=$' "$T/ns.out" || fail "files left: $(grep left= "$T/ns.out")"
	end

	begin "a full disk during import: exit 1 naming the file, nothing left"
	in_ns size=64k "$RFPLAN" import --dem "$S/dem_mga48.tif" -o "$T/mnt/ws" -q \
		>"$T/ns.out" 2>"$T/err"
	grep -q '^rc=1$' "$T/ns.out" || fail "status: $(cat "$T/ns.out")"
	expect_err "mnt/ws"
	grep -q '^left=$' "$T/ns.out" || fail "files left: $(grep left= "$T/ns.out")"
	end
else
	skip "a read-only output location" "cannot mount a tmpfs in a private namespace here (unshare -m / mount not permitted)"
	skip "a full disk during predict" "cannot mount a tmpfs in a private namespace here"
	skip "a full disk during import" "cannot mount a tmpfs in a private namespace here"
fi

# interrupt SIG: start predict --force into $T/p in the background, send SIG
# once it has created its temporary directory, wait.  Sets $killed to 1 when
# the signal ended it (status 128 + signal), 0 when it had already finished.
# A background job of a non-interactive shell ignores SIGINT; env
# --default-signal restores the default action, as in a terminal.
interrupt() {
	# shellcheck disable=SC2086
	env --default-signal=INT,TERM "$RFPLAN" predict "$T/ws" $P -o "$T/p" --force 2>/dev/null &
	pid=$!
	i=0
	while [ $i -lt 500 ] && ! ls -d "$T"/.p.tmp-* >/dev/null 2>&1; do
		sleep 0.01
		i=$((i + 1))
	done
	sleep 0.2
	kill -"$1" "$pid" 2>/dev/null
	wait "$pid"
	st=$?
	killed=0
	[ "$st" -gt 128 ] && killed=1
}

if ! env --default-signal=INT true 2>/dev/null; then
	for sig in INT TERM; do
		skip "SIG$sig during a long predict" "env --default-signal not available (coreutils < 8.31)"
	done
	exit 0
fi
for sig in INT TERM; do
	begin "SIG$sig during a long predict: earlier output intact, no partial file, re-run works"
	interrupt $sig
	if [ "$killed" = 0 ]; then
		skip "SIG$sig during a long predict" "the run finished before the signal (too fast here)"
		continue
	fi
	[ "$(digest "$T/p")" = "$before" ] || fail "the earlier output changed"
	for f in "$T"/p/*; do
		[ -e "$T/ref/$(basename "$f")" ] || fail "unexpected file under the final name: $f"
	done
	# shellcheck disable=SC2086
	run "$RFPLAN" predict "$T/ws" $P -o "$T/p" --force
	expect_rc 0
	same_maps "$T/ref" "$T/p"
	# The killed run's temporary directory was removed by the re-run.
	no_temp "$T/p"
	before=$(digest "$T/p")
	end
done
