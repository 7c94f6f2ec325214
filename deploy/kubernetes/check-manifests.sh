#!/usr/bin/env bash
# Checks the rendered manifests offline, without a cluster, as far as the tools here allow:
# - kubernetes-validate (PyPI) against the JSON schemas of Kubernetes 1.29 (the oldest this
#   supports: podFailurePolicy's onPodConditions became optional there) and of its newest
#   version, strictly (a misspelt or unknown field is an error);
# - kubectl decoding each Job into its typed object, locally (a wrong apiVersion or kind, or a
#   value of the wrong type, is an error). `kubectl apply --dry-run=client` needs an API server
#   even with --validate=false (for the API's discovery), so it runs only where kubectl reaches one.
# Each tool is best effort: missing, it is skipped with a message. What it checks must pass.
# Tests/CnsimCLITests/KubernetesManifestTests.swift checks the rest with no tool at all: the
# commands in the manifests, run here, merge to the files of a one-machine run.
#
#   deploy/kubernetes/check-manifests.sh
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/cnsim-k8s.XXXXXX)
trap 'rm -rf "$work"' EXIT
CLAIM=cnsim-check "$here/render.sh" "$work" tandem-40 scenarios/tandem.yaml 4 cnsim:check --replications 40 || exit 1
manifests=("$work"/claim.yaml "$work"/shards-job.yaml "$work"/merge-job.yaml)
failed=0 checked=()

if command -v kubernetes-validate >/dev/null 2>&1; then
    for version in 1.29.0 ""; do
        kubernetes-validate --quiet --strict ${version:+-k "$version"} "${manifests[@]}" || failed=1
    done
    checked+=("kubernetes-validate --strict (1.29 and newest)")
else
    echo "kubernetes check: kubernetes-validate skipped: not installed (pip install kubernetes-validate)"
fi

if command -v kubectl >/dev/null 2>&1; then
    for job in "$work"/shards-job.yaml "$work"/merge-job.yaml; do
        kubectl set env --local -f "$job" -o name CNSIM_CHECK=1 >/dev/null || failed=1
    done
    checked+=("kubectl typed decoding")
    if kubectl version --request-timeout=5s >/dev/null 2>&1; then
        kubectl apply --dry-run=client -f "$work" >/dev/null || failed=1
        checked+=("kubectl apply --dry-run=client")
    else
        echo "kubernetes check: kubectl apply --dry-run=client skipped: no API server reachable (it needs one even with --validate=false)"
    fi
else
    echo "kubernetes check: kubectl skipped: not installed"
fi

if ((failed)); then
    echo "kubernetes check FAILED: the manifests above did not pass"
    exit 1
fi
if ((${#checked[@]})); then
    echo "kubernetes check passed: $(IFS=,; echo "${checked[*]}" | sed 's/,/, /g')"
else
    echo "kubernetes check skipped: neither kubernetes-validate nor kubectl is installed"
fi
