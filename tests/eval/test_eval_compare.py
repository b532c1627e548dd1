"""`goat compare`: items paired across both report formats, McNemar's exact test, clear errors."""

from __future__ import annotations

import gzip
import json

import pytest

from goat.cli import main
from goat.eval.compare import compare, load_exact, mcnemar_p


def _results_json(folder, rows):
    folder.mkdir()
    (folder / "results.json").write_text(json.dumps({"meta": {}, "summary": {}, "predictions": rows}))
    return folder


def _outputs_gz(folder, rows):
    folder.mkdir()
    with gzip.open(folder / "outputs.jsonl.gz", "wt") as f:
        f.writelines(json.dumps(row) + "\n" for row in rows)
    return folder


def _row(task, question, exact):
    return {"task": task, "question": question, "exact": exact, "output": "", "prediction": "", "target": ""}


def test_mcnemar_exact_p_values():
    assert mcnemar_p(0, 0) == 1.0 and mcnemar_p(3, 3) == 1.0
    assert mcnemar_p(0, 5) == pytest.approx(2 / 32)  # all five disagreements one way
    assert mcnemar_p(11, 1) == mcnemar_p(1, 11) == pytest.approx(2 * 13 / 4096)
    assert mcnemar_p(0, 200) < 1e-50


def test_items_pair_across_formats_and_only_shared_ones_count(tmp_path, capsys):
    before = [_row("add", "1+1?", True), _row("add", "2+2?", False), _row("add", "2+2?", True),
              _row("sub", "5-3?", False), _row("sub", "only in A", True)]  # fmt: skip
    after = [_row("add", "1+1?", True), _row("add", "2+2?", True), _row("add", "2+2?", True),
             _row("sub", "5-3?", True), _row("mul", "only in B", False)]  # fmt: skip
    a, b = _results_json(tmp_path / "a", before), _outputs_gz(tmp_path / "b", after)
    assert len(load_exact(a)) == 5  # the question asked twice is two items
    rows = compare(load_exact(a), load_exact(b))
    assert [(r["task"], r["n"], r["a"], r["b"], r["only_a"], r["only_b"]) for r in rows] == [
        ("add", 3, 2, 3, 0, 1), ("sub", 1, 0, 1, 0, 1), ("all shared items", 4, 2, 4, 0, 2)]  # fmt: skip
    assert rows[-1]["p"] == pytest.approx(0.5)
    assert main(["compare", str(a), str(b), "--out", str(tmp_path / "new" / "cmp.md")]) == 0  # makes the folder
    printed = capsys.readouterr().out
    assert "| all shared items | 4 | 50.0 | 100.0 | +50.0 | 0 | 2 | 0.500 |" in printed
    assert "Not compared: 1 items only in A, 1 only in B." in printed
    assert (tmp_path / "new" / "cmp.md").read_text() == printed


def test_bad_folders_fail_with_one_line(tmp_path, capsys):
    def error(*argv: str) -> str:
        assert main(["compare", *argv]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1, err
        return err

    assert f"{tmp_path}: no outputs.jsonl.gz or results.json" in error(str(tmp_path), str(tmp_path))
    a = _results_json(tmp_path / "a", [_row("add", "1+1?", True)])
    b = _results_json(tmp_path / "b", [_row("add", "9+9?", True)])
    assert "share no items" in error(str(a), str(b), "--out", str(tmp_path / "cmp.md"))
    assert not (tmp_path / "cmp.md").exists()
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "results.json").write_text("{oops")
    assert "results.json: not a goat eval report (JSONDecodeError" in error(str(tmp_path / "c"), str(a))
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "outputs.jsonl.gz").write_bytes(b"not gzip")
    assert "outputs.jsonl.gz: not a goat eval report (BadGzipFile" in error(str(tmp_path / "d"), str(a))
    e = _outputs_gz(tmp_path / "e", [{"task": "add", "question": "1+1?"}])  # no "exact"
    assert "outputs.jsonl.gz: not a goat eval report (KeyError" in error(str(e), str(a))
