"""`goat eval`: generate answers for a suite, score them, audit the chains, write the report.

    goat eval --suite bigbench --limit 20 --out reports/quick          # 20 items per sub-task, default model
    goat eval --model runs/tiny --suite goat-large --per-task 100 --out reports/large
    goat eval --model smollm2-135m --suite bigbench --limit 50 --shots 3 --out reports/before-3shot
    goat eval --model runs/tiny --data data/heldout.jsonl --out reports/heldout

An interrupted run resumes: answers are appended to OUT/.progress.jsonl batch by batch and reused when
the same command runs again (same model and shots); the file is removed once the report is written.
"""

from __future__ import annotations

import argparse
import json
import shlex
import time
from pathlib import Path

from goat.errors import GoatError

PROGRESS = ".progress.jsonl"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("eval", help="evaluate a model on BIG-bench arithmetic, goat-large or a data file",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("--model", help="run dir, adapter, merged or HF model dir, .gguf, smollm2-135m (default: shipped)")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--suite", choices=["bigbench", "goat-large"], help="a built-in test suite")
    what.add_argument("--data", help="JSONL or JSON file in the Goat schema (instruction or input, answer, task)")
    p.add_argument("--out", default="reports/eval", help="report folder (default: %(default)s)")
    p.add_argument("--limit", type=int, help="evaluate only the first N items of EACH task (quick samples)")
    p.add_argument("--tasks", nargs="+", help="only these tasks (e.g. 3_digit_multiplication, 6D/3D)")
    p.add_argument("--batch-size", type=int, default=32, help="questions decoded together (default: %(default)s)")
    p.add_argument("--per-task", type=int, default=100, help="goat-large items per task (default: %(default)s)")
    p.add_argument("--shots", type=int, default=0, help="K solved examples before each question (default: 0)")
    p.add_argument("--bigbench-dir", help="folder with the 20 BIG-bench arithmetic task files")
    p.add_argument("--backend", choices=["hf", "vllm"], default="hf", help="vllm: GPU, plain HF model dirs only")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from goat.eval import suites
    from goat.eval.generate import max_new_tokens_for
    from goat.eval.report import overall, write_report
    from goat.eval.score import score, summarize

    if args.batch_size < 1:
        raise GoatError(f"--batch-size must be at least 1, got {args.batch_size}")
    if args.data:
        items = suites.data_items(args.data, args.tasks)
    else:
        items = suites.suite_items(args.suite, args.tasks, args.per_task, args.bigbench_dir)
    items = suites.limit_per_task(items, args.limit)
    prompts = suites.prompts(items, args.shots)
    limits = [max_new_tokens_for(it.expression, it.target) for it in items]
    out = Path(args.out)
    meta = {
        "model": args.model or "default",
        "suite": args.suite or args.data,
        "shots": args.shots,
        "command": _command(args),
        "items": len(items),
    }

    started = time.perf_counter()
    outputs = _generate_resumable(args, prompts, limits, out / PROGRESS, meta)
    meta["seconds"] = round(time.perf_counter() - started, 2)
    meta["items_per_second"] = round(len(items) / max(meta["seconds"], 1e-9), 2)

    predictions = [score(it, p, o) for it, p, o in zip(items, prompts, outputs, strict=True)]
    summary = summarize(predictions)
    files = write_report(out, predictions, summary, meta)
    (out / PROGRESS).unlink(missing_ok=True)
    for task, s in summary.items():
        print(f"{task:>24}  exact {100 * s['exact_match']:5.1f}%  digit {100 * s['digit_match']:5.1f}%  n={s['n']}")
    hits, n = overall(summary)
    print(f"{'all items':>24}  exact {100 * hits / n:5.1f}%  ({hits:,} / {n:,})")
    samples = [f for f in files if f.parent.name == "samples"]
    print(f"wrote {', '.join(str(f) for f in files if f not in samples)} and {len(samples)} sample files")
    return 0


def _command(args: argparse.Namespace) -> str:
    """The command line that reproduces this run, rebuilt from the parsed flags."""
    words = ["goat", "eval"]
    for flag in ("model", "suite", "data", "out", "limit", "tasks", "batch_size", "per_task", "shots", "bigbench_dir"):
        value = getattr(args, flag)
        if value is not None and not (flag == "per_task" and args.suite != "goat-large"):
            words += [f"--{flag.replace('_', '-')}", *map(str, value if isinstance(value, list) else [value])]
    return shlex.join(words)


def _generate_resumable(args, prompts: list[str], limits: list[int], progress: Path, meta: dict) -> list[str]:
    """Answers for `prompts`, reusing those a previous run of the same model and shots saved in `progress`."""
    from goat.eval.generate import generate, generate_vllm, vllm_available

    key = {"model": meta["model"], "shots": meta["shots"]}
    done: dict[str, str] = {}
    if progress.is_file():
        lines = progress.read_text().splitlines()
        if lines and json.loads(lines[0]) == key:
            for line in lines[1:]:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:  # the last line of a killed run may be cut short
                    continue
                done[record["prompt"]] = record["output"]
    todo = [i for i, p in enumerate(prompts) if p not in done]
    if not todo:
        return [done[p] for p in prompts]
    if args.backend == "vllm":
        from goat.models import DEFAULT_MODEL

        model_dir = Path(args.model or DEFAULT_MODEL)
        if not vllm_available():
            raise GoatError("--backend vllm needs vLLM installed (pip install vllm; GPU only)")
        if not (model_dir / "config.json").is_file():
            raise GoatError(
                f"{model_dir}: --backend vllm needs a full or merged HF model directory (goat export --merge)"
            )
        new = generate_vllm(str(model_dir), [prompts[i] for i in todo], [limits[i] for i in todo])
        done.update((prompts[i], text) for i, text in zip(todo, new, strict=True))
        return [done[p] for p in prompts]

    from goat.models import load_model

    model, tokenizer, _ = load_model(args.model)  # before writing anything, so a bad --model leaves no file
    if done:
        print(f"goat: resuming: {len(prompts) - len(todo)} of {len(prompts)} answers already in {progress}")
    else:
        progress.parent.mkdir(parents=True, exist_ok=True)
        progress.write_text(json.dumps(key) + "\n")
    with progress.open("a") as log:

        def save(rows: list[int], texts: list[str]) -> None:
            for r, text in zip(rows, texts, strict=True):
                done[prompts[todo[r]]] = text
                log.write(json.dumps({"prompt": prompts[todo[r]], "output": text}) + "\n")
            log.flush()

        generate(model, tokenizer, [prompts[i] for i in todo], [limits[i] for i in todo], args.batch_size,
                 on_batch=save)  # fmt: skip
    return [done[p] for p in prompts]
