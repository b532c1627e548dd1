#!/bin/bash
# Candidate 13 (kind div_table, first form), seed 42: the plan in README.md, run at 7cef972 (goat.json's git_commit;
# src/ unchanged since bf030a0, when it started). Its data was generated at e0d4b3a. To rerun: git checkout 08c7371.
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
$G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v13-div-table.jsonl \
  --out runs/tiny-v13s1 --overwrite --max-steps 11700
$G data generate --recipe bigbench-cpu-tiny-v13-stage2 --out data/bigbench-cpu-tiny-v13-stage2.jsonl --seed 2
$G train --base runs/tiny-v13s1 --full --data data/bigbench-cpu-tiny-v13-stage2.jsonl --out runs/tiny-v13 --overwrite \
  --lr 3e-4 --batch-size 64 --micro-batch-size 64 --bf16 --torch-compile --lr-scheduler cosine --warmup-steps 50 \
  --max-steps 750 --max-minutes 9 --save-steps 250 --threads 2 --seed 42
$G eval --model runs/tiny-v13 --suite bigbench --out reports/tiny-v13-bigbench --batch-size 64
$G eval --model runs/tiny-v13 --suite goat-large --out reports/tiny-v13-goat-large --batch-size 64
$G eval --model runs/tiny-v13s1 --suite bigbench --out reports/tiny-v13s1-bigbench --batch-size 64
$G eval --model runs/tiny-v13s1 --suite goat-large --out reports/tiny-v13s1-goat-large --batch-size 64
