#!/bin/bash
# Candidate 15's and candidate 17's stage-1 recipes with training seed 43, 9 minutes each (the same schedule as the
# full runs, cut by the time limit): does candidate 17's recipe again train slower from the first hundred steps?
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
for r in v15-mul45 v17-lines; do
  $G train --config models/goat-default/train-stage1.yaml --data data/bigbench-cpu-tiny-$r.jsonl \
    --out runs/early-s43-$r --overwrite --max-steps 11500 --max-minutes 9 --seed 43
done
