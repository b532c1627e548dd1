"""Mean training loss per window of steps, side by side for several runs, from their metrics.jsonl files.

    python docs/before-after/tiny-v17-lines/loss_curves.py METRICS.jsonl [METRICS.jsonl ...]

Why: candidate 17 scored far below its parent on tasks its recipe did not change (addition, subtraction); its loss
curve against the parent's and the runs that collapsed before (candidate 7) says whether it trained differently from
the start.
"""

import json
import sys

WINDOWS = (0, 150, 500, 1000, 2000, 3000, 5000, 7000, 9000, 10500)
WIDTH = 500  # steps per window (150: 150-499)


def mean_loss(rows: list[dict], lo: int, hi: int) -> str:
    losses = [r["loss"] for r in rows if lo <= r["step"] < hi and "loss" in r]
    return f"{sum(losses) / len(losses):.3f}" if losses else "-"


def read_metrics(path: str) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f]


def main(paths: list[str]) -> None:
    runs = {p: read_metrics(p) for p in paths}
    print("| steps | " + " | ".join(f"`{p}`" for p in runs) + " |")
    print("|---" * (len(runs) + 1) + "|")
    for i, lo in enumerate(WINDOWS):
        hi = WINDOWS[i + 1] if i + 1 < len(WINDOWS) else lo + WIDTH
        print(f"| {lo}-{hi - 1} | " + " | ".join(mean_loss(rows, lo, hi) for rows in runs.values()) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
