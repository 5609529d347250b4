#!/usr/bin/env bash
# A real one-node Slurm cluster (as root): a 3-seed group of a small recipe with --executor slurm must give bitwise the
# metrics of the same group run locally; one array task cancelled mid-run is completed by `repro run --resume GROUP`;
# a small sweep on Slurm gives the metrics of the same sweep run locally.
# Needs `repro` on PATH (./install.sh). Starts munged, slurmctld and slurmd and always stops the ones it started.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(id -u)" = 0 ] || { echo "tests/cluster/run.sh runs a Slurm cluster and must run as root" >&2; exit 2; }
command -v repro >/dev/null || { echo "repro is not on PATH; run ./install.sh first" >&2; exit 2; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi
[ -f /etc/munge/munge.key ] || mungekey -c
work=$(mktemp -d)
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
}
trap stop EXIT

# munged: our own socket and pid file, so a munged already running elsewhere is left alone
mkdir -p "$work/munge"
munged --force --socket="$work/munge/socket" --pid-file="$work/munge/pid" --log-file="$work/munge/log" --seed-file="$work/munge/seed"
pids+=("$(cat "$work/munge/pid")")

host=$(hostname -s)
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF="$work/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=repro-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ReturnToService=2
NodeName=$host CPUs=$(nproc) RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -c -f "$SLURM_CONF"; sleep 1; pids+=("$(cat "$work/slurmctld.pid")")
slurmd -f "$SLURM_CONF"; sleep 1; pids+=("$(cat "$work/slurmd.pid")")
for _ in $(seq 60); do sinfo -h -o %t 2>/dev/null | grep -q idle && break; sleep 1; done
sinfo

# The same group, locally and on Slurm; one thread per run so two array tasks share the node.
recipe=recipes/tiny-transfer.yaml
sets=(--set threads=1 --set stages.pretrain.steps=300)
repro run "$recipe" --seeds 1..3 "${sets[@]}" --out "$work/local" --cache "$work/cache-local" --jobs 1 >/dev/null
repro run "$recipe" --seeds 1..3 "${sets[@]}" --out "$work/slurm" --cache "$work/cache-slurm" --executor slurm --slurm-cpus 1 --slurm-mem 2000
group=$(ls -d "$work"/slurm/tiny-transfer@*/group-*)
array=$(sed -n 's/.*"array_job": "\([0-9]*\)".*/\1/p' "$group/plan.json")
all=$(squeue -h -o %A | tr '\n' ',')

wait_for() { for _ in $(seq 900); do [ -n "$(squeue -h -o %i)" ] || return 0; "$@"; sleep 1; done; echo "jobs still queued" >&2; exit 1; }
# tiny-transfer has no pinned-seed stage, so the array runs seeds 1,2,3 and its task 1 is seed 2. Cancel it once its
# run has begun a stage, showing repro status while the array runs.
cancelled=
cancel_mid_run() {
  [ -n "$cancelled" ] && return 0
  run=$(sed -n 's/.*"run": "\(.*\)".*/\1/p' "$group/seeds/2.json" 2>/dev/null || true)
  if [ -n "$run" ] && [ -n "$(find "$group/$run/stages" -type f 2>/dev/null | head -1)" ]; then
    repro status "$group"
    scancel "${array}_1"; cancelled=yes; echo "cancelled array task ${array}_1 (seed 2) mid-run"
  fi
}
wait_for cancel_mid_run
[ -n "$cancelled" ] || { echo "seed 2 finished before it could be cancelled" >&2; exit 1; }
repro status "$group"
[ ! -f "$group/group.json" ] || { echo "group.json written although seed 2 was cancelled" >&2; exit 1; }

repro run --resume "$group"
wait_for true
repro status "$group"
test -f "$group/group.json"
for seed in 1 2 3; do
  cmp "$(ls "$work"/local/tiny-transfer@*/*-seed$seed/metrics.json)" "$(ls "$work"/slurm/tiny-transfer@*/*-seed$seed/metrics.json)"
done
grep -q '"array_task_id"' "$(ls "$work"/slurm/tiny-transfer@*/*-seed2/manifest.json)"

# A sweep through the same executors: 2 configurations × 2 seeds, each configuration a group of jobs, then the selection job.
grid=(--grid stages.target.optimizer.lr=3.0e-4,1.0e-3 --set analysis.primary=test/accuracy
      --set 'analysis.comparisons=[[scratch, target]]' --set analysis.min_effect=0.05)
repro run "$recipe" --seeds 1..2 "${sets[@]}" "${grid[@]}" --out "$work/sweep-local" --cache "$work/cache-local" >/dev/null
repro run "$recipe" --seeds 1..2 "${sets[@]}" "${grid[@]}" --out "$work/sweep-slurm" --cache "$work/cache-slurm" --executor slurm --slurm-cpus 1 --slurm-mem 2000
local_sweep=$(ls -d "$work"/sweep-local/tiny-transfer@*/sweep-*)
sweep=$(ls -d "$work"/sweep-slurm/tiny-transfer@*/sweep-*)
wait_for true
repro status "$sweep"
test -f "$sweep/group.json"
for c in c1 c2; do
  for seed in 1 2; do
    a=$(sed -n 's/.*"run": "\(.*\)".*/\1/p' "$local_sweep/$c/seeds/$seed.json")
    b=$(sed -n 's/.*"run": "\(.*\)".*/\1/p' "$sweep/$c/seeds/$seed.json")
    cmp "$local_sweep/$c/$a/metrics.json" "$sweep/$c/$b/metrics.json"
  done
done
echo "cluster: 3 seeds on Slurm bitwise equal to the local group, a cancelled task resumed (jobs: ${all%,});"
echo "         a 2-configuration sweep on Slurm bitwise equal to the same sweep run locally"
