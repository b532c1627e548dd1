"""Random operands with exactly the digit count of their bucket.

The original notebook drew `randint(10**(i-1), 10**i)`, which includes 10**i and so sometimes gives
i+1 digits; here the upper bound is 10**i - 1. One-digit numbers include 0.
"""

from __future__ import annotations

import random


def number(rng: random.Random, digits: int) -> int:
    if digits < 1:
        raise ValueError(f"digits must be at least 1, got {digits}")
    low = 0 if digits == 1 else 10 ** (digits - 1)
    return rng.randrange(low, 10**digits)  # what randint(low, 10**digits - 1) draws, one call fewer


def round_number(rng: random.Random, digits: int) -> int:
    """One nonzero digit and `digits - 1` zeros (`900`): what a multiplication chain multiplies by."""
    if digits < 1:
        raise ValueError(f"digits must be at least 1, got {digits}")
    return rng.randrange(1, 10) * 10 ** (digits - 1)


def exact_division(rng: random.Random, dividend_digits: int, divisor_digits: int) -> tuple[int, int] | None:
    """A dividend of the given length that the divisor divides, or None when none exists after a few tries."""
    for _ in range(20):
        b = number(rng, divisor_digits) or 1
        low = 0 if dividend_digits == 1 else 10 ** (dividend_digits - 1)
        q_low, q_high = -(-low // b), (10**dividend_digits - 1) // b
        if q_low <= q_high:
            return rng.randint(q_low, q_high) * b, b
    return None
