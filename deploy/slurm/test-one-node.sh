#!/usr/bin/env bash
# Brings up a one-node Slurm cluster on localhost (munged, slurmctld, slurmd; Debian's slurm-wlm
# and munge), runs a scenario as a 4-task array of shards plus the dependent merge job through
# submit.sh, and compares the merged folder with a one-machine run, file by file.
#
#   deploy/slurm/test-one-node.sh CNSIM_BINARY [SCENARIO]
#
# Exit 0 when the merged files match, 1 when they do not, 0 with a "skipped:" line when Slurm
# cannot be brought up here (packages missing, no root) or does not finish the jobs within five
# minutes: the cluster is best effort, like the Chromium checks; what it merges must match. Everything lives in one temporary folder, removed at the end with the daemons.
set -uo pipefail
cnsim=$(realpath "${1:?usage: $0 CNSIM_BINARY [SCENARIO]}")
scenario=$(realpath "${2:-scenarios/tandem.yaml}")
here=$(cd "$(dirname "$0")" && pwd)
skip() { echo "slurm check skipped: $*"; exit 0; }
for tool in slurmctld slurmd munged sbatch sinfo; do
    command -v "$tool" >/dev/null 2>&1 || skip "$tool not installed (apt-get install slurm-wlm munge)"
done
((EUID == 0)) || skip "needs root to start munged and the Slurm daemons"

work=$(mktemp -d /tmp/cnsim-slurm.XXXXXX)
chmod 755 "$work"
mkdir -p "$work/state" "$work/spool" "$work/log" /run/munge
conf=$work/slurm.conf
cat > "$conf" <<CONF
ClusterName=cnsimci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MailProg=/bin/true
NodeName=localhost CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf

stop() {
    for pid in "$work/slurmd.pid" "$work/slurmctld.pid"; do
        [[ -f $pid ]] && kill "$(cat "$pid")" 2>/dev/null
    done
    sleep 2
    if [[ -n ${started_munge:-} && -f /run/munge/munged.pid ]]; then kill "$(cat /run/munge/munged.pid)" 2>/dev/null; fi
    rm -rf "$work"
}
trap stop EXIT

chown munge:munge /run/munge 2>/dev/null || skip "no munge user (is munge installed?)"
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    runuser -u munge -- /usr/sbin/munged 2>"$work/log/munged.err" || skip "munged did not start: $(cat "$work/log/munged.err")"
    started_munge=1
    sleep 1
fi
slurmctld || skip "slurmctld did not start"
slurmd || skip "slurmd did not start"
for _ in $(seq 30); do
    [[ $(sinfo -h -o %T 2>/dev/null) == idle ]] && break
    sleep 1
done
[[ $(sinfo -h -o %T 2>/dev/null) == idle ]] || skip "the node did not come up idle: $(tail -3 "$work/log/slurmd.log")"

# The study: 40 replications of the scenario, in 4 shards, and once on this machine.
merge_job=$(CNSIM=$cnsim "$here/submit.sh" "$scenario" 4 "$work/shards" "$work/merged" --replications 40) ||
    skip "sbatch refused the jobs"
for _ in $(seq 300); do
    [[ -z $(squeue -h 2>/dev/null) ]] && break
    sleep 1
done
[[ -z $(squeue -h 2>/dev/null) ]] || skip "the jobs did not finish within five minutes: $(squeue -h | head -3)"
"$cnsim" run "$scenario" --replications 40 --quiet --out "$work/one"
failed=0
for file in "$work"/one/*.csv; do
    name=$(basename "$file")
    if ! cmp -s "$file" "$work/merged/$name"; then
        echo "slurm check FAILED: $name differs between the merged shards and the one-machine run"
        failed=1
    fi
done
if [[ ! -d $work/merged ]]; then
    echo "slurm check FAILED: the jobs ended without a merged folder (merge job $merge_job)"
    failed=1
fi
if ((failed)); then
    ls -la "$work/shards" "$work/merged" 2>&1 | head -20
    tail -5 "$work"/shards/slurm-*.out 2>/dev/null
    exit 1
fi
echo "slurm check passed: 4 array tasks and the merge job on a one-node cluster wrote $(ls "$work"/one/*.csv | wc -l) CSV files identical to a one-machine run"
