#!/bin/bash
# Version 12's recipes and settings again with train seed 43 (v12: 42), same data files: how far apart do two runs land?
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
$G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v12-div-aligned.jsonl \
  --out runs/tiny-v12-s43s1 --overwrite --seed 43
$G train --base runs/tiny-v12-s43s1 --full --data data/bigbench-cpu-tiny-v12-stage2.jsonl --out runs/tiny-v12-s43 --overwrite \
  --lr 3e-4 --batch-size 64 --micro-batch-size 64 --bf16 --torch-compile --lr-scheduler cosine --warmup-steps 50 \
  --max-steps 750 --max-minutes 9 --save-steps 250 --threads 2 --seed 43
$G eval --model runs/tiny-v12-s43 --suite bigbench --out reports/tiny-v12-s43-bigbench --batch-size 64
$G eval --model runs/tiny-v12-s43 --suite goat-large --out reports/tiny-v12-s43-goat-large --batch-size 64
$G eval --model runs/tiny-v12-s43s1 --suite bigbench --out reports/tiny-v12-s43s1-bigbench --batch-size 64
$G eval --model runs/tiny-v12-s43s1 --suite goat-large --out reports/tiny-v12-s43s1-goat-large --batch-size 64
