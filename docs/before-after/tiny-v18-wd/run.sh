#!/bin/bash
# Candidate 18: version 12's recipes, data and settings (training seed 42) with AdamW weight decay 0.1 in both stages
# (version 12: 0.0, the paper's LoRA setting; 0.1 is the usual setting for training a transformer from scratch).
cd "$(dirname "$0")/../../.."  # the repository root
set -e
G=.venv/bin/goat
$G data generate --recipe bigbench-cpu-tiny-v12-div-aligned --out data/bigbench-cpu-tiny-v12-div-aligned.jsonl --seed 1
$G data generate --recipe bigbench-cpu-tiny-v12-stage2 --out data/bigbench-cpu-tiny-v12-stage2.jsonl --seed 2
$G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v12-div-aligned.jsonl \
  --out runs/tiny-v18s1 --overwrite --weight-decay 0.1
$G train --base runs/tiny-v18s1 --full --data data/bigbench-cpu-tiny-v12-stage2.jsonl --out runs/tiny-v18 --overwrite \
  --lr 3e-4 --batch-size 64 --micro-batch-size 64 --bf16 --torch-compile --lr-scheduler cosine --warmup-steps 50 \
  --max-steps 750 --max-minutes 9 --save-steps 250 --threads 2 --seed 42 --weight-decay 0.1
$G eval --model runs/tiny-v18 --suite bigbench --out reports/tiny-v18-bigbench --batch-size 64
$G eval --model runs/tiny-v18 --suite goat-large --out reports/tiny-v18-goat-large --batch-size 64
$G eval --model runs/tiny-v18s1 --suite bigbench --out reports/tiny-v18s1-bigbench --batch-size 64
$G eval --model runs/tiny-v18s1 --suite goat-large --out reports/tiny-v18s1-goat-large --batch-size 64
