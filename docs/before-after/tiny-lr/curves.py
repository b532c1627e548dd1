"""Mean training loss per window of steps for each 1,500-step run here, beside the same steps of version 12's two
full-length runs, and the held-out loss and match at steps 500, 1000 and 1500 where the run logged them; then the
longer probe (the whole schedule at 5e-4, stopped after 30 minutes, then resumed for 20) beside version 12's runs
over its steps.

    python docs/before-after/tiny-lr/curves.py

Why: one logged loss swings with its length-grouped batch; a window's mean does not, and a run that stalls shows
as a flat row. The full-length runs' learning rate is still near its peak at step 1,500 (cosine over 13,000
steps), so they are a reference for the speed of the first steps, not a fifth arm.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parents[2]
WINDOWS = ((0, 150), (150, 500), (500, 1000), (1000, 1250), (1250, 1500))
ARMS = (("2.5e-4", 42), ("5e-4", 42), ("1e-3", 42), ("2e-3", 42), ("5e-4", 43), ("1e-3", 43))
RUNS = {f"lr {lr}, seed {seed}": f"{lr}-s{seed}" for lr, seed in ARMS}
REFERENCES = {
    "version 12 (lr 1e-3, 13,000 steps), seed 42": ROOT / "models/goat-default/metrics-stage1.jsonl",
    "version 12, seed 43": ROOT / "docs/before-after/tiny-v12-seed43/metrics-stage1.jsonl",
}


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.is_file() else []


def window_means(metrics: list[dict]) -> list[str]:
    cells = []
    for lo, hi in WINDOWS:
        losses = [r["loss"] for r in metrics if lo <= r["step"] < hi or (hi == 1500 and r["step"] == 1500)]
        cells.append(f"{sum(losses) / len(losses):.3f}" if losses else "-")
    return cells


print("Mean training loss per window of steps:\n")
print("| run | " + " | ".join(f"{lo}-{hi - 1 if hi < 1500 else hi}" for lo, hi in WINDOWS) + " |")
print("|---" * (len(WINDOWS) + 1) + "|")
for name, tag in RUNS.items():
    print(f"| {name} | " + " | ".join(window_means(rows(HERE / f"metrics-{tag}.jsonl"))) + " |")
for name, path in REFERENCES.items():
    print(f"| {name} | " + " | ".join(window_means(rows(path))) + " |")

print("\nHeld-out loss per answer token / whole answers matched % (`heldout-*.jsonl`, logged by `--heldout`):\n")
print("| run | step 500 | step 1000 | step 1500 |")
print("|---|---|---|---|")
for name, tag in RUNS.items():
    logged = {r["step"]: r for r in rows(HERE / f"heldout-{tag}.jsonl")}
    if logged:
        cells = [
            f"{logged[s]['loss']:.3f} / {100 * logged[s]['match']:.1f}" if s in logged else "-"
            for s in (500, 1000, 1500)
        ]
        print(f"| {name} | " + " | ".join(cells) + " |")

LONG_WINDOWS = tuple((lo, lo + 500) for lo in range(0, 6000, 500))
long = {"5e-4, whole schedule, seed 42 (30 + 20 minutes)": rows(HERE / "metrics-5e-4-long.jsonl")}
long |= {name: rows(path) for name, path in REFERENCES.items()}
last = max((r["step"] for r in long[next(iter(long))]), default=0)
print(f"\nThe longer probe (stopped at step {last}): mean training loss per window of steps:\n")
print("| run | " + " | ".join(f"{lo}-{hi - 1}" for lo, hi in LONG_WINDOWS) + " |")
print("|---" * (len(LONG_WINDOWS) + 1) + "|")
for name, metrics in long.items():
    cells = []
    for lo, hi in LONG_WINDOWS:
        losses = [r["loss"] for r in metrics if lo <= r["step"] < min(hi, last + 1)]
        cells.append(f"{sum(losses) / len(losses):.3f}" if losses else "-")
    print(f"| {name} | " + " | ".join(cells) + " |")
logged = rows(HERE / "heldout-5e-4-long.jsonl")
if logged:
    print(
        "\nIts held-out loss / match %: "
        + ", ".join(f"step {r['step']}: {r['loss']:.3f} / {100 * r['match']:.1f}" for r in logged)
    )
