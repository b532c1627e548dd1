"""The README's two side measurements: mean logged training loss by step window for two runs, and how many right
answers of an eval report are longer than the generation budget `goat eval` used before this session (sized from
Goat's own chain: `len(solve(a, op, b)) * 5 // 4 + 16` characters; now from goat.arith.decompose.longest_target).

    python docs/before-after/tiny-v12-seed43/checks.py
"""

import gzip
import json
from pathlib import Path
from statistics import mean

from goat.arith.decompose import solve
from goat.arith.parse import parse_question

HERE = Path(__file__).parent
RUNS = {"seed 42": Path("models/goat-default/metrics-stage1.jsonl"), "seed 43": HERE / "metrics-stage1.jsonl"}
REPORTS = [HERE / "eval/bigbench", HERE / "eval-stage1/bigbench"]

losses = {name: [json.loads(line) for line in path.open()] for name, path in RUNS.items()}
for lo, hi in [(2000, 3000), (6000, 7000), (12000, 13000)]:
    means = {n: mean(r["loss"] for r in rows if "loss" in r and lo <= r["step"] <= hi) for n, rows in losses.items()}
    print(f"mean logged loss, steps {lo:,}-{hi:,}: " + ", ".join(f"{n} {m:.3f}" for n, m in means.items()))

for report in REPORTS:
    with gzip.open(report / "outputs.jsonl.gz", "rt") as f:
        rows = [json.loads(line) for line in f]
    longer = [r for r in rows if len(r["output"]) > len(solve(*parse_question(r["question"]))) * 5 // 4 + 16]
    right = sum(r["exact"] for r in longer)
    print(f"{report.parent.name}/{report.name}: {len(longer)} answers over the old budget, {right} of them right")
