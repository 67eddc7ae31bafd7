#!/bin/sh
# The workspace's caches (WS/pathloss with two resolutions' extended
# workspace WS/pathloss/ext-HASH-xF, WS/hillshade) on a full or read-only
# file system, and the leftovers of a killed two-resolution run
# (doc/engine.md, "Safety of the store"; doc/errors.md, "Faults").  The
# caches are read and written through descriptors (/proc/self/fd/N for
# GDAL), but every message names the file as the user knows it:
# WS/pathloss/ext-HASH-xF..., never /proc/self/fd/N.  A full disk leaves no
# temporary; a matrix that cannot be stored changes no map (the maps are
# compared with a --no-cache run's, pixel by pixel).
#
# Full and read-only file systems are tmpfs mounts in a private mount
# namespace (unshare -m), as in test_errors_faults.sh: the workspace is
# copied into the tmpfs, the tmpfs filled with a file to its last byte, the
# output written outside it.  Without unshare/mount permission those cases
# SKIP and say so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/island_lib.sh"
plan 5
need_rfplan

island_setup "python3-gdal" "from osgeo import gdal"
P="--model itm --radius 3 -q --cells $T/cells.csv"
TR="--main-radius 1 --ext-res 180m"

# the maps of reference (no cache) on a copy of the workspace (--no-cache
# still makes the extended workspace): $T/ws keeps no cache
cp -r "$T/ws" "$T/wsref"
# shellcheck disable=SC2086
WS=$T/wsref predict ref $TR --no-cache
[ "$rc" = 0 ] || { fail_rest "reference run failed: $(head -c 300 "$T/err")"; exit 0; }
digest "$T/ref" >"$T/ref.dig"
# shellcheck disable=SC2086
WS=$T/wsref predict ref1 --no-cache
digest "$T/ref1" >"$T/ref1.dig"

# in_ns OPTS SCRIPT: run the sh SCRIPT in a private mount namespace with a
# tmpfs (mount options OPTS) on $T/mnt; SCRIPT sees $M (the mount), $WSRC
# (the workspace to copy), $RF (rfplan), $P, $TR and $T.
mkdir "$T/mnt"
in_ns() (
	export M="$T/mnt" WSRC="$T/ws" RF="$RFPLAN" P TR T
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare -m sh -c 'mount -t tmpfs -o "$0" tmpfs "$M" || exit 99
		eval "$1"' "$1" "$2"
)

# shellcheck disable=SC2016 # expanded by the inner sh
# fill: the script text that fills $M to its last byte
FILL='dd if=/dev/zero of="$M/filler" bs=4k 2>/dev/null; dd if=/dev/zero of="$M/filler2" bs=1 2>/dev/null'

# no_proc_no_tmp: stderr names no /proc/self/fd path; $T/left (find's
# listing of the mount after the run) holds no temporary
no_proc_no_tmp() {
	grep -q "/proc/self/fd" "$T/err" && fail "a message names /proc/self/fd: $(grep /proc/self/fd "$T/err" | head -c 300)"
	grep -q "tmp-" "$T/left" && fail "temporaries left: $(grep tmp- "$T/left" | head -c 300)"
}

if unshare -m sh -c "mount -t tmpfs -o size=64k tmpfs '$T/mnt'" 2>/dev/null; then
	begin "cache faults: a full disk while the extended workspace is built: exit 1 naming WS/pathloss/ext-HASH-xF's temporary, not /proc/self/fd; no temporary left"
	# shellcheck disable=SC2016 # expanded by the inner sh
	in_ns size=1m 'cp -r "$WSRC" "$M/ws"; '"$FILL"'
		$RF predict "$M/ws" $P $TR -o "$T/full1" --force; echo "rc=$?" >"$T/rc"
		find "$M/ws" >"$T/left"' 2>"$T/err"
	grep -q '^rc=1$' "$T/rc" || fail "status: $(cat "$T/rc")"
	expect_err "mnt/ws/pathloss/ext-[0-9a-f]*-x3\.tmp-[0-9]*-[A-Za-z0-9]*/dem.tif"
	no_proc_no_tmp
	end

	begin "cache faults: a full disk while the matrices are stored: warnings name WS/pathloss/KEY.tif and WS/pathloss/ext-HASH-xF/pathloss/KEY.tif, not /proc/self/fd; no temporary; the maps of a run without cache"
	# the extended workspace made first (--no-cache makes it: engine.md),
	# the hillshade cache emptied, then the disk filled: neither the
	# matrices nor the hillshade's entry fit (hillshade.tif computed as
	# without a cache, silently: outputs.md)
	# shellcheck disable=SC2016 # expanded by the inner sh
	in_ns size=1m 'cp -r "$WSRC" "$M/ws"
		$RF predict "$M/ws" $P $TR --no-cache -o "$T/full0" --force
		rm -f "$M"/ws/hillshade/*; '"$FILL"'
		$RF predict "$M/ws" $P $TR -o "$T/full2" --force; echo "rc=$?" >"$T/rc"
		find "$M/ws" >"$T/left"; ls -A "$M/ws/hillshade" >"$T/hs"' 2>"$T/err"
	grep -q '^rc=0$' "$T/rc" || fail "status: $(cat "$T/rc")"
	expect_err "path-loss matrix not stored: $T/mnt/ws/pathloss/[0-9a-f]*\.tif"
	expect_err "path-loss matrix not stored: $T/mnt/ws/pathloss/ext-[0-9a-f]*-x3/pathloss/[0-9a-f]*\.tif"
	no_proc_no_tmp
	[ ! -s "$T/hs" ] || fail "WS/hillshade holds $(cat "$T/hs")"
	expect_file "$T/full2/hillshade.tif"
	digest "$T/full2" >"$T/full2.dig"
	cmp -s "$T/ref.dig" "$T/full2.dig" || fail "maps differ from the run without cache"
	end

	begin "cache faults: a read-only workspace: one resolution warned, exit 0, the maps of a run without cache; two resolutions without an extended workspace: exit 1 naming WS/pathloss"
	# shellcheck disable=SC2016 # expanded by the inner sh
	in_ns size=1m 'cp -r "$WSRC" "$M/ws"; mount -o remount,ro "$M"
		$RF predict "$M/ws" $P -o "$T/ro1" --force; echo "rc=$?" >"$T/rc"
		$RF predict "$M/ws" $P $TR -o "$T/ro2" --force 2>"$T/err2"; echo "rc=$?" >"$T/rc2"
		find "$M/ws" >"$T/left"' 2>"$T/err"
	grep -q '^rc=0$' "$T/rc" || fail "status: $(cat "$T/rc")"
	expect_err "path-loss matrix not stored: $T/mnt/ws/pathloss: cannot create: Read-only file system"
	digest "$T/ro1" >"$T/ro1.dig"
	cmp -s "$T/ref1.dig" "$T/ro1.dig" || fail "maps differ from the run without cache"
	grep -q '^rc=1$' "$T/rc2" || fail "two resolutions: status: $(cat "$T/rc2")"
	grep -q "$T/mnt/ws/pathloss: cannot create: Read-only file system" "$T/err2" ||
		fail "two resolutions: $(head -c 300 "$T/err2")"
	grep -q "pathloss\|hillshade" "$T/left" && fail "written in the workspace: $(grep 'pathloss\|hillshade' "$T/left")"
	end
else
	skip "cache faults: a full disk while the extended workspace is built" "cannot mount a tmpfs in a private namespace here (unshare -m / mount not permitted)"
	skip "cache faults: a full disk while the matrices are stored" "cannot mount a tmpfs in a private namespace here"
	skip "cache faults: a read-only workspace" "cannot mount a tmpfs in a private namespace here"
fi

begin "cache faults: a killed two-resolution run's temporary directory (dead PID, rfplan's marker, untouched for 2 hours) is removed by the next; a live run's, a recent one (another host's run) and one without the marker kept; a link of that name unlinked, not followed: nothing outside changed"
# shellcheck disable=SC2086
predict first $TR
ext=$(find "$T/ws/pathloss" -maxdepth 1 -type d -name 'ext-*-x3')
[ -n "$ext" ] || fail "no WS/pathloss/ext-*-x3"
# a PID that is no process: one past the kernel's maximum
dead=$(($(cat /proc/sys/kernel/pid_max) + 1))
mkdir "$ext.tmp-$dead-AAAAAA" "$ext.tmp-$$-BBBBBB" "$ext.tmp-$dead-CCCCCC" "$T/outside" \
	"$ext.tmp-$dead-EEEEEE"
: >"$ext.tmp-$dead-AAAAAA/.rfplan-tmp"
: >"$ext.tmp-$dead-AAAAAA/dem.tif"
: >"$ext.tmp-$$-BBBBBB/.rfplan-tmp"
: >"$ext.tmp-$dead-CCCCCC/dem.tif"   # no marker: not rfplan's
: >"$T/outside/.rfplan-tmp"
: >"$T/outside/keep"
: >"$ext.tmp-$dead-EEEEEE/.rfplan-tmp"   # recent: maybe a live run on another host
ln -s "$T/outside" "$ext.tmp-$dead-DDDDDD"
# all but EEEEEE untouched for 2 hours (the clean-up waits one, as the
# stores' temporaries: engine.md)
for d in AAAAAA BBBBBB CCCCCC; do
	touch -c -d "2 hours ago" "$ext.tmp-$dead-$d" "$ext.tmp-$$-$d"
done
touch -h -d "2 hours ago" "$ext.tmp-$dead-DDDDDD"
# shellcheck disable=SC2086
predict second $TR
expect_rc 0
[ ! -e "$ext.tmp-$dead-AAAAAA" ] || fail "the killed run's temporary is left"
[ -d "$ext.tmp-$$-BBBBBB" ] || fail "a live run's temporary was removed"
[ -f "$ext.tmp-$dead-CCCCCC/dem.tif" ] || fail "a directory without rfplan's marker was removed"
[ ! -L "$ext.tmp-$dead-DDDDDD" ] || fail "the link at a killed run's temporary name is left"
[ -d "$ext.tmp-$dead-EEEEEE" ] || fail "a recent temporary (another host's live run) was removed"
if [ ! -f "$T/outside/keep" ] || [ ! -f "$T/outside/.rfplan-tmp" ]; then
	fail "a file outside the store was removed through a link"
fi
rm -rf "$ext.tmp-$$-BBBBBB" "$ext.tmp-$dead-CCCCCC" "$ext.tmp-$dead-DDDDDD" "$ext.tmp-$dead-EEEEEE"
end

begin "cache faults: the extended workspace's dem.tif damaged (truncated): exit 1 naming WS/pathloss/ext-HASH-xF/dem.tif, not /proc/self/fd"
cp -r "$T/ws" "$T/wsdamaged"
ext=$(find "$T/wsdamaged/pathloss" -maxdepth 1 -type d -name 'ext-*-x3')
[ -n "$ext" ] || fail "no WS/pathloss/ext-*-x3"
truncate -s 1000 "$ext/dem.tif"
# shellcheck disable=SC2086
WS=$T/wsdamaged predict damaged $TR
expect_rc 1
expect_err "$ext/dem.tif"
grep -q "/proc/self/fd" "$T/err" && fail "a message names /proc/self/fd: $(head -c 300 "$T/err")"
end
