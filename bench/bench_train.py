"""Training throughput: goat's padding-free packing against the naive set-up of alpaca-lora (random batches padded
to their longest example), same model, data, settings and seed, in one run; length-grouped batches too.

    .venv/bin/python bench/bench_train.py                                   # tiny model, ~2 minutes on 2 cores
    .venv/bin/python bench/bench_train.py --base smollm2-135m --steps 6 --batch-size 16 --bf16 --lora-layers 15

Data: the first --records records of the `small` recipe (all families mixed, so lengths vary as in the goat
recipe). Each set-up trains through goat's own `train()` for --steps optimizer steps; tokens/s counts real
(non-padding) tokens between the first and the last logged step, so start-up and the first step are left out.
The modes run in turn, --rounds times, and each mode reports its best round (the machine is shared).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from goat.data.generate import run as generate_data
from goat.data.recipe import load_recipe
from goat.train.args import TrainArgs
from goat.train.train import METRICS_NAME, train


def tokens_per_second(run: Path) -> tuple[float, float]:
    """(tokens/s, share of the run's tokens) measured between the first and the last logged step."""
    rows = [json.loads(line) for line in (run / METRICS_NAME).read_text().splitlines()]
    first, last = rows[0], rows[-1]
    return (last["tokens"] - first["tokens"]) / (last["elapsed_s"] - first["elapsed_s"]), last["tokens"]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--base", default="tiny")
    p.add_argument("--records", type=int, default=4000)
    p.add_argument("--steps", type=int, default=12)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--micro-batch-size", type=int, default=16)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--bf16", action="store_true")
    p.add_argument("--lora-layers", type=int, default=None)
    p.add_argument("--modes", default="packed,padded,grouped")
    opts = p.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "small.jsonl"
        generate_data(load_recipe("small"), str(data), seed=0, workers=1, limit=opts.records, bigbench_dir=None)
        results: dict[str, list[float]] = {}
        for round_ in range(opts.rounds):
            for mode in opts.modes.split(","):
                args = TrainArgs(base=opts.base, data=str(data), out=f"{tmp}/{mode}-{round_}", batching=mode,
                                 max_steps=opts.steps, batch_size=opts.batch_size,
                                 micro_batch_size=opts.micro_batch_size, warmup_steps=0, save_steps=10**6,
                                 logging_steps=1, threads=opts.threads, bf16=opts.bf16)  # fmt: skip
                args.lora.layers = opts.lora_layers
                train(args)
                speed, tokens = tokens_per_second(Path(args.out))
                results.setdefault(mode, []).append(speed)
                print(f"round {round_} {mode:8s} {speed:8.0f} tokens/s ({tokens} real tokens)", flush=True)
    best = {mode: max(speeds) for mode, speeds in results.items()}
    print(f"\n{opts.base}, batch {opts.batch_size} (micro {opts.micro_batch_size}), {opts.steps} steps, best of "
          f"{opts.rounds}, threads {opts.threads or 'default'}{', bf16' if opts.bf16 else ''}")  # fmt: skip
    for mode, speed in best.items():
        print(f"  {mode:8s} {speed:8.0f} tokens/s   {speed / best.get('padded', speed):.2f}x naive")


if __name__ == "__main__":
    main()
