"""Find the arithmetic in a question: "What is 397 x 4429?" -> (397, "*", 4429).

Understands every phrasing `instructions.py` writes, BIG-bench's prompts, and common variants
(×, ÷, −, thousands separators). Used by `goat ask` and `goat serve` to audit the model's chain.

    >>> parse_question("What is the quotient and remainder of 8914 and 64?")
    (8914, '/', 64)
"""

from __future__ import annotations

import re

from goat.arith.decompose import OPS

_WORD_OPS = {
    "+": "+", "plus": "+", "added to": "+",
    "-": "-", "−": "-", "minus": "-",
    "*": "*", "x": "*", "×": "*", "times": "*", "multiplied by": "*",
    "/": "/", "÷": "/", "divided by": "/", "over": "/",
}  # fmt: skip
_NOUN_OPS = {"sum": "+", "difference": "-", "product": "*", "quotient": "/"}

_INFIX = re.compile(
    r"(?<!\d)(?<!\d\.)(\d+)\s*("
    + "|".join(re.escape(w) for w in sorted(_WORD_OPS, key=len, reverse=True))
    + r")\s*(\d+)(?!\d|\.\d)",
    re.IGNORECASE,
)
_NOUN = re.compile(
    r"\b(sum|difference|product|quotient)(?: and remainder)? (?:of|between) (\d+) and (\d+)", re.IGNORECASE
)


class NotArithmetic(ValueError):
    """The text holds no question of the form `a op b` with natural operands."""


def parse_expression(text: str) -> tuple[int, str, int]:
    """A bare expression as in a record's `input`: `a op b`."""
    m = re.fullmatch(r"\s*(\d+) ([-+*/]) (\d+)\s*", text)
    if not m:
        raise NotArithmetic(f"not an expression of the form 'a op b': {text!r}")
    return int(m[1]), m[2], int(m[3])


def parse_question(text: str) -> tuple[int, str, int]:
    clean = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
    if re.search(r"(?:^|[^\d\s])\s*[-−]\s*\d", clean):
        raise NotArithmetic(f"negative operands are not supported: {text!r}")
    m = _NOUN.search(clean)
    if m:
        return int(m[2]), _NOUN_OPS[m[1].lower()], int(m[3])
    m = _INFIX.search(clean)
    if m:
        op = _WORD_OPS[m[2].lower()]
        assert op in OPS
        return int(m[1]), op, int(m[3])
    raise NotArithmetic(f"no arithmetic question (a + b, a - b, a * b, a / b) found in {text!r}")
