"""Where the division chains' wrong subtraction lines go wrong, from an eval report's outputs.

    python docs/before-after/tiny-v11-div/subtraction_lines.py REPORT_DIR [REPORT_DIR ...]

For every wrong BIG-bench division answer whose first wrong step (goat.arith.audit) is a subtraction line
(`29568 - 48 * 600 = 29568 - 28800 = 768`, or zero-filled as kind div_aligned writes it: `... = 00768 = 768`), it
says whether the number taken from was restated wrong, the product written wrong, or only the difference, and, for
the latter, whether the right difference is shorter than the number it is taken from (its leading digits cancel, as
they nearly always do in these chains): the case that goat's zero-filled step fixed for plain subtraction.
"""

import gzip
import json
import re
import sys
from collections import Counter

from goat.arith.audit import DIVISION_LINE, audit

for report in sys.argv[1:]:
    counts = Counter()
    with gzip.open(f"{report}/outputs.jsonl.gz", "rt") as f:
        for row in map(json.loads, f):
            if "division" not in row["task"] or row["exact"]:
                continue
            a, b = map(int, re.findall(r"\d+", row["question"])[:2])
            step = audit(a, "/", b, row["output"]).first_wrong
            if step is None or step.kind != "subtraction line":
                continue
            # groups: x, divisor, multiple, x again, product, difference (zero-filled if 7 follows), its copy
            written, expected = DIVISION_LINE.fullmatch(step.text), DIVISION_LINE.fullmatch(step.expected)
            if not written or not expected:
                counts["other form"] += 1
            elif written[1] != expected[1] or written[4] != expected[1]:
                counts["number restated wrong"] += 1
            elif written[5] != expected[5]:
                counts["product wrong"] += 1
            elif (written[7] or written[6]) == (expected[7] or expected[6]):
                counts["only the zero-filled difference wrong or missing"] += 1
            else:
                short = len(expected[7] or expected[6]) < len(expected[1])
                counts["difference wrong, short" if short else "difference wrong, full length"] += 1
    print(report, sum(counts.values()), dict(counts.most_common()))
