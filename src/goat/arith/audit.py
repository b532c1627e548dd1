"""Check a chain of thought step by step, independently of the generator that wrote it.

`audit(a, op, b, text)` parses a Goat-format answer to `a op b` (the model's or the dataset's), checks
every equation with Python integers, and names the first wrong step and its kind. `goat data verify`,
`goat eval`'s chain analysis, `goat ask` and `goat serve` all use it.

    >>> audit(37, "*", 3066, "37 * 3066 = 3066 * (30 + 7) = 3066 * 30 + 3066 * 7 = 91980 + 21462 = 113442").verified
    True
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

# Kinds of step, in the order a chain meets them.
OPERANDS = "operands"  # the chain restates a different question
FORMAT = "format"  # the text does not have the shape of any Goat answer
RESULT = "result"  # a one-step answer (a + b = c) is wrong
SPLIT = "split"
EXPANSION = "expansion"
PARTIAL_PRODUCT = "partial product"
PRODUCT_COPY = "product copy"  # goat's own step (mul_lines): the products, each on its own line, copied into one sum
ALIGNMENT = "alignment"  # goat's own step: the partial products again, zero-filled to one width
RUNNING_SUM = "running sum"
MULTIPLES = "multiples"  # goat's own step: the division chain's table of the divisor's multiples
QUOTIENT_DIGIT = "quotient digit"
SUBTRACTION_LINE = "subtraction line"
QUOTIENT_SUM = "quotient sum"  # goat's own step: the quotient's place values added before the final line
FINAL_COPY = "final copy"
KINDS = (OPERANDS, FORMAT, RESULT, SPLIT, EXPANSION, PARTIAL_PRODUCT, PRODUCT_COPY, ALIGNMENT, RUNNING_SUM, MULTIPLES,
         QUOTIENT_DIGIT, SUBTRACTION_LINE, QUOTIENT_SUM, FINAL_COPY)  # fmt: skip

_INT = r"-?\d+"
_ANSWER = re.compile(r"^(-?\d+)(?: R (\d+))?$")


@dataclass
class Step:
    kind: str
    text: str
    ok: bool
    expected: str = ""  # what a correct step would have said, when it is wrong


@dataclass
class Audit:
    answer: str | None  # the final answer the text gives (None when it gives none)
    target: str  # the true answer
    form: str  # "direct", "chain" or "unparsed"
    steps: list[Step] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        return self.answer == self.target

    @property
    def verified(self) -> bool:
        """Every step checks out and the final answer is right."""
        return self.correct and all(s.ok for s in self.steps)

    @property
    def first_wrong(self) -> Step | None:
        return next((s for s in self.steps if not s.ok), None)

    def to_dict(self) -> dict:
        wrong = self.first_wrong
        return {
            "answer": self.answer,
            "target": self.target,
            "correct": self.correct,
            "verified": self.verified,
            "form": self.form,
            "first_wrong_step": asdict(wrong) if wrong else None,
            "steps": [asdict(s) for s in self.steps],
        }


def true_answer(a: int, op: str, b: int) -> str:
    """Computed here from divmod, not taken from the generator, so the audit is an independent check."""
    if op == "/":
        if b == 0:
            return "undefined"
        q, r = divmod(a, b)
        return f"{q} R {r}" if r else str(q)
    return str({"+": a + b, "-": a - b, "*": a * b}[op])


def audit(a: int, op: str, b: int, text: str) -> Audit:
    text = text.strip()
    target = true_answer(a, op, b)
    if op == "/" and b != 0 and ("\n" in text or text.startswith("Therefore,")):
        return _audit_division_chain(a, b, text, target)
    if op == "*" and "\n" in text and not (one_nonzero_digit(a) or one_nonzero_digit(b)):
        return _audit_multiplication_lines(a, b, text.split("\n"), target)
    segments = text.split(" = ")
    if op == "*" and len(segments) > 2:
        return _audit_multiplication_chain(a, b, segments, target)
    return _audit_direct(a, op, b, text, target)


def one_nonzero_digit(n: int) -> bool:
    """A product with such an operand (7, 300) is answered in one line, never as a chain. Written here, not taken
    from goat.arith.decompose, so that the audit (and goat data verify) check the generator independently."""
    return sum(c != "0" for c in str(n)) <= 1


def _ints(s: str) -> list[int] | None:
    parts = s.split(" + ")
    return [int(p) for p in parts] if all(re.fullmatch(r"\d+", p) for p in parts) else None


def _audit_direct(a: int, op: str, b: int, text: str, target: str) -> Audit:
    if op == "/" and b == 0:
        ok = text == f"{a} / 0 is undefined"
        answer = "undefined" if text.endswith("is undefined") else None
        return Audit(answer, target, "direct", [Step(RESULT, text, ok, f"{a} / 0 is undefined")])
    if op == "-" and (m := _ALIGNED_DIFFERENCE.fullmatch(text)):
        return _audit_aligned_difference(a, b, m, target)
    m = re.fullmatch(rf"(\d+) ([-+*/]) (\d+) = ({_INT}(?: R \d+)?)", text)
    if not m:
        return Audit(None, target, "unparsed", [Step(FORMAT, text, False)])
    steps = [Step(OPERANDS, f"{m[1]} {m[2]} {m[3]}", (int(m[1]), m[2], int(m[3])) == (a, op, b), f"{a} {op} {b}")]
    steps.append(Step(RESULT, text, m[4] == target, f"{a} {op} {b} = {target}"))
    return Audit(m[4], target, "direct", steps)


_ALIGNED_DIFFERENCE = re.compile(rf"(\d+) - (\d+) = ({_INT}) = ({_INT})")


def _zero_filled(d: int, width: int) -> str:
    """`253` as `0253` for width 4; the sign stays in front (`-0862`)."""
    return f"{'-' if d < 0 else ''}{str(abs(d)).zfill(width)}"


def _audit_aligned_difference(a: int, b: int, m: re.Match, target: str) -> Audit:
    """`a - b = 0253 = 253` (goat.arith.decompose.subtract, aligned): the zero-filled difference, then its copy."""
    want = _zero_filled(a - b, max(len(str(a)), len(str(b))))
    steps = [
        Step(OPERANDS, f"{m[1]} - {m[2]}", (int(m[1]), int(m[2])) == (a, b), f"{a} - {b}"),
        Step(RESULT, f"{m[1]} - {m[2]} = {m[3]}", m[3] == want, f"{a} - {b} = {want}"),
        Step(FINAL_COPY, f"{m[3]} = {m[4]}", m[4] == str(int(m[3])), f"{m[3]} = {int(m[3])}"),
    ]
    return Audit(m[4], target, "chain", steps)


def _audit_multiplication_chain(a: int, b: int, seg: list[str], target: str) -> Audit:
    """Goat's chain: `a * b = L * (t1 + t2) = L * t1 + L * t2 = p1 + p2 = ... = c`, on one line."""
    answer = seg[-1] if _ANSWER.match(seg[-1]) else None
    steps: list[Step] = []
    terms = _split_steps(a, b, seg[:2], steps)
    if terms is None:
        return Audit(answer, target, "chain", steps)
    large = max(a, b)
    want_expansion = " + ".join(f"{large} * {t}" for t in terms)
    steps.append(Step(EXPANSION, seg[2], seg[2] == want_expansion, want_expansion))
    if len(seg) < 4:
        steps.append(Step(PARTIAL_PRODUCT, "", False, " + ".join(str(large * t) for t in terms)))
        return Audit(answer, target, "chain", steps)
    want_products = _sum_text([large * t for t in terms], aligned=False)
    steps.append(Step(PARTIAL_PRODUCT, seg[3], seg[3] == want_products, want_products))
    _running_sum_steps(seg[3], seg[4:], steps)
    return Audit(answer, target, "chain", steps)


def _audit_multiplication_lines(a: int, b: int, lines: list[str], target: str) -> Audit:
    """goat's own layout (mul_lines, goat.arith.decompose.multiply): `a * b = L * (t1 + t2)`, then `L * t = p` on a
    line per term, then `p1 + p2 = ... = c`. Each product is checked against its own line's expression."""
    last = lines[-1].split(" = ")
    answer = last[-1] if _ANSWER.match(last[-1]) else None
    steps: list[Step] = []
    head = lines[0].split(" = ")
    terms = _split_steps(a, b, head, steps)
    if terms is None:
        return Audit(answer, target, "chain", steps)
    if len(head) > 2:  # the first line holds the split alone
        steps.append(Step(FORMAT, lines[0], False, " = ".join(head[:2])))
        return Audit(answer, target, "chain", steps)
    large, products = max(a, b), []
    for k, t in enumerate(terms, start=1):
        want = f"{large} * {t} = {large * t}"
        if k >= len(lines):
            steps.append(Step(PARTIAL_PRODUCT, "", False, want))
            return Audit(answer, target, "chain", steps)
        expression, _, product = lines[k].partition(" = ")
        if expression != f"{large} * {t}":
            steps.append(Step(EXPANSION, lines[k], False, want))
            return Audit(answer, target, "chain", steps)
        steps.append(Step(PARTIAL_PRODUCT, lines[k], lines[k] == want, want))
        if not re.fullmatch(r"\d+", product):  # no number to carry into the sum
            return Audit(answer, target, "chain", steps)
        products.append(int(product))
    want_copy = _sum_text(products, aligned=False)
    if len(lines) == len(terms) + 1:
        steps.append(Step(PRODUCT_COPY, "", False, want_copy))
        return Audit(answer, target, "chain", steps)
    sums = lines[len(terms) + 1].split(" = ")
    steps.append(Step(PRODUCT_COPY, sums[0], sums[0] == want_copy, want_copy))
    _running_sum_steps(sums[0], sums[1:], steps)
    if len(lines) > len(terms) + 2:
        steps.append(Step(FORMAT, lines[len(terms) + 2], False, "nothing after the sum"))
    return Audit(answer, target, "chain", steps)


def _split_steps(a: int, b: int, seg: list[str], steps: list[Step]) -> list[int] | None:
    """Check `a * b` and its split `L * (t1 + t2 + ...)` (segments 0 and 1), appending their steps: the split's
    terms as written, or None (after a failing step) where the chain cannot be followed further."""
    if seg[0] != f"{a} * {b}":
        steps.append(Step(OPERANDS, seg[0], False, f"{a} * {b}"))
        return None
    steps.append(Step(OPERANDS, seg[0], True))
    small, large = min(a, b), max(a, b)
    m = re.fullmatch(r"(\d+) \* \((.+)\)", seg[1]) if len(seg) > 1 else None
    terms = _ints(m[2]) if m else None
    # Goat's order, largest place first; or goat's own (decompose.multiply, ascending), the ones first.
    ascending = terms is not None and len(terms) > 1 and terms[0] < terms[-1]
    want_terms = [int(d) * 10 ** (len(str(small)) - i - 1) for i, d in enumerate(str(small)) if d != "0"]
    want_terms = want_terms[:: -1 if ascending else 1]
    want_split = f"{large} * ({' + '.join(map(str, want_terms))})"
    if not m or terms is None or m[1] != str(large):
        steps.append(Step(SPLIT, seg[1] if len(seg) > 1 else "", False, want_split))
        return None
    split_ok = seg[1] == want_split  # as text: `070` or `0797` is no place value
    steps.append(Step(SPLIT, seg[1], split_ok, "" if split_ok else want_split))
    if len(terms) < 2:  # a one-term split means the smaller operand should have been answered directly
        steps[-1] = Step(SPLIT, seg[1], False, f"{a} * {b} = {a * b}")
    return terms


def _running_sum_steps(products: str, sums: list[str], steps: list[Step]) -> None:
    """Check the running sums that follow the partial products `products` (`p1 + p2 + p3`), appending their steps."""
    parts = _ints(products)
    if parts is None:
        return
    last = sums[-1] if sums else products  # where a chain that stops short of one number stops
    # An alignment step, if any, comes right after the partial products: the same numbers, written otherwise.
    aligned = bool(sums) and len(parts) > 1 and sums[0] != products and _ints(sums[0]) == parts
    if aligned:
        steps.append(Step(ALIGNMENT, sums[0], sums[0] == _sum_text(parts, True), _sum_text(parts, True)))
        sums = sums[1:]
    for s in sums:  # after an alignment step, every running sum is written zero-filled too
        got = _ints(s)
        want = [parts[0] + parts[1], *parts[2:]] if len(parts) > 1 else parts
        want_text = _sum_text(want, aligned)
        steps.append(Step(RUNNING_SUM, s, got == want and (s == want_text or len(want) == 1), want_text))
        if got is None:
            return
        parts = got
    if len(parts) > 1:
        steps.append(Step(RUNNING_SUM, last, False, str(sum(parts))))


def _sum_text(values: list[int], aligned: bool) -> str:
    """How a line of numbers to add is written: `1060 + 159`, or aligned `1060 + 0159` (zero-filled to the widest).
    Written here, not taken from goat.arith.decompose, so that the audit checks the generator's format."""
    width = len(str(max(values))) if aligned else 0
    return " + ".join(str(v).zfill(width) for v in values)


# `x - b * m = x - P = y`, or with goat's own zero-filled difference `x - b * m = x - P = 0y = y` (div_aligned).
DIVISION_LINE = re.compile(r"(\d+) - (\d+) \* (\d+) = (\d+) - (\d+) = (-?\d+)(?: = (-?\d+))?")
_DIV_FINAL = re.compile(r"Therefore, (\d+) / (\d+) = (\d+)(?: R (\d+))?")
# goat's own steps (div_table): `5697 / 47: 47 * 1 = 47, ..., 47 * 9 = 423` first (the question is optional here, so
# that a table without it is named as such), `100 + 20 + 1 = 121` before the final line.
MULTIPLES_LINE = re.compile(
    r"(?:(?P<question>\d+ / \d+): )?(?P<multiples>(?P<divisor>\d+) \* 1 = \d+(?:, \d+ \* \d = \d+)*)"
)
QUOTIENT_SUM_LINE = re.compile(r"(\d+(?: \+ \d+)+) = (\d+)")


def _difference(x: int, p: int, aligned: bool) -> str:
    """The right side of a division line's subtraction: `768`, or aligned `00768 = 768` (zero-filled to x's width,
    the zeros only where the difference is shorter than x)."""
    d = x - p
    if not aligned or len(str(abs(d))) == len(str(x)):
        return str(d)
    return f"{_zero_filled(d, len(str(x)))} = {d}"


def _audit_division_chain(a: int, b: int, text: str, target: str) -> Audit:
    lines = text.split("\n")
    final = _DIV_FINAL.fullmatch(lines[-1])
    answer = None
    if final:
        answer = final[3] + (f" R {final[4]}" if final[4] is not None else "")
    body = lines[:-1] if final else lines
    steps: list[Step] = []
    if body and (table := MULTIPLES_LINE.fullmatch(body[0])):
        question, want = f"{a} / {b}", ", ".join(f"{b} * {k} = {b * k}" for k in range(1, 10))  # not the generator's
        if table["question"] is None:
            steps.append(Step(FORMAT, body[0], False, f"{question}: {want}"))
        else:
            steps.append(Step(OPERANDS, table["question"], table["question"] == question, question))
        multiples = table["multiples"]
        steps.append(Step(OPERANDS if int(table["divisor"]) != b else MULTIPLES, multiples, multiples == want, want))
        body = body[1:]
    quotient_sum = QUOTIENT_SUM_LINE.fullmatch(body[-1]) if body else None
    if quotient_sum:
        body = body[:-1]
    rest, quotient, mults = a, 0, []
    for line in body:
        m = DIVISION_LINE.fullmatch(line)
        if not m:
            steps.append(Step(FORMAT, line, False))
            return Audit(answer, target, "chain", steps)
        x, divisor, mult, x2, prod, y = (int(g) for g in m.groups()[:6])
        aligned = m[7] is not None
        if rest < 0:  # an earlier line took away too much
            steps.append(Step(QUOTIENT_DIGIT, line, False, "a smaller multiple earlier"))
            return Audit(answer, target, "chain", steps)
        q = rest // b
        want_m = int(str(q)[0]) * 10 ** (len(str(q)) - 1) if q else 0
        want_line = f"{rest} - {b} * {want_m} = {rest} - {b * want_m} = " + _difference(rest, b * want_m, aligned)
        if divisor != b:
            steps.append(Step(OPERANDS, line, False, want_line))
        elif x != rest or x2 != x:
            steps.append(Step(SUBTRACTION_LINE, line, False, want_line))
        elif mult != want_m:
            steps.append(Step(QUOTIENT_DIGIT, line, False, want_line))
        elif prod != b * mult:
            steps.append(Step(PARTIAL_PRODUCT, line, False, want_line))
        else:
            written = f"{m[6]} = {m[7]}" if aligned else m[6]
            steps.append(Step(SUBTRACTION_LINE, line, written == _difference(x, prod, aligned), want_line))
        rest, quotient = int(m[7]) if aligned else y, quotient + mult
        mults.append(mult)
    if rest >= b or rest < 0:  # the chain stopped before the remainder was smaller than the divisor
        stop = quotient_sum[0] if quotient_sum else lines[-1]
        steps.append(Step(QUOTIENT_DIGIT, stop, False, "another subtraction line"))
    if quotient_sum:
        want_sum = f"{' + '.join(map(str, mults))} = {quotient}" if len(mults) > 1 else "no sum after one line"
        steps.append(Step(QUOTIENT_SUM, quotient_sum[0], quotient_sum[0] == want_sum, want_sum))
    if not final:
        steps.append(Step(FORMAT, lines[-1], False, f"Therefore, {a} / {b} = ..."))
        return Audit(answer, target, "chain", steps)
    want_final = f"Therefore, {a} / {b} = {quotient}" + (f" R {rest}" if rest else "")
    if (int(final[1]), int(final[2])) != (a, b):
        steps.append(Step(OPERANDS, lines[-1], False, want_final))
    else:
        steps.append(Step(FINAL_COPY, lines[-1], lines[-1] == want_final, want_final))
    return Audit(answer, target, "chain", steps)
