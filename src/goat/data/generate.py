"""Write a recipe's records to JSONL, a JSON array or Parquet: streaming, in parallel, byte-identical for any
number of workers.

    goat data generate --recipe goat --out data/goat.jsonl --seed 0 --workers 2
    goat data generate --recipe small --out data/small.parquet --limit 2000

How: the recipe's records are cut into fixed-size shards, each holding its even share of every digit bucket.
Shard k draws its operands from a generator seeded with (seed, k), shuffles its records and comes back as
encoded bytes, which are written in shard order. So the worker count changes only who computes a shard,
never its bytes; `--limit K` writes a prefix of the full file, and any prefix mixes every family. Memory is
a few shards in flight, whatever the recipe's size.

A record (Goat's schema plus `task`):
    {"instruction": "What is 397 x 4429?", "input": "397 * 4429", "output": "397 * 4429 = 4429 * (300 + ...",
     "answer": "1758313", "task": "mul_cot_3x4"}
`input` is the bare expression `a op b`; for the learnability families it is the number (copy, split) or the
numbers separated by ", " (compare: `a, b`; order: `n1, n2, ...`), and `answer` is the whole output.
`task` is the kind and the operands' digit counts: add_8x8, sub_16x8, mul_16x1 (a one-digit operand),
mul_cot_4x6 (both multi-digit: the decomposed chain), mul_aligned_4x6 (that chain with its running sums
zero-filled), mul_ascending_4x6 (that chain split from the ones up), mul_lines_4x6 (that chain with each partial
product on a line of its own, beside its expression), sub_aligned_5x5 (a short difference zero-filled
first: `9388 - 9135 = 0253 = 253`), mul_direct_4x6, div_16x1, div_cot_6x3, div_aligned_6x3 (that chain with its short
differences zero-filled), div_table_6x3 (that, opened by the question and the divisor's multiples and closed by the
quotient's sum), div_direct_6x3, copy_5, split_5, compare_5, order_5.

Contamination guard: a record whose (a, op, b) is a test item of BIG-bench arithmetic or goat-large is dropped
and counted, except one-digit-by-one-digit facts (BIG-bench's 1-digit tasks hold all of them).
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import random
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from goat.arith import decompose
from goat.arith.instructions import render_family, render_questions
from goat.arith.sample import exact_division, number, round_number
from goat.data.recipe import Family, Recipe
from goat.data.records import FIELDS
from goat.errors import GoatError

SHARD_SIZE = 10_000  # records per shard: small enough to stream, large enough to amortise the hand-off
FORMATS = (".jsonl", ".json", ".parquet")

_escape = json.encoder.encode_basestring  # the C escaper behind json.dumps(..., ensure_ascii=False)


@dataclass
class Summary:
    records: int = 0
    dropped: int = 0  # equal to a test item
    exempt: int = 0  # equal to a test item but a one-digit-by-one-digit fact, so kept
    tasks: Counter = field(default_factory=Counter)
    dropped_tasks: Counter = field(default_factory=Counter)

    def add(self, other: Summary) -> None:
        self.records += other.records
        self.dropped += other.dropped
        self.exempt += other.exempt
        self.tasks.update(other.tasks)
        self.dropped_tasks.update(other.dropped_tasks)


# The kinds that write one of goat's own steps (goat.arith.decompose), by kind; the others write Goat's formats.
_OWN_STEPS = {
    "mul_aligned": lambda a, op, b: decompose.multiply(a, b, aligned=True),
    "mul_ascending": lambda a, op, b: decompose.multiply(a, b, ascending=True),
    "mul_lines": lambda a, op, b: decompose.multiply(a, b, lines=True),
    "sub_aligned": lambda a, op, b: decompose.subtract(a, b, aligned=True),
    "div_aligned": lambda a, op, b: decompose.divide(a, b, aligned=True),
    "div_table": lambda a, op, b: decompose.divide(a, b, aligned=True, table=True),
}


def _arithmetic(family: Family, da: int, db: int, n: int, rng: random.Random, guard: frozenset) -> list[tuple]:
    """`n` records of one digit bucket as (task, JSONL line, exempt); the line is None where the guard drops it."""
    op, kind, exact, swap = family.op, family.kind, family.exact, family.swap
    write = _OWN_STEPS.get(kind) or (decompose.direct if kind.endswith("_direct") else decompose.solve)
    if kind in ("mul", "mul_aligned", "mul_ascending", "mul_lines") and (1 in (da, db) or family.round_b):
        kind = "mul"  # a one-digit or a round operand: one line, whichever chain the family writes
    elif kind == "mul":
        kind = "mul_cot"
    elif kind in ("div", "div_aligned", "div_table"):
        kind = "div" if db == 1 else ("div_cot" if kind == "div" else kind)  # a one-digit divisor: one line
    pairs, swaps = [], []
    for _ in range(n):
        if exact and rng.random() < exact and (pair := exact_division(rng, da, db)):
            pairs.append(pair)
            swaps.append(False)
        else:
            a, b = number(rng, da), (round_number if family.round_b else number)(rng, db)
            swapped = swap and rng.random() < 0.5
            pairs.append((b, a) if swapped else (a, b))
            swaps.append(swapped)
    tasks = (f"{kind}_{da}x{db}", f"{kind}_{db}x{da}")
    entries = []
    for (a, b), swapped, question in zip(pairs, swaps, render_questions(pairs, op, rng), strict=True):
        task = tasks[swapped]
        if (a, op, b) in guard:
            if a > 9 or b > 9:
                entries.append((task, None, False))
                continue
            exempt = True
        else:
            exempt = False
        line = jsonl_line((question, f"{a} {op} {b}", write(a, op, b), decompose.answer(a, op, b), task))
        entries.append((task, line, exempt))
    return entries


def _learnability(family: Family, d: int, rng: random.Random) -> tuple[str, ...]:
    kind = family.kind
    if kind in ("copy", "split"):
        n = number(rng, d)
        values, text, output = {"n": n}, str(n), decompose.copy(n) if kind == "copy" else decompose.split(n)
    elif kind == "compare":
        a, b = number(rng, d), number(rng, d)
        values, text, output = {"a": a, "b": b}, f"{a}, {b}", decompose.compare(a, b)
    else:
        numbers = [number(rng, d) for _ in range(family.numbers)]
        text = ", ".join(map(str, numbers))
        values, output = {"numbers": text}, decompose.order(numbers)
    return render_family(kind, rng, **values), text, output, output, f"{kind}_{d}"


def jsonl_line(fields: tuple[str, ...]) -> str:
    """`json.dumps(dict(zip(FIELDS, fields)), ensure_ascii=False)` + newline, built with the C string escaper:
    a record is five strings, and skipping the dict and the generic encoder halves the cost of a line."""
    instruction, text, output, answer, task = map(_escape, fields)
    return (
        f'{{"instruction": {instruction}, "input": {text}, "output": {output}, "answer": {answer}, "task": {task}}}\n'
    )


def shard_counts(counts: list[int], shards: int, index: int) -> list[int]:
    """Shard `index`'s share of every bucket: spread evenly, so any shard (and any prefix) mixes all buckets."""
    return [c * (index + 1) // shards - c * index // shards for c in counts]


# Set once per process (the pool's initializer), so a shard's message is only its counts and seed.
_STATE: dict = {}


def _init_worker(buckets: list[tuple[Family, int, int]], guard: frozenset) -> None:
    _STATE.update(buckets=buckets, guard=guard)


def _make_shard(job: tuple[list[int], str, int]) -> tuple[bytes, Summary]:
    """The JSONL bytes of one shard and what it counted; depends only on the recipe, seed and shard index.

    Bucket by bucket (the per-record work stays in tight loops), then shuffled, then cut at `limit`."""
    counts, seed, limit = job
    buckets, guard = _STATE["buckets"], _STATE["guard"]
    rng = random.Random(seed)
    entries = []
    for (family, da, db), n in zip(buckets, counts, strict=True):
        if not n:
            continue
        if family.op is None:
            records = [_learnability(family, da, rng) for _ in range(n)]
            entries += [(fields[4], jsonl_line(fields), False) for fields in records]
        else:
            entries += _arithmetic(family, da, db, n, rng, guard)
    rng.shuffle(entries)
    del entries[limit:]
    summary = Summary()
    lines = [line for _, line, _ in entries if line is not None]
    summary.records, summary.exempt = len(lines), sum(exempt for _, _, exempt in entries)
    summary.tasks.update(task for task, line, _ in entries if line is not None)
    summary.dropped_tasks.update(task for task, line, _ in entries if line is None)
    summary.dropped = len(entries) - len(lines)
    return "".join(lines).encode(), summary


def _shards(recipe: Recipe, seed: int, guard: frozenset, workers: int, limit: int | None, shard_size: int):
    """Shard results in order; shard k's records are seeded by (seed, k) whoever computes them."""
    buckets = [(f, da, db) for f in recipe.families for da, db in f.buckets]
    counts = [c for f in recipe.families for c in f.counts]
    shards = max(1, -(-recipe.total // shard_size))
    remaining = recipe.total if limit is None else min(limit, recipe.total)

    def jobs():
        nonlocal remaining
        for k in range(shards):
            if remaining <= 0:
                return
            share = shard_counts(counts, shards, k)
            yield share, f"{seed}-shard-{k}", min(remaining, sum(share))
            remaining -= sum(share)

    if workers == 1:
        _init_worker(buckets, guard)
        yield from map(_make_shard, jobs())
        return
    with multiprocessing.get_context("fork").Pool(workers, _init_worker, (buckets, guard)) as pool:
        pending: deque = deque()
        for job in jobs():  # at most 2 shards per worker in flight: memory stays flat however long the run
            pending.append(pool.apply_async(_make_shard, (job,)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


class _Writer:
    """Streams shards of JSONL bytes into the chosen format."""

    def __init__(self, path: Path, handle: io.BufferedWriter):
        self.suffix, self.handle, self.first, self.parquet = path.suffix, handle, True, None
        if self.suffix == ".json":
            handle.write(b"[\n")
        elif self.suffix == ".parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            self.schema = pa.schema([(name, pa.string()) for name in FIELDS])
            self.parquet = pq.ParquetWriter(handle, self.schema)

    def write(self, jsonl: bytes) -> None:
        if not jsonl:
            return
        if self.suffix == ".jsonl":
            self.handle.write(jsonl)
        elif self.suffix == ".json":  # one record a line inside the array, so `verify` can name lines
            body = jsonl.rstrip(b"\n").replace(b"\n", b",\n")
            self.handle.write(body if self.first else b",\n" + body)
        else:
            import pyarrow.json as pj

            options = pj.ParseOptions(explicit_schema=self.schema)
            self.parquet.write_table(pj.read_json(io.BytesIO(jsonl), parse_options=options))
        self.first = False

    def close(self) -> None:
        if self.suffix == ".json":
            self.handle.write(b"\n]\n")
        elif self.parquet is not None:
            self.parquet.close()


def check_output_path(out: str | Path) -> Path:
    path = Path(out)
    if path.suffix not in FORMATS:
        raise GoatError(f"{path}: unsupported output format {path.suffix or '(none)'!r} (use {', '.join(FORMATS)})")
    if path.is_dir():
        raise GoatError(f"{path}: is a folder; give a file name")
    return path


def generate(
    recipe: Recipe,
    out: str | Path,
    seed: int = 0,
    workers: int = 1,
    limit: int | None = None,
    guard: frozenset | None = None,
    shard_size: int = SHARD_SIZE,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Write `recipe`'s records (the first `limit` of them) to `out`; nothing appears there unless it all worked."""
    path = check_output_path(out)
    if workers < 1:
        raise GoatError(f"--workers must be at least 1, got {workers}")
    if limit is not None and limit < 0:
        raise GoatError(f"--limit must be 0 or more, got {limit}")
    path.parent.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same folder, so os.replace is atomic
    try:
        with open(tmp, "wb") as handle:
            writer = _Writer(path, handle)
            for jsonl, part in _shards(recipe, seed, guard or frozenset(), workers, limit, shard_size):
                writer.write(jsonl)
                summary.add(part)
                if progress:
                    progress(part.records + part.dropped)
            writer.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return summary


def guard_keys(bigbench_dir: str | None = None) -> frozenset:
    """The test items' (a, op, b): about 27 k tuples, a few MB in each worker."""
    from goat.benchmarks import test_keys

    return frozenset(test_keys(bigbench_dir))


def run(recipe: Recipe, out: str, seed: int, workers: int, limit: int | None, bigbench_dir: str | None) -> Summary:
    """The CLI's generate: guard, progress bar, summary lines."""
    from tqdm import tqdm

    check_output_path(out)  # before the guard loads: a bad --out fails at once
    guard = guard_keys(bigbench_dir)
    start = time.perf_counter()
    total = recipe.total if limit is None else min(limit, recipe.total)
    with tqdm(total=total, unit=" rec", unit_scale=True, desc="generate", disable=None, leave=False) as bar:
        summary = generate(recipe, out, seed, workers, limit, guard, progress=bar.update)
    seconds = time.perf_counter() - start
    print(
        f"wrote {summary.records:,} records to {out} (recipe {recipe.name}, seed {seed}, {workers} worker(s)) "
        f"in {seconds:.1f} s, {summary.records / max(seconds, 1e-9):,.0f} records/s"
    )
    print(
        f"contamination guard: dropped {summary.dropped:,} records equal to a BIG-bench or goat-large test item; "
        f"kept {summary.exempt:,} one-digit-by-one-digit facts that BIG-bench also holds (exempt: its 1-digit "
        "tasks hold every such fact)"
    )
    if summary.dropped_tasks:
        top = ", ".join(f"{t} {n}" for t, n in summary.dropped_tasks.most_common(5))
        print(f"  most dropped: {top}")
    families = Counter()
    for task, n in summary.tasks.items():
        families[task.rsplit("_", 1)[0]] += n
    print("records per kind: " + ", ".join(f"{k} {n:,}" for k, n in sorted(families.items())))
    return summary
