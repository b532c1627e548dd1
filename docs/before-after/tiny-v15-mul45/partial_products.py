"""Can a model multiply by one digit and zeros when asked directly? The products a multiplication chain is made of.

    python docs/before-after/tiny-v15-mul45/partial_products.py MODEL [MODEL ...]
    python docs/before-after/tiny-v15-mul45/partial_products.py DATA.jsonl   # how many such records it trains on

Candidate 15's 4D x 4D chains first go wrong at a partial product (`5431 * 3000 + 5431 * 900 + ... = 16295000 +
...`). This asks the same shapes as one-line questions, `What is 5431 * 900?` (Goat answers those directly), for
3-5-digit numbers times a digit 2-9 with 0-3 zeros: if the direct products are right and the chain's are not, the
chain's layout is what fails (each product written far from its expression); if the direct ones fail too, the
model cannot multiply those shapes at all. 200 questions per shape, the same for every model (seed 0).
"""

import json
import random
import re
import sys
from collections import Counter

from goat.arith.parse import parse_expression
from goat.ask.api import Goat

SHAPES = [(digits, zeros) for digits in (3, 4, 5) for zeros in range(4)]


def questions(digits: int, zeros: int, n: int = 200, seed: int = 0) -> list[tuple[int, int]]:
    rng = random.Random(f"{seed}-{digits}-{zeros}")
    return [(rng.randrange(10 ** (digits - 1), 10**digits), rng.randrange(2, 10) * 10**zeros) for _ in range(n)]


def print_header(first: str) -> None:
    print(f"| {first} | " + " | ".join(f"{d}D x 1D{'0' * z}" for d, z in SHAPES) + " |")
    print("|---" * (len(SHAPES) + 1) + "|")


def count_in_data(path: str) -> None:
    """One-line records of these shapes in a training file (a chain's partial products are not counted)."""
    counts = Counter()
    with open(path) as f:
        for record in map(json.loads, f):
            if record["task"].startswith("mul") and record["output"].count("=") == 1:
                x, _, y = parse_expression(record["input"])
                for a, b in ((str(x), str(y)), (str(y), str(x))):
                    if re.fullmatch(r"[2-9]0*", b) and len(a) in (3, 4, 5):
                        counts[len(a), len(b) - 1] += 1
    print_header("file")
    print(f"| {path} | " + " | ".join(f"{counts[shape]:,}" for shape in SHAPES) + " |")


def main(models: list[str]) -> None:
    print_header("model")
    for model in models:
        goat = Goat.load(model)
        cells = []
        for digits, zeros in SHAPES:
            pairs = questions(digits, zeros)
            answers = goat.ask([f"What is {a} * {b}?" for a, b in pairs], batch_size=64)
            right = sum(answer.answer == str(a * b) for answer, (a, b) in zip(answers, pairs, strict=True))
            cells.append(f"{100 * right / len(pairs):.1f}")
        print(f"| {model} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if sys.argv[1].endswith(".jsonl"):
        count_in_data(sys.argv[1])
    else:
        main(sys.argv[1:])
