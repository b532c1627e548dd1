"""How a model answered BIG-bench's 3-5-digit divisions: one-line answers, chains, and where the chains went wrong.

Reads a run folder's division-outputs.jsonl.gz: the eval's outputs and audit verdicts for the division tasks, kept
from its results.json as the eval wrote them (today's audit expects the question before the table, so re-auditing
candidate 13's outputs would call every table chain a format error). Without arguments: the sweep's four runs.

    python docs/before-after/tiny-gpu-sweep-div-table/division_forms.py [RUN_DIR ...]
    python docs/before-after/tiny-gpu-sweep-div-table/division_forms.py --keep REPORT_DIR RUN_DIR   # make the file
"""

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

from goat.arith.decompose import has_steps

HERE = Path(__file__).parent
TASKS = ("3_digit_division", "4_digit_division", "5_digit_division")


def by_task(rows: list[dict], keep) -> str:
    counts = Counter(r["task"] for r in rows if keep(r))
    return " / ".join(str(counts[t]) for t in TASKS)


def keep(report: Path, run: Path) -> None:
    """The division tasks' outputs and audit verdicts from an eval's results.json."""
    with gzip.open(run / "division-outputs.jsonl.gz", "wt") as out:
        for it in json.loads((report / "results.json").read_text())["predictions"]:
            if it["task"].endswith("_division") and it["task"] != "1_digit_division":
                wrong = it["audit"]["first_wrong_step"]
                row = {k: it[k] for k in ("task", "question", "output", "target", "exact")}
                row |= {"form": it["audit"]["form"], "first_wrong": wrong["kind"] if wrong else None}
                out.write(json.dumps(row) + "\n")


def show(run: Path) -> None:
    with gzip.open(run / "division-outputs.jsonl.gz", "rt") as f:
        rows = [json.loads(line) for line in f]
    for r in rows:
        r["a"], r["b"] = (int(n) for n in re.findall(r"\d+", r["question"])[:2])
    chained = [r for r in rows if has_steps(r["a"], "/", r["b"])]  # Goat answers these with a chain
    one_line, chains = [r for r in chained if r["form"] == "direct"], [r for r in chained if r["form"] == "chain"]
    wrong = [r for r in chains if not r["exact"]]
    print(f"{run.name}: 3D / 4D / 5D divisions that Goat answers with a chain: {by_task(chained, lambda r: True)}")
    print(f"  answered in one line instead:         {by_task(one_line, lambda r: True)}")
    print(f"    of which wrong:                     {by_task(one_line, lambda r: not r['exact'])}")
    print(f"  chains written:                       {by_task(chains, lambda r: True)}")
    print(f"    wrong, first at the operands:       {by_task(wrong, lambda r: r['first_wrong'] == 'operands')}")
    print(f"    wrong, first at the quotient digit: {by_task(wrong, lambda r: r['first_wrong'] == 'quotient digit')}")
    # a table chain whose divisor is miscopied: does the copy start with the dividend's first digit?
    miscopied = []
    for r in chains:
        m = re.match(r"(?:\d+ / \d+: )?(\d+) \* 1 = ", r["output"])  # candidate 14's table restates the question
        if m and int(m[1]) != r["b"]:
            a, b = str(r["a"]), str(r["b"])
            miscopied.append(m[1][0] == a[0] != b[0])
    if miscopied:
        print(f"  table chains with the divisor miscopied: {len(miscopied)}; where the two numbers' first digits")
        print(f"    differ, the copy starts with the dividend's: {sum(miscopied)}")


if sys.argv[1:2] == ["--keep"]:
    keep(Path(sys.argv[2]), Path(sys.argv[3]))
else:
    for run in sys.argv[1:] or [HERE / "runs" / name for name in ("a1", "b1", "a2", "b2")]:
        show(Path(run))
