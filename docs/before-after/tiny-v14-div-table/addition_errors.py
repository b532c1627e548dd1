"""How wrong 4- and 5-digit sums and differences are wrong, from eval reports' outputs.

    python docs/before-after/tiny-v14-div-table/addition_errors.py REPORT_DIR [REPORT_DIR ...]

An answer off by exactly 10^k has one digit wrong by one: a carry (or borrow) into digit k (0 = the ones) dropped
or added. The first table counts wrong sums by that digit. The second splits answers whose tens digit alone is wrong
(off by exactly 10) by what the operands' ones digits do: carry (sum over 10), exactly 10 (the answer's ones digit
is 0 and a carry is due), none (sum under 10); for differences, borrow, equal (ones digit 0, no borrow), none.
"""

import gzip
import json
import sys
from collections import Counter

from goat.arith.parse import parse_question

CARRY_COLUMNS = [f"digit {k}" for k in range(6)] + ["other"]  # a 4-5-digit sum has at most 6 digits
ONES_COLUMNS = ["add: carry", "add: exactly 10", "add: none", "sub: borrow", "sub: equal", "sub: none"]


def carry_digit(prediction: str, target: str) -> str:
    try:
        diff = abs(int(prediction) - int(target))
    except ValueError:
        return "other"
    return next((f"digit {k}" for k in range(6) if diff == 10**k), "other")


def ones_case(question: str) -> str:
    a, op, b = parse_question(question)
    if op == "+":
        ones = a % 10 + b % 10
        return "add: carry" if ones > 10 else "add: exactly 10" if ones == 10 else "add: none"
    ones = a % 10 - b % 10
    return "sub: borrow" if ones < 0 else "sub: equal" if ones == 0 else "sub: none"


def main(report_dirs: list[str]) -> None:
    carry_rows, ones_rows = [], []
    for report in report_dirs:
        carries, items, tens_wrong, wrong = Counter(), Counter(), Counter(), 0
        with gzip.open(f"{report}/outputs.jsonl.gz", "rt") as f:
            for row in map(json.loads, f):
                if row["task"][0] not in "45" or not row["task"].endswith(("addition", "subtraction")):
                    continue
                case = ones_case(row["question"])
                items[case] += 1
                if row["exact"]:
                    continue
                digit = carry_digit(row["prediction"], row["target"])
                tens_wrong[case] += digit == "digit 1"
                if "addition" in row["task"]:
                    wrong += 1
                    carries[digit] += 1
        carry_rows.append(f"| {report} | {wrong} | " + " | ".join(str(carries[c]) for c in CARRY_COLUMNS) + " |")
        ones_rows.append(f"| {report} | " + " | ".join(f"{tens_wrong[c]} / {items[c]}" for c in ONES_COLUMNS) + " |")
    print("4-5-digit sums: wrong, and wrong by one carry into digit k\n")
    print("| report | wrong | " + " | ".join(CARRY_COLUMNS) + " |\n" + "|---" * (len(CARRY_COLUMNS) + 2) + "|")
    print("\n".join(carry_rows))
    print("\n4-5-digit sums and differences whose tens digit alone is wrong, by what their ones digits do\n")
    print("| report | " + " | ".join(ONES_COLUMNS) + " |\n" + "|---" * (len(ONES_COLUMNS) + 1) + "|")
    print("\n".join(ones_rows))


if __name__ == "__main__":
    main(sys.argv[1:])
