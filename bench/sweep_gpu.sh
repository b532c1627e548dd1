#!/bin/bash
# Train and evaluate several from-scratch `tiny` runs at once on one GPU: version 6's settings
# (docs/before-after/tiny-v6/train.yaml: 13,000 steps of 64, cosine, lr 1e-3) over other recipes and seeds.
#
# Why: on the 2-core CPU one such run takes two hours, so a mix or a seed could be compared only once a session.
# On an H100 six of them ran side by side at about 20 steps/s each (docs/before-after/tiny-gpu-sweep/).
#
#   bash bench/sweep_gpu.sh NAME:RECIPE:DATA_SEED:TRAIN_SEED[:STEPS] ...
#   bash bench/sweep_gpu.sh v6:bigbench-cpu-tiny:1:42 v6b:bigbench-cpu-tiny:2:7 v7:bigbench-cpu-tiny-v7:2:42
#
# Each RECIPE:DATA_SEED is generated once, before any training, and shared by the runs that name it: two training
# seeds over the same records, as on the CPU. STEPS, where given, overrides the environment's STEPS for that run
# (a recipe with longer chains can then take fewer steps and the same number of tokens).
#
# Rankings from fp32 GPU runs cut to half a schedule or to 6,500 steps of 128 did not carry over to the CPU's
# settings (bf16, 13,000 steps of 64), twice (docs/before-after/tiny-v7-seed3-bf16/, tiny-aligned-s1/): to rank
# mixes for the CPU, sweep at its settings (TRAIN_FLAGS=--bf16). Four such runs side by side on an H100 made 30-42
# steps/s each: MINUTES=6.3 fits one 10-minute call and stops them at 85-90% of the schedule
# (docs/before-after/tiny-gpu-sweep-3d/).
#
# Environment: CONFIG (the train.yaml the runs start from), TRAIN_FLAGS (more `goat train` options, after the
# script's own, so they win: e.g. "--batch-size 128 --micro-batch-size 128"), STEPS (13000), MINUTES (118, as
# train.yaml: training stops there, the schedule unfinished), WORKERS (2: processes per data generation),
# GEN_LIMIT (records per data file, for a dry run; empty = the whole recipe), WORK
# (/tmp/goat-sweep), OUT (where sweep.tgz and table.md go: ./reports/sweep), GOAT (the goat command),
# QUICK_LIMIT (50: items per task of the quick evaluation that comes first), EVAL_LIMIT (items per task of the
# second, full one, and of goat-large; empty = all). Runs write into WORK/NAME*, logs into WORK/NAME.*.log.
set -u
[ $# -gt 0 ] || { echo "usage: bash bench/sweep_gpu.sh NAME:RECIPE:DATA_SEED:TRAIN_SEED[:STEPS] ..." >&2; exit 2; }
CONFIG=${CONFIG:-docs/before-after/tiny-v6/train.yaml}
TRAIN_FLAGS=${TRAIN_FLAGS:-}
WORKERS=${WORKERS:-2}
GEN_LIMIT=${GEN_LIMIT:+--limit $GEN_LIMIT}
STEPS=${STEPS:-13000}
MINUTES=${MINUTES:-118}
WORK=${WORK:-/tmp/goat-sweep}
OUT=${OUT:-reports/sweep}
GOAT=${GOAT:-goat}
QUICK_LIMIT=${QUICK_LIMIT:-50}
EVAL_LIMIT=${EVAL_LIMIT:+--limit $EVAL_LIMIT}
mkdir -p "$WORK/data" "$OUT"
START=$(date +%s)
say() { echo "[$(($(date +%s) - START)) s] $*"; }

# Side-by-side processes share the GPU better through MPS; without it they take turns.
if command -v nvidia-cuda-mps-control >/dev/null && ! pgrep -f nvidia-cuda-mps-control >/dev/null; then
  nvidia-cuda-mps-control -d && python3 -c "import torch; torch.zeros(1).cuda()" \
    || { echo quit | nvidia-cuda-mps-control; say "MPS did not start; the runs take turns on the GPU"; }
fi

accuracy() {  # exact match over all items of an eval folder, in percent
  python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['summary'].values(); \
print(f\"{100*sum(v['exact_match']*v['n'] for v in s)/sum(v['n'] for v in s):.1f}\")" "$1/summary.json"
}

generate() {  # one data file per RECIPE:DATA_SEED
  local recipe=$1 data_seed=$2
  $GOAT data generate --recipe "$recipe" --out "$WORK/data/$recipe-$data_seed.jsonl" --seed "$data_seed" \
    --workers "$WORKERS" $GEN_LIMIT > "$WORK/data/$recipe-$data_seed.log" 2>&1 \
    || { say "$recipe (data seed $data_seed): generate failed"; return 1; }
  say "$recipe (data seed $data_seed): generated"
}

one() {  # train and evaluate one run
  local name recipe data_seed train_seed steps
  IFS=: read -r name recipe data_seed train_seed steps <<< "$1"
  [ -s "$WORK/data/$recipe-$data_seed.jsonl" ] || { say "$name: no data"; return 1; }
  # shellcheck disable=SC2086  # TRAIN_FLAGS is a list of options
  $GOAT train --config "$CONFIG" --data "$WORK/data/$recipe-$data_seed.jsonl" --out "$WORK/$name" --overwrite \
    --micro-batch-size 64 --max-steps "${steps:-$STEPS}" --max-minutes "$MINUTES" --save-steps 1000 \
    --seed "$train_seed" $TRAIN_FLAGS > "$WORK/$name.train.log" 2>&1 || { say "$name: train failed"; return 1; }
  say "$name: trained"
  $GOAT eval --model "$WORK/$name" --suite bigbench --limit "$QUICK_LIMIT" --out "$WORK/$name-quick" --batch-size 512 \
    > "$WORK/$name.eval.log" 2>&1 || { say "$name: eval failed"; return 1; }
  say "$name: first $QUICK_LIMIT of each task $(accuracy "$WORK/$name-quick")%"
  $GOAT eval --model "$WORK/$name" --suite bigbench $EVAL_LIMIT --out "$WORK/$name-bigbench" --batch-size 512 \
    >> "$WORK/$name.eval.log" 2>&1 || { say "$name: eval failed"; return 1; }
  say "$name: BIG-bench $(accuracy "$WORK/$name-bigbench")%"
  $GOAT eval --model "$WORK/$name" --suite goat-large $EVAL_LIMIT --out "$WORK/$name-large" --batch-size 512 \
    >> "$WORK/$name.eval.log" 2>&1 || { say "$name: goat-large eval failed"; return 1; }
  say "$name: goat-large $(accuracy "$WORK/$name-large")%"
}

pack() {  # what comes back from a GPU machine: settings, loss curves and eval summaries, not weights or outputs
  tar czf "$OUT/sweep.tgz.tmp" -C "$WORK" --no-wildcards-match-slash --exclude='./data/*.jsonl' --exclude='*.safetensors' \
    --exclude='checkpoint-*' --exclude='outputs.jsonl.gz' --exclude=samples --exclude='*.png' --exclude='.progress*' . \
    && mv "$OUT/sweep.tgz.tmp" "$OUT/sweep.tgz"
}

pids=()
for data in $(for spec in "$@"; do IFS=: read -r _ recipe data_seed _ <<< "$spec"; echo "$recipe:$data_seed"; done | sort -u)
do generate "${data%:*}" "${data#*:}" & pids+=($!); done
wait "${pids[@]}"
pids=()
for spec in "$@"; do one "$spec" & pids+=($!); done
while sleep 60; do  # progress: each run's last bar
  for log in "$WORK"/*.train.log; do
    echo "$(basename "$log" .train.log): $(tr '\r' '\n' < "$log" | grep '^train:' | tail -1 | cut -c1-100)"
  done
  pack
  running=0; for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && running=1; done
  [ $running = 1 ] || break
done
wait "${pids[@]}"

{
  echo "| run | recipe | data seed | train seed | steps | final loss | first $QUICK_LIMIT per task | BIG-bench | goat-large |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for spec in "$@"; do
    IFS=: read -r name recipe data_seed train_seed _ <<< "$spec"
    read -r steps loss < <(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); \
print(r['steps'], f\"{r['final_loss']:.3f}\")" "$WORK/$name/goat.json" 2>/dev/null)
    echo "| $name | $recipe | $data_seed | $train_seed | ${steps:--} | ${loss:--} | $(accuracy "$WORK/$name-quick" 2>/dev/null || echo -) | $(accuracy "$WORK/$name-bigbench" 2>/dev/null || echo -) | $(accuracy "$WORK/$name-large" 2>/dev/null || echo -) |"
  done
} > "$OUT/table.md"
pack
cat "$OUT/table.md"
say "done: $OUT/table.md, $OUT/sweep.tgz"
