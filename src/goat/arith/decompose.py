"""Goat's target formats: the answer to `a op b`, with learnable steps where the paper uses them.

Pure Python (no torch): the generator writes these strings, the audit parses them back.

    >>> solve(37, "*", 3066)
    '37 * 3066 = 3066 * (30 + 7) = 3066 * 30 + 3066 * 7 = 91980 + 21462 = 113442'
    >>> print(solve(8914, "/", 64))
    8914 - 64 * 100 = 8914 - 6400 = 2514
    2514 - 64 * 30 = 2514 - 1920 = 594
    594 - 64 * 9 = 594 - 576 = 18
    Therefore, 8914 / 64 = 139 R 18
"""

from __future__ import annotations

OPS = ("+", "-", "*", "/")


def answer(a: int, op: str, b: int) -> str:
    """The final answer as Goat writes it: `c`, `q`, `q R r`, or `undefined`."""
    if op == "+":
        return str(a + b)
    if op == "-":
        return str(a - b)
    if op == "*":
        return str(a * b)
    if op == "/":
        if b == 0:
            return "undefined"
        q, r = divmod(a, b)
        return f"{q} R {r}" if r else str(q)
    raise ValueError(f"unknown operator {op!r}")


def place_values(n: int) -> list[int]:
    """Split a number by place value, zero digits omitted: 4536 -> [4000, 500, 30, 6]."""
    digits = str(n)
    return [int(d) * 10 ** (len(digits) - i - 1) for i, d in enumerate(digits) if d != "0"]


def is_single_digit_like(n: int) -> bool:
    """True for 0-9 and a nonzero digit followed by zeros (300): multiplying by it is learnable directly."""
    digits = str(n)
    return len(digits) - digits.count("0") <= 1  # at most one nonzero digit, without building place_values


def solve(a: int, op: str, b: int) -> str:
    """The training target for `a op b` (operands are naturals)."""
    if op == "+":
        return f"{a} + {b} = {a + b}"
    if op == "-":
        return subtract(a, b)
    if op == "*":
        return multiply(a, b)
    if op == "/":
        return divide(a, b)
    raise ValueError(f"unknown operator {op!r}")


def longest_target(a: int, op: str, b: int) -> str:
    """The longest answer any recipe kind writes for `a op b` (Goat's, or one with goat's own steps): what a
    generation budget must hold, whichever format the model was trained on."""
    if op == "-":
        return subtract(a, b, aligned=True)
    if op == "*":
        return max(multiply(a, b, aligned=True), multiply(a, b, lines=True), key=len)
    if op == "/":
        return divide(a, b, aligned=True, table=True)
    return solve(a, op, b)


def has_steps(a: int, op: str, b: int) -> bool:
    """True where Goat's answer to `a op b` is a chain of steps, not `a op b = c`."""
    if op == "*":
        return not (is_single_digit_like(a) or is_single_digit_like(b))
    return op == "/" and b >= 10 and a > b


def subtract(a: int, b: int, aligned: bool = False) -> str:
    """`a - b = c` in one line, as the paper writes it.

    `aligned` is goat's own step, not the paper's: a difference with fewer digits than the longer operand is first
    written zero-filled to that operand's width, then again without the zeros, so that every digit it writes lines
    up with the operands' digits. goat-default version 6b gets 90-97% of BIG-bench's 2-5-digit differences right
    when they are as long as the operands and 0-39% when the leading digits cancel (version 6, the same data in
    fp32: 85-97% and 67-82%; docs/before-after/tiny-v6b-stage-sub/):

        >>> subtract(9388, 9135, aligned=True)
        '9388 - 9135 = 0253 = 253'
        >>> subtract(2773, 3635, aligned=True)
        '2773 - 3635 = -0862 = -862'
    """
    d = a - b
    width = max(len(str(a)), len(str(b)))
    if not aligned or len(str(abs(d))) == width:
        return f"{a} - {b} = {d}"
    return f"{a} - {b} = {'-' if d < 0 else ''}{str(abs(d)).zfill(width)} = {d}"


def multiply(a: int, b: int, aligned: bool = False, ascending: bool = False, lines: bool = False) -> str:
    """Split the smaller operand by place value, expand, list partial products, add from the left.

    `aligned` is goat's own step, not the paper's: before adding, the partial products are written again with
    zeros in front to one width, and every running sum keeps that shape, so each addition has operands of one
    length, as BIG-bench's additions do (a small model adds those far better: goat-default version 6 gets 95% of
    4-digit sums right, yet 701 of its 802 wrong 2D x 2D answers first go wrong in the running sum, of unequal lengths):

        >>> multiply(53, 23, aligned=True)
        '53 * 23 = 53 * (20 + 3) = 53 * 20 + 53 * 3 = 1060 + 159 = 1060 + 0159 = 1219'

    `ascending` is goat's own order, not the paper's: the place values from the ones up. In Goat's order the k-th
    term copies the k-th digit from the left and carries as many zeros as digits follow it, so where a term's digit
    sits depends on the operand's length; 675 of version 8's 789 wrong 3D x 3D splits get the middle digit wrong,
    most often writing the last one there, as in 2D x 2D, where the second term is the last digit.
    From the ones up, the k-th term is always the k-th digit from the right with k - 1 zeros, at every length. A probe
    on version 8 found it no better (docs/before-after/tiny-v8-stage-mul-ascending/: 8.0 against 14.0% on 3D x 3D):

        >>> multiply(797, 374, ascending=True).split(" = ")[1:4]
        ['797 * (4 + 70 + 300)', '797 * 4 + 797 * 70 + 797 * 300', '3188 + 55790 + 239100']

    `lines` is goat's own layout, not the paper's: each partial product on a line of its own, right after its
    expression, as a one-line product (`5431 * 900 = 4887900`) is written, before the running sums. In Goat's
    chain the k-th product is written a whole expansion away from the k-th expression: 706 of candidate 15's 998
    wrong 4D x 4D chains first go wrong at a partial product. A probe that taught it those products as one-line
    records (`5431 * 900`) raised them, asked directly, from 0-51% to 79.5-93.5% and did not move the chains
    (docs/before-after/tiny-v16-round/):

        >>> print(multiply(5431, 2937, lines=True))
        5431 * 2937 = 5431 * (2000 + 900 + 30 + 7)
        5431 * 2000 = 10862000
        5431 * 900 = 4887900
        5431 * 30 = 162930
        5431 * 7 = 38017
        10862000 + 4887900 + 162930 + 38017 = 15749900 + 162930 + 38017 = 15912830 + 38017 = 15950847
    """
    if not has_steps(a, "*", b):
        return f"{a} * {b} = {a * b}"
    small, large = (a, b) if a <= b else (b, a)
    terms = place_values(small)[:: -1 if ascending else 1]
    parts = [large * t for t in terms]
    split = f"{large} * ({' + '.join(map(str, terms))})"
    if lines:
        products = [f"{large} * {t} = {p}" for t, p in zip(terms, parts, strict=True)]
        return "\n".join([f"{a} * {b} = {split}", *products, " = ".join(running_sums(parts, aligned))])
    expansion = " + ".join(f"{large} * {t}" for t in terms)
    return " = ".join([f"{a} * {b}", split, expansion, *running_sums(parts, aligned)])


def running_sums(parts: list[int], aligned: bool = False) -> list[str]:
    """The partial products added from the left, one sum at a time, down to the product; aligned: zero-filled.

    >>> running_sums([1060, 159], aligned=True)
    ['1060 + 159', '1060 + 0159', '1219']
    """
    sums = [sum_line(parts)]
    while len(parts) > 1:
        if aligned and (line := sum_line(parts, aligned=True)) != sums[-1]:
            sums.append(line)
        parts = [parts[0] + parts[1], *parts[2:]]
        if len(parts) > 1:
            sums.append(sum_line(parts, aligned))
    sums.append(str(parts[0]))
    return sums


def sum_line(parts: list[int], aligned: bool = False) -> str:
    """`p1 + p2 + ...`; aligned: every number zero-filled to the widest one's digits (`1060 + 0159`)."""
    width = max(len(str(p)) for p in parts) if aligned else 0
    return " + ".join(str(p).zfill(width) for p in parts)


def division_terms(a: int, b: int) -> list[int]:
    """The quotient split by place value: the multiples of `b` that repeated subtraction takes away."""
    return place_values(a // b)


def divide(a: int, b: int, aligned: bool = False, table: bool = False) -> str:
    """n / 1 directly; larger divisors by repeated subtraction, one line per nonzero quotient digit."""
    if b == 0 or has_steps(a, "/", b):
        return repeated_subtraction(a, b, aligned, table)
    return f"{a} / {b} = {answer(a, '/', b)}"


def multiples_line(b: int) -> str:
    """`47 * 1 = 47, 47 * 2 = 94, ..., 47 * 9 = 423`: the divisor's nine multiples, n x 1 products."""
    return ", ".join(f"{b} * {k} = {b * k}" for k in range(1, 10))


def repeated_subtraction(a: int, b: int, aligned: bool = False, table: bool = False) -> str:
    """Goat's division chain, `x - b * m = x - P = y` per nonzero quotient digit, then `Therefore, a / b = ...`.

    `divide` writes it for divisors of two or more digits; goat study also measures it for one-digit divisors,
    whose one-line answers a small model gets wrong from three digits on (docs/studies/division-nx1).
    `aligned` is goat's own step, not the paper's: a difference shorter than `x` is written zero-filled first, as
    `subtract` does, because those are the lines the default model's chains get wrong
    (docs/before-after/tiny-v11-div/):

        >>> print(repeated_subtraction(5697, 47, aligned=True))
        5697 - 47 * 100 = 5697 - 4700 = 0997 = 997
        997 - 47 * 20 = 997 - 940 = 057 = 57
        57 - 47 * 1 = 57 - 47 = 10
        Therefore, 5697 / 47 = 121 R 10

    `table` is goat's own step too: the chain restates the question, then lists the divisor's nine multiples, so
    that each quotient digit is the largest multiple that fits (a comparison) and each product is copied from that
    line, and it ends by adding the quotient's place values before the final line copies the sum. Of version 12's
    1,045 wrong answers to BIG-bench divisions by 2-5-digit numbers, 461 first go wrong at the quotient digit, 220
    in the product b * m (`90 - 45 * 2 = 90 - 95`) and 192 in the final line's quotient (45 * 10 and 45 * 2 taken
    away, then `540 / 45 = 10`) (docs/before-after/tiny-v13-div-table/first_wrong.py).

    The question comes first because all of goat's other answers start by copying the question's first number: a
    table that opened with the divisor had the model answer in one line or miscopy the divisor
    (docs/before-after/tiny-gpu-sweep-div-table/):

        >>> print(repeated_subtraction(5697, 47, aligned=True, table=True))  # doctest: +ELLIPSIS
        5697 / 47: 47 * 1 = 47, 47 * 2 = 94, 47 * 3 = 141, ..., 47 * 9 = 423
        5697 - 47 * 100 = 5697 - 4700 = 0997 = 997
        997 - 47 * 20 = 997 - 940 = 057 = 57
        57 - 47 * 1 = 57 - 47 = 10
        100 + 20 + 1 = 121
        Therefore, 5697 / 47 = 121 R 10
    """
    if b == 0:
        return f"{a} / 0 is undefined"
    terms = division_terms(a, b)
    lines, rest = [f"{a} / {b}: {multiples_line(b)}"] if table else [], a
    for m in terms:
        lines.append(f"{rest} - {b} * {m} = " + subtract(rest, b * m, aligned))
        rest -= b * m
    if table and len(terms) > 1:
        lines.append(f"{' + '.join(map(str, terms))} = {a // b}")
    lines.append(f"Therefore, {a} / {b} = {answer(a, '/', b)}")
    return "\n".join(lines)


# The learnability families of the paper's Table 1 (no steps unless stated).


def copy(n: int) -> str:
    return str(n)


def split(n: int) -> str:
    return " + ".join(map(str, place_values(n))) if n else "0"


def compare(a: int, b: int) -> str:
    rel = "<" if a < b else ">" if a > b else "="
    return f"{a} {rel} {b}"


def order(numbers: list[int]) -> str:
    return ", ".join(map(str, sorted(numbers)))


def direct(a: int, op: str, b: int) -> str:
    """Multi-digit multiplication or division answered with no steps (the 'unlearnable' variant)."""
    if op == "/" and b == 0:
        return f"{a} / 0 is undefined"
    return f"{a} {op} {b} = {answer(a, op, b)}"
