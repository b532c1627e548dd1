"""Describe a dataset: records per task and the length of what the model trains on, in characters and tokens.

    goat data stats data/goat.jsonl
    goat data stats data/small.jsonl --tokenizer runs/tiny/    # also tokens (an HF tokenizer folder or .json,
                                                               # or tiny | small | smollm2-135m)

Lengths are of the training text, the prompt (goat.arith.prompt) plus the output, and of the output alone;
they are kept as histograms, so memory does not grow with the file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from goat.arith.prompt import format_prompt
from goat.data.records import read_records
from goat.errors import GoatError

TOKEN_BATCH = 2048  # texts per tokenizer call (the fast tokenizers work in batches)


def percentile(histogram: Counter, q: float) -> int:
    """The smallest length with at least q of the records at or below it."""
    total, seen = sum(histogram.values()), 0
    for length in sorted(histogram):
        seen += histogram[length]
        if seen >= q * total:
            return length
    return 0


def describe(histogram: Counter) -> str:
    if not histogram:
        return "-"
    total = sum(histogram.values())
    mean = sum(length * n for length, n in histogram.items()) / total
    points = "  ".join(f"p{int(q * 100)} {percentile(histogram, q)}" for q in (0.5, 0.9, 0.99))
    return f"min {min(histogram)}  mean {mean:.1f}  {points}  max {max(histogram)}"


def load_tokenizer(path: str):
    """A tokenizer folder, a tokenizer.json, or a base's name (tiny, small: the digit tokenizer; smollm2-135m)."""
    from transformers import AutoTokenizer, PreTrainedTokenizerFast

    from goat.models import BASES, PRESETS, build_digit_tokenizer, load_smollm2

    if path in BASES:
        return build_digit_tokenizer() if path in PRESETS else load_smollm2()[1]
    p = Path(path)
    try:
        if p.is_file() and p.suffix == ".json":
            return PreTrainedTokenizerFast(tokenizer_file=str(p))
        if p.is_dir():
            return AutoTokenizer.from_pretrained(p)
    except (OSError, ValueError) as e:
        raise GoatError(f"{path}: cannot load a tokenizer ({e})") from None
    raise GoatError(f"{path}: not a tokenizer folder or tokenizer.json")


def stats(path: str | Path, tokenizer_path: str | None = None) -> dict:
    tokenizer = load_tokenizer(tokenizer_path) if tokenizer_path else None
    tasks, text_chars, output_chars, text_tokens = Counter(), Counter(), Counter(), Counter()
    batch: list[str] = []

    def count_tokens() -> None:
        for ids in tokenizer(batch, add_special_tokens=False)["input_ids"]:
            text_tokens[len(ids)] += 1
        batch.clear()

    for where, record in read_records(path):
        try:
            text = format_prompt(record["instruction"]) + record["output"]
            tasks[record["task"]] += 1
        except (KeyError, TypeError, AttributeError):
            raise GoatError(f"{where}: a record needs string fields instruction, output and task") from None
        text_chars[len(text)] += 1
        output_chars[len(record["output"])] += 1
        if tokenizer is not None:
            batch.append(text)
            if len(batch) == TOKEN_BATCH:
                count_tokens()
    if tokenizer is not None and batch:
        count_tokens()
    return {"tasks": tasks, "text_chars": text_chars, "output_chars": output_chars, "text_tokens": text_tokens}


def run(path: str, tokenizer_path: str | None = None) -> int:
    result = stats(path, tokenizer_path)
    tasks: Counter = result["tasks"]
    total = sum(tasks.values())
    print(f"{path}: {total:,} records, {len(tasks)} tasks")
    kinds = Counter()
    for task, n in tasks.items():
        kinds[task.rsplit("_", 1)[0]] += n
    for kind, n in sorted(kinds.items()):
        buckets = sorted((t for t in tasks if t.rsplit("_", 1)[0] == kind), key=lambda t: tasks[t])
        print(f"  {kind:<12}{n:>10,} ({n / total:6.1%})  {len(buckets)} tasks, "
              f"{tasks[buckets[0]]:,} ({buckets[0]}) to {tasks[buckets[-1]]:,} ({buckets[-1]}) each")  # fmt: skip
    print(f"characters, prompt + output: {describe(result['text_chars'])}")
    print(f"characters, output:          {describe(result['output_chars'])}")
    if tokenizer_path:
        tokens = result["text_tokens"]
        print(f"tokens, prompt + output:     {describe(tokens)}  total {sum(k * n for k, n in tokens.items()):,}")
    return 0
