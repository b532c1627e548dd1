"""The shipped default model (models/goat-default): `goat eval` uses it when no --model is given, and its
weights still write the outputs its shipped report holds (the report describes these very weights)."""

from __future__ import annotations

import gzip
import json

from goat.cli import main
from goat.models import DEFAULT_MODEL, read_run_info


def test_default_model_is_within_the_budget_and_small():
    """Every training stage counts: goat.json is the last one's, goat-stage1.json and so on the earlier ones'."""
    stages = [json.loads(p.read_text()) for p in sorted(DEFAULT_MODEL.glob("goat-stage*.json"))]
    stages.append(read_run_info(DEFAULT_MODEL))
    assert stages[0]["base"] == "tiny" and all(s["method"] == "full" for s in stages)  # from random weights
    assert sum(s["total_wall_time_s"] for s in stages) <= 2 * 3600  # the 2-hour budget, all stages together
    assert not any(s["stopped_by_time_limit"] for s in stages)
    assert (DEFAULT_MODEL / "model.safetensors").stat().st_size < 25 * 2**20


def test_default_model_reproduces_its_shipped_report(tmp_path):
    out = tmp_path / "r"
    assert main(["eval", "--suite", "bigbench", "--limit", "2", "--batch-size", "64", "--out", str(out)]) == 0
    with gzip.open(out / "outputs.jsonl.gz", "rt") as f:
        fresh = [json.loads(line) for line in f]
    with gzip.open(DEFAULT_MODEL / "eval" / "bigbench" / "outputs.jsonl.gz", "rt") as f:
        shipped = {(r["task"], r["question"]): r["output"] for r in map(json.loads, f)}
    assert len(fresh) == 40 and all((r["task"], r["question"]) in shipped for r in fresh)
    same = sum(r["output"] == shipped[(r["task"], r["question"])] for r in fresh)
    assert same >= 38, f"only {same} of 40 outputs match the shipped report"  # batch neighbours may flip a tie


def test_load_model_puts_the_model_on_the_gpu_only_when_there_is_one(monkeypatch):
    import torch

    from goat.models import load_model

    moves = []
    monkeypatch.setattr(torch.nn.Module, "to", lambda self, *args, **kwargs: moves.append(args) or self)
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    load_model()
    assert ("cuda",) not in moves
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)  # no GPU here: `to` only records the move
    load_model()
    assert moves[-1] == ("cuda",)
