#!/bin/bash
# The probe, start to end: two 750-step second stages on version 8 (runs/tiny-3d-long) that ask the same 48,000
# questions: 22,792 2D x 2D and 3D x 3D chains (24,000 drawn at seed 2, less the contamination guard's drops) and
# 25,208 records replayed from version 8's data (its records that are not chains), and differ only in the order of
# the split: Goat's (arm A) or from the ones up (arm B). Then both on BIG-bench's 2-4-digit multiplication, and item
# by item against each other. Run from the repository root with goat on the PATH.
# Arguments (both optional): the first stage's data and weights.
set -eu
here=docs/before-after/tiny-v8-stage-mul-ascending
REPLAY=${1:-data/bigbench-cpu-tiny-3d-long.jsonl} OUT=data/stage-mul-ascending
BASE=${2:-runs/tiny-3d-long}
mkdir -p $OUT
for arm in goat ascending; do
  goat data generate --recipe $here/mul-$arm.toml --seed 2 --out $OUT/chains-$arm.jsonl
done
python3 bench/paired_stage_data.py $REPLAY $OUT goat ascending --drop mul_cot_
tasks="2_digit_multiplication 3_digit_multiplication 4_digit_multiplication"
for arm in goat ascending; do
  goat train --base $BASE --full --data $OUT/stage-$arm.jsonl --out runs/stage-mul-$arm --overwrite \
    --lr 3e-4 --batch-size 64 --micro-batch-size 64 --bf16 --torch-compile --lr-scheduler cosine --warmup-steps 50 \
    --max-steps 750 --max-minutes 11 --save-steps 250 --threads 2 --seed 42
  goat eval --model runs/stage-mul-$arm --suite bigbench --tasks $tasks --out reports/stage-mul-$arm --batch-size 64
done
goat compare reports/stage-mul-goat reports/stage-mul-ascending --out reports/stage-mul-goat-vs-ascending.md
