"""How far two runs with the same data, seed and settings drift apart: logged loss and gradient norm, step by step,
then the range of each run's loss difference from version 12 after step 50.

    python docs/before-after/tiny-v18-wd/drift.py

Why: version 12 and candidate 18 share their data order and initial weights (training seed 42); does a difference
between their curves come from weight decay, or would the same run again differ as much? `../tiny-shapes/`
reran version 12's stage 1 exactly (same config, data and seed, 2.5 minutes: `throughput.sh`), which answers it.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
RUNS = {
    "version 12": ROOT / "models/goat-default/metrics-stage1.jsonl",
    "version 12 again": ROOT / "docs/before-after/tiny-shapes/metrics-tiny.jsonl",
    "candidate 18": Path(__file__).parent / "metrics-stage1.jsonl",
}
STEPS = (1, 10, 20, 30, 50, 100, 150, 190)


def logged(path: Path) -> dict[int, dict]:
    return {r["step"]: r for r in map(json.loads, path.read_text().splitlines()) if "loss" in r}


runs = {name: logged(path) for name, path in RUNS.items()}
print("| step | " + " | ".join(f"{name}: loss, grad norm" for name in runs) + " |")
print("|---" * (len(runs) + 1) + "|")
for step in STEPS:
    cells = [f"{rows[step]['loss']:.6f}, {rows[step]['grad_norm']:.4f}" for rows in runs.values()]
    print(f"| {step} | " + " | ".join(cells) + " |")

first = runs["version 12"]
later = [step for step in STEPS if step >= 50]
print()
for name, rows in list(runs.items())[1:]:
    gaps = [abs(rows[step]["loss"] - first[step]["loss"]) for step in later]
    print(f"{name}: loss differs from version 12's by {min(gaps):.3f}-{max(gaps):.3f} at steps {later[0]}-{later[-1]}")
