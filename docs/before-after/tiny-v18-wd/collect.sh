#!/bin/bash
# After run.sh: the shipped files of both stages, and candidate 18 against version 12 (same data and seed, weight decay
# 0.0) and against version 12's second seed (43).
cd "$(dirname "$0")/../../.."  # the repository root
set -e
G=.venv/bin/goat
D=docs/before-after/tiny-v18-wd
for s in 1:tiny-v18s1 2:tiny-v18; do
  cp runs/${s#*:}/goat.json $D/goat-stage${s%%:*}.json
  cp runs/${s#*:}/metrics.jsonl $D/metrics-stage${s%%:*}.jsonl
  cp runs/${s#*:}/train.yaml $D/train-stage${s%%:*}.yaml
done
for r in v18-bigbench:eval/bigbench v18-goat-large:eval/goat-large v18s1-bigbench:eval-stage1/bigbench v18s1-goat-large:eval-stage1/goat-large; do
  mkdir -p $D/${r#*:}; cp reports/tiny-${r%%:*}/{accuracy.png,outputs.jsonl.gz,report.md,summary.json} $D/${r#*:}/
done
$G compare models/goat-default/eval/bigbench $D/eval/bigbench --out $D/eval/v12-vs-v18.md
$G compare models/goat-default/eval/goat-large $D/eval/goat-large --out $D/eval/v12-vs-v18-large.md
$G compare docs/before-after/tiny-v12-seed43/eval/bigbench $D/eval/bigbench --out $D/eval/v12-seed43-vs-v18.md
$G compare docs/before-after/tiny-v12-div-aligned/eval-stage1/bigbench $D/eval-stage1/bigbench --out $D/eval-stage1/v12s1-vs-v18s1.md
