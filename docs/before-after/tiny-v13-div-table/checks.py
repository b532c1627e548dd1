"""The README's two checks: the v13 stage-1 file asks version 12's questions line by line (only the chains differ),
and what the old generation budget (sized from Goat's own chain) held against a table chain's length.

    python docs/before-after/tiny-v13-div-table/checks.py data/bigbench-cpu-tiny-v12-div-aligned.jsonl \
        data/bigbench-cpu-tiny-v13-div-table.jsonl
"""

import json
import sys
from itertools import zip_longest

from goat.arith.decompose import divide, solve

v12, v13 = sys.argv[1:3]
same = total = 0
with open(v12) as a, open(v13) as b:
    for line_a, line_b in zip_longest(a, b, fillvalue="{}"):
        ra, rb = json.loads(line_a), json.loads(line_b)
        total += 1
        same += all(k in ra and ra.get(k) == rb.get(k) for k in ("instruction", "input", "answer"))
print(f"{same:,} of {total:,} records ask the same question with the same answer")
old_budget, table = len(solve(5697, "/", 47)) * 5 // 4 + 16, divide(5697, 47, aligned=True, table=True)
print(f"5697 / 47: old budget {old_budget} tokens, table chain {len(table)} characters")
