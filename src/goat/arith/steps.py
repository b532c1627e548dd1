"""Check every `=` step of a chain on its own terms: does each side equal the one before it?

goat.arith.audit compares a chain with Goat's own chain, step by step, so it cannot judge the ablation's
chains (goat.study.variants), whose steps differ by design. This check needs no reference: it evaluates both
sides of every ` = ` as integer arithmetic (`+`, `-`, `*`, brackets), so it works for any chain, and it tells
where a chain that ends in a wrong answer went wrong even when no answer is right: the measure the ablation
reports beside exact match (the paper's claim is about which steps a model can do, not only final answers).

    >>> steps("12 * 34 = 34 * (10 + 2) = 34 * 10 + 34 * 2 = 340 + 68 = 418")
    [True, True, True, False]
    >>> steps("8914 - 64 * 100 = 8914 - 6400 = 2514\\nTherefore, 8914 / 64 = 139 R 18")
    [True, True]

A line that states a division (`Therefore, a / b = q R r`, or a direct `a / b = q`) is the answer, not an equation
of integers, and is skipped, as is any line without ` = `.
"""

from __future__ import annotations

import ast
import itertools
import re

_OPS = {ast.Add: int.__add__, ast.Sub: int.__sub__, ast.Mult: int.__mul__}


_LEADING_ZEROS = re.compile(r"\b0+(?=\d)")


def value(expression: str) -> int | None:
    """The integer an expression of integers, `+`, `-`, `*` and brackets stands for; None for anything else.
    Zero-filled integers (`0159`, as aligned running sums write them) are read as integers too."""
    try:
        return _value(ast.parse(_LEADING_ZEROS.sub("", expression.strip()), mode="eval").body)
    except (SyntaxError, ValueError, RecursionError):  # not an expression, or a runaway one from a model
        return None


def _value(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _value(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        left, right = _value(node.left), _value(node.right)
        return None if left is None or right is None else _OPS[type(node.op)](left, right)
    return None


def steps(text: str) -> list[bool]:
    """One entry per ` = ` in the chain's equation lines: True where both sides have the same value."""
    held = []
    for line in text.splitlines():
        if " / " in line or " = " not in line:
            continue
        values = [value(side) for side in line.split(" = ")]
        held += [x is not None and x == y for x, y in itertools.pairwise(values)]
    return held
