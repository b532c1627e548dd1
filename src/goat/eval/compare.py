"""`goat compare`: two eval reports of the same items, task by task, with a paired significance test.

    goat compare docs/before-after/smollm2-lora-v5/eval/bigbench models/goat-default/eval/bigbench  # before -> after
    goat compare reports/a reports/b --out docs/a-vs-b.md

Each side is a `goat eval --out` folder or a shipped eval folder (outputs.jsonl.gz; older reports: results.json).
Items are paired by task and question, so only items both reports hold count. Two models are usually right on the same
easy items, so McNemar's exact test on the items where they disagree says more than two overlapping intervals.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from math import comb
from pathlib import Path

from goat.errors import GoatError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="compare two eval reports item by item (which tasks changed, and by chance?)",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("before", help="report folder A (results.json or outputs.jsonl.gz)")
    p.add_argument("after", help="report folder B")
    p.add_argument("--out", help="also write the table to this Markdown file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from goat.eval.report import write_atomic

    a, b = load_exact(args.before), load_exact(args.after)
    table = markdown(compare(a, b), args.before, args.after, len(a.keys() - b), len(b.keys() - a))
    print(table, end="")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(Path(args.out), table)
    return 0


def load_exact(folder: str | Path) -> dict[tuple[str, str, int], bool]:
    """(task, question, occurrence) -> exact match, from the compact outputs.jsonl.gz (every report since it was
    added, and the shipped ones) or else results.json (older reports)."""
    folder = Path(folder)
    compact, full = folder / "outputs.jsonl.gz", folder / "results.json"
    if not compact.is_file() and not full.is_file():
        raise GoatError(f"{folder}: no outputs.jsonl.gz or results.json (a `goat eval --out` folder?)")
    path = compact if compact.is_file() else full
    seen: Counter = Counter()
    exact = {}
    try:
        if path == compact:
            with gzip.open(path, "rt") as f:
                rows = [json.loads(line) for line in f]
        else:
            rows = json.loads(path.read_text())["predictions"]
        for row in rows:
            key = (row["task"], row["question"])
            exact[(*key, seen[key])] = bool(row["exact"])  # a question asked twice is two items
            seen[key] += 1
    except (OSError, EOFError, ValueError, KeyError, TypeError) as e:  # JSONDecodeError is a ValueError
        raise GoatError(f"{path}: not a goat eval report ({type(e).__name__}: {e})".splitlines()[0]) from None
    return exact


def mcnemar_p(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value: how likely a split at least this uneven of the disagreements is by chance."""
    n = only_a + only_b
    if n == 0:
        return 1.0
    tail = sum(comb(n, k) for k in range(min(only_a, only_b) + 1))
    return min(1.0, 2 * tail / 2**n)


def compare(a: dict, b: dict) -> list[dict]:
    """One row per task (in A's order) and a last row for all shared items."""
    shared = [key for key in a if key in b]
    if not shared:
        raise GoatError("the two reports share no items (same suite and questions?)")
    tasks = list(dict.fromkeys(task for task, _, _ in shared))
    rows = []
    for task in [*tasks, None]:
        keys = [k for k in shared if task is None or k[0] == task]
        only_a = sum(a[k] and not b[k] for k in keys)
        only_b = sum(b[k] and not a[k] for k in keys)
        rows.append({"task": "all shared items" if task is None else task, "n": len(keys), "a": sum(a[k] for k in keys),
                     "b": sum(b[k] for k in keys), "only_a": only_a, "only_b": only_b,
                     "p": mcnemar_p(only_a, only_b)})  # fmt: skip
    return rows


def markdown(rows: list[dict], name_a: str, name_b: str, unpaired_a: int = 0, unpaired_b: int = 0) -> str:
    lines = [f"A: `{name_a}`  \nB: `{name_b}`\n", "| task | n | A % | B % | B - A (points) | only A right |"
             " only B right | p (McNemar) |", "|---|---|---|---|---|---|---|---|"]  # fmt: skip
    for r in rows:
        pa, pb = 100 * r["a"] / r["n"], 100 * r["b"] / r["n"]
        lines.append(f"| {r['task']} | {r['n']:,} | {pa:.1f} | {pb:.1f} | {pb - pa:+.1f} | {r['only_a']:,} | "
                     f"{r['only_b']:,} | {_p(r['p'])} |")  # fmt: skip
    if unpaired_a or unpaired_b:
        lines.append(f"\nNot compared: {unpaired_a:,} items only in A, {unpaired_b:,} only in B.")
    return "\n".join(lines) + "\n"


def _p(p: float) -> str:
    return "<0.001" if p < 0.001 else f"{p:.3f}"
