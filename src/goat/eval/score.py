"""Score generated answers: exact match, digit match, a Wilson interval, and the chain audit's tallies.

Pure Python (no torch), so scores can be recomputed from a saved report:

    >>> [round(x, 3) for x in wilson(97, 100)]
    [0.915, 0.99]
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass

from goat.arith.audit import SPLIT, audit
from goat.arith.decompose import has_steps
from goat.arith.extract import digit_match, exact_match, extract_answer


@dataclass(frozen=True)
class EvalItem:
    """One question to score. `expression` is None for records with no `a op b` (e.g. copying)."""

    task: str
    question: str
    target: str
    expression: tuple[int, str, int] | None


@dataclass
class Prediction:
    task: str
    question: str
    prompt: str
    output: str
    prediction: str | None  # the extracted final answer
    target: str
    expression: tuple[int, str, int] | None
    exact: bool
    digit: float
    audit: dict | None  # goat.arith.audit's verdict on the chain (None without an expression)

    @property
    def first_wrong_kind(self) -> str | None:
        step = self.audit["first_wrong_step"] if self.audit else None
        return step["kind"] if step else None

    def to_dict(self) -> dict:
        return asdict(self)


def score(item: EvalItem, prompt: str, output: str) -> Prediction:
    prediction = extract_answer(output)
    verdict = audit(*item.expression, output).to_dict() if item.expression else None
    return Prediction(
        task=item.task,
        question=item.question,
        prompt=prompt,
        output=output,
        prediction=prediction,
        target=item.target,
        expression=item.expression,
        exact=exact_match(prediction, item.target),
        digit=digit_match(prediction, item.target),
        audit=verdict,
    )


def is_short_difference(a: int, op: str, b: int) -> bool:
    """`a - b` has fewer digits than its longer operand: its leading digits cancel."""
    return op == "-" and len(str(abs(a - b))) < max(len(str(a)), len(str(b)))


def split_error(a: int, b: int, split: str) -> str:
    """Where a wrong split of `a * b` (`797 * (300 + 40 + 4)` for 797 * 374) goes wrong: `operand` (the larger
    operand restated wrongly), `digit k` (the k-th digit of the smaller operand from the left is the first that its
    place values get wrong: here `digit 2`), or `shape` (no place-value split, or every digit right but the shape
    wrong). A small model copies the first and last digits far better than the ones between (eval report)."""
    small, large = min(a, b), max(a, b)
    m = re.fullmatch(r"(\d+) \* \((\d+(?: \+ \d+)*)\)", split)
    if not m:
        return "shape"
    if int(m[1]) != large:
        return "operand"
    digits = str(small)
    written = ["0"] * len(digits)
    for term in m[2].split(" + "):
        place = len(digits) - len(term)
        if place < 0 or term[0] == "0" or term[1:].strip("0") or written[place] != "0":
            return "shape"
        written[place] = term[0]
    wrong = next((k for k, (w, d) in enumerate(zip(written, digits, strict=True), start=1) if w != d), None)
    return f"digit {wrong}" if wrong else "shape"


def _split_error_order(verdict: str) -> tuple[int, int]:
    """operand, digit 1, digit 2, ..., digit 10, shape."""
    return {"operand": (0, 0), "shape": (2, 0)}.get(verdict) or (1, int(verdict.split()[1]))


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (95% by default): sound at 0% and 100% and for small n, unlike p +- 1.96 se."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def summarize(predictions: list[Prediction]) -> dict[str, dict]:
    """Per task, in first-seen order: count, exact match, digit match, 95% interval, and the audit tallies.

    `first_wrong` counts, over the wrong answers, the kind of the first wrong step (the paper's error
    analysis); `no_wrong_step` counts wrong answers whose chain has no wrong step (e.g. a target that
    disagrees with the arithmetic); `lucky` counts right answers reached through a wrong step; `direct_not_chain`
    counts answers, right or wrong, written as `a op b = c` where Goat's format is a chain (a model that never
    enters its division chains shows here). For subtraction tasks, `short_differences` holds [items, right] over
    the items whose difference has fewer digits than the longer operand (`9388 - 9135 = 253`), which goat-default
    version 6b gets right far less often than the others (goat.arith.decompose.subtract says why). For tasks with
    wrong multiplication splits, `split_errors` counts them by `split_error`'s verdict. For division tasks,
    `divisor_digits` maps the divisor's length to [items, right]: one BIG-bench task mixes one-digit divisors
    (Goat answers directly) with longer ones (a chain of several subtractions), which version 10 gets right at
    very different rates.
    """
    by_task: dict[str, list[Prediction]] = {}
    for p in predictions:
        by_task.setdefault(p.task, []).append(p)
    summary = {}
    for task, preds in by_task.items():
        n, hits = len(preds), sum(p.exact for p in preds)
        low, high = wilson(hits, n)
        wrong = [p for p in preds if not p.exact]
        kinds = Counter(p.first_wrong_kind for p in wrong if p.audit is not None)
        no_wrong_step = kinds.pop(None, 0)
        summary[task] = {
            "n": n,
            "exact_match": hits / n,
            "digit_match": sum(p.digit for p in preds) / n,
            "ci95": [low, high],
            "verified": sum(bool(p.audit and p.audit["verified"]) for p in preds),
            "first_wrong": dict(kinds.most_common()),
            "no_wrong_step": no_wrong_step,
            "lucky": sum(p.exact and p.first_wrong_kind is not None for p in preds),
            "direct_not_chain": sum(
                bool(p.audit and p.audit["form"] == "direct" and has_steps(*p.expression)) for p in preds
            ),
        }
        subtractions = [p for p in preds if p.expression and p.expression[1] == "-"]
        if subtractions:
            short = [p for p in subtractions if is_short_difference(*p.expression)]
            summary[task]["short_differences"] = [len(short), sum(p.exact for p in short)]
        divisions = [p for p in preds if p.expression and p.expression[1] == "/"]
        if divisions:
            items = Counter(len(str(abs(p.expression[2]))) for p in divisions)
            right = Counter(len(str(abs(p.expression[2]))) for p in divisions if p.exact)
            summary[task]["divisor_digits"] = {str(d): [items[d], right[d]] for d in sorted(items)}
        splits = Counter(
            split_error(p.expression[0], p.expression[2], p.audit["first_wrong_step"]["text"])
            for p in wrong
            if p.first_wrong_kind == SPLIT
        )
        if splits:
            summary[task]["split_errors"] = {k: splits[k] for k in sorted(splits, key=_split_error_order)}
    return summary
