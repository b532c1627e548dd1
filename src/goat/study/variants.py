"""The ablation's target formats: Goat's chains with one kind of step taken out (paper, section 5); and formats of
goat's own, measured against Goat's direct answers: three for subtraction (subtract_steps, sub_negated,
sub_complement) and one for n / 1 division (div_steps: the repeated subtraction Goat writes for n / m).

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

from goat.arith.decompose import divide, multiply, place_values, repeated_subtraction

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


def subtract_steps(a: int, b: int) -> str:
    """Goat's own step for subtraction (not the paper's): take the subtrahend away one place value at a time,
    the way multiplication adds its partial products term by term; a negative result as `-(b - a)`.
    SmolLM2 learns subtraction far more slowly than addition (goat-default version 2: 2D 30.5% vs 88.4%), and
    taking away one nonzero digit at a time touches fewer digits per step. goat study learnability measures
    whether it helps (docs/studies: not at equal CPU time, so goat's data generator does not write it).

    >>> subtract_steps(8773, 3259)
    '8773 - 3259 = 8773 - 3000 - 200 - 50 - 9 = 5773 - 200 - 50 - 9 = 5573 - 50 - 9 = 5523 - 9 = 5514'
    >>> subtract_steps(37, 47)
    '37 - 47 = -(47 - 37) = -(47 - 30 - 7) = -(17 - 7) = -10'
    """
    if a < b:
        inner = _take_away(b, a)
        return " = ".join([f"{a} - {b}", *(f"-({s})" for s in inner[:-1]), f"-{inner[-1]}"])
    return " = ".join(_take_away(a, b))


def _take_away(x: int, y: int) -> list[str]:
    """The ` = `-separated segments of x - y (x >= y), subtracting y's place values from the largest."""
    terms = place_values(y)
    if len(terms) <= 1:
        return [f"{x} - {y}", str(x - y)]
    segments, rest = [f"{x} - {y}"], x
    for i, term in enumerate(terms):
        segments.append(f"{rest} - {' - '.join(map(str, terms[i:]))}")
        rest -= term
    return [*segments, str(rest)]


def sub_negated(a: int, b: int) -> str:
    """Direct subtraction, except a negative result is first written as `-(b - a)`: the one step of
    subtract_steps that costs few tokens.

    >>> sub_negated(37, 47), sub_negated(47, 37)
    ('37 - 47 = -(47 - 37) = -10', '47 - 37 = 10')
    """
    return f"{a} - {b} = -({b} - {a}) = {a - b}" if a < b else f"{a} - {b} = {a - b}"


def sub_complement(a: int, b: int) -> str:
    """Subtraction as addition (goat's own decomposition, not the paper's): `x - y` for an n-digit `x >= y` is
    `x + c + 1 - 10^n`, where `c` is y's nines' complement over n digits (each digit d becomes 9 - d, no borrows).
    goat-default version 3 adds well (BIG-bench 3D 81%) but subtracts by magnitude, not digit by digit (3D 17.7%;
    its wrong answers are near misses such as `88 - 31 = 55`), so this turns the one hard step into a
    digit-local one and an addition. Both operands of one digit stay direct; a negative result is `-(b - a)`.

    >>> sub_complement(88, 31)
    '88 - 31 = 88 + 68 + 1 - 100 = 156 + 1 - 100 = 57'
    >>> sub_complement(28, 65)
    '28 - 65 = -(65 - 28) = -(65 + 71 + 1 - 100) = -(136 + 1 - 100) = -37'
    """
    if a < 10 and b < 10:
        return f"{a} - {b} = {a - b}"
    if a < b:
        inner = _complement_steps(b, a)
        return " = ".join([f"{a} - {b}", *(f"-({s})" for s in inner[:-1]), f"-{inner[-1]}"])
    return " = ".join(_complement_steps(a, b))


def _complement_steps(x: int, y: int) -> list[str]:
    """The ` = `-separated segments of x - y (x >= y) by the nines' complement of y over x's digits."""
    power = 10 ** len(str(x))
    complement = power - 1 - y
    return [f"{x} - {y}", f"{x} + {complement} + 1 - {power}", f"{x + complement} + 1 - {power}", str(x - y)]


# name -> (operator, format): what goat.study.studies refers to.
FORMATS: dict[str, tuple[str, Callable[[int, int], str]]] = {
    "mul_full": ("*", mul_full),
    "mul_no_split": ("*", mul_no_split),
    "mul_no_expansion": ("*", mul_no_expansion),
    "mul_no_adding": ("*", mul_no_adding),
    "div_full": ("/", div_full),
    "div_no_product": ("/", div_no_product),
    "div_steps": ("/", repeated_subtraction),  # Goat's n / m chain for a one-digit divisor too (goat's own)
    "sub_steps": ("-", subtract_steps),
    "sub_negated": ("-", sub_negated),
    "sub_complement": ("-", sub_complement),
}
