r"""Read the final answer out of generated text, and score it against a target.

>>> extract_answer("594 - 64 * 9 = 594 - 576 = 18\nTherefore, 8914 / 64 = 139 R 18")
'139 R 18'
>>> digit_match("1758313", "1758323")
0.8571428571428572
"""

from __future__ import annotations

import re

_ANSWER = re.compile(r"-?\d+(?: R \d+)?")


def extract_answer(text: str) -> str | None:
    """The answer after `Therefore,`, else after the last `=`, else the last number; `undefined` for x / 0."""
    text = text.strip()
    if not text:
        return None
    lines = text.split("\n")
    final = next((ln for ln in reversed(lines) if ln.startswith("Therefore,")), None)
    tail = final if final is not None else lines[-1]
    if tail.rstrip(". ").endswith("undefined"):
        return "undefined"
    if "=" in tail:
        m = _ANSWER.match(tail.rsplit("=", 1)[1].strip())
        if m:
            return m[0]
    numbers = _ANSWER.findall(text)
    return numbers[-1] if numbers else None


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def digit_match(prediction: str | None, target: str) -> float:
    """The paper's second metric: 1 - character error rate, floored at 0."""
    if not target:
        return float(prediction in (None, ""))
    cer = levenshtein(prediction or "", target) / len(target)
    return max(0.0, 1.0 - cer)


def exact_match(prediction: str | None, target: str) -> bool:
    return prediction is not None and prediction.strip() == target.strip()
