"""Items/s of goat's batched generation against one question at a time, same model and items, in one run.

The baseline is what the original demo app does: tokenize one prompt, `model.generate`, decode, next.
goat's `goat.eval.generate.generate` decodes with continuous batching (`Decoder`): up to --batch-size rows,
shortest bound first, each row leaving the step it is done and new rows joining when half the batch is
free, keys and values in a buffer that grows without copying. Both decode greedily with the same per-item
max_new_tokens. The model is the `tiny` preset with random weights (a model that never says EOS, so both
sides decode every token of their bound: the comparison is of decoding throughput alone, not of when a
trained model stops).

    .venv/bin/python bench/bench_generate.py                    # BIG-bench, 16 items of each of the 20 tasks
    .venv/bin/python bench/bench_generate.py --per-task 8 --batch-size 32 --threads 2

Measured on the 2-core CPU (no GPU), 2026-11-25, quiet machine (load average below 1), default flags
(1 thread, batch 128): one at a time 5.91 items/s (54.1 s), batched 50.43 items/s (6.3 s): 8.5x, 320/320
outputs identical (batch 64: 8.2x). With `--threads 2`: 6.89 vs 79.77 items/s, 11.6x. While another
one-thread job ran (load 2): 7.9x. With 2 threads on a busy 2-core machine, both sides stall (OpenMP
threads wait for a busy core).
"""

from __future__ import annotations

import argparse
import os
import time

import torch

from goat.eval.generate import generate, max_new_tokens_for
from goat.eval.suites import limit_per_task, prompts, suite_items
from goat.models import build_digit_tokenizer, build_model


def one_at_a_time(model, tokenizer, batch_prompts: list[str], limits: list[int]) -> list[str]:
    outputs = []
    for prompt, limit in zip(batch_prompts, limits, strict=True):
        ids = tokenizer(prompt, return_tensors="pt")
        out = model.generate(**ids, max_new_tokens=limit, do_sample=False, pad_token_id=tokenizer.pad_token_id)
        outputs.append(tokenizer.decode(out[0, ids["input_ids"].shape[1] :], skip_special_tokens=True).strip())
    return outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-task", type=int, default=16, help="BIG-bench items per task (20 tasks)")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--threads", type=int, default=1, help="1: the machine is shared (2 threads stall)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    tokenizer = build_digit_tokenizer()
    model = build_model("tiny", tokenizer).eval()
    items = limit_per_task(suite_items("bigbench"), args.per_task)
    batch_prompts = prompts(items)
    limits = [max_new_tokens_for(it.expression) for it in items]
    print(f"{len(items)} BIG-bench items, {sum(limits)} new tokens in all, tiny model, {args.threads} threads")

    with torch.inference_mode():
        start = time.perf_counter()
        single = one_at_a_time(model, tokenizer, batch_prompts, limits)
        single_s = time.perf_counter() - start
    start = time.perf_counter()
    batched = generate(model, tokenizer, batch_prompts, limits, args.batch_size, progress=False)
    batched_s = time.perf_counter() - start

    same = sum(a == b.split("\n\n")[0].strip() for a, b in zip(batched, single, strict=True))
    print(f"| one at a time (demo app) | {len(items) / single_s:7.2f} items/s | {single_s:6.1f} s |")
    print(f"| batched, batch {args.batch_size:<9} | {len(items) / batched_s:7.2f} items/s | {batched_s:6.1f} s |")
    print(f"speed-up {single_s / batched_s:.1f}x; identical outputs: {same}/{len(items)}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other jobs slow both sides)")


if __name__ == "__main__":
    main()
