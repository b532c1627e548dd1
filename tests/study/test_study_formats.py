"""The ablation's formats are exact, keep Goat's remaining steps, and parse back; the grouped tokenizer groups."""

from __future__ import annotations

import random

import pytest

from goat.arith.decompose import answer
from goat.arith.extract import extract_answer
from goat.arith.steps import steps
from goat.study import variants
from goat.study.tokenization import build_grouped_tokenizer


def test_multiplication_variants_exact():
    assert variants.mul_full(1234, 5678) == (
        "1234 * 5678 = 5678 * (1000 + 200 + 30 + 4) = 5678 * 1000 + 5678 * 200 + 5678 * 30 + 5678 * 4"
        " = 5678000 + 1135600 + 170340 + 22712 = 6813600 + 170340 + 22712 = 6983940 + 22712 = 7006652"
    )
    assert variants.mul_no_split(1234, 5678) == (
        "1234 * 5678 = 5678 * 1000 + 5678 * 200 + 5678 * 30 + 5678 * 4"
        " = 5678000 + 1135600 + 170340 + 22712 = 6813600 + 170340 + 22712 = 6983940 + 22712 = 7006652"
    )
    assert variants.mul_no_expansion(1234, 5678) == (
        "1234 * 5678 = 5678 * (1000 + 200 + 30 + 4)"
        " = 5678000 + 1135600 + 170340 + 22712 = 6813600 + 170340 + 22712 = 6983940 + 22712 = 7006652"
    )
    assert variants.mul_no_adding(1234, 5678) == (
        "1234 * 5678 = 5678 * (1000 + 200 + 30 + 4) = 5678 * 1000 + 5678 * 200 + 5678 * 30 + 5678 * 4"
        " = 5678000 + 1135600 + 170340 + 22712 = 7006652"
    )
    assert variants.mul_no_adding(3000, 5678) == "3000 * 5678 = 17034000"  # direct: nothing to ablate


def test_division_variants_exact():
    assert variants.div_no_product(987654, 321) == (
        "987654 - 321 * 3000 = 24654\n24654 - 321 * 70 = 2184\n2184 - 321 * 6 = 258\n"
        "Therefore, 987654 / 321 = 3076 R 258"
    )
    assert variants.div_full(987654, 321).split("\n")[0] == "987654 - 321 * 3000 = 987654 - 963000 = 24654"
    assert variants.div_no_product(100, 7) == "100 / 7 = 14 R 2"  # one-digit divisor: direct in both


def test_division_steps_for_a_one_digit_divisor():
    write = variants.FORMATS["div_steps"][1]
    assert write(4596, 4) == (
        "4596 - 4 * 1000 = 4596 - 4000 = 596\n596 - 4 * 100 = 596 - 400 = 196\n"
        "196 - 4 * 40 = 196 - 160 = 36\n36 - 4 * 9 = 36 - 36 = 0\nTherefore, 4596 / 4 = 1149"
    )
    assert write(907, 9) == "907 - 9 * 100 = 907 - 900 = 7\nTherefore, 907 / 9 = 100 R 7"  # no line for a 0 digit
    assert write(987654, 321) == variants.div_full(987654, 321)  # the same chain Goat writes for n / m
    assert write(5, 0) == "5 / 0 is undefined"  # the generator's zero divisors, as Goat writes them
    assert all(steps(line) == [True, True] for line in write(4596, 4).split("\n")[:-1])


@pytest.mark.parametrize("name", list(variants.FORMATS))
def test_every_variant_parses_back(name):
    op, write = variants.FORMATS[name]
    rng = random.Random(name)
    for _ in range(300):
        a, b = (rng.randrange(1000, 10_000), rng.randrange(1000, 10_000)) if op != "/" else (
            rng.randrange(100_000, 1_000_000), rng.randrange(100, 1000))  # fmt: skip
        text = write(a, b)
        assert extract_answer(text) == answer(a, op, b), text
        assert text.startswith(f"{a} {op} {b}" if op != "/" else f"{a} - {b} * ") or "/" in text


def test_ablated_chains_drop_only_their_step():
    a, b = 4321, 8765
    full = variants.mul_full(a, b).split(" = ")
    assert variants.mul_no_split(a, b).split(" = ") == [full[0], *full[2:]]
    assert variants.mul_no_expansion(a, b).split(" = ") == [*full[:2], *full[3:]]
    assert variants.mul_no_adding(a, b).split(" = ") == [*full[:4], full[-1]]
    assert len(full) > 5  # the full chain has term-by-term sums to drop


def test_grouped_tokenizer_groups_digits_by_three():
    tok = build_grouped_tokenizer()
    assert tok.tokenize("12345") == ["123", "45"]
    assert tok.tokenize("7 + 1000000") == ["7", " ", "+", " ", "100", "000", "0"]
    ids = tok("What is 98765 + 4321?\nAnswer: ")["input_ids"]
    assert tok.unk_token_id not in ids
    assert tok.decode(ids, skip_special_tokens=True) == "What is 98765 + 4321?\nAnswer: "
    assert len(tok) == 103 + 100 + 1000  # the digit tokenizer's 103, plus every 2- and 3-digit string


def test_subtraction_steps_take_one_place_value_at_a_time():
    assert variants.FORMATS["sub_steps"][1](8773, 3259).split(" = ")[1:-1] == [
        "8773 - 3000 - 200 - 50 - 9", "5773 - 200 - 50 - 9", "5573 - 50 - 9", "5523 - 9"]  # fmt: skip
    assert variants.FORMATS["sub_steps"][1](37, 47) == "37 - 47 = -(47 - 37) = -(47 - 30 - 7) = -(17 - 7) = -10"
    assert variants.FORMATS["sub_steps"][1](80, 5) == "80 - 5 = 75"  # one nonzero digit: nothing to split
    assert variants.FORMATS["sub_negated"][1](5, 80) == "5 - 80 = -(80 - 5) = -75"
    assert variants.FORMATS["sub_negated"][1](80, 5) == "80 - 5 = 75"


def test_subtraction_by_complement_is_an_addition_whose_steps_hold():
    complement = variants.FORMATS["sub_complement"][1]
    assert complement(4412, 2749) == "4412 - 2749 = 4412 + 7250 + 1 - 10000 = 11662 + 1 - 10000 = 1663"
    assert complement(5123, 5087).endswith("= 10035 + 1 - 10000 = 36")  # leading zeros dropped at the end
    assert complement(4412, 7) == "4412 - 7 = 4412 + 9992 + 1 - 10000 = 14404 + 1 - 10000 = 4405"
    assert complement(7, 3) == "7 - 3 = 4" and complement(3, 7) == "3 - 7 = -4"  # one digit each: direct
    for a, b in [(28, 65), (1000, 999), (0, 10), (99, 99), (10, 0), (12, 3456)]:
        chain = complement(a, b)
        assert all(steps(chain)) and extract_answer(chain) == str(a - b), chain
