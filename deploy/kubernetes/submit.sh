#!/usr/bin/env bash
# Runs a scenario on Kubernetes as an Indexed Job of shards and merges them when all succeed.
#
#   deploy/kubernetes/submit.sh RUN SCENARIO SHARDS IMAGE [cnsim run options...]
#
# e.g. deploy/kubernetes/submit.sh tandem-40 scenarios/tandem.yaml 4 registry.example/cnsim:1 --replications 40
# Renders the manifests (render.sh: RUN, SCENARIO, CLAIM, CLAIM_SIZE, CPUS as there), creates the
# ReadWriteMany claim if there is none, applies the Indexed Job RUN-shards, waits until it is
# complete, and only then applies the merge Job RUN-merge: Kubernetes has no job dependencies, so
# this script is Slurm's --dependency=afterok. It exits 1 as soon as either Job fails, and prints
# the merge's table when it is done; the results are in RUN/results on the claim. kubectl uses
# its current context and namespace. WAIT_SECONDS bounds the whole wait (default 86400, a day).
set -euo pipefail
if (($# < 4)); then
    echo "usage: $0 RUN SCENARIO SHARDS IMAGE [cnsim run options...]" >&2
    exit 2
fi
run=$1
here=$(cd "$(dirname "$0")" && pwd)
manifests=$(mktemp -d)
trap 'rm -rf "$manifests"' EXIT
"$here/render.sh" "$manifests" "$@"
claim=${CLAIM:-cnsim-data}
wait_seconds=${WAIT_SECONDS:-86400}
[[ $wait_seconds =~ ^[0-9]+$ ]] || { echo "$0: WAIT_SECONDS '$wait_seconds' must be a number of seconds" >&2; exit 2; }
deadline=$((SECONDS + wait_seconds))

# Waits until the Job is complete (exit 0); exit 1 when it failed or the time is up.
await() {
    local job=$1 failed
    until kubectl wait --for=condition=complete --timeout=30s "job/$job" >/dev/null 2>&1; do
        failed=$(kubectl get "job/$job" -o 'jsonpath={.status.conditions[?(@.type=="Failed")].status}') || exit 1
        if [[ $failed == True ]]; then
            echo "$0: job/$job failed (kubectl describe job/$job, kubectl logs job/$job)" >&2
            exit 1
        fi
        ((SECONDS < deadline)) || { echo "$0: job/$job did not finish within $wait_seconds s" >&2; exit 1; }
    done
}

kubectl get "pvc/$claim" >/dev/null 2>&1 || kubectl apply -f "$manifests/claim.yaml"
kubectl apply -f "$manifests/shards-job.yaml"
await "$run-shards"
kubectl apply -f "$manifests/merge-job.yaml"
await "$run-merge"
kubectl logs "job/$run-merge"
