#!/bin/sh
# A split rfplan prediction on a Slurm cluster (doc/scaling.md).
#
#   sh slurm-predict.sh            submits the N tiles as a job array, then the
#                                  merge as a job that starts when all N succeeded;
#                                  prints "tiles JOBID merge JOBID"
#
# Under sbatch (SLURM_ARRAY_TASK_ID set) it computes tile K of N:
#   rfplan predict WORKDIR --tile K/N -o TILES/tileK
# and the merge job (sbatch --wrap) runs:
#   rfplan merge TILES -o OUTDIR
# WORKDIR (made by rfplan import), TILES and OUTDIR must be on a file system
# every node sees.  Memory: see doc/scaling.md ("memory per tile").
# A failed tile is re-run alone with the same N:
#   TILES_N=8 sbatch --array=3 slurm-predict.sh
#
# The #SBATCH lines are the defaults for a direct `sbatch slurm-predict.sh`;
# the submission below passes TILES_N, CPUS_PER_TILE and MEM_PER_TILE instead.
#SBATCH --job-name=rfplan-tiles
#SBATCH --array=1-8
#SBATCH --cpus-per-task=8
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=rfplan-tile-%a.log
set -eu

N=${TILES_N:-8}                       # tiles = array tasks 1..N
CPUS_PER_TILE=${CPUS_PER_TILE:-8}     # OpenMP threads of each tile
MEM_PER_TILE=${MEM_PER_TILE:-8G}      # doc/scaling.md, "memory per tile"
MERGE_MEM=${MERGE_MEM:-16G}           # doc/scaling.md, "merge memory"
RFPLAN=${RFPLAN:-rfplan}
WORKDIR=${WORKDIR:-$PWD/national-ws}
TILES=${TILES:-$PWD/national-tiles}
OUTDIR=${OUTDIR:-$PWD/national-predict}
# The same predict options for every tile (the merge checks they agree).
PREDICT_OPTS=${PREDICT_OPTS:---model itm --radius 30}

if [ -n "${SLURM_ARRAY_TASK_ID:-}" ]; then
	# One array task: tile K of N, with the cores Slurm gave us.
	mkdir -p "$TILES"
	# shellcheck disable=SC2086
	exec "$RFPLAN" predict "$WORKDIR" $PREDICT_OPTS --threads "${SLURM_CPUS_PER_TASK:-1}" \
		--tile "$SLURM_ARRAY_TASK_ID/$N" -o "$TILES/tile$SLURM_ARRAY_TASK_ID" --force
else
	# Submit the array (the environment, TILES_N included, goes with it),
	# then the merge, which starts once every task succeeded (--wrap: the
	# #SBATCH lines above apply to the array only).
	jobid=$(sbatch --parsable --array=1-"$N" --cpus-per-task="$CPUS_PER_TILE" \
		--mem="$MEM_PER_TILE" "$0")
	mergeid=$(sbatch --parsable --dependency=afterok:"$jobid" --kill-on-invalid-dep=yes \
		--job-name=rfplan-merge --cpus-per-task=1 --mem="$MERGE_MEM" \
		--output=rfplan-merge.log \
		--wrap "'$RFPLAN' merge '$TILES' -o '$OUTDIR' --force")
	echo "tiles $jobid merge $mergeid"
	echo "submitted the $N tiles as job array $jobid and the merge as job $mergeid after them" >&2
fi
