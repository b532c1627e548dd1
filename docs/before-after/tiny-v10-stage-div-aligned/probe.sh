#!/bin/bash
# The probe, start to end: two 750-step second stages on version 10 (runs/tiny-v10, models/goat-default) that ask the
# same 48,000 questions: 3-5-digit by 2-3-digit division chains (24,000 drawn at seed 2, less the contamination
# guard's drops) and records replayed from version 10's stage-1 data (those that are not division chains), and differ
# only in how the chains' short differences are written: Goat's way (arm goat) or zero-filled (arm aligned,
# `29568 - 48 * 600 = 29568 - 28800 = 00768 = 768`). Then both on BIG-bench's 3-5-digit division, and item by item
# against each other. Run from the repository root with goat on the PATH.
# Arguments (both optional): the first stage's data and the weights to start from. models/goat-default held version
# 10 when this ran; it now holds version 12, so pass version 10's weights (git restore --source=4bcea72 -- models/goat-default,
# copied elsewhere) to rerun it as it ran.
set -eu
here=docs/before-after/tiny-v10-stage-div-aligned
REPLAY=${1:-data/bigbench-cpu-tiny-3d-long-sub-aligned.jsonl} OUT=data/stage-div-aligned
BASE=${2:-models/goat-default}
mkdir -p $OUT
for arm in goat aligned; do
  goat data generate --recipe $here/div-$arm.toml --seed 2 --out $OUT/chains-$arm.jsonl
done
python3 bench/paired_stage_data.py $REPLAY $OUT goat aligned --drop div_cot_
tasks="3_digit_division 4_digit_division 5_digit_division"
for arm in goat aligned; do
  goat train --base $BASE --full --data $OUT/stage-$arm.jsonl --out runs/stage-div-$arm --overwrite \
    --lr 3e-4 --batch-size 64 --micro-batch-size 64 --bf16 --torch-compile --lr-scheduler cosine --warmup-steps 50 \
    --max-steps 750 --max-minutes 11 --save-steps 250 --threads 2 --seed 42
  goat eval --model runs/stage-div-$arm --suite bigbench --tasks $tasks --out reports/stage-div-$arm --batch-size 64
done
goat compare reports/stage-div-goat reports/stage-div-aligned --out reports/stage-div-goat-vs-aligned.md
