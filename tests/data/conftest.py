import json
from pathlib import Path

import pytest

from goat.data.generate import guard_keys


@pytest.fixture(scope="session")
def guard() -> frozenset:
    """The real contamination guard: BIG-bench arithmetic and goat-large test items."""
    return guard_keys()


@pytest.fixture
def write_recipe(tmp_path: Path):
    """Write a TOML recipe from text and return its path."""

    def write(text: str, name: str = "recipe.toml") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return write


@pytest.fixture
def read_jsonl():
    def read(path: Path) -> list[dict]:
        return [json.loads(line) for line in path.read_text().splitlines()]

    return read
