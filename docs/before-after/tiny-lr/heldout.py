"""Held-out loss and whole-answer match of finished runs, per kind of record, side by side.

    python docs/before-after/tiny-lr/heldout.py HELDOUT.jsonl MODEL_DIR [MODEL_DIR ...]

Why: runs cut to a few minutes are too young for `goat eval` to tell apart on BIG-bench, and one logged training
loss swings with its batch. `goat.train.heldout` scores records none of them trained on, the way they were trained
(what `goat train --heldout` logs during a run); a record matches when greedy decoding would write its whole answer.
The generator's task names are pooled here into BIG-bench's shapes and, for the rest, their family.
"""

import sys

from goat.models import load_model
from goat.train.heldout import read_heldout, score

KINDS = {
    **{f"add_{n}x{n}": f"add {n}D" for n in range(1, 6)},
    **{f"sub_aligned_{n}x{n}": f"sub {n}D" for n in range(1, 6)},
    "mul_cot_2x2": "mul 2D x 2D",
    "mul_cot_3x3": "mul 3D x 3D",
}
FAMILIES = {"add": "add, other lengths", "sub_aligned": "sub, other lengths", "mul": "mul n x 1", "div": "div n / 1",
            "div_aligned": "div chains (2-5-digit divisors)"}  # fmt: skip


def kind(task: str) -> str:
    return KINDS.get(task) or FAMILIES.get(task.rsplit("_", 1)[0], task)


def pooled(result: dict) -> dict[str, list[float]]:
    """kind -> [records, matched], summed over the kind's tasks."""
    out: dict[str, list[float]] = {}
    for task, t in result["tasks"].items():
        k = out.setdefault(kind(task), [0, 0])
        k[0], k[1] = k[0] + t["records"], k[1] + t["matched"]
    return out


def main(heldout: str, model_dirs: list[str]) -> None:
    results = {}
    for path in model_dirs:
        model, tokenizer, _ = load_model(path)
        model.eval()
        results[path] = score(model, tokenizer, *read_heldout(heldout, tokenizer))
    kinds = {d: pooled(r) for d, r in results.items()}
    names = sorted(next(iter(kinds.values())), key=lambda k: (k.split()[0], k))
    print(f"Whole answers matched % per kind of record in `{heldout}` (teacher-forced: what greedy decoding would")
    print("write in full), and the loss per answer token over all of them:\n")
    print("| kind | records | " + " | ".join(f"`{d}`" for d in results) + " |")
    print("|---|---" + "|---" * len(results) + "|")
    for name in names:
        n = kinds[model_dirs[0]][name][0]
        print(f"| {name} | {n} | " + " | ".join(f"{100 * k[name][1] / n:.1f}" for k in kinds.values()) + " |")
    print(f"| all | {results[model_dirs[0]]['records']} | "
          + " | ".join(f"**{100 * r['match']:.1f}**" for r in results.values()) + " |")  # fmt: skip
    print("| loss per answer token | | " + " | ".join(f"{r['loss']:.4f}" for r in results.values()) + " |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
