"""Re-check every record of a dataset, independently of the generator that wrote it.

    goat data verify data/goat.jsonl

For arithmetic tasks: the input is `a op b` with exactly the task's digit counts; the instruction asks the same
question (goat.arith.parse); goat.arith.audit re-computes the answer and every equation of the chain with Python
integers; the chain has the form the task requires (decomposed for mul_cot / mul_aligned / mul_ascending / mul_lines /
div_cot / div_aligned / div_table unless the paper answers directly, one line for everything else; mul_aligned
zero-fills its running sums, the others do not; mul_ascending splits from the ones up, the others from the largest
place; mul_lines alone writes each partial product on a line of its own; sub_aligned zero-fills a difference shorter
than its operands, then drops the zeros, and div_aligned and div_table each such line of their chains, div_cot none;
div_table's chain alone opens with the question and the divisor's multiples and adds the quotient's place values where
it has two or more); and `answer` equals the chain's final answer.
The learnability tasks (copy, split, compare, order) are re-derived here. Exit 1 naming the first bad lines.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from goat.arith.audit import (
    ALIGNMENT,
    DIVISION_LINE,
    MULTIPLES,
    PARTIAL_PRODUCT,
    PRODUCT_COPY,
    QUOTIENT_SUM,
    SUBTRACTION_LINE,
    audit,
    one_nonzero_digit,
)
from goat.arith.parse import NotArithmetic, parse_expression, parse_question
from goat.data.records import FIELDS, read_records

ARITHMETIC_KINDS = {"add": "+", "sub": "-", "sub_aligned": "-", "mul": "*", "mul_cot": "*", "mul_aligned": "*",
                    "mul_ascending": "*", "mul_lines": "*", "mul_direct": "*", "div": "/", "div_cot": "/",
                    "div_aligned": "/", "div_table": "/", "div_direct": "/"}  # fmt: skip
_ARITHMETIC_TASK = re.compile(rf"({'|'.join(ARITHMETIC_KINDS)})_(\d+)x(\d+)")
CHAIN_MUL_KINDS = ("mul_cot", "mul_aligned", "mul_ascending", "mul_lines")
CHAIN_DIV_KINDS = ("div_cot", "div_aligned", "div_table")
_FAMILY_TASK = re.compile(r"(copy|split|compare|order)_(\d+)")
_NUMBER = re.compile(r"0|[1-9]\d*")


def check_record(record: dict) -> str | None:
    """The first thing wrong with a record, in words, or None."""
    for name in FIELDS:
        if not isinstance(record.get(name), str):
            return f"field {name!r} missing or not a string"
    task = record["task"]
    if m := _ARITHMETIC_TASK.fullmatch(task):
        return _check_arithmetic(record, m[1], int(m[2]), int(m[3]))
    if m := _FAMILY_TASK.fullmatch(task):
        return _check_family(record, m[1], int(m[2]))
    return f"unknown task {task!r}"


def _check_arithmetic(record: dict, kind: str, da: int, db: int) -> str | None:
    try:
        a, op, b = parse_expression(record["input"])
    except NotArithmetic:
        return f"input {record['input']!r} is not 'a op b'"
    if op != ARITHMETIC_KINDS[kind]:
        return f"task {record['task']} needs {ARITHMETIC_KINDS[kind]!r}, input has {op!r}"
    if (len(str(a)), len(str(b))) != (da, db):
        return f"operands have {len(str(a))} and {len(str(b))} digits, task {record['task']} says {da}x{db}"
    if kind in ("mul", "div") and (min(da, db) if kind == "mul" else db) != 1:
        return f"task {record['task']}: {kind}_ holds one-digit {'operands' if kind == 'mul' else 'divisors'}"
    if kind in (*CHAIN_MUL_KINDS, *CHAIN_DIV_KINDS) and min(da, db) < 2:
        return f"task {record['task']}: {kind}_ holds multi-digit operands only"
    try:
        asked = parse_question(record["instruction"])
    except NotArithmetic:
        asked = None
    if asked != (a, op, b):
        return f"instruction {record['instruction']!r} does not ask {a} {op} {b}"

    result = audit(a, op, b, record["output"])
    if not result.verified:
        wrong = result.first_wrong
        if wrong is None:
            return f"final answer {result.answer!r} is wrong (expected {result.target!r})"
        expected = f" (expected {wrong.expected!r})" if wrong.expected else ""
        return f"{wrong.kind} step is wrong: {wrong.text!r}{expected}"
    if kind in CHAIN_MUL_KINDS:
        chain = not (one_nonzero_digit(a) or one_nonzero_digit(b))  # else Goat answers directly
    elif kind in CHAIN_DIV_KINDS:
        chain = a > b  # a quotient of 0 or 1 (a <= b here) is written directly
    elif kind == "sub_aligned":
        chain = len(str(abs(a - b))) < max(da, db)  # only a difference shorter than its operands is zero-filled
    else:
        chain = False
    if result.form != ("chain" if chain else "direct"):
        return f"task {record['task']} needs {a} {op} {b} written as a {'chain' if chain else 'single equation'}"
    if chain and kind in CHAIN_MUL_KINDS:
        lines = kind == "mul_lines"
        if lines != ("\n" in record["output"]):
            layout = "each partial product on a line of its own" if lines else "the chain on one line"
            return f"task {record['task']} needs {layout}"
        products = next(s.text for s in result.steps if s.kind == (PRODUCT_COPY if lines else PARTIAL_PRODUCT))
        products = products.split(" + ")
        want = kind == "mul_aligned" and len(set(map(len, products))) > 1  # zero-fill only what needs it
        if want != any(s.kind == ALIGNMENT for s in result.steps):
            return f"task {record['task']} needs the partial products {'zero-filled' if want else 'added as written'}"
        if (int(products[0]) < int(products[-1])) != (kind == "mul_ascending"):
            order = "from the ones up" if kind == "mul_ascending" else "from the largest place down"
            return f"task {record['task']} needs the smaller operand split {order}"
    if chain and kind.startswith("div_"):
        lines = [DIVISION_LINE.fullmatch(s.text) for s in result.steps if s.kind == SUBTRACTION_LINE]
        # group 7 is the copy after a zero-filled difference (`= 0997 = 997`); zero-fill only what needs it
        aligned = kind in ("div_aligned", "div_table")
        zeros = [aligned and len(m[7] or m[6]) < len(m[1]) for m in lines]
        if zeros != [m[7] is not None for m in lines]:
            zero_fill = "short differences zero-filled" if aligned else "no zero-filled differences"
            return f"task {record['task']} needs {zero_fill}"
        kinds = [s.kind for s in result.steps]
        table, quotient_sum = kind == "div_table", kind == "div_table" and len(lines) > 1
        if (MULTIPLES in kinds) != table:
            multiples = "the question and the divisor's multiples first" if table else "no divisor's multiples"
            return f"task {record['task']} needs {multiples}"
        if (QUOTIENT_SUM in kinds) != quotient_sum:
            return f"task {record['task']} needs {'a' if quotient_sum else 'no'} quotient sum before the final line"
    if record["answer"] != result.answer:
        return f"answer field {record['answer']!r} differs from the output's final answer {result.answer!r}"
    return None


def _check_family(record: dict, kind: str, d: int) -> str | None:
    texts = record["input"].split(", ")
    if not all(_NUMBER.fullmatch(t) and len(t) == d for t in texts):
        return f"input {record['input']!r} is not {d}-digit numbers"
    wanted = {"copy": 1, "split": 1, "compare": 2}.get(kind)
    if len(texts) != wanted if wanted else len(texts) < 2:
        return f"input {record['input']!r} has the wrong count of numbers for {kind}"
    if not all(re.search(rf"(?<!\d){t}(?!\d)", record["instruction"]) for t in texts):
        return f"instruction {record['instruction']!r} does not mention {record['input']!r}"
    numbers = [int(t) for t in texts]
    output = record["output"]
    if kind == "copy":
        ok = output == texts[0]
    elif kind == "split":
        terms = output.split(" + ")
        ok = (output == "0" if numbers[0] == 0 else all(re.fullmatch(r"[1-9]0*", t) for t in terms)
              and [len(t) for t in terms] == sorted({len(t) for t in terms}, reverse=True)
              and sum(map(int, terms)) == numbers[0])  # fmt: skip
    elif kind == "compare":
        a, b = numbers
        ok = output == f"{a} {'<' if a < b else '>' if a > b else '='} {b}"
    else:
        ok = output == ", ".join(map(str, sorted(numbers)))
    if not ok:
        return f"output {output!r} is wrong for {kind} of {record['input']!r}"
    if record["answer"] != output:
        return f"answer field {record['answer']!r} differs from the output {output!r}"
    return None


def verify(path: str | Path, show: int = 5) -> tuple[Counter, Counter, list[str]]:
    """Records and bad records per task, and the first `show` problems as `where: task: problem`."""
    from tqdm import tqdm

    records, bad, problems = Counter(), Counter(), []
    for where, record in tqdm(
        read_records(path), desc="verify", unit=" rec", unit_scale=True, disable=None, leave=False
    ):
        task = str(record.get("task"))
        records[task] += 1
        problem = check_record(record)
        if problem:
            bad[task] += 1
            if len(problems) < show:
                problems.append(f"{where}: {task}: {problem}")
    return records, bad, problems


def run(path: str, show: int = 5) -> int:
    records, bad, problems = verify(path, show)
    kinds, kind_bad = Counter(), Counter()
    for task, n in records.items():
        kinds[task.rsplit("_", 1)[0]] += n
        kind_bad[task.rsplit("_", 1)[0]] += bad[task]
    print(f"{path}: {sum(records.values()):,} records in {len(records)} tasks, {sum(bad.values()):,} bad")
    print(f"  {'kind':<12}{'tasks':>7}{'records':>11}{'bad':>8}")
    for kind in sorted(kinds):
        tasks = sum(1 for t in records if t.rsplit("_", 1)[0] == kind)
        print(f"  {kind:<12}{tasks:>7}{kinds[kind]:>11,}{kind_bad[kind]:>8,}")
    if not bad:
        print("every record verified")
        return 0
    print("bad tasks: " + ", ".join(f"{t} {n}" for t, n in bad.most_common(10)))
    for problem in problems:
        print(problem)
    return 1
