"""What `goat eval` asks: the BIG-bench and goat-large suites, or a file in the Goat schema, and the prompts.

    goat eval --suite bigbench --limit 20            # 20 items of each of the 20 sub-tasks
    goat eval --suite goat-large --per-task 100
    goat eval --data data/heldout.jsonl              # `instruction` (or `input`) and `answer`; `task` groups

Few-shot prompts (`--shots K`, the 'before' for an un-tuned base) put K solved examples from the training
distribution before each question: same operator and digit counts as the task, Goat's instructions and
chains, never a test item.
"""

from __future__ import annotations

import random
from pathlib import Path

from goat.arith.decompose import solve
from goat.arith.instructions import render_question
from goat.arith.parse import NotArithmetic, parse_expression, parse_question
from goat.arith.prompt import few_shot_prompt, format_prompt
from goat.arith.sample import number
from goat.benchmarks import BIGBENCH_TASKS, GOAT_LARGE_TASKS, bigbench_items, goat_large_items
from goat.data.records import read_records
from goat.errors import GoatError
from goat.eval.score import EvalItem

SUITES = {"bigbench": BIGBENCH_TASKS, "goat-large": list(GOAT_LARGE_TASKS)}


def suite_items(
    suite: str, tasks: list[str] | None = None, per_task: int = 100, bigbench_dir: str | None = None
) -> list[EvalItem]:
    if suite not in SUITES:
        raise GoatError(f"unknown suite {suite!r} (choose from {', '.join(SUITES)})")
    unknown = sorted(set(tasks or []) - set(SUITES[suite]))
    if unknown:
        raise GoatError(f"--tasks: {', '.join(unknown)} not in suite {suite} ({', '.join(SUITES[suite])})")
    if suite == "bigbench":
        items = bigbench_items(bigbench_dir, tasks)
    else:
        if per_task < 1:
            raise GoatError(f"--per-task must be at least 1, got {per_task}")
        items = goat_large_items(per_task, tasks)
    return [EvalItem(it.task, it.question, it.target, (it.a, it.op, it.b)) for it in items]


def task_name(expression: tuple[int, str, int]) -> str:
    """The paper's bucket name for a record with no `task`: 4Dx8D, 16D/1D, ..."""
    a, op, b = expression
    return f"{len(str(a))}D{'x' if op == '*' else op}{len(str(b))}D"


def data_items(path: str | Path, tasks: list[str] | None = None) -> list[EvalItem]:
    """Records of a dataset file (JSONL, JSON array or Parquet); any problem is reported with the file and line."""
    items = [_record_item(where, record) for where, record in read_records(path)]
    if not items:
        raise GoatError(f"{path}: no records (empty file)")
    if tasks:
        items = [it for it in items if it.task in tasks]
        if not items:
            raise GoatError(f"{path}: no records of tasks {', '.join(tasks)}")
    return items


def _record_item(where: str, record: dict) -> EvalItem:
    question = record.get("instruction") or record.get("input")
    if not isinstance(question, str) or not question.strip():
        raise GoatError(f"{where}: no 'instruction' or 'input' text")
    target = record.get("answer")
    if not isinstance(target, str | int) or str(target).strip() == "":
        raise GoatError(f"{where}: no 'answer'")
    expression = None
    for text, parse in ((record.get("input"), parse_expression), (question, parse_question)):
        try:
            expression = parse(text) if isinstance(text, str) else None
        except NotArithmetic:
            continue
        if expression:
            break
    task = record.get("task") or (task_name(expression) if expression else "other")
    return EvalItem(str(task), question.strip(), str(target).strip(), expression)


def limit_per_task(items: list[EvalItem], n: int | None) -> list[EvalItem]:
    """The first `n` items of every task, so a quick sample still covers them all."""
    if n is None:
        return items
    if n < 1:
        raise GoatError(f"--limit must be at least 1, got {n}")
    seen: dict[str, int] = {}
    kept = []
    for it in items:
        seen[it.task] = seen.get(it.task, 0) + 1
        if seen[it.task] <= n:
            kept.append(it)
    return kept


def solved_examples(
    expression: tuple[int, str, int], k: int, exclude: set[tuple[int, str, int]], seed: str
) -> list[tuple[str, str]]:
    """K (instruction, output) pairs like training records of the same operator and digit counts."""
    _, op, _ = expression
    digits_a, digits_b = (len(str(x)) for x in expression[::2])
    rng = random.Random(seed)
    shots: list[tuple[str, str]] = []
    while len(shots) < k:
        a, b = number(rng, digits_a), number(rng, digits_b)
        # Single-digit facts are exempt, as in the data generator's guard: BIG-bench's 1-digit tasks hold them all.
        if (a, op, b) in exclude and max(a, b) > 9 or (op == "/" and b == 0):
            continue
        shots.append((render_question(a, op, b, rng), solve(a, op, b)))
    return shots


def prompts(items: list[EvalItem], shots: int = 0, seed: int = 0) -> list[str]:
    """Zero-shot prompts, or `shots` solved examples per task (the same ones for every item of a task)."""
    if shots < 0:
        raise GoatError(f"--shots must be at least 0, got {shots}")
    if shots == 0:
        return [format_prompt(it.question) for it in items]
    exclude = {it.expression for it in items if it.expression}
    per_task: dict[str, list[tuple[str, str]]] = {}
    out = []
    for it in items:
        if it.expression is None:
            raise GoatError(f"--shots needs arithmetic questions; task {it.task!r} has {it.question!r}")
        if it.task not in per_task:
            per_task[it.task] = solved_examples(it.expression, shots, exclude, f"{seed}-{it.task}")
        out.append(few_shot_prompt(it.question, per_task[it.task]))
    return out
