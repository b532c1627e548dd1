"""Mean loss per answer token, by record kind, of one or more trained models on the same records.

    python docs/before-after/tiny-v17-lines/loss_by_kind.py DATA.jsonl MODEL_DIR [MODEL_DIR ...] [--per-kind 150]

Why: the trainer logs one loss per batch of mixed kinds, so a run whose loss stays high (candidate 17) does not say
where. This scores each model on the same records, `--per-kind` drawn at random (seed 0) from each kind (the task
name without its shape: `add`, `sub_aligned`, `mul_lines`, ...), with the training prompt and labels
(goat.train.dataset.encode), so the numbers compare with the training loss. Use records generated with a seed the
models were not trained on.
"""

import argparse
import random
from collections import defaultdict

import torch

from goat.data.records import read_records
from goat.models import load_model
from goat.train.dataset import encode


def sample_by_kind(path: str, per_kind: int) -> dict[str, list[dict]]:
    records = [record for _, record in read_records(path)]
    random.Random(0).shuffle(records)
    by_kind = defaultdict(list)
    for r in records:
        kind = r["task"].rsplit("_", 1)[0]
        if len(by_kind[kind]) < per_kind:
            by_kind[kind].append(r)
    return dict(sorted(by_kind.items()))


@torch.no_grad()
def loss_per_token(model, tokenizer, records: list[dict]) -> float:
    total = tokens = 0.0
    for example in encode(records, tokenizer):
        n = sum(label != -100 for label in example["labels"])
        ids, labels = (torch.tensor([example[k]], device=model.device) for k in ("input_ids", "labels"))
        out = model(ids, labels=labels)
        total += out.loss.item() * n
        tokens += n
    return total / tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data")
    parser.add_argument("models", nargs="+")
    parser.add_argument("--per-kind", type=int, default=150)
    args = parser.parse_args()
    by_kind = sample_by_kind(args.data, args.per_kind)
    print("| model | " + " | ".join(f"{k} ({len(rs)})" for k, rs in by_kind.items()) + " |")
    print("|---" * (len(by_kind) + 1) + "|")
    for m in args.models:
        model, tokenizer, _ = load_model(m)
        model.eval()
        losses = [loss_per_token(model, tokenizer, rs) for rs in by_kind.values()]
        print(f"| `{m}` | " + " | ".join(f"{loss:.3f}" for loss in losses) + " |")


if __name__ == "__main__":
    main()
