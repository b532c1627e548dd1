#!/bin/bash
# Probe: candidate 15's stage 1 (runs/tiny-v15s1, from ../tiny-v15-mul45/run.sh) trained on for a second stage
# whose multiplication chains are in goat's lines layout (stage-probe.toml); compare with candidate 15's own second
# stage and with the one-line partial products' probe (../tiny-v16-round/stage-probe.sh).
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
D=docs/before-after/tiny-v17-lines
$G data generate --recipe $D/stage-probe.toml --out data/probe-v15-stage2-lines.jsonl --seed 2
$G train --config models/goat-default/train.yaml --base runs/tiny-v15s1 --data data/probe-v15-stage2-lines.jsonl \
  --out runs/probe-v15-stage2-lines --overwrite --max-minutes 15  # its chains make it about 1.5 times as many tokens
$G eval --model runs/probe-v15-stage2-lines --suite bigbench --out reports/probe-v15-stage2-lines --batch-size 64
$G compare docs/before-after/tiny-v15-mul45/eval/bigbench reports/probe-v15-stage2-lines --out reports/v15-vs-lines-probe.md
