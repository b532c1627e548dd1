"""Padding-free packing must not let examples see each other, and logits at loss positions only must not change
the loss."""

from __future__ import annotations

import torch

from goat.models import build_digit_tokenizer
from goat.train.batching import Collator, loss_at_kept_logits
from goat.train.dataset import encode

RECORDS = [
    {"instruction": "What is 12 + 30?", "output": "12 + 30 = 42"},
    {"instruction": "Compute 7 - 9.", "output": "7 - 9 = -2"},
    {"instruction": "Add 123 and 4", "output": "123 + 4 = 127"},
]


def _micro_model():
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=120, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, use_cache=False)  # fmt: skip
    return LlamaForCausalLM(config).eval()


def test_packed_logits_equal_examples_run_one_by_one():
    tokenizer, model = build_digit_tokenizer(), _micro_model()
    examples = encode(RECORDS, tokenizer)
    batch = Collator(tokenizer, "packed")(examples)
    assert batch["input_ids"].shape[0] == 1 and "attention_mask" not in batch
    with torch.no_grad():
        packed = model(**{k: v for k, v in batch.items() if k != "labels"}).logits[0]
        start = 0
        for example in examples:
            alone = model(input_ids=torch.tensor([example["input_ids"]])).logits[0]
            torch.testing.assert_close(packed[start : start + len(alone)], alone, atol=1e-5, rtol=1e-5)
            start += len(alone)


def test_loss_from_kept_logits_equals_the_full_loss():
    tokenizer, model = build_digit_tokenizer(), _micro_model()
    examples = encode(RECORDS, tokenizer)
    full = Collator(tokenizer, "packed")(examples)
    kept = Collator(tokenizer, "packed", logits_at_loss=True)(examples)
    answer_tokens = sum(sum(t != -100 for t in e["labels"]) for e in examples)
    assert kept["logits_to_keep"].numel() == answer_tokens
    with torch.no_grad():
        reference = model(**full).loss
        outputs = model(**{k: v for k, v in kept.items() if k != "labels"})
        assert outputs.logits.shape[1] == answer_tokens
        torch.testing.assert_close(loss_at_kept_logits(outputs, kept["labels"]), reference)


def test_padded_batches_pad_labels_with_ignore_index():
    tokenizer = build_digit_tokenizer()
    examples = encode(RECORDS, tokenizer)
    batch = Collator(tokenizer, "padded")(examples)
    longest = max(len(e["input_ids"]) for e in examples)
    assert batch["input_ids"].shape == (3, -(-longest // 8) * 8)
    assert int(batch["attention_mask"].sum()) == sum(len(e["input_ids"]) for e in examples)
    assert (batch["labels"][batch["attention_mask"] == 0] == -100).all()
