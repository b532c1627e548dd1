#!/bin/bash
# Candidate 15 (version 12's recipe plus 4D x 4D and 5D x 5D multiplication chains), seed 42: the plan in README.md.
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
$G data generate --recipe bigbench-cpu-tiny-v15-mul45 --out data/bigbench-cpu-tiny-v15-mul45.jsonl --seed 1
$G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v15-mul45.jsonl \
  --out runs/tiny-v15s1 --overwrite --max-steps 11800
$G data generate --recipe bigbench-cpu-tiny-v15-stage2 --out data/bigbench-cpu-tiny-v15-stage2.jsonl --seed 2
$G train --config models/goat-default/train.yaml --base runs/tiny-v15s1 --data data/bigbench-cpu-tiny-v15-stage2.jsonl \
  --out runs/tiny-v15 --overwrite
$G eval --model runs/tiny-v15 --suite bigbench --out reports/tiny-v15-bigbench --batch-size 64
$G eval --model runs/tiny-v15 --suite goat-large --out reports/tiny-v15-goat-large --batch-size 64
$G eval --model runs/tiny-v15s1 --suite bigbench --out reports/tiny-v15s1-bigbench --batch-size 64
$G eval --model runs/tiny-v15s1 --suite goat-large --out reports/tiny-v15s1-goat-large --batch-size 64
$G compare models/goat-default/eval/bigbench reports/tiny-v15-bigbench --out reports/v12-vs-v15.md
