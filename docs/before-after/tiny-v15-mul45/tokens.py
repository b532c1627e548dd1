"""Tokens of a data file's 3D x 3D, 4D x 4D and 5D x 5D multiplication chains (Goat's, mul_cot, or goat's lines
layout, mul_lines), and of the rest.

The tiny model's tokenizer gives one token per character of prompt and answer (BOS and EOS aside), so this counts
characters; its total equals `goat data stats --tokenizer models/goat-default`'s.

    python docs/before-after/tiny-v15-mul45/tokens.py data/bigbench-cpu-tiny-v15-mul45.jsonl
"""

import json
import sys
from collections import Counter

from goat.arith.prompt import format_prompt

CHAINS = ("mul_cot_3x3", "mul_cot_4x4", "mul_cot_5x5", "mul_lines_3x3", "mul_lines_4x4", "mul_lines_5x5")

records, tokens = Counter(), Counter()
with open(sys.argv[1]) as f:
    for line in f:
        r = json.loads(line)
        kind = r["task"] if r["task"] in CHAINS else "other"
        records[kind] += 1
        tokens[kind] += len(format_prompt(r["instruction"])) + len(r["output"])
for kind in (*CHAINS, "other"):
    if kind in records:
        print(f"{kind:13} {records[kind]:9,} records {tokens[kind]:12,} tokens")
print(f"{'total':13} {sum(records.values()):9,} records {sum(tokens.values()):12,} tokens")
