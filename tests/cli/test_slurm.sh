#!/bin/sh
# samples/cluster/slurm-predict.sh on a real, one-node Slurm cluster that
# this script starts on this machine: munged with its own key, slurmctld and
# slurmd with a slurm.conf written here (the node's CPUs and memory from
# `slurmd -C`, free ports on 127.0.0.1, state, spool, logs and sockets all in
# the test's temporary directory).  The sample submits the island's
# prediction as a job array of 4 tiles plus a merge job that waits for them
# (--dependency=afterok); the merged rasters must equal the single, untiled
# run's bit for bit (every pixel of rsrp, sinr, rsrq, overlap and
# best_server as raw ENVI dumps made by gdal_translate, compared with cmp;
# stats.csv and best_server.csv byte for byte).  The daemons are stopped
# (scontrol shutdown, then their pid files) when the script exits, whatever
# happened.  Needs root (slurmd runs jobs as their user) and Debian's
# slurm-wlm + munge (scripts/install-deps.sh test): without them the cases
# skip (in CI, a missing package is a failure); a cluster that does not come
# up is a failure, with the daemons' log tails.
. "$(dirname "$0")/lib.sh"
plan 2

C1="slurm: a one-node cluster (munged, slurmctld, slurmd) comes up"
C2="slurm: samples/cluster job array of 4 tiles + merge job equals the single run bit for bit"
missing=""
for tool in munged slurmctld slurmd sbatch scontrol sinfo squeue scancel gdal_translate python3; do
	command -v $tool >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	why="not installed:$missing (scripts/install-deps.sh test installs slurm-wlm, munge)"
	skip_data "$C1" "$why"
	skip_data "$C2" "$why"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	skip "$C1" "not root: slurmd must run as root to start jobs"
	skip "$C2" "not root: slurmd must run as root to start jobs"
	exit 0
fi

D="$T/slurm"
mkdir -p "$D/munge" "$D/state" "$D/spool" "$D/log" "$T/run"
chmod 700 "$D/munge"
export SLURM_CONF="$D/slurm.conf"
jobs_started=""

# Stop what this script started (by pid file), then remove $T.
stop_cluster() {
	# shellcheck disable=SC2086
	[ -n "$jobs_started" ] && scancel $jobs_started >/dev/null 2>&1
	scontrol shutdown >/dev/null 2>&1
	for pidfile in "$D/slurmd.pid" "$D/slurmctld.pid" "$D/munge/munged.pid"; do
		[ -s "$pidfile" ] || continue
		pid=$(cat "$pidfile")
		i=0
		while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
			[ $i = 10 ] && kill "$pid" 2>/dev/null
			sleep 0.2
			i=$((i + 1))
		done
		kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
	done
	rm -rf "$T"
}
trap stop_cluster EXIT

log_tails() {
	for f in "$D/log/slurmctld.log" "$D/log/slurmd.log" "$D/munge/munged.log"; do
		[ -f "$f" ] && { echo "--- tail $f"; tail -n 8 "$f"; }
	done
}

# Two free TCP ports on 127.0.0.1 (the kernel picks them).
ports=$(python3 -c '
import socket
ss = [socket.socket() for _ in range(2)]
for s in ss: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in ss))')
# shellcheck disable=SC2086
set -- $ports
ctld_port=$1 slurmd_port=$2
# The node as slurmd sees it: "NodeName=host CPUs=2 ... RealMemory=24105".
hw=$(slurmd -C 2>/dev/null | head -n 1 | sed 's/^NodeName=[^ ]* //')
node=rfplan-test

dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$D/munge/munge.key"
cat >"$SLURM_CONF" <<EOF
ClusterName=rfplantest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$D/munge/munge.socket
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/log/slurmctld.log
SlurmdLogFile=$D/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
MpiDefault=none
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=$node NodeHostname=$(hostname) NodeAddr=127.0.0.1 $hw State=UNKNOWN
PartitionName=rfplan Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF

begin "$C1"
up=0
if ! munged --force --socket="$D/munge/munge.socket" --key-file="$D/munge/munge.key" \
	--log-file="$D/munge/munged.log" --pid-file="$D/munge/munged.pid" \
	--seed-file="$D/munge/munged.seed" 2>"$T/err"; then
	fail "munged did not start: $(head -c 300 "$T/err")"
elif ! slurmctld -f "$SLURM_CONF" 2>"$T/err"; then
	fail "slurmctld did not start: $(head -c 300 "$T/err")"
elif ! slurmd -f "$SLURM_CONF" -N "$node" 2>"$T/err"; then
	fail "slurmd did not start: $(head -c 300 "$T/err")"
else
	i=0
	while [ $i -lt 300 ]; do
		state=$(sinfo -h -n "$node" -o %T 2>/dev/null)
		[ "$state" = idle ] && { up=1; break; }
		sleep 0.2
		i=$((i + 1))
	done
	[ "$up" = 1 ] || fail "node $node is '${state:-unknown}' after 60 s, not idle"
fi
if [ "$up" = 1 ]; then
	# The node's resources are the machine's (slurmd -C), as configured.
	cpus=$(scontrol -o show node "$node" | sed -n 's/.* CPUTot=\([0-9]*\).*/\1/p')
	[ "$cpus" = "$(nproc)" ] || fail "node has CPUTot=$cpus, nproc says $(nproc)"
else
	log_tails >&2
fi
end

S="$ROOT/samples/island"
begin "$C2"
if [ "$up" != 1 ]; then
	fail "no cluster (see the case above)"
	end
	exit 0
fi
# hata over 3 km keeps each tile at about a second.
P="--model hata --env suburban --radius 3 -q"
run "$RFPLAN" import -q --dem "$S/dem_mga48.tif" --clutter "$S/clutter_mga48.tif" \
	--clutter-classes "$S/clutter_classes.csv" --sites "$S/sites_acma.csv" \
	--cells "$S/cells.csv" -o "$T/ws"
expect_rc 0
# shellcheck disable=SC2086
"$RFPLAN" predict "$T/ws" $P -o "$T/single" 2>"$T/single.err" ||
	fail "the single run failed: $(head -c 300 "$T/single.err")"
# Submit from a working directory of its own (the jobs' logs land there).
(cd "$T/run" && TILES_N=4 CPUS_PER_TILE=1 MEM_PER_TILE=256M MERGE_MEM=512M \
	RFPLAN="$RFPLAN" WORKDIR="$T/ws" TILES="$T/tiles" OUTDIR="$T/merged" \
	PREDICT_OPTS="$P" sh "$ROOT/samples/cluster/slurm-predict.sh") >"$T/out" 2>"$T/err"
# shellcheck disable=SC2034  # read by expect_rc (lib.sh)
rc=$?
expect_rc 0
# shellcheck disable=SC2046
set -- $(sed -n 's/^tiles \([0-9]*\) merge \([0-9]*\)$/\1 \2/p' "$T/out")
array=${1:-} merge=${2:-}
jobs_started="$array $merge"
[ -n "$merge" ] || fail "no job ids from the sample: $(head -c 300 "$T/out") $(head -c 300 "$T/err")"
# Wait for the merge job to end: about 10 s; 180 s at most on a loaded
# machine (or under AddressSanitizer).
state=""
i=0
while [ -n "$merge" ] && [ $i -lt 900 ]; do
	state=$(scontrol -o show job "$merge" 2>/dev/null | sed -n 's/.* JobState=\([A-Z_]*\).*/\1/p')
	case "$state" in PENDING|RUNNING|CONFIGURING|COMPLETING|"") ;; *) break ;; esac
	sleep 0.2
	i=$((i + 1))
done
[ "$state" = COMPLETED ] || {
	fail "merge job $merge is ${state:-unknown}: $(tail -c 300 "$T/run/rfplan-merge.log" 2>/dev/null)"
	squeue -o '%i %T %r' >&2
	log_tails >&2
}
# The 4 array tasks ran under Slurm, each its own tile, and completed.
n_done=$(scontrol -o show job "$array" 2>/dev/null | grep -c 'JobState=COMPLETED')
[ "$n_done" = 4 ] || fail "$n_done of the 4 array tasks of job $array COMPLETED"
for k in 1 2 3 4; do
	grep -q "\"tile\": $k" "$T/tiles/tile$k/tile.json" 2>/dev/null ||
		fail "tiles/tile$k/tile.json is not tile $k"
	[ -f "$T/run/rfplan-tile-$k.log" ] || fail "no Slurm log rfplan-tile-$k.log"
done
raw() { gdal_translate -q -of ENVI "$1" "$1.envi" >/dev/null 2>&1 && echo "$1.envi"; }
if [ "$state" = COMPLETED ]; then
	for f in rsrp sinr rsrq overlap best_server; do
		{ a=$(raw "$T/single/$f.tif") && b=$(raw "$T/merged/$f.tif"); } ||
			{ fail "$f.tif: gdal_translate failed"; continue; }
		cmp -s "$a" "$b" || fail "$f.tif: pixel values differ from the single run"
	done
	cmp -s "$T/single/stats.csv" "$T/merged/stats.csv" || fail "stats.csv differs"
	cmp -s "$T/single/best_server.csv" "$T/merged/best_server.csv" ||
		fail "best_server.csv differs"
fi
end
