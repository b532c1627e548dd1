"""Time `goat data generate` against a one-record-at-a-time generator in the original Goat notebook's style.

    .venv/bin/python bench/bench_data.py                      # the whole goat recipe (~1.7 M records), 2 workers
    .venv/bin/python bench/bench_data.py --limit 300000       # quicker: the first 300 k records of it

Both write the same recipe's records (same buckets and counts) to a file under a temporary folder, in one run,
and print records/s, the ratio and each one's peak memory (the baseline runs in a child process so the two
peaks are measured apart). The baseline is written here, not imported, and mirrors the notebook: `randint`
operands, chains built with string concatenation, every record kept in a list, one `json.dump(indent=4)`; its
records carry the same instruction phrasings and task labels as goat's, so both do the same work. CPU seconds
are printed too: on this shared 2-core machine other jobs take cores away from both, and the wall-clock ratio
moves with them.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import resource
import tempfile
import time
from pathlib import Path

from goat.arith.instructions import render_question
from goat.data.generate import generate, guard_keys
from goat.data.recipe import Recipe, load_recipe


# ---------------------------------------------------------------------------------------------------------
# BASELINE: the original notebook's style (one record at a time, all in memory, one indented JSON dump).
# ---------------------------------------------------------------------------------------------------------
def notebook_multiply(num1: int, num2: int) -> str:
    question = f"{num1} * {num2}"
    if num1 < num2:
        num1, num2 = num2, num1
    if len([d for d in str(num2) if d != "0"]) <= 1 or len([d for d in str(num1) if d != "0"]) <= 1:
        return question + " = " + str(num1 * num2)
    digits = [int(d) for d in str(num2)]
    split = [d * 10 ** (len(digits) - i - 1) for i, d in enumerate(digits) if d != 0]
    cot = question + " = " + f"{num1} * (" + " + ".join(str(x) for x in split) + ")"
    cot += " = " + " + ".join(f"{num1} * {x}" for x in split)
    terms = [num1 * x for x in split]
    cot += " = " + " + ".join(str(x) for x in terms)
    while len(terms) > 1:
        terms = [terms[0] + terms[1]] + terms[2:]
        cot += " = " + " + ".join(str(x) for x in terms)
    return cot


def notebook_divide(num1: int, num2: int) -> str:
    if num2 == 0:
        return f"{num1} / 0 is undefined"
    quotient, remainder = num1 // num2, num1 % num2
    answer = f"{quotient} R {remainder}" if remainder else str(quotient)
    if num2 < 10 or num1 <= num2:
        return f"{num1} / {num2} = {answer}"
    cot, rest = "", num1
    q = str(quotient)
    for i, d in enumerate(q):
        if d == "0":
            continue
        multiple = int(d) * 10 ** (len(q) - i - 1)
        cot += f"{rest} - {num2} * {multiple} = {rest} - {num2 * multiple} = {rest - num2 * multiple}\n"
        rest -= num2 * multiple
    return cot + f"Therefore, {num1} / {num2} = {answer}"


def notebook_generate(recipe: Recipe, out: Path, scale: float) -> int:
    data = []
    for family in recipe.families:
        for (i, j), count in zip(family.buckets, family.counts, strict=True):
            for _ in range(round(count * scale)):
                num1 = random.randint(10 ** (i - 1), 10**i)
                num2 = random.randint(10 ** (j - 1), 10**j)
                if family.swap and random.random() < 0.5:
                    num1, num2 = num2, num1
                op = family.op
                if op == "+":
                    output, answer = f"{num1} + {num2} = {num1 + num2}", str(num1 + num2)
                elif op == "-":
                    output, answer = f"{num1} - {num2} = {num1 - num2}", str(num1 - num2)
                elif op == "*":
                    output, answer = notebook_multiply(num1, num2), str(num1 * num2)
                else:
                    output = notebook_divide(num1, num2)
                    answer = output.split(" = ")[-1] if num2 else "undefined"
                question = f"{num1} {op} {num2}"
                # The same phrasings as goat's records (not a cheaper 6-template list), so both do the same work.
                instruction = render_question(num1, op, num2, random)
                task = f"{family.kind}_{len(str(num1))}x{len(str(num2))}"
                data.append(
                    {"instruction": instruction, "input": question, "output": output, "answer": answer, "task": task}
                )
    random.shuffle(data)
    with open(out, "w") as f:
        json.dump(data, f, indent=4)
    return len(data)


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _baseline_child(recipe_name: str, out: str, scale: float, queue) -> None:
    start, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF)
    n = notebook_generate(load_recipe(recipe_name), Path(out), scale)
    seconds, cpu = time.perf_counter() - start, cpu_seconds(resource.RUSAGE_SELF) - cpu
    queue.put((n, seconds, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def run_baseline(recipe_name: str, out: Path, scale: float) -> tuple[int, float, float, float]:
    """In a fresh process, so its peak memory is its own. `scale` < 1 (from --limit) shrinks every bucket."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_baseline_child, args=(recipe_name, str(out), scale, queue))
    child.start()
    result = queue.get()
    child.join()
    return result


# ---------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipe", default="goat")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None, help="first K records only (both generators)")
    args = parser.parse_args()
    recipe = load_recipe(args.recipe)
    total = recipe.total if args.limit is None else min(args.limit, recipe.total)
    print(f"recipe {recipe.name}: {total:,} records; goat with {args.workers} worker(s) vs the notebook style")
    with tempfile.TemporaryDirectory() as tmp:
        guard = guard_keys()
        start, cpu = time.perf_counter(), cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN)
        summary = generate(recipe, Path(tmp) / "goat.jsonl", 0, args.workers, args.limit, guard)
        ours = time.perf_counter() - start
        ours_cpu = cpu_seconds(resource.RUSAGE_SELF) + cpu_seconds(resource.RUSAGE_CHILDREN) - cpu
        ours_peak = max(resource.getrusage(r).ru_maxrss for r in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        load_ours = os.getloadavg()[0]
        print(
            f"goat data generate: {summary.records:,} records in {ours:.1f} s = {summary.records / ours:,.0f} "
            f"records/s ({ours_cpu:.1f} CPU s), peak {ours_peak / 1024:.0f} MB per process "
            f"(guard dropped {summary.dropped:,})"
        )
        scale = total / recipe.total
        n, base_seconds, base_cpu, base_peak = run_baseline(args.recipe, Path(tmp) / "notebook.json", scale)
        print(
            f"notebook style:     {n:,} records in {base_seconds:.1f} s = {n / base_seconds:,.0f} records/s "
            f"({base_cpu:.1f} CPU s), peak {base_peak:.0f} MB"
        )
    ratio = (summary.records / ours) / (n / base_seconds)
    cpu_ratio = (summary.records / ours_cpu) / (n / base_cpu)
    print(f"ratio: {ratio:.1f}x the notebook style's records/s (wall clock); {cpu_ratio:.1f}x per CPU second")
    print(f"1-minute load average: {load_ours:.1f} after ours, {os.getloadavg()[0]:.1f} after the baseline "
          f"({os.cpu_count()} cores; other processes slow both)")  # fmt: skip


if __name__ == "__main__":
    main()
