"""How examples become batches, so that little compute goes to padding.

- packed: padding-free. transformers' DataCollatorWithFlattening concatenates a micro-batch into one row with
  position_ids restarting at 0 for each example; with no attention mask, LLaMA's sdpa/eager attention then
  builds a block-diagonal causal mask from those positions, so examples never see each other (a test checks
  the logits equal those of the examples run one by one).
- grouped: padded batches of similar lengths (Trainer's `group_by_length` sampler).
- padded: the naive set-up of alpaca-lora (random batches padded to their longest example), kept for the
  benchmark.

With packing, `logits_at_loss` asks the model for output logits only at the positions that predict an answer
token (`logits_to_keep` takes a tensor of positions): for SmolLM2 the 49k-word output layer is about a fifth of
the forward pass and half the positions are prompt, whose logits the loss never reads.
"""

from __future__ import annotations

from typing import Any


class Collator:
    """Turns a list of tokenized examples (input_ids, labels) into a batch for the chosen batching."""

    def __init__(self, tokenizer, batching: str, logits_at_loss: bool = False):
        from transformers import DataCollatorForSeq2Seq, DataCollatorWithFlattening

        self.batching = batching
        self.logits_at_loss = logits_at_loss and batching == "packed"
        if batching == "packed":
            self.inner = DataCollatorWithFlattening(return_position_ids=True, separator_id=-100)
        else:
            # alpaca-lora's collator: pad to the longest in the batch (multiple of 8), labels padded with -100
            self.inner = DataCollatorForSeq2Seq(tokenizer, padding=True, pad_to_multiple_of=8, label_pad_token_id=-100)

    def __call__(self, examples: list[dict[str, Any]]) -> dict[str, Any]:
        batch = self.inner([{"input_ids": e["input_ids"], "labels": e["labels"]} for e in examples])
        if self.logits_at_loss:
            batch["logits_to_keep"] = loss_positions(batch["labels"])
        return batch


def loss_positions(labels):
    """Positions (of a one-row packed batch) whose next token carries loss: where the logits are needed."""
    return (labels[0, 1:] != -100).nonzero().squeeze(-1)


def loss_at_kept_logits(outputs, labels, num_items_in_batch=None):
    """Cross-entropy of logits computed only at `loss_positions(labels)` (Trainer's `compute_loss_func`).

    Sums over answer tokens and divides by the tokens of the whole accumulated batch, as transformers' own
    causal-LM loss does, so gradient accumulation and DDP see the same loss as without this shortcut.
    """
    import torch.nn.functional as F

    shifted = labels[0, 1:]
    targets = shifted[shifted != -100]
    logits = outputs.logits[0].float()
    loss = F.cross_entropy(logits, targets, reduction="sum")
    return loss / (num_items_in_batch if num_items_in_batch is not None else targets.numel())
