"""goat.arith.steps: each `=` of a chain judged on its own, for Goat's chains and the ablation's alike."""

from __future__ import annotations

import pytest

from goat.arith.decompose import divide, multiply
from goat.arith.steps import steps, value
from goat.study.variants import FORMATS


@pytest.mark.parametrize(
    "expression, expected",
    [("3066 * (30 + 7)", 113442), ("-(28 - 25)", -3), ("5697 - 47 * 100", 997), ("12", 12),
     ("2 ** 8", None), ("12 / 4", None), ("0123", 123), ("1060 + 0159", 1219), ("0", 0), ("1_000", 1000),
     ("x + 1", None), ("", None), ("1 +", None)],
)  # fmt: skip
def test_value_is_integer_arithmetic_only(expression, expected):
    assert value(expression) == expected


def test_a_runaway_expression_is_not_a_value():
    assert value(" + ".join(["1"] * 5000)) is None and value("(" * 500 + "1" + ")" * 500) is None


@pytest.mark.parametrize("a, b", [(37, 3066), (1234, 5678), (987654, 321), (5697, 47), (8914, 64)])
def test_every_step_of_every_correct_chain_holds(a, b):
    for name, (op, write) in FORMATS.items():
        if op == "/" and a < b:
            continue
        chain = write(a, b)
        assert steps(chain) and all(steps(chain)), (name, chain)
    assert all(steps(multiply(a, b))) and all(steps(divide(a, b))) and all(steps(multiply(a, b, aligned=True)))


def test_a_wrong_step_is_found_where_it_is():
    assert steps("12 * 34 = 34 * (10 + 2) = 34 * 10 + 34 * 2 = 340 + 68 = 418") == [True, True, True, False]
    assert steps("1234 * 5678 = 5678 * (1000 + 200 + 30 + 4) = 5678000 + 1135600 + 170340 + 22712 = 7006000") == [
        True, True, False]  # fmt: skip
    division = "8914 - 64 * 100 = 8914 - 6400 = 2514\n2514 - 64 * 30 = 2514 - 1920 = 604\nTherefore, 8914 / 64 = 139"
    assert steps(division) == [True, True, True, False]  # the Therefore line is not an equation
    assert steps("37 / 3 = 12 R 1") == [] and steps("37 * 3 = 111") == [True]
    assert steps("garbage") == [] and steps("12 + 3 = fifteen") == [False]
