#!/bin/bash
# After run.sh: seed 43 against seed 42 (version 12), both stages and stage 1 alone.
cd "$(dirname "$0")/../../.."  # the repository root
G=.venv/bin/goat
D=docs/before-after/tiny-v12-seed43
for r in s43-bigbench:eval/bigbench s43-goat-large:eval/goat-large s43s1-bigbench:eval-stage1/bigbench s43s1-goat-large:eval-stage1/goat-large; do
  mkdir -p $D/${r#*:}; cp reports/tiny-v12-${r%%:*}/{accuracy.png,outputs.jsonl.gz,report.md,summary.json} $D/${r#*:}/  # the shipped files
done
$G compare models/goat-default/eval/bigbench $D/eval/bigbench --out $D/eval/v12-vs-seed43.md
$G compare models/goat-default/eval/goat-large $D/eval/goat-large --out $D/eval/v12-vs-seed43-large.md
$G compare docs/before-after/tiny-v12-div-aligned/eval-stage1/bigbench $D/eval-stage1/bigbench --out $D/eval-stage1/v12s1-vs-seed43s1.md
$G compare docs/before-after/tiny-v12-div-aligned/eval-stage1/goat-large $D/eval-stage1/goat-large --out $D/eval-stage1/v12s1-vs-seed43s1-large.md
