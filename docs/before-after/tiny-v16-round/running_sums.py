"""How often a multiplication chain's first running sum is right once its partial products are, from eval outputs.

    python docs/before-after/tiny-v16-round/running_sums.py REPORT_DIR [REPORT_DIR ...]

For BIG-bench's 3-digit and 4-digit multiplication, in Goat's one-line layout or goat's lines layout: among the
chains whose split, expansion and partial products (and, in the lines layout, the products copied into the sum) are
all right (goat.arith.audit), the share whose first running sum (`p1 + p2 + ...` -> `(p1 + p2) + ...`) is right too,
by the digit counts of the two products added there (`6+5`: a 6-digit and a 5-digit number). The first wrong step
columns of the eval report count wrong answers only; this counts every chain that reaches the sums.
"""

import gzip
import json
import sys
from collections import Counter

from goat.arith.audit import PARTIAL_PRODUCT, PRODUCT_COPY, RUNNING_SUM, audit
from goat.arith.parse import parse_question

TASKS = ("3_digit_multiplication", "4_digit_multiplication")


def first_sums(report_dir: str) -> Counter:
    """(task, shape, right) -> count, over chains whose steps up to the partial products are all right."""
    counts = Counter()
    with gzip.open(f"{report_dir}/outputs.jsonl.gz", "rt") as f:
        for row in map(json.loads, f):
            if row["task"] not in TASKS:
                continue
            a, op, b = parse_question(row["question"])
            steps = audit(a, op, b, row["output"]).steps
            kinds = [s.kind for s in steps]
            if RUNNING_SUM not in kinds:
                continue
            # The numbers added: the partial products (one line) or their copy into the sum (lines layout).
            added = kinds.index(PRODUCT_COPY) if PRODUCT_COPY in kinds else kinds.index(PARTIAL_PRODUCT)
            if not all(s.ok for s in steps[: added + 1]):
                continue  # a chain wrong before its sums
            first, second = steps[added].text.split(" + ")[:2]
            shape = f"{len(first)}+{len(second)}"
            counts[row["task"], shape, steps[kinds.index(RUNNING_SUM)].ok] += 1
    return counts


def main(report_dirs: list[str]) -> None:
    results = {d: first_sums(d) for d in report_dirs}
    shapes = sorted({(t, s) for c in results.values() for t, s, _ in c}, key=lambda x: (x[0], x[1]))
    print("| report | " + " | ".join(f"{t.split('_')[0]}D: {s}" for t, s in shapes) + " |")
    print("|---" * (len(shapes) + 1) + "|")
    for d, c in results.items():
        cells = []
        for t, s in shapes:
            right, n = c[t, s, True], c[t, s, True] + c[t, s, False]
            cells.append(f"{right}/{n} ({100 * right / n:.0f}%)" if n else "-")
        print(f"| {d} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
