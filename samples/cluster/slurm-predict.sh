#!/bin/sh
# A split rfplan prediction on a Slurm cluster (doc/scaling.md).
#
#   sh slurm-predict.sh            submits the 8 tiles as a job array, then the
#                                  merge as a job that starts when all 8 succeeded
#
# Under sbatch (SLURM_ARRAY_TASK_ID set) it computes tile K of N:
#   rfplan predict WORKDIR --tile K/N -o TILES/tileK
# and the merge job (sbatch --wrap) runs:
#   rfplan merge TILES -o OUTDIR
# WORKDIR (made by rfplan import), TILES and OUTDIR must be on a file system
# every node sees.  Memory: see doc/scaling.md ("memory per tile").
#
#SBATCH --job-name=rfplan-tiles
#SBATCH --array=1-8
#SBATCH --cpus-per-task=8
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=rfplan-tile-%a.log
set -eu

N=8                                   # must equal the --array range above
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
	# Submit the array, then the merge, which starts once every task succeeded
	# (--wrap: the #SBATCH lines above apply to the array only).
	jobid=$(sbatch --parsable "$0")
	sbatch --dependency=afterok:"$jobid" --job-name=rfplan-merge --cpus-per-task=1 \
		--mem=16G --output=rfplan-merge.log \
		--wrap "'$RFPLAN' merge '$TILES' -o '$OUTDIR' --force"
	echo "submitted the tiles as job array $jobid and the merge after it" >&2
fi
