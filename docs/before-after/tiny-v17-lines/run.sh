#!/bin/bash
# Candidate 17 (candidate 15's recipe with each partial product on a line of its own, beside its expression), seed 42: the plan in README.md.
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
$G data generate --recipe bigbench-cpu-tiny-v17-lines --out data/bigbench-cpu-tiny-v17-lines.jsonl --seed 1
$G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v17-lines.jsonl \
  --out runs/tiny-v17s1 --overwrite --max-steps 11500
$G data generate --recipe bigbench-cpu-tiny-v17-stage2 --out data/bigbench-cpu-tiny-v17-stage2.jsonl --seed 2
$G train --config models/goat-default/train.yaml --base runs/tiny-v17s1 --data data/bigbench-cpu-tiny-v17-stage2.jsonl \
  --out runs/tiny-v17 --overwrite
$G eval --model runs/tiny-v17 --suite bigbench --out reports/tiny-v17-bigbench --batch-size 64
$G eval --model runs/tiny-v17 --suite goat-large --out reports/tiny-v17-goat-large --batch-size 64
$G eval --model runs/tiny-v17s1 --suite bigbench --out reports/tiny-v17s1-bigbench --batch-size 64
$G eval --model runs/tiny-v17s1 --suite goat-large --out reports/tiny-v17s1-goat-large --batch-size 64
$G compare models/goat-default/eval/bigbench reports/tiny-v17-bigbench --out reports/v12-vs-v17.md
$G compare docs/before-after/tiny-v15-mul45/eval/bigbench reports/tiny-v17-bigbench --out reports/v15-vs-v17.md
