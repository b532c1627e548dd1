"""Answer extraction and the chain audit on hand-written model outputs, right and wrong in every way."""

from __future__ import annotations

import pytest

from goat.arith.audit import (
    EXPANSION,
    FINAL_COPY,
    FORMAT,
    MULTIPLES,
    OPERANDS,
    PARTIAL_PRODUCT,
    QUOTIENT_DIGIT,
    QUOTIENT_SUM,
    RESULT,
    RUNNING_SUM,
    SPLIT,
    SUBTRACTION_LINE,
    audit,
)
from goat.arith.decompose import divide, solve
from goat.arith.extract import digit_match, extract_answer

MUL = solve(397, "*", 4429)  # the paper's example, checked character for character in tests/core
assert MUL.endswith("= 1328700 + 398610 + 31003 = 1727310 + 31003 = 1758313")
DIV = """8914 - 64 * 100 = 8914 - 6400 = 2514
2514 - 64 * 30 = 2514 - 1920 = 594
594 - 64 * 9 = 594 - 576 = 18
Therefore, 8914 / 64 = 139 R 18"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (DIV, "139 R 18"),
        (MUL, "1758313"),
        ("12 - 35 = -23", "-23"),
        ("7 / 0 is undefined", "undefined"),
        ("8914 / 64 = 139 R 18", "139 R 18"),
        ("Therefore, 8914 / 64 = 139\nsome trailing line", "139"),  # the Therefore line wins
        ("The answer is 42.", "42"),  # no '=': the last number
        ("  ", None),
        ("no digits here", None),
    ],
)
def test_extract_answer(text, expected):
    assert extract_answer(text) == expected


def test_digit_match_is_one_minus_character_error_rate():
    assert digit_match("1758313", "1758313") == 1.0
    assert digit_match("1758323", "1758313") == pytest.approx(6 / 7)
    assert digit_match(None, "12") == 0.0
    assert digit_match("123456", "1") == 0.0  # floored at zero


@pytest.mark.parametrize(("a", "op", "b"), [(397, "*", 4429), (8914, "/", 64), (12, "-", 35), (7, "/", 0), (9, "*", 8)])
def test_true_chains_verify(a, op, b):
    verdict = audit(a, op, b, solve(a, op, b))
    assert verdict.verified and verdict.first_wrong is None


def _first_wrong(a, op, b, text):
    verdict = audit(a, op, b, text)
    assert not verdict.verified
    return verdict.first_wrong.kind, verdict


@pytest.mark.parametrize(
    ("wrong", "right", "kind"),
    [
        ("397 * 4428 =", "397 * 4429 =", OPERANDS),
        ("(300 + 80 + 7)", "(300 + 90 + 7)", SPLIT),
        ("4429 * 90 + 4429 * 8 =", "4429 * 90 + 4429 * 7 =", EXPANSION),
        ("398610 + 31013 =", "398610 + 31003 =", PARTIAL_PRODUCT),
        ("= 1727320 + 31003", "= 1727310 + 31003", RUNNING_SUM),
        ("= 1758323", "= 1758313", RUNNING_SUM),  # the last sum is the answer
    ],
)
def test_multiplication_chain_first_wrong_step(wrong, right, kind):
    text = MUL.replace(right, wrong, 1)
    assert text != MUL
    got, verdict = _first_wrong(397, "*", 4429, text)
    assert got == kind
    assert all(s.ok for s in verdict.steps[: verdict.steps.index(verdict.first_wrong)])


def test_an_error_carried_forward_is_blamed_on_its_first_step():
    """A wrong partial product makes every later sum 'wrong' too: the audit names the first one only."""
    text = MUL.replace("31003", "31013").replace("1758313", "1758323")
    kind, verdict = _first_wrong(397, "*", 4429, text)
    assert kind == PARTIAL_PRODUCT and verdict.answer == "1758323"
    assert verdict.first_wrong.expected == "1328700 + 398610 + 31003"


@pytest.mark.parametrize(
    ("wrong", "right", "kind"),
    [
        ("8914 - 64 * 200 = 8914 - 12800 = -3886", "8914 - 64 * 100 = 8914 - 6400 = 2514", QUOTIENT_DIGIT),
        ("8914 - 64 * 100 = 8914 - 6400 = 2524", "8914 - 64 * 100 = 8914 - 6400 = 2514", SUBTRACTION_LINE),
        ("2514 - 64 * 30 = 2514 - 1930 = 584", "2514 - 64 * 30 = 2514 - 1920 = 594", PARTIAL_PRODUCT),
        ("2504 - 64 * 30", "2514 - 64 * 30", SUBTRACTION_LINE),  # does not start from the last remainder
        ("Therefore, 8914 / 64 = 139 R 19", "Therefore, 8914 / 64 = 139 R 18", FINAL_COPY),
        ("Therefore, 8914 / 64 = 129 R 18", "Therefore, 8914 / 64 = 139 R 18", FINAL_COPY),
        ("Therefore, 8914 / 65 = 139 R 18", "Therefore, 8914 / 64 = 139 R 18", OPERANDS),
        ("2514 - 65 * 30", "2514 - 64 * 30", OPERANDS),
    ],
)
def test_division_chain_first_wrong_step(wrong, right, kind):
    text = DIV.replace(right, wrong, 1)
    assert text != DIV
    assert _first_wrong(8914, "/", 64, text)[0] == kind


def test_aligned_division_lines_must_zero_fill_a_short_difference_to_the_number_they_take_from():
    right = "29568 - 48 * 600 = 29568 - 28800 = 00768 = 768\n768 - 48 * 16 = 768 - 768 = 000 = 0"
    assert audit(29568, "/", 48, right + "\nTherefore, 29568 / 48 = 616").verified is False  # 16 is not a digit
    text = right.replace(
        "48 * 16 = 768 - 768 = 000 = 0", "48 * 10 = 768 - 480 = 288\n288 - 48 * 6 = 288 - 288 = 000 = 0"
    )
    assert audit(29568, "/", 48, text + "\nTherefore, 29568 / 48 = 616").verified
    for wrong in ("= 0768 = 768", "= 00768 = 767", "= 00778 = 778"):
        kind, verdict = _first_wrong(
            29568, "/", 48, text.replace("= 00768 = 768", wrong) + "\nTherefore, 29568 / 48 = 616"
        )
        assert kind == SUBTRACTION_LINE and verdict.first_wrong.expected.endswith("= 00768 = 768"), wrong


def test_table_division_chain_names_a_wrong_multiple_and_a_wrong_quotient_sum():
    text = divide(5697, 47, aligned=True, table=True)
    assert audit(5697, "/", 47, text).verified
    for wrong, right, kind in (
        ("47 * 3 = 142", "47 * 3 = 141", MULTIPLES),
        ("48 * 1 = 48", "47 * 1 = 47", OPERANDS),
        ("5697 / 74:", "5697 / 47:", OPERANDS),
        ("5679 / 47:", "5697 / 47:", OPERANDS),
        ("05697 / 47:", "5697 / 47:", OPERANDS),
        ("47 * 1 = 47, 47 * 2", "5697 / 47: 47 * 1 = 47, 47 * 2", FORMAT),  # candidate 13's table, no question
        ("100 + 20 + 1 = 12\n", "100 + 20 + 1 = 121\n", QUOTIENT_SUM),
        ("100 + 2 + 1 = 121", "100 + 20 + 1 = 121", QUOTIENT_SUM),
        ("997 - 47 * 30 = 997 - 940", "997 - 47 * 20 = 997 - 940", QUOTIENT_DIGIT),
    ):
        assert _first_wrong(5697, "/", 47, text.replace(right, wrong))[0] == kind, wrong
    lines = text.split("\n")
    stopped = "\n".join([*lines[:2], "100 + 20 + 1 = 121", lines[-1]])  # the chain stops, the sum goes on
    kind, verdict = _first_wrong(5697, "/", 47, stopped)
    assert kind == QUOTIENT_DIGIT and verdict.first_wrong.expected == "another subtraction line"
    chain_by_zero = "7 / 0: 0 * 1 = 0\n7 - 0 * 1 = 7 - 0 = 7\nTherefore, 7 / 0 = 0"
    assert not audit(7, "/", 0, chain_by_zero).verified  # and no ZeroDivisionError


def test_division_chain_that_stops_early():
    lines = DIV.split("\n")
    text = "\n".join([*lines[:2], "Therefore, 8914 / 64 = 130 R 594"])
    kind, verdict = _first_wrong(8914, "/", 64, text)
    assert kind == QUOTIENT_DIGIT and verdict.answer == "130 R 594"


@pytest.mark.parametrize(
    ("a", "op", "b", "text", "kind"),
    [
        (12, "+", 35, "12 + 35 = 50", RESULT),
        (12, "+", 35, "12 + 53 = 47", OPERANDS),
        (12, "+", 35, "forty-seven", FORMAT),
        (8914, "/", 64, "8914 - 64 * 100 = 2514\nTherefore, 8914 / 64 = 139 R 18", FORMAT),
        (7, "/", 0, "7 / 0 = 0", RESULT),  # x / 0 has no number for an answer
    ],
)
def test_direct_answers_and_malformed_text(a, op, b, text, kind):
    assert _first_wrong(a, op, b, text)[0] == kind
