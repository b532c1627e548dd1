#!/bin/bash
# Three shapes of the from-scratch model, and tiny at twice the batch, for a few minutes each on version 12's stage-1
# data and settings (models/goat-default/train-stage1.yaml), one after the other on a quiet machine.
cd "$(dirname "$0")/../../.."  # the repository root
set -e
G=.venv/bin/goat
D=docs/before-after/tiny-shapes
$G data generate --recipe bigbench-cpu-tiny-v12-div-aligned --out data/bigbench-cpu-tiny-v12-div-aligned.jsonl --seed 1
run() {  # name, minutes, extra flags
  $G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v12-div-aligned.jsonl \
    --out /tmp/shape-$1 --overwrite --max-minutes $2 --save-steps 100000 "${@:3}"
  cp /tmp/shape-$1/metrics.jsonl $D/metrics-$1.jsonl
}
run tiny 2.5 --base tiny
run tiny-deep 4.5 --base tiny-deep
run tiny-wide 4.5 --base tiny-wide
run b128 4 --base tiny --batch-size 128 --micro-batch-size 128 --lr 2e-3 --max-steps 6500
.venv/bin/python $D/shapes.py
