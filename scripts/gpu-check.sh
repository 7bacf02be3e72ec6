#!/usr/bin/env bash
# The GPU checks, in one run, on a machine with an NVIDIA GPU and nothing else: no .NET SDK, no network. Needs the
# bundle of scripts/gpu-bundle.sh in .device/bundle. Writes its logs and results under $OUT (default /tmp/gpu-check):
#   summary.txt      one line per step: name, exit code, seconds
#   nvidia-smi.txt   the GPU, driver and clocks
#   tests.log/.xml   every device-parameterised test's CUDA case (NUnit, through IceCube.Reco.TestRunner)
#   bench.log        BenchmarkDotNet (in-process, short job) on CUDA: TrainStep/PredictBatch and the LSTM layer
#   sample-N.log     sample run N on CUDA (simulate, train, predict, LineFit, submit), its metrics.json appended
# Each step has its own time limit, so a slow or failing step still leaves the others' results.
# Usage: bash scripts/gpu-check.sh [DEVICE [SAMPLE_OPTIONS...]]
#   DEVICE          cuda (default), or cpu to dry-run the plumbing without a GPU
#   SAMPLE_OPTIONS  one quoted string of sample options per run, all on one simulated dataset (the first run
#                   simulates it, so give it the largest --train-events/--test-events); none: one default run
set -u
device=${1:-cuda}
root=$(cd "$(dirname "$0")/.." && pwd)
out=${OUT:-/tmp/gpu-check}
work=$(mktemp -d)
mkdir -p "$out"

mkdir -p "$work/dotnet"
tar -C "$work/dotnet" -xJf "$root/.device/bundle/dotnet-runtime.tar.xz"
tar -C "$work" -xJf "$root/.device/bundle/app.tar.xz"
export DOTNET_ROOT="$work/dotnet" PATH="$work/dotnet:$PATH" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
app="$work/app"

{ nvidia-smi 2>&1 || echo "nvidia-smi: not available"; nproc; dotnet --list-runtimes; cat "$root/.device/bundle/commit.txt"; } \
  > "$out/nvidia-smi.txt"

# step NAME LIMIT_S COMMAND...: runs COMMAND with output to $out/NAME.log, stopped with SIGINT (the sample's
# cancellation) after LIMIT_S seconds and killed 10 s later.
step() {
  local name=$1 limit=$2
  shift 2
  local start=$SECONDS
  (cd "$work" && timeout -s INT -k 10 "$limit" "$@") > "$out/$name.log" 2>&1
  local rc=$?
  echo "$name rc=$rc $((SECONDS - start)) s" | tee -a "$out/summary.txt"
}

match='[(,] ?cuda[,)]'
[ "$device" = cuda ] || match='AdamTests.*\(host-simd\)'
step tests 120 dotnet "$app/IceCube.Reco.TestRunner.dll" --match "$match" --xml "$out/tests.xml"

step bench 180 env ICECUBE_RECO_DEVICE="$device" dotnet "$app/IceCube.Reco.Benchmarks.dll" \
  --filter '*TrainStepBenchmarks*' '*.LstmBenchmarks.*' --job short --inProcess

runs=("${@:2}")
if [ ${#runs[@]} -eq 0 ]; then
  runs=("")
  [ "$device" = cuda ] || runs=("--train-events 3000 --test-events 500 --preset notebook")
fi

n=0
for options in "${runs[@]}"; do
  n=$((n + 1))
  rm -rf "$work/out"
  # shellcheck disable=SC2086 # one string of options per run, split into words on purpose
  step "sample-$n" 150 dotnet "$app/TrainPredictSubmit.dll" --device "$device" --data "$work/data" --out "$work/out" \
    $options
  { echo "options: $options"; cat "$work/out/metrics.json" 2>/dev/null || echo "no metrics.json"; } >> "$out/sample-$n.log"
done
rm -rf "$work"
