"""Natural-language instructions around a bare expression, written for this project.

A question is a lead-in, an expression phrasing and an ending: 32 lead-ins x 6 endings give 192
distinct phrasings, sampled with weights (BIG-bench's own "What is A plus B?" is the most likely),
plus the paper's noise in the expression itself ('x' / 'times' / 'multiplied by', 'plus', 'minus',
'divided by', 'the sum / difference / product / quotient and remainder of A and B', no spaces).

    >>> import random
    >>> render_question(12, "+", 35, random.Random(4))
    'What is 12 + 35?'
"""

from __future__ import annotations

import itertools
import random

# (weight, lead-in); {q} is the expression.
LEADS: list[tuple[float, str]] = [
    (12.0, "What is {q}"),
    (3.0, "Calculate {q}"),
    (3.0, "Compute {q}"),
    (2.0, "What's {q}"),
    (2.0, "Evaluate {q}"),
    (2.0, "Solve {q}"),
    (1.0, "Find {q}"),
    (1.0, "Work out {q}"),
    (1.0, "Determine {q}"),
    (1.0, "Tell me {q}"),
    (1.0, "Figure out {q}"),
    (1.0, "Give me the value of {q}"),
    (1.0, "What does {q} equal"),
    (1.0, "What do you get for {q}"),
    (1.0, "How much is {q}"),
    (1.0, "Could you compute {q}"),
    (1.0, "Can you work out {q}"),
    (1.0, "Please calculate {q}"),
    (1.0, "Please evaluate {q}"),
    (1.0, "I need the result of {q}"),
    (1.0, "Help me find {q}"),
    (1.0, "Quick question: what is {q}"),
    (1.0, "Do the arithmetic: {q}"),
    (1.0, "Result of {q}"),
    (1.0, "{q}"),
    (1.0, "{q} ="),
    (1.0, "Find the value of {q}"),
    (1.0, "What is the result when you compute {q}"),
    (1.0, "Would you solve {q}"),
    (1.0, "Math problem: {q}"),
    (1.0, "Answer this: {q}"),
    (1.0, "Give the answer to {q}"),
]
ENDINGS: list[tuple[float, str]] = [
    (6.0, "?"),
    (2.0, "."),
    (1.0, ""),
    (0.5, ", please."),
    (0.5, " for me."),
    (0.5, "? Show your work."),
]

# Expression phrasings per operator, with weights. {a} and {b} are the operands.
EXPRESSIONS: dict[str, list[tuple[float, str]]] = {
    "+": [(5, "{a} + {b}"), (1, "{a}+{b}"), (3, "{a} plus {b}"), (1, "the sum of {a} and {b}")],
    "-": [(5, "{a} - {b}"), (1, "{a}-{b}"), (3, "{a} minus {b}"), (1, "the difference of {a} and {b}")],
    "*": [
        (4, "{a} * {b}"),
        (1, "{a}*{b}"),
        (2, "{a} x {b}"),
        (3, "{a} times {b}"),
        (1, "{a} multiplied by {b}"),
        (1, "the product of {a} and {b}"),
    ],
    "/": [
        (4, "{a} / {b}"),
        (1, "{a}/{b}"),
        (3, "{a} divided by {b}"),
        (1, "the quotient and remainder of {a} and {b}"),
    ],
}

# The learnability families: {n}, {a}, {b} or {numbers}.
FAMILY_TEMPLATES: dict[str, list[str]] = {
    "copy": ["Copy {n}.", "Repeat the number {n}.", "Write {n} again.", "Echo {n}."],
    "split": ["Split {n} by place value.", "Write {n} as a sum of place values.", "Expand {n}."],
    "compare": ["Compare {a} and {b}.", "Which is larger, {a} or {b}?", "Compare {a} with {b}."],
    "order": ["Sort {numbers} in ascending order.", "Order from smallest to largest: {numbers}."],
}


def _table(options: list[tuple[float, str]]) -> tuple[list[str], list[float]]:
    """Templates and cumulative weights, computed once: the generator renders ~1.7 M questions."""
    return [t for _, t in options], list(itertools.accumulate(w for w, _ in options))


_LEAD_TABLE, _END_TABLE = _table(LEADS), _table(ENDINGS)
_EXPRESSION_TABLES = {op: _table(options) for op, options in EXPRESSIONS.items()}


def phrasings() -> list[str]:
    """Every distinct lead-in and ending combination."""
    return [lead + end for _, lead in LEADS for _, end in ENDINGS]


def render_question(a: int, op: str, b: int, rng: random.Random) -> str:
    return render_questions([(a, b)], op, rng)[0]


def render_questions(pairs: list[tuple[int, int]], op: str, rng: random.Random) -> list[str]:
    """A question for each (a, b): the expression, lead-in and ending are each drawn for all pairs at once,
    which is what makes rendering ~1.7 M questions cheap (one draw of each for a single pair)."""
    k = len(pairs)
    expressions = rng.choices(_EXPRESSION_TABLES[op][0], cum_weights=_EXPRESSION_TABLES[op][1], k=k)
    leads = rng.choices(_LEAD_TABLE[0], cum_weights=_LEAD_TABLE[1], k=k)
    ends = rng.choices(_END_TABLE[0], cum_weights=_END_TABLE[1], k=k)
    questions = []
    for (a, b), expression, lead, end in zip(pairs, expressions, leads, ends, strict=True):
        text = lead.format(q=expression.format(a=a, b=b)) + end
        questions.append(text[0].upper() + text[1:])
    return questions


def render_family(family: str, rng: random.Random, **values: object) -> str:
    return rng.choice(FAMILY_TEMPLATES[family]).format(**values)
