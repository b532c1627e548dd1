#!/bin/bash
# Learning rate for the from-scratch model: version 12's stage 1 (models/goat-default/train-stage1.yaml, its data)
# cut to 1,500 steps, its cosine schedule with it, at learning rates 2.5e-4 to 2e-3 with training seed 42, and
# 5e-4 and 1e-3 (version 12's) with seed 43 too; one run after the other on a quiet machine, then all scored on the
# same held-out records. The arms after the first two were chosen from those two's results (README.md).
cd "$(dirname "$0")/../../.."  # the repository root
set -e
G=.venv/bin/goat
D=docs/before-after/tiny-lr
$G data generate --recipe bigbench-cpu-tiny-v12-div-aligned --out data/bigbench-cpu-tiny-v12-div-aligned.jsonl --seed 1
# held out: the same recipe drawn with another seed, its first 4,000 records (3,878 after the contamination guard)
$G data generate --recipe bigbench-cpu-tiny-v12-div-aligned --out data/heldout-v12-seed7.jsonl --seed 7 --limit 4000
run() {  # learning rate, seed
  [ -f runs/lr-$1-s$2/goat.json ] && return  # done already: the script resumes at the first arm not done
  $G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v12-div-aligned.jsonl \
    --out runs/lr-$1-s$2 --overwrite --max-steps 1500 --max-minutes 20 --save-steps 100000 --lr $1 --seed $2 \
    --heldout data/heldout-v12-seed7.jsonl --heldout-steps 500
  cp runs/lr-$1-s$2/metrics.jsonl $D/metrics-$1-s$2.jsonl
  cp runs/lr-$1-s$2/heldout.jsonl $D/heldout-$1-s$2.jsonl
}
# in the order they ran (the first two before --heldout existed: their final models are scored below all the same)
run 1e-3 42
run 2e-3 42
run 5e-4 42
run 1e-3 43
run 5e-4 43
run 2.5e-4 42
.venv/bin/python $D/heldout.py data/heldout-v12-seed7.jsonl runs/lr-{2.5e-4,5e-4,1e-3,2e-3}-s42 runs/lr-{5e-4,1e-3}-s43 \
  > $D/heldout.md
# The longer probe: version 12's stage 1 with its whole 13,000-step schedule at 5e-4, stopped by a 30-minute limit
# (about 3,500 steps), beside version 12's own curves (1e-3, seeds 42 and 43) over the same steps.
if [ ! -f runs/lr-5e-4-long/goat.json ]; then
  $G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-v12-div-aligned.jsonl \
    --out runs/lr-5e-4-long --overwrite --lr 5e-4 --max-minutes 30 --save-steps 100000 \
    --heldout data/heldout-v12-seed7.jsonl --heldout-steps 1000
fi
# ...then resumed from its checkpoint for 20 more minutes (to about step 5,900), in the same session
if [ "$(grep -c '"step"' runs/lr-5e-4-long/heldout.jsonl)" -le 4 ]; then
  $G train --out runs/lr-5e-4-long --resume --max-minutes 20
fi
cp runs/lr-5e-4-long/metrics.jsonl $D/metrics-5e-4-long.jsonl
cp runs/lr-5e-4-long/heldout.jsonl $D/heldout-5e-4-long.jsonl
