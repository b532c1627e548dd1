"""The ablation's target formats: Goat's chains with one kind of step taken out (paper, section 5); and
goat's own subtraction steps (goat.arith.decompose.subtract_steps), measured against direct subtraction.

Pure Python, built on goat.arith.decompose: each variant drops segments of the full chain, so the steps that
remain are exactly Goat's, and every variant still ends in `= product` (or `Therefore, a / b = q R r`), which
goat.arith.extract reads back.

Multiplication (both operands multi-digit; the full chain has these ` = `-separated segments):

    full          a * b = L * (t1 + t2) = L * t1 + L * t2 = p1 + p2 + p3 = (p1 + p2) + p3 ... = product
    no_split      a * b = L * t1 + L * t2 = p1 + p2 + p3 = ... = product               (no `L * (t1 + t2)`)
    no_expansion  a * b = L * (t1 + t2) = p1 + p2 + p3 = ... = product              (no `L * t1 + L * t2`)
    no_adding     a * b = L * (t1 + t2) = L * t1 + L * t2 = p1 + p2 + p3 = product (partial sums dropped)

    >>> mul_no_adding(123, 456)
    '123 * 456 = 456 * (100 + 20 + 3) = 456 * 100 + 456 * 20 + 456 * 3 = 45600 + 9120 + 1368 = 56088'

Division: every line `x - b * m = x - P = y` of Goat's chain loses its product step in `no_product`:

    >>> print(div_no_product(8914, 64))
    8914 - 64 * 100 = 2514
    2514 - 64 * 30 = 594
    594 - 64 * 9 = 18
    Therefore, 8914 / 64 = 139 R 18
"""

from __future__ import annotations

from collections.abc import Callable

from goat.arith.decompose import divide, multiply, subtract_steps

# Segment positions in a multiplication chain of at least two terms: operands, split, expansion, partial
# products, then the term-by-term sums, and last the product.
_SPLIT, _EXPANSION, _PRODUCTS = 1, 2, 3


def _mul_segments(a: int, b: int) -> list[str]:
    return multiply(a, b).split(" = ")


def _drop(a: int, b: int, drop: Callable[[list[str]], list[str]]) -> str:
    segments = _mul_segments(a, b)
    if len(segments) <= 2:  # a one-digit-like operand: Goat answers directly, nothing to ablate
        return " = ".join(segments)
    return " = ".join(drop(segments))


def mul_full(a: int, b: int) -> str:
    return multiply(a, b)


def mul_no_split(a: int, b: int) -> str:
    return _drop(a, b, lambda s: s[:_SPLIT] + s[_SPLIT + 1 :])


def mul_no_expansion(a: int, b: int) -> str:
    return _drop(a, b, lambda s: s[:_EXPANSION] + s[_EXPANSION + 1 :])


def mul_no_adding(a: int, b: int) -> str:
    return _drop(a, b, lambda s: s[: _PRODUCTS + 1] + s[-1:])


def div_full(a: int, b: int) -> str:
    return divide(a, b)


def div_no_product(a: int, b: int) -> str:
    """`x - b * m = x - P = y` becomes `x - b * m = y`; the `Therefore` line (and direct answers) stay."""
    lines = []
    for line in divide(a, b).split("\n"):
        parts = line.split(" = ")
        lines.append(f"{parts[0]} = {parts[2]}" if len(parts) == 3 and not line.startswith("Therefore") else line)
    return "\n".join(lines)


def sub_negated(a: int, b: int) -> str:
    """Direct subtraction, except a negative result is first written as `-(b - a)`: the one step of
    subtract_steps that costs few tokens (goat-default gets 2D negative differences right half as often).

    >>> sub_negated(37, 47), sub_negated(47, 37)
    ('37 - 47 = -(47 - 37) = -10', '47 - 37 = 10')
    """
    return f"{a} - {b} = -({b} - {a}) = {a - b}" if a < b else f"{a} - {b} = {a - b}"


# name -> (operator, format): what goat.study.studies refers to.
FORMATS: dict[str, tuple[str, Callable[[int, int], str]]] = {
    "mul_full": ("*", mul_full),
    "mul_no_split": ("*", mul_no_split),
    "mul_no_expansion": ("*", mul_no_expansion),
    "mul_no_adding": ("*", mul_no_adding),
    "div_full": ("/", div_full),
    "div_no_product": ("/", div_no_product),
    "sub_steps": ("-", subtract_steps),
    "sub_negated": ("-", sub_negated),
}
