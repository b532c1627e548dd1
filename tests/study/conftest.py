"""Fixtures for the study tests: the flags of a microscopic study (a few steps, a few items, one thread)."""

from __future__ import annotations

import pytest
import torch

torch.set_num_threads(1)


@pytest.fixture
def micro(tmp_path):
    """`goat study` flags for a run of seconds; results under tmp_path/out, runs under tmp_path/runs."""

    def flags(*extra: str, steps: int = 2) -> list[str]:
        return ["--budget-minutes", "1", "--max-steps", str(steps), "--train-records", "24", "--test-records", "3",
                "--batch-size", "4", "--threads", "1", "--out", str(tmp_path / "out"), "--runs", str(tmp_path / "runs"),
                *extra]  # fmt: skip

    return flags
