#!/bin/bash
# Candidate 16 (candidate 15's recipe plus one-line partial products, `5431 * 900 = 4887900`), seed 42: the plan in README.md.
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
$G data generate --recipe bigbench-cpu-tiny-v16-round --out data/bigbench-cpu-tiny-v16-round.jsonl --seed 1
$G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v16-round.jsonl \
  --out runs/tiny-v16s1 --overwrite --max-steps 11950
$G data generate --recipe bigbench-cpu-tiny-v16-stage2 --out data/bigbench-cpu-tiny-v16-stage2.jsonl --seed 2
$G train --config models/goat-default/train.yaml --base runs/tiny-v16s1 --data data/bigbench-cpu-tiny-v16-stage2.jsonl \
  --out runs/tiny-v16 --overwrite
$G eval --model runs/tiny-v16 --suite bigbench --out reports/tiny-v16-bigbench --batch-size 64
$G eval --model runs/tiny-v16 --suite goat-large --out reports/tiny-v16-goat-large --batch-size 64
$G eval --model runs/tiny-v16s1 --suite bigbench --out reports/tiny-v16s1-bigbench --batch-size 64
$G eval --model runs/tiny-v16s1 --suite goat-large --out reports/tiny-v16s1-goat-large --batch-size 64
$G compare models/goat-default/eval/bigbench reports/tiny-v16-bigbench --out reports/v12-vs-v16.md
$G compare docs/before-after/tiny-v15-mul45/eval/bigbench reports/tiny-v16-bigbench --out reports/v15-vs-v16.md
.venv/bin/python docs/before-after/tiny-v15-mul45/partial_products.py runs/tiny-v16s1 runs/tiny-v16 models/goat-default
