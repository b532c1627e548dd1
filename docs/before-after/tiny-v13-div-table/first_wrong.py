"""Where wrong long divisions first go wrong, from an eval report's outputs, with the quotient digit broken down.

    python docs/before-after/tiny-v13-div-table/first_wrong.py REPORT_DIR [REPORT_DIR ...]

For every wrong BIG-bench division answer with a divisor of two or more digits, the kind of its first wrong step
(goat.arith.audit). A wrong quotient digit is split into: a multiple of another length (`216 - 24 * 10` for 24 * 9),
a digit too big or too small, each also counted where the product written is the right digit's product (the chain
wrote the right product under the wrong digit: `96 - 16 * 7 = 96 - 96`); "stopped" is a chain that ends while the
rest is still at least the divisor. A wrong final line is split by whether the quotient has a zero digit.
"""

import gzip
import json
import re
import sys
from collections import Counter

from goat.arith.audit import DIVISION_LINE, FINAL_COPY, QUOTIENT_DIGIT, audit


def quotient_digit(step) -> str:
    written, expected = DIVISION_LINE.fullmatch(step.text), DIVISION_LINE.fullmatch(step.expected)
    if not written or not expected:
        return "quotient digit: stopped or other"
    got, want = int(written[3]), int(expected[3])
    kind = "other length" if len(str(got)) != len(str(want)) else "too big" if got > want else "too small"
    right_product = int(written[5]) == int(written[2]) * want
    return f"quotient digit: {kind}" + (" (product of the right digit)" if right_product else "")


for report in sys.argv[1:]:
    counts = Counter()
    with gzip.open(f"{report}/outputs.jsonl.gz", "rt") as f:
        for row in map(json.loads, f):
            if "division" not in row["task"] or row["exact"]:
                continue
            a, b = map(int, re.findall(r"\d+", row["question"])[:2])
            step = audit(a, "/", b, row["output"]).first_wrong if b >= 10 else None
            if step is None:
                continue
            if step.kind == QUOTIENT_DIGIT:
                counts[quotient_digit(step)] += 1
            elif step.kind == FINAL_COPY:
                counts[f"final copy: quotient {'with' if '0' in str(a // b) else 'without'} a zero digit"] += 1
            else:
                counts[step.kind] += 1
    print(f"{report}: {sum(counts.values())} wrong answers to divisions by 2-5-digit numbers, first wrong step")
    for kind, n in sorted(counts.items(), key=lambda kv: (kv[0].split(":")[0], -kv[1])):
        print(f"  {n:5d}  {kind}")
