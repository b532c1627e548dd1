"""Seconds per step and tokens per second of each shape between two logged steps, from its metrics file.

The first steps compile (torch.compile recompiles for new batch lengths), so the rate is taken between steps the
runs all reached after that: 100 and 190 (batch 64: records 6,400-12,160); the batch-128 run between its steps 50
and 100 (records 6,400-12,800). The loss is the mean of the logged losses in the span: one logged loss swings with
the batch's length (length-grouped batches), so a single one says little.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent
SPANS = {"tiny": (100, 190), "tiny-deep": (100, 190), "tiny-wide": (100, 190), "b128": (50, 100)}


def at(rows, step):
    """The logged row nearest to `step` at or after it."""
    return min((r for r in rows if r["step"] >= step), key=lambda r: r["step"])


print("| run | steps | tokens | seconds | tokens/s | mean loss in the span |")
print("|---|---|---|---|---|---|")
for name, (first, last) in SPANS.items():
    rows = [json.loads(line) for line in (HERE / f"metrics-{name}.jsonl").read_text().splitlines()]
    rows = [r for r in rows if "elapsed_s" in r]
    a, b = at(rows, first), at(rows, last)
    tokens, seconds = b["tokens"] - a["tokens"], b["elapsed_s"] - a["elapsed_s"]
    losses = [r["loss"] for r in rows if a["step"] < r["step"] <= b["step"]]
    loss = sum(losses) / len(losses)
    print(f"| {name} | {a['step']}-{b['step']} | {tokens:,} | {seconds:.1f} | {tokens / seconds:,.0f} | {loss:.3f} |")
