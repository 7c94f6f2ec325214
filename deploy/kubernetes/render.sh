#!/usr/bin/env bash
# Renders the manifests of a cnsim run on Kubernetes into a folder, without touching a cluster:
# claim.yaml, shards-job.yaml (an Indexed Job of SHARDS pods) and merge-job.yaml, from the
# templates beside this script.
#
#   deploy/kubernetes/render.sh DIR RUN SCENARIO SHARDS IMAGE [cnsim run options...]
#
# RUN names the run: its Jobs (RUN-shards, RUN-merge) and its folder on the claim (/data/RUN).
# SCENARIO is a path in the container (the image holds scenarios/; others can live on the claim,
# /data/...). The environment may set CLAIM (default cnsim-data), CLAIM_SIZE (default 1Gi) and
# CPUS, the cores each shard pod requests and runs replications on (default 1).
set -euo pipefail
usage="usage: $0 DIR RUN SCENARIO SHARDS IMAGE [cnsim run options...]"
(($# >= 5)) || { echo "$usage" >&2; exit 2; }
dir=$1 run=$2 scenario=$3 shards=$4 image=$5
shift 5
claim=${CLAIM:-cnsim-data} claim_size=${CLAIM_SIZE:-1Gi} cpus=${CPUS:-1}
here=$(cd "$(dirname "$0")" && pwd)
fail() { echo "$0: $*" >&2; exit 2; }
command -v envsubst >/dev/null 2>&1 || fail "needs envsubst (Debian and Ubuntu: gettext-base; macOS: brew install gettext)"
# RUN-shards must be a DNS label of at most 63 characters, as a Job's name goes into a label.
[[ $run =~ ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$ && ${#run} -le 56 ]] ||
    fail "RUN '$run' must be lower-case letters, digits and '-', at most 56 characters, like tandem-40"
[[ $claim =~ ^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$ ]] || fail "CLAIM '$claim' is not a valid claim name"
[[ $shards =~ ^[1-9][0-9]*$ ]] || fail "SHARDS '$shards' must be a whole number of at least 1"
[[ $cpus =~ ^[1-9][0-9]*$ ]] || fail "CPUS '$cpus' must be a whole number of cores (it is also cnsim's --jobs)"
[[ $claim_size =~ ^[0-9]+([KMGTPE]i?)?$ ]] || fail "CLAIM_SIZE '$claim_size' must be a quantity like 1Gi"
[[ -n $scenario && -n $image ]] || fail "SCENARIO and IMAGE must not be empty"

# A YAML double-quoted scalar.
quoted() {
    local text=${1//\\/\\\\}
    printf '"%s"' "${text//\"/\\\"}"
}
options=""
for option in "$@"; do options+=", $(quoted "$option")"; done
folders=""
for ((index = 0; index < shards; index++)); do folders+=", $(quoted "/data/$run/shards/shard-$index")"; done

export RUN=$run SHARDS=$shards CPUS=$cpus CLAIM=$claim CLAIM_SIZE=$claim_size
export SCENARIO IMAGE RUN_OPTIONS=$options SHARD_FOLDERS=$folders
SCENARIO=$(quoted "$scenario") IMAGE=$(quoted "$image")
mkdir -p "$dir"
# Only these variables: $(JOB_COMPLETION_INDEX) is Kubernetes' to expand.
variables='${RUN} ${SHARDS} ${CPUS} ${CLAIM} ${CLAIM_SIZE} ${SCENARIO} ${IMAGE} ${RUN_OPTIONS} ${SHARD_FOLDERS}'
for manifest in claim shards-job merge-job; do
    envsubst "$variables" < "$here/$manifest.yaml" > "$dir/$manifest.yaml"
done
