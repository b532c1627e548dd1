"""Fixtures for the training tests: a small arithmetic data file and a micro LLaMA (far smaller than the `tiny`
preset, so a training step takes milliseconds) saved as a Hugging Face directory, usable as --base PATH."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import torch

from goat.arith.decompose import solve
from goat.arith.instructions import render_question
from goat.train.args import TrainArgs

torch.set_num_threads(1)


def write_records(path: Path, n: int, seed: int = 0, digits: int = 3) -> Path:
    rng = random.Random(seed)
    with path.open("w") as f:
        for _ in range(n):
            a, b, op = rng.randrange(10**digits), rng.randrange(10**digits), rng.choice("+-")
            record = {
                "instruction": render_question(a, op, b, rng),
                "input": f"{a} {op} {b}",
                "output": solve(a, op, b),
            }
            f.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(scope="session")
def records_file(tmp_path_factory) -> Path:
    return write_records(tmp_path_factory.mktemp("data") / "add.jsonl", 64)


@pytest.fixture(scope="session")
def micro_base(tmp_path_factory) -> Path:
    """A 2-layer, 32-wide LLaMA with goat's digit tokenizer, saved as an HF model directory."""
    from transformers import LlamaConfig, LlamaForCausalLM

    from goat.models import build_digit_tokenizer

    tokenizer = build_digit_tokenizer()
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=512,
                         pad_token_id=0, bos_token_id=1, eos_token_id=2)  # fmt: skip
    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("micro") / "base"
    LlamaForCausalLM(config).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def micro_args(base: Path, data: Path, out: Path, **overrides) -> TrainArgs:
    """Settings for a run of a few milliseconds per step."""
    args = TrainArgs(base=str(base), data=str(data), out=str(out), batch_size=8, micro_batch_size=4, lr=3e-3,
                     warmup_steps=0, cutoff=128, save_steps=2, logging_steps=1, max_steps=4, threads=1)  # fmt: skip
    for key, value in overrides.items():
        if key.startswith("lora_"):
            setattr(args.lora, key.removeprefix("lora_"), value)
        else:
            setattr(args, key, value)
    return args
