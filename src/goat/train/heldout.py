"""Held-out scores while a model trains: loss and whole-answer match on records it never trains on, per task.

Why: a run's logged training loss swings with each length-grouped batch and pools every task, and `goat eval`
generates token by token, minutes per call on a CPU. One teacher-forced forward pass over a few thousand held-out
records takes seconds and says, per task, how many answers the model would already write out in full: a record
"matches" when every answer token (and the EOS) is the model's top choice given the right tokens before it,
which is exactly when greedy decoding writes that answer. So `heldout.jsonl` traces each task's exact match over
training, and two runs can be compared on the same records at every step.

    goat train ... --heldout data/heldout.jsonl --heldout-steps 500      # rows in DIR/heldout.jsonl
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from transformers import TrainerCallback

from goat.train.dataset import encode, read_records

HELDOUT_NAME = "heldout.jsonl"
BATCH = 64
NO_TASK = "all"  # records without a task name


def read_heldout(path: str | Path, tokenizer) -> tuple[list[dict], list[str]]:
    """The held-out examples, tokenized as training tokenizes them, and each one's task name."""
    records = read_records(path)
    return encode(records, tokenizer), [r.get("task", NO_TASK) for r in records]


def record_scores(model, tokenizer, examples: list[dict]) -> list[tuple[bool, int, float]]:
    """(whole answer matched, answer tokens, summed loss) of each example, in padded batches as training pads them."""
    import torch
    import torch.nn.functional as F

    from goat.train.batching import Collator

    collate = Collator(tokenizer, "padded")
    out = []
    with torch.no_grad():
        for start in range(0, len(examples), BATCH):
            batch = collate(examples[start : start + BATCH])
            inputs = {k: batch[k].to(model.device) for k in ("input_ids", "attention_mask")}
            logits, targets = model(**inputs).logits[:, :-1].float().cpu(), batch["labels"][:, 1:]
            scored = targets != -100
            loss = F.cross_entropy(logits.transpose(1, 2), targets.clamp(min=0), reduction="none") * scored
            matched = ((logits.argmax(-1) == targets) | ~scored).all(dim=1)
            out += zip(matched.tolist(), scored.sum(dim=1).tolist(), loss.sum(dim=1).tolist(), strict=True)
    return out


def score(model, tokenizer, examples: list[dict], tasks: list[str]) -> dict:
    """Loss per answer token and the share of whole answers matched, over all examples and per task."""
    per_task: dict[str, list[float]] = {}  # task -> [records, matched, answer tokens, summed loss]
    for task, (matched, tokens, loss) in zip(tasks, record_scores(model, tokenizer, examples), strict=True):
        t = per_task.setdefault(task, [0, 0, 0, 0.0])
        t[0], t[1], t[2], t[3] = t[0] + 1, t[1] + matched, t[2] + tokens, t[3] + loss
    records, matched, tokens, loss = (sum(t[i] for t in per_task.values()) for i in range(4))
    return {
        "records": records,
        "loss": round(loss / tokens, 5),
        "match": round(matched / records, 5),
        "tasks": {
            task: {"records": n, "matched": hits, "loss": round(task_loss / task_tokens, 5)}
            for task, (n, hits, task_tokens, task_loss) in sorted(per_task.items())
        },
    }


class HeldOut(TrainerCallback):
    """Score the held-out records every `every` steps and at the last step; append a row to DIR/heldout.jsonl.

    The main process scores while the others wait at the next step's gradient exchange; the seconds it takes
    count towards --max-minutes.
    """

    def __init__(self, path: str, tokenizer, every: int, out: Path):
        self.tokenizer = tokenizer
        self.examples, self.tasks = read_heldout(path, tokenizer)
        self.every, self.out, self.last = every, out / HELDOUT_NAME, None

    def on_step_end(self, args, state, control, model=None, **kwargs):
        step = state.global_step
        if not state.is_world_process_zero or not (
            step % self.every == 0 or step >= state.max_steps or control.should_training_stop
        ):
            return
        model = getattr(model, "_orig_mod", model)  # score the plain module, not a torch.compile wrapper
        start = time.perf_counter()
        model.eval()
        result = score(model, self.tokenizer, self.examples, self.tasks)
        model.train()
        self.last = {"step": step, "seconds": round(time.perf_counter() - start, 2)} | result
        with self.out.open("a") as f:
            f.write(json.dumps(self.last) + "\n")
        from tqdm.auto import tqdm

        tqdm.write(f"goat: held out at step {step}: match {100 * result['match']:.1f}% of {result['records']:,} "
                   f"records, loss {result['loss']:.4f} ({self.out})", file=sys.stderr)  # fmt: skip
