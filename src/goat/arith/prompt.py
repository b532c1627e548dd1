"""The prompt, defined once: training formats examples with it and inference asks with it."""

from __future__ import annotations

TEMPLATE = "{instruction}\nAnswer: "  # the paper's prompt


def format_prompt(instruction: str) -> str:
    return TEMPLATE.format(instruction=instruction.strip())


def few_shot_prompt(instruction: str, shots: list[tuple[str, str]]) -> str:
    """K solved examples (instruction, output) before the question, each in the training format."""
    solved = "".join(format_prompt(q) + out + "\n\n" for q, out in shots)
    return solved + format_prompt(instruction)
