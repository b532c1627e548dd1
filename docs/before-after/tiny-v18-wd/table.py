"""One Markdown row per evaluated model: all of BIG-bench, goat-large and the tasks where runs differ most.

    python docs/before-after/tiny-v18-wd/table.py NAME EVAL_DIR [NAME EVAL_DIR ...]

EVAL_DIR holds `bigbench/summary.json` and, if evaluated, `goat-large/summary.json` (as `goat eval` writes them).
"""

import json
import sys
from pathlib import Path

from goat.eval.report import overall

COLUMNS = (
    ("4_digit_addition", "5_digit_addition"),
    ("4_digit_subtraction", "5_digit_subtraction"),
    ("2_digit_multiplication",),
    ("3_digit_multiplication",),
    ("3_digit_division", "4_digit_division", "5_digit_division"),
)


def tasks(path: Path) -> dict:
    return json.loads(path.read_text())["summary"]


def percent(summary: dict) -> str:
    right, items = overall(summary)
    return f"{100 * right / items:.1f}"


def row(name: str, folder: Path) -> str:
    bigbench = tasks(folder / "bigbench" / "summary.json")
    large = folder / "goat-large" / "summary.json"
    cells = [percent(bigbench), percent(tasks(large)) if large.exists() else "-"]
    cells += [" / ".join(f"{100 * bigbench[task]['exact_match']:.1f}" for task in group) for group in COLUMNS]
    return f"| {name} | " + " | ".join(cells) + " |"


if __name__ == "__main__":
    print("| run | all BIG-bench | goat-large | 4D / 5D add | 4D / 5D sub | 2D x 2D | 3D x 3D | 3D / 4D / 5D div |")
    print("|---|---|---|---|---|---|---|---|")
    for name, folder in zip(sys.argv[1::2], sys.argv[2::2], strict=True):
        print(row(name, Path(folder)))
