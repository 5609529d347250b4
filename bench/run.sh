#!/usr/bin/env bash
# Training throughput, memory stability and start-up of `repro run`, side by side with a raw TorchSharp loop
# and PyTorch eager, in one invocation on this machine and thread count. See bench/README.md.
#
#   bench/run.sh            full measurement (9-12 min on 2 cores, plus ~4 min for minilm-finetune)
#   bench/run.sh --quick    a few steps of each, to check that everything runs
#
# Environment: WORKLOADS (all; e.g. "small-mlm" or "minilm-finetune"), MEMORY (1; 0 skips the 5,000-step run), THREADS (2), OMP_WAIT_POLICY (PASSIVE), ROUNDS (2: repro, raw, pytorch, then the reverse order), NICE (10),
# OUT (bench/results/<UTC time>).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
quick=false
[[ "${1:-}" == "--quick" ]] && quick=true
threads=${THREADS:-2}
rounds=${ROUNDS:-2}
nice_level=${NICE:-10}
out=${OUT:-$root/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$out"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# All three ways use OpenMP. Its default of spinning while it waits burns the very cores a preempted worker
# needs when the machine is shared: a 2-thread step then takes 3-30x longer and varies wildly. Passive
# waiting applies to all three alike (see bench/README.md); set OMP_WAIT_POLICY=ACTIVE to measure the default.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
run() { nice -n "$nice_level" "$@"; }

# ---- PyTorch eager: Debian's python3-torch with the pthread OpenBLAS (installed once) ----
py=/usr/bin/python3
if ! dpkg -s python3-torch libopenblas0-pthread >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch libopenblas0-pthread
fi

# ---- builds (Release) ----
for project in tool/Repro.Tool bench/BenchTasks bench/RawLoop; do
  run dotnet build "$project" -c Release -nologo -v q >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
done
repro=$root/tool/Repro.Tool/bin/Release/net10.0/repro
raw=$root/bench/RawLoop/bin/Release/net10.0/raw-loop
bench_plugins=$root/bench/BenchTasks/bin/Release/net10.0
launch() { run "$py" "$root/bench/tools/launch.py" "$@"; }

# ---- the machine while measuring: 1-minute load average every 5 s ----
( while true; do cut -d' ' -f1 /proc/loadavg >>"$out/loadavg.txt"; sleep 5; done ) &
sampler=$!
trap 'kill $sampler 2>/dev/null || true' EXIT

{
  echo "date: $(date -u +%FT%TZ)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p')"
  echo "cores: $(nproc) (threads used: $threads)"
  echo "cpu capability (libtorch): ${ATEN_CPU_CAPABILITY:-auto}"
  echo "kernel: $(uname -r)"
  echo "OMP_WAIT_POLICY: $OMP_WAIT_POLICY"
  echo "dotnet: $(dotnet --version)"
  echo "repro: $("$repro" --version)"
  echo "TorchSharp: 0.107.0 (libtorch 2.10, CPU)"
  echo "python: $("$py" --version 2>&1)"
  echo "torch (python): $("$py" -c 'import torch; print(torch.__version__)')"
  echo "openblas: $(dpkg-query -W -f='${Version}' libopenblas0-pthread)"
} >"$out/machine.txt"
cat "$out/machine.txt"

# ---- fp32 GEMM rate of each library (again at the end) ----
run "$raw" gemm "$threads" >"$out/gemm-libtorch.txt"
run "$py" "$root/bench/pytorch/train.py" --gemm "$threads" >"$out/gemm-openblas.txt"
echo "GEMM GFLOP/s: libtorch $(cat "$out/gemm-libtorch.txt"), openblas $(cat "$out/gemm-openblas.txt")"

# ---- one AdamW step over MiniLM's parameters: TorchSharp's per-tensor optim.AdamW, then Repro's fused one (ms) ----
run "$raw" optimizer "$threads" >"$out/optimizer.txt"
echo "AdamW step (ms): TorchSharp, fused: $(cat "$out/optimizer.txt")"

# ---- workloads: name workload hidden layers heads ffn window windows (after one warm-up window) batch words ----
# minilm-finetune: all-MiniLM-L6-v2 from its Hugging Face folder (the shape is the checkpoint's; the numbers here
# are for the FLOP count), mean pooling, batch 16, 62 words → exactly 64 WordPiece tokens per sentence.
if $quick; then
  workloads=("tiny-finetune finetune 128 2 2 512 2 2 32 126" "small-finetune finetune 256 4 4 1024 2 2 32 126" "small-mlm mlm 256 4 4 1024 2 2 32 126"
             "minilm-finetune minilm 384 6 12 1536 2 2 16 62")
  memory_steps=200
else
  workloads=("tiny-finetune finetune 128 2 2 512 10 5 32 126" "small-finetune finetune 256 4 4 1024 5 4 32 126" "small-mlm mlm 256 4 4 1024 5 4 32 126"
             "minilm-finetune minilm 384 6 12 1536 4 3 16 62")
  memory_steps=5000
fi
vocabulary=2000 train_size=2048 lr=1e-4 warmup_windows=1
config="{\"threads\": $threads, \"warmup_windows\": $warmup_windows, \"memory_warmup_steps\": $((memory_steps / 10)), \"workloads\": {"
for spec in "${workloads[@]}"; do
  read -r name workload hidden layers heads ffn window windows batch length <<<"$spec"
  [[ -n "${WORKLOADS:-}" && " $WORKLOADS " != *" $name "* ]] && continue
  steps=$((window * (windows + warmup_windows)))
  recipe=$root/bench/recipes/bench-$workload.yaml
  if [[ $workload == minilm ]]; then
    # The checkpoint, installed in repro's model store (REPRO_MODELS, else XDG_DATA_HOME/repro/models, else ~/.local/share/repro/models).
    checkpoint=${REPRO_MODELS:-${XDG_DATA_HOME:-$HOME/.local/share}/repro/models}/minilm-l6
    [[ -f $checkpoint/model.safetensors ]] || "$repro" models install minilm-l6
    config+="\"$name\": {\"workload\": \"finetune\", \"hidden\": $hidden, \"layers\": $layers, \"heads\": $heads, \"ffn\": $ffn, \"batch\": $batch, \"length\": $length, \"vocabulary\": 30517, \"window\": $window, \"steps\": $steps, \"mask_probability\": 0.15, \"pooling\": \"mean\", \"checkpoint\": \"$checkpoint\"},"
    sets=(--set "threads=$threads" --set "stages.train.batch_size=$batch" --set "stages.train.steps=$steps" --set "stages.train.log_every=$window")
    args=(--workload finetune --checkpoint "$checkpoint" --pooling mean --batch "$batch" --length "$length"
          --train-size "$train_size" --steps "$steps" --window "$window" --lr "$lr" --threads "$threads")
  else
    config+="\"$name\": {\"workload\": \"$workload\", \"hidden\": $hidden, \"layers\": $layers, \"heads\": $heads, \"ffn\": $ffn, \"batch\": $batch, \"length\": $length, \"vocabulary\": $vocabulary, \"window\": $window, \"steps\": $steps, \"mask_probability\": 0.15},"
    sets=(--set "threads=$threads" --set "model.params.hidden_size=$hidden" --set "model.params.layers=$layers"
          --set "model.params.heads=$heads" --set "model.params.ffn_size=$ffn" --set "stages.train.batch_size=$batch"
          --set "stages.train.steps=$steps" --set "stages.train.log_every=$window")
    args=(--workload "$workload" --hidden "$hidden" --layers "$layers" --heads "$heads" --ffn "$ffn" --batch "$batch"
          --length "$length" --vocabulary "$vocabulary" --train-size "$train_size" --steps "$steps" --window "$window"
          --lr "$lr" --threads "$threads")
  fi
  for r in $(seq 1 "$rounds"); do
    order=(repro raw pytorch)
    ((r % 2 == 0)) && order=(pytorch raw repro)
    for way in "${order[@]}"; do
      echo "$name round $r: $way ($steps steps)"
      case $way in
        repro)
          launch "$out/$name.repro.$r.launch.json" '^\S+\s+\d+/\d+\s+loss' -- \
            "$repro" run "$recipe" --plugins "$bench_plugins" --out "$out/runs/$name.$r" --no-cache "${sets[@]}" \
            --profile "$out/$name.repro.$r.profile.json"
          cp "$out/runs/$name.$r"/*/*/steps.jsonl "$out/$name.repro.$r.windows.jsonl" ;;
        raw)
          launch "$out/$name.raw.$r.launch.json" '^first-step' -- "$raw" train "$out/$name.raw.$r.windows.json" "${args[@]}" ;;
        pytorch)
          launch "$out/$name.pytorch.$r.launch.json" '^first-step' -- "$py" "$root/bench/pytorch/train.py" "$out/$name.pytorch.$r.windows.json" "${args[@]}" ;;
      esac
    done
  done
  # Time from `repro run` to the first training step: a one-step run that logs every step.
  launch "$out/$name.repro.start.launch.json" '^\S+\s+1/\d+\s+loss' -- \
    "$repro" run "$recipe" --plugins "$bench_plugins" --out "$out/runs/$name.start" --no-cache "${sets[@]}" \
    --set stages.train.log_every=1 --max-steps 1
done
echo "${config%,}}}" >"$out/config.json"

# ---- start-up: repro --version and repro plugins, five runs each ----
"$py" - "$repro" "$nice_level" >"$out/startup.json" <<'PY'
import json, subprocess, sys, time
repro, level = sys.argv[1], sys.argv[2]
result = {}
for command in (["--version"], ["plugins"]):
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(["nice", "-n", level, repro, *command], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    result["repro " + " ".join(command)] = times
print(json.dumps(result))
PY

# ---- memory: RSS and live tensors every 50 steps of a long run ----
if [[ "${MEMORY:-1}" != 0 ]]; then
  echo "memory: $memory_steps steps"
  rm -f "$out/memory.tsv"
  (cd "$out" && launch "$out/memory.launch.json" '^\S+\s+\d+/\d+\s+loss' -- \
    "$repro" run "$root/bench/recipes/bench-memory.yaml" --plugins "$bench_plugins" --out "$out/runs/memory" --no-cache \
    --set "threads=$threads" --set "stages.train.steps=$memory_steps")
fi

# GEMM again at the end: the summary takes the better of the two, as a busy moment only lowers it.
run "$raw" gemm "$threads" >>"$out/gemm-libtorch.txt"
run "$py" "$root/bench/pytorch/train.py" --gemm "$threads" >>"$out/gemm-openblas.txt"

run "$py" "$root/bench/tools/summarize.py" "$out" | tee "$out/summary.md"
