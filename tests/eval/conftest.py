"""A micro LLaMA with goat's digit tokenizer that has memorised a few test questions (about 3 s of training),
so the end-to-end tests can tell a right answer from a wrong one, and a data file in the Goat schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from goat.arith.decompose import solve
from goat.arith.prompt import format_prompt
from goat.eval.suites import suite_items

torch.set_num_threads(1)

ASK = "What is 12 x 34?"


def memorised() -> list[tuple[str, tuple[int, str, int]]]:
    """The first item of two BIG-bench and two goat-large tasks (the tests evaluate those), and ASK."""
    items = [
        *suite_items("bigbench", ["1_digit_addition", "2_digit_multiplication"]),
        *suite_items("goat-large", ["8D+8D", "6D/3D"], per_task=1),
    ]
    firsts = {it.task: it for it in reversed(items)}.values()
    return [(it.question, it.expression) for it in firsts] + [(ASK, (12, "*", 34))]


@pytest.fixture(scope="session")
def trained_model(tmp_path_factory) -> Path:
    from transformers import LlamaConfig, LlamaForCausalLM

    from goat.models import build_digit_tokenizer

    tokenizer = build_digit_tokenizer()
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=512,
                         pad_token_id=0, bos_token_id=1, eos_token_id=2)  # fmt: skip
    torch.manual_seed(0)
    model = LlamaForCausalLM(config)
    prompts = [format_prompt(q) for q, _ in memorised()]
    texts = [p + solve(*e) + tokenizer.eos_token for p, (_, e) in zip(prompts, memorised(), strict=True)]
    tokenizer.padding_side = "right"
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    labels = batch["input_ids"].masked_fill(batch["attention_mask"] == 0, -100)
    for row, prompt in enumerate(prompts):  # loss on the answer only, as goat train does
        labels[row, : len(tokenizer(prompt)["input_ids"])] = -100
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    for _ in range(400):
        loss = model(**batch, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        if loss.item() < 0.003:
            break
    path = tmp_path_factory.mktemp("model") / "micro"
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture
def data_file(tmp_path) -> Path:
    records = [
        {"instruction": ASK, "input": "12 * 34", "output": solve(12, "*", 34), "answer": "408", "task": "mul_cot_2x2"},
        {"instruction": "Compute 5 + 7.", "input": "5 + 7", "output": "5 + 7 = 12", "answer": "12"},
        {"input": "3 - 9", "answer": "-6"},
    ]
    path = tmp_path / "heldout.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path
