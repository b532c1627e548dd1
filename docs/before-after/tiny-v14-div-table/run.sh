#!/bin/bash
# Candidate 14 (kind div_table with the question first), seed 42: the plan in README.md, run at 152e298.
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
$G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v14-div-table.jsonl \
  --out runs/tiny-v14s1 --overwrite --max-steps 11700
$G data generate --recipe bigbench-cpu-tiny-v14-stage2 --out data/bigbench-cpu-tiny-v14-stage2.jsonl --seed 2
$G train --base runs/tiny-v14s1 --full --data data/bigbench-cpu-tiny-v14-stage2.jsonl --out runs/tiny-v14 --overwrite \
  --lr 3e-4 --batch-size 64 --micro-batch-size 64 --bf16 --torch-compile --lr-scheduler cosine --warmup-steps 50 \
  --max-steps 750 --max-minutes 9 --save-steps 250 --threads 2 --seed 42
$G eval --model runs/tiny-v14 --suite bigbench --out reports/tiny-v14-bigbench --batch-size 64
$G eval --model runs/tiny-v14 --suite goat-large --out reports/tiny-v14-goat-large --batch-size 64
$G eval --model runs/tiny-v14s1 --suite bigbench --out reports/tiny-v14s1-bigbench --batch-size 64
$G eval --model runs/tiny-v14s1 --suite goat-large --out reports/tiny-v14s1-goat-large --batch-size 64
