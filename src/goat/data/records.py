"""Read a dataset back, one record at a time, from JSONL, a JSON array or Parquet (what `generate` writes).

Each record comes with where it is (`file:line` for JSONL, `file: record N` / `file: row N` otherwise) so
`verify` can name it. A file that cannot be read or parsed is bad input (GoatError), not a bad record.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from goat.errors import GoatError

FIELDS = ("instruction", "input", "output", "answer", "task")


def read_records(path: str | Path) -> Iterator[tuple[str, dict]]:
    path = Path(path)
    if not path.is_file():
        raise GoatError(f"{path}: file not found")
    try:
        if path.suffix == ".parquet":
            yield from _parquet(path)
        elif path.suffix == ".json":
            yield from _json_array(path)
        else:
            yield from _jsonl(path)
    except (OSError, UnicodeDecodeError) as e:
        raise GoatError(f"{path}: cannot read: {e}") from None


def _record(where: str, value: object) -> tuple[str, dict]:
    if not isinstance(value, dict):
        raise GoatError(f"{where}: a record must be a JSON object, got {type(value).__name__}")
    return where, value


def _jsonl(path: Path) -> Iterator[tuple[str, dict]]:
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as e:
                raise GoatError(f"{path}:{number}: not valid JSON ({e.msg})") from None
            yield _record(f"{path}:{number}", value)


def _json_array(path: Path) -> Iterator[tuple[str, dict]]:
    """Loads the whole array (JSON has no streaming reader in the standard library); prefer JSONL when large."""
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise GoatError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    if not isinstance(values, list):
        raise GoatError(f"{path}: expected a JSON array of records, got {type(values).__name__}")
    for number, value in enumerate(values, 1):
        yield _record(f"{path}: record {number}", value)


def _parquet(path: Path) -> Iterator[tuple[str, dict]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        batches = pq.ParquetFile(path).iter_batches(batch_size=10_000)
        row = 0
        for batch in batches:
            for value in batch.to_pylist():
                row += 1
                yield f"{path}: row {row}", value
    except pa.ArrowException as e:
        raise GoatError(f"{path}: not a readable Parquet file ({e})") from None
