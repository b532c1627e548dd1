"""Training examples: read the generator's records, format them with the shared prompt, mask the prompt.

Each record {"instruction", "output", ...} becomes `format_prompt(instruction) + output + EOS`, with labels -100
on the prompt so the loss falls on the answer only (the paper's SFT). The prompt and the output are tokenized
separately and concatenated: inference tokenizes the prompt alone, so training sees the very same prompt tokens
(a BPE tokenizer could otherwise merge "Answer: " with the first digit).

    from goat.train.dataset import read_records, tokenize
    ds = tokenize(read_records("data/small.jsonl"), tokenizer, cutoff=512)
"""

from __future__ import annotations

import sys
from pathlib import Path

import goat.data.records
from goat.arith.prompt import format_prompt
from goat.errors import GoatError

FIELDS = ("instruction", "output")


def _check(record: dict, where: str) -> dict[str, str]:
    for key in FIELDS:
        value = record.get(key)
        if not isinstance(value, str) or not value.strip():
            problem = "missing" if key not in record else "not a non-empty string"
            raise GoatError(f"{where}: {key!r} {problem}")
    task = record.get("task")
    return {key: record[key] for key in FIELDS} | ({"task": task} if isinstance(task, str) and task else {})


def read_records(path: str | Path) -> list[dict[str, str]]:
    """The (instruction, output) pairs of a .jsonl, .json (array) or .parquet file, with each record's task name
    where it has one (held-out scores are reported per task); errors name the line."""
    records = [_check(record, where) for where, record in goat.data.records.read_records(path)]
    if not records:
        raise GoatError(f"{path}: no records")
    return records


def encode(records: list[dict[str, str]], tokenizer) -> list[dict[str, list[int]]]:
    """input_ids and labels of each example (one batched tokenizer call per field); the prompt's labels are -100."""
    prompts = tokenizer([format_prompt(r["instruction"]) for r in records])["input_ids"]
    answers = tokenizer([r["output"] for r in records], add_special_tokens=False)["input_ids"]
    eos = [tokenizer.eos_token_id]
    return [
        {"input_ids": p + a + eos, "labels": [-100] * len(p) + a + eos} for p, a in zip(prompts, answers, strict=True)
    ]


def tokenize(records: list[dict[str, str]], tokenizer, cutoff: int):
    """A datasets.Dataset of input_ids, labels and length; examples longer than `cutoff` are dropped (warned)."""
    from datasets import Dataset

    encoded = encode(records, tokenizer)
    kept = [e for e in encoded if len(e["input_ids"]) <= cutoff]
    dropped = len(encoded) - len(kept)
    if not kept:
        raise GoatError(f"all {len(encoded)} examples are longer than the cutoff of {cutoff} tokens (--cutoff)")
    if dropped:
        print(f"goat: warning: dropped {dropped} of {len(encoded)} examples longer than the cutoff of {cutoff} "
              "tokens (--cutoff)", file=sys.stderr)  # fmt: skip
    return Dataset.from_dict(
        {
            "input_ids": [e["input_ids"] for e in kept],
            "labels": [e["labels"] for e in kept],
            "length": [len(e["input_ids"]) for e in kept],
        }
    )


def file_sha256(path: str | Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with Path(path).open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
