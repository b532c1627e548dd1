#!/bin/bash
# Probe: candidate 15's stage 1 (runs/tiny-v15s1, from ../tiny-v15-mul45/run.sh) trained on for a second stage
# with the one-line partial products added (stage-probe.toml); compare with candidate 15's own second stage.
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
D=docs/before-after/tiny-v16-round
$G data generate --recipe $D/stage-probe.toml --out data/probe-v15-stage2-round.jsonl --seed 2
$G train --config models/goat-default/train.yaml --base runs/tiny-v15s1 --data data/probe-v15-stage2-round.jsonl \
  --out runs/probe-v15-stage2-round --overwrite
$G eval --model runs/probe-v15-stage2-round --suite bigbench --out reports/probe-v15-stage2-round --batch-size 64
$G compare docs/before-after/tiny-v15-mul45/eval/bigbench reports/probe-v15-stage2-round --out reports/v15-vs-probe.md
.venv/bin/python docs/before-after/tiny-v15-mul45/partial_products.py runs/tiny-v15 runs/probe-v15-stage2-round
