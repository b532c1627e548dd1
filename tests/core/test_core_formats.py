"""The paper's formats, character for character (golden), and properties of every chain (hypothesis)."""

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goat.arith import decompose
from goat.arith.audit import audit
from goat.arith.instructions import phrasings, render_question
from goat.arith.parse import parse_question
from goat.arith.sample import exact_division, number

GOLDEN = [
    (94140209, "+", 73, "94140209 + 73 = 94140282"),
    (73, "-", 94140209, "73 - 94140209 = -94140136"),
    (
        397,
        "*",
        4429,
        "397 * 4429 = 4429 * (300 + 90 + 7) = 4429 * 300 + 4429 * 90 + 4429 * 7 = 1328700 + 398610 + 31003 "
        "= 1727310 + 31003 = 1758313",
    ),
    (
        8914,
        "/",
        64,
        "8914 - 64 * 100 = 8914 - 6400 = 2514\n2514 - 64 * 30 = 2514 - 1920 = 594\n594 - 64 * 9 = 594 - 576 = 18\n"
        "Therefore, 8914 / 64 = 139 R 18",
    ),
    (12, "/", 345, "12 / 345 = 0 R 12"),
    (345, "/", 345, "345 / 345 = 1"),
    (123456, "/", 0, "123456 / 0 is undefined"),
    (98765, "/", 7, "98765 / 7 = 14109 R 2"),
    (98763, "/", 7, "98763 / 7 = 14109"),
    (4536, "*", 0, "4536 * 0 = 0"),
    (1, "*", 4536, "1 * 4536 = 4536"),
    (4536, "*", 10, "4536 * 10 = 45360"),
    (300, "*", 4429, "300 * 4429 = 1328700"),  # a digit followed by zeros: answered directly
]


@pytest.mark.parametrize(("a", "op", "b", "target"), GOLDEN)
def test_golden_targets_and_their_audit(a, op, b, target):
    assert decompose.solve(a, op, b) == target
    assert audit(a, op, b, target).verified


def test_golden_learnability_families():
    assert decompose.split(4536) == "4000 + 500 + 30 + 6"
    assert decompose.split(4006) == "4000 + 6"
    assert decompose.copy(4536) == "4536"
    assert decompose.compare(45, 123) == "45 < 123"
    assert decompose.order([30, 4, 12]) == "4, 12, 30"
    assert decompose.direct(397, "*", 4429) == "397 * 4429 = 1758313"


naturals = st.integers(min_value=0, max_value=10**16 - 1)


@settings(max_examples=300, deadline=None)
@given(naturals, st.sampled_from("+-*/"), naturals)
def test_every_chain_audits_and_ends_in_the_answer(a, op, b):
    text = decompose.solve(a, op, b)
    result = audit(a, op, b, text)
    assert result.verified, (text, result.first_wrong)
    assert result.answer == decompose.answer(a, op, b)
    assert text.endswith(decompose.answer(a, op, b))
    assert result.form == ("chain" if decompose.has_steps(a, op, b) else "direct")


@settings(max_examples=200, deadline=None)
@given(st.integers(10, 10**12), st.integers(10, 10**6))
def test_multi_digit_division_is_one_line_per_nonzero_quotient_digit(a, b):
    text = decompose.solve(a, "/", b)
    nonzero = sum(d != "0" for d in str(a // b)) if a > b else 0
    assert text.count("\n") == nonzero
    assert audit(a, "/", b, text).form == ("chain" if a > b else "direct")


@settings(max_examples=200, deadline=None)
@given(st.integers(10, 10**12), st.integers(10, 10**6))
def test_aligned_division_zero_fills_exactly_the_short_differences(a, b):
    plain, aligned = decompose.divide(a, b), decompose.divide(a, b, aligned=True)
    assert audit(a, "/", b, aligned).verified and aligned.count("\n") == plain.count("\n")
    for goat, ours in zip(plain.split("\n"), aligned.split("\n"), strict=True):
        x, difference = goat.split(" - ")[0], goat.split(" = ")[-1]
        short = " * " in goat and len(difference) < len(x)
        assert ours == (f"{goat[: -len(difference)]}{difference.zfill(len(x))} = {difference}" if short else goat)


@settings(max_examples=200, deadline=None)
@given(st.integers(10, 10**12), st.integers(10, 10**6))
def test_table_division_is_the_aligned_chain_between_the_question_with_its_multiples_and_the_quotient_sum(a, b):
    aligned, table = decompose.divide(a, b, aligned=True), decompose.divide(a, b, aligned=True, table=True)
    assert audit(a, "/", b, table).verified
    assert table.startswith(f"{a} / {b}")  # like every other answer: the question's first number comes first
    if a <= b:
        assert table == aligned
        return
    lines, terms = table.split("\n"), decompose.division_terms(a, b)
    assert lines[0] == f"{a} / {b}: " + ", ".join(f"{b} * {k} = {b * k}" for k in range(1, 10))
    sums = [f"{' + '.join(map(str, terms))} = {a // b}"] if len(terms) > 1 else []
    assert lines == [lines[0], *aligned.split("\n")[:-1], *sums, aligned.split("\n")[-1]]


@settings(max_examples=200, deadline=None)
@given(st.integers(11, 10**8), st.integers(11, 10**8))
def test_multiplication_splits_the_smaller_operand(a, b):
    text = decompose.solve(a, "*", b)
    small, large = min(a, b), max(a, b)
    if decompose.is_single_digit_like(a) or decompose.is_single_digit_like(b):
        assert text == f"{a} * {b} = {a * b}"
    else:
        assert text.split(" = ")[1] == f"{large} * ({' + '.join(map(str, decompose.place_values(small)))})"


def test_aligned_multiplication_zero_fills_before_adding():
    assert decompose.multiply(397, 4429, aligned=True) == (
        "397 * 4429 = 4429 * (300 + 90 + 7) = 4429 * 300 + 4429 * 90 + 4429 * 7 = 1328700 + 398610 + 31003 "
        "= 1328700 + 0398610 + 0031003 = 1727310 + 0031003 = 1758313"
    )
    assert decompose.multiply(40, 13, aligned=True) == decompose.multiply(40, 13)  # 400 + 120: nothing to fill
    assert decompose.multiply(4536, 7, aligned=True) == "4536 * 7 = 31752"


@settings(max_examples=300, deadline=None)
@given(st.integers(11, 10**8), st.integers(11, 10**8))
def test_aligned_chain_is_goats_chain_with_zeros(a, b):
    aligned = decompose.multiply(a, b, aligned=True)
    result = audit(a, "*", b, aligned)
    assert result.verified, (aligned, result.first_wrong)
    segments = aligned.split(" = ")
    sums = [s for s in segments[4:] if " + " in s]
    assert all(len({len(n) for n in s.split(" + ")}) == 1 for s in sums)  # one width per line
    plain = [re.sub(r"\b0+(?=\d)", "", s) for s in segments]
    assert " = ".join(dict.fromkeys(plain)) == decompose.multiply(a, b)  # drop the zeros and the repeat: Goat's


@settings(max_examples=300, deadline=None)
@given(st.integers(11, 10**8), st.integers(11, 10**8))
def test_ascending_chain_is_goats_chain_from_the_ones_up(a, b):
    text = decompose.multiply(a, b, ascending=True)
    result = audit(a, "*", b, text)
    assert result.verified and result.answer == str(a * b), (text, result.first_wrong)
    goat = decompose.multiply(a, b).split(" = ")
    if len(goat) > 2:
        split = re.fullmatch(r"(\d+) \* \((.+)\)", goat[1])
        terms = split[2].split(" + ")
        assert text.split(" = ")[1:3] == [
            f"{split[1]} * ({' + '.join(reversed(terms))})",
            " + ".join(f"{split[1]} * {t}" for t in reversed(terms)),
        ]
    else:
        assert text == " = ".join(goat)  # a one-digit-like operand: answered directly either way


@settings(max_examples=300, deadline=None)
@given(st.integers(11, 10**8), st.integers(11, 10**8), st.booleans())
def test_lines_chain_is_goats_chain_with_each_product_beside_its_expression(a, b, ascending):
    text = decompose.multiply(a, b, ascending=ascending, lines=True)
    result = audit(a, "*", b, text)
    assert result.verified and result.answer == str(a * b), (text, result.first_wrong)
    goat = decompose.multiply(a, b, ascending=ascending).split(" = ")
    if len(goat) == 2:
        assert text == " = ".join(goat)  # a one-digit-like operand: answered directly either way
        return
    head, *products, sums = text.split("\n")
    assert head == " = ".join(goat[:2])
    assert products == [f"{e} = {p}" for e, p in zip(goat[2].split(" + "), goat[3].split(" + "), strict=True)]
    assert sums == " = ".join(goat[3:])  # the same running sums, ending in the answer


def test_audit_names_each_wrong_step_of_the_lines_chain():
    text = decompose.multiply(5431, 2937, lines=True)
    assert text.split("\n")[2] == "5431 * 900 = 4887900"

    def first_wrong(chain):
        wrong = audit(5431, "*", 2937, chain).first_wrong
        return wrong and (wrong.kind, wrong.expected)

    assert first_wrong(text) is None
    assert first_wrong(text.replace("(2000 + 900", "(2000 + 90")) == ("split", "5431 * (2000 + 900 + 30 + 7)")
    assert first_wrong(text.replace("5431 * 900 =", "5431 * 90 =")) == ("expansion", "5431 * 900 = 4887900")
    assert first_wrong(text.replace("= 4887900", "= 4877900")) == ("partial product", "5431 * 900 = 4887900")
    wrong_copy = text.replace("\n10862000 + 4887900", "\n10862000 + 4877900")
    assert first_wrong(wrong_copy) == ("product copy", "10862000 + 4887900 + 162930 + 38017")
    assert first_wrong(text.replace("= 15749900 +", "= 15749800 +")) == ("running sum", "15749900 + 162930 + 38017")
    assert first_wrong(text.rsplit("\n", 1)[0])[0] == "product copy"  # stopped before the sum
    assert first_wrong("\n".join(text.split("\n")[:3]))[0] == "partial product"  # stopped after two products
    assert first_wrong(text + "\n1 + 2 = 3")[0] == "format"
    assert first_wrong(text.replace("7)\n", "7) = 5431 * 2000\n"))[0] == "format"  # the split line holds more
    for product in ("", "4887900 + 162930", "4887900 = 4887900"):  # a right expression, a wrong product
        assert first_wrong(text.replace("= 4887900", "= " + product, 1))[0] == "partial product"
    assert audit(5, "*", 1234, "5 * 1234 = 6170\nfoo").form == "unparsed"  # answered directly in Goat's format
    one_line = decompose.multiply(5431, 2937)
    assert audit(5431, "*", 2937, one_line).verified  # Goat's chain is still right


def test_audit_holds_a_split_to_its_place_values_in_either_order():
    head = "797 * 374 = 797 * "
    assert audit(797, "*", 374, decompose.multiply(797, 374)).verified
    wrong = audit(797, "*", 374, head + "(4 + 40 + 300) = 797 * 4 + 797 * 40 + 797 * 300").first_wrong
    assert (wrong.kind, wrong.expected) == ("split", "797 * (4 + 70 + 300)")
    wrong = audit(797, "*", 374, head + "(300 + 4 + 70) = 797 * 300 + 797 * 4 + 797 * 70").first_wrong
    assert (wrong.kind, wrong.expected) == ("split", "797 * (300 + 70 + 4)")  # mixed order: Goat's is expected
    sums_right = decompose.multiply(797, 504).replace("(500 + 4)", "(300 + 200 + 4)")  # place values, sum 504
    assert audit(797, "*", 504, sums_right).first_wrong.kind == "split"
    padded = decompose.multiply(797, 374).replace("(300 + 70 + 4)", "(300 + 070 + 4)")
    assert audit(797, "*", 374, padded).first_wrong.kind == "split"  # right numbers, not Goat's text


def test_aligned_subtraction_zero_fills_only_a_short_difference():
    assert decompose.subtract(9388, 9135, aligned=True) == "9388 - 9135 = 0253 = 253"
    assert decompose.subtract(2773, 3635, aligned=True) == "2773 - 3635 = -0862 = -862"
    assert decompose.subtract(97, 97, aligned=True) == "97 - 97 = 00 = 0"
    assert decompose.subtract(12345, 678, aligned=True) == "12345 - 678 = 11667"  # full width: Goat's line
    assert decompose.subtract(9388, 9135) == decompose.solve(9388, "-", 9135) == "9388 - 9135 = 253"


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**16), st.integers(0, 10**16))
def test_aligned_subtraction_verifies_and_keeps_goats_answer(a, b):
    text = decompose.subtract(a, b, aligned=True)
    result = audit(a, "-", b, text)
    assert result.verified and result.answer == str(a - b), (text, result.first_wrong)
    assert text.rsplit(" = ", 1)[1] == decompose.solve(a, "-", b).rsplit(" = ", 1)[1]
    assert len(text.split(" = ")[1].lstrip("-")) == max(len(str(a)), len(str(b)))


def test_audit_names_a_wrong_zero_filled_difference_and_a_wrong_copy():
    wrong = audit(9388, "-", 9135, "9388 - 9135 = 0225 = 225").first_wrong
    assert (wrong.kind, wrong.expected) == ("result", "9388 - 9135 = 0253")
    assert audit(9388, "-", 9135, "9388 - 9135 = 253 = 253").first_wrong.kind == "result"  # not zero-filled
    wrong = audit(9388, "-", 9135, "9388 - 9135 = 0253 = 2530").first_wrong
    assert (wrong.kind, wrong.expected) == ("final copy", "0253 = 253")
    assert audit(9388, "-", 9135, "9388 - 9135 = 253").verified  # Goat's own line is still right


def test_audit_names_a_wrong_alignment_and_an_unaligned_sum():
    head = "53 * 23 = 53 * (20 + 3) = 53 * 20 + 53 * 3 = 1060 + 159 = "
    wrong = audit(53, "*", 23, head + "1060 + 00159 = 1219").first_wrong
    assert (wrong.kind, wrong.expected) == ("alignment", "1060 + 0159")
    assert audit(53, "*", 23, head + "1060 + 0159 = 1289").first_wrong.kind == "running sum"
    wrong = audit(53, "*", 23, head + "1060 + 0159").first_wrong  # stops after the alignment
    assert (wrong.kind, wrong.text, wrong.expected) == ("running sum", "1060 + 0159", "1219")
    chain = decompose.multiply(123, 456, aligned=True).replace("54720 + 01368", "54720 + 1368")
    wrong = audit(123, "*", 456, chain).first_wrong
    assert (wrong.kind, wrong.expected) == ("running sum", "54720 + 01368")
    wrong = audit(53, "*", 23, "53 * 23 = 53 * (20 + 3) = 53 * 20 + 53 * 3 = 1060 + 0159 = 1219").first_wrong
    assert (wrong.kind, wrong.expected) == ("partial product", "1060 + 159")  # products as Goat writes them
    repeat = "19 * 23 = 23 * (10 + 9) = 23 * 10 + 23 * 9 = 230 + 207 = 230 + 207 = 437"
    assert audit(19, "*", 23, repeat).first_wrong.kind == "running sum"  # a repeated line is no alignment
    late = decompose.multiply(123, 456).replace("= 54720 + 1368 =", "= 54720 + 1368 = 54720 + 01368 =")
    assert not audit(123, "*", 456, late).verified  # alignment only right after the partial products


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32), st.integers(1, 20))
def test_numbers_have_exactly_their_digit_count(seed, digits):
    rng = random.Random(seed)
    assert all(len(str(number(rng, digits))) == digits for _ in range(50))


def test_number_reaches_both_ends_and_never_gains_a_digit():
    rng = random.Random(0)
    drawn = {number(rng, 1) for _ in range(2000)}
    assert drawn == set(range(10))
    assert max(number(rng, 2) for _ in range(5000)) == 99


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**32), st.integers(2, 12), st.integers(1, 6))
def test_exact_division_is_exact_with_the_digit_counts(seed, da, db):
    pair = exact_division(random.Random(seed), da, db)
    if pair is not None:
        a, b = pair
        assert a % b == 0 and len(str(a)) == da and len(str(b)) == db


def test_instructions_have_many_phrasings_and_parse_back():
    assert len(set(phrasings())) >= 150
    rng = random.Random(0)
    seen = set()
    for _ in range(2000):
        a, op, b = number(rng, rng.randint(1, 16)), rng.choice("+-*/"), number(rng, rng.randint(1, 16))
        question = render_question(a, op, b, rng)
        seen.add(question.replace(str(a), "A").replace(str(b), "B"))
        assert parse_question(question) == (a, op, b), question
    assert len(seen) > 300  # phrasings x operator wordings
