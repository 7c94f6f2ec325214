#!/usr/bin/env bash
# Runs a scenario as a Slurm array of shards and merges them when all succeed.
#
#   deploy/slurm/submit.sh SCENARIO TASKS SHARDS OUT [cnsim run options...]
#
# e.g. deploy/slurm/submit.sh scenarios/tandem.yaml 4 /shared/tandem-shards /shared/tandem --replications 40
# The folders must be on storage every node sees. Prints the merge job's id.
set -euo pipefail
if (($# < 4)); then
    echo "usage: $0 SCENARIO TASKS SHARDS OUT [cnsim run options...]" >&2
    exit 2
fi
scenario=$1 tasks=$2 shards=$3 out=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$shards"
export SCENARIO=$scenario SHARDS=$shards OUT=$out CNSIM=${CNSIM:-cnsim} CNSIM_ARGS="$*"
# Slurm's own logs go beside the shards, not into the folder this is run from.
array=$(sbatch --parsable --array="0-$((tasks - 1))" --export=ALL --output="$shards/slurm-%A_%a.out" \
    "$here/cnsim-shard.sbatch")
sbatch --parsable --dependency="afterok:$array" --kill-on-invalid-dep=yes --export=ALL \
    --output="$shards/slurm-%j.out" "$here/cnsim-merge.sbatch"
