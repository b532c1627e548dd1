"""The test sets: BIG-bench arithmetic (found on disk or fetched once) and the paper's larger-number tasks.

Pure Python, so the data generator's contamination guard and `goat eval` read the same items.

    python -c "from goat.benchmarks import bigbench_items; print(len(bigbench_items()))"   # 15923
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from goat.arith.audit import true_answer
from goat.arith.parse import parse_question
from goat.arith.sample import number
from goat.errors import GoatError

OPERATIONS = {"addition": "+", "subtraction": "-", "multiplication": "*", "division": "/"}
BIGBENCH_TASKS = [f"{n}_digit_{name}" for name in OPERATIONS for n in range(1, 6)]

# The paper's larger-number tasks: name -> (op, digits of a, digits of b).
GOAT_LARGE_TASKS: dict[str, tuple[str, int, int]] = {
    "8D+8D": ("+", 8, 8),
    "16D+8D": ("+", 16, 8),
    "16D+16D": ("+", 16, 16),
    "8D-8D": ("-", 8, 8),
    "16D-8D": ("-", 16, 8),
    "16D-16D": ("-", 16, 16),
    "1Dx16D": ("*", 1, 16),
    "4Dx8D": ("*", 4, 8),
    "6Dx6D": ("*", 6, 6),
    "16D/1D": ("/", 16, 1),
    "6D/3D": ("/", 6, 3),
    "12D/6D": ("/", 12, 6),
}
GOAT_LARGE_SEED = 20230523  # fixed: the suite is the same everywhere
GUARD_PER_TASK = 1000  # the guard covers goat-large up to this --per-task (items are a prefix of larger sets)
BIGBENCH_VERSION = "1.0.0"


@dataclass(frozen=True)
class Item:
    task: str
    question: str
    target: str
    a: int
    op: str
    b: int


def _candidate_dirs() -> list[Path]:
    here = Path(__file__).resolve()
    dirs = [Path(os.environ["GOAT_BIGBENCH_DIR"])] if os.environ.get("GOAT_BIGBENCH_DIR") else []
    for root in (Path.cwd(), *here.parents):
        dirs.append(root / "shared" / "benchmarks" / "bigbench_arithmetic")
        dirs.append(root.parent / "shared" / "benchmarks" / "bigbench_arithmetic")
    dirs.append(cache_dir())
    return dirs


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "goat" / "bigbench_arithmetic"


def _complete(d: Path) -> bool:
    return all((d / f"{t}.json").is_file() for t in BIGBENCH_TASKS)


def find_bigbench_dir(explicit: str | Path | None = None, fetch: bool = True) -> Path:
    """`explicit`, else $GOAT_BIGBENCH_DIR, else a `shared/benchmarks` copy, else the user cache (fetched once)."""
    if explicit is not None:
        d = Path(explicit)
        if not _complete(d):
            raise GoatError(f"{d}: not a BIG-bench arithmetic folder (expected {BIGBENCH_TASKS[0]}.json and 19 more)")
        return d
    for d in _candidate_dirs():
        if _complete(d):
            return d
    if not fetch:
        raise GoatError("BIG-bench arithmetic files not found; pass --bigbench-dir or allow fetching")
    return fetch_bigbench(cache_dir())


def fetch_bigbench(dest: Path) -> Path:
    """Download the `bigbench` sdist from PyPI with pip (about 360 MB) and keep only the 20 arithmetic task files.

    pip unpacks the sdist, then fails to prepare its metadata (bigbench declares a direct-URL dependency, which
    PyPI packages may not): `--no-clean` with our own TMPDIR keeps the unpacked tree, and that is all we need.
    """
    print(f"goat: fetching BIG-bench {BIGBENCH_VERSION} arithmetic from PyPI into {dest} (once)", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "--no-clean",
               "--no-build-isolation", "-d", str(Path(tmp) / "sdist"), f"bigbench=={BIGBENCH_VERSION}"]  # fmt: skip
        subprocess.run(cmd, capture_output=True, env={**os.environ, "TMPDIR": tmp})
        staging = Path(tmp) / "out"
        staging.mkdir()
        for sdist in Path(tmp).glob("sdist/bigbench-*.tar.gz"):  # pip finished: read the archive
            with tarfile.open(sdist) as tar:
                for member in tar.getmembers():
                    parts = Path(member.name).parts
                    wanted = len(parts) >= 3 and parts[-3] == "arithmetic" and parts[-2] in BIGBENCH_TASKS
                    if wanted and parts[-1] == "task.json":
                        with tar.extractfile(member) as src:  # type: ignore[union-attr]
                            (staging / f"{parts[-2]}.json").write_bytes(src.read())
        for task in BIGBENCH_TASKS:  # pip stopped after unpacking: read the tree it left
            for found in Path(tmp).glob(f"pip-*/*/bigbench/benchmark_tasks/arithmetic/{task}/task.json"):
                shutil.copyfile(found, staging / f"{task}.json")
        if not _complete(staging):
            raise GoatError("could not fetch the BIG-bench arithmetic files from PyPI; pass --bigbench-dir")
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(dest, ignore_errors=True)
        shutil.move(str(staging), dest)
    return dest


def bigbench_items(directory: str | Path | None = None, tasks: list[str] | None = None) -> list[Item]:
    d = find_bigbench_dir(directory)
    items = []
    for task in tasks or BIGBENCH_TASKS:
        path = d / f"{task}.json"
        for ex in json.loads(path.read_text())["examples"]:
            a, op, b = parse_question(ex["input"])
            items.append(Item(task, ex["input"], ex["target"].strip(), a, op, b))
    return items


def goat_large_items(per_task: int = 100, tasks: list[str] | None = None) -> list[Item]:
    """Deterministic for a given `per_task`: the same seed and order everywhere."""
    items = []
    for task in tasks or list(GOAT_LARGE_TASKS):
        op, da, db = GOAT_LARGE_TASKS[task]
        rng = random.Random(f"{GOAT_LARGE_SEED}-{task}")
        for _ in range(per_task):
            a, b = number(rng, da), number(rng, db)
            while op == "/" and b == 0:
                b = number(rng, db)
            items.append(Item(task, f"What is {a} {op} {b}?", true_answer(a, op, b), a, op, b))
    return items


def test_keys(bigbench_dir: str | Path | None = None) -> set[tuple[int, str, int]]:
    """(a, op, b) of every test item of BIG-bench and of goat-large: the contamination guard's list."""
    items = bigbench_items(bigbench_dir) + goat_large_items(GUARD_PER_TASK)
    return {(it.a, it.op, it.b) for it in items}
