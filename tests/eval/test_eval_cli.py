"""`goat eval` end to end on a micro model that knows the first item of some tasks, and its bad inputs."""

from __future__ import annotations

import gzip
import json

import pytest

from goat.cli import main
from goat.eval.cli import PROGRESS
from goat.eval.report import COMPACT_KEYS

PNG = b"\x89PNG\r\n\x1a\n"


def _eval(tmp_path, model, *args) -> dict:
    out = tmp_path / "report"
    assert main(["eval", "--model", str(model), "--out", str(out), "--batch-size", "4", *args]) == 0
    assert (out / "accuracy.png").read_bytes().startswith(PNG)
    assert not (out / PROGRESS).exists()
    results = json.loads((out / "results.json").read_text())
    # The compact copy to ship beside a model holds the same answers and summary, without the audits.
    with gzip.open(out / "outputs.jsonl.gz", "rt") as f:
        compact = [json.loads(line) for line in f]
    assert compact == [{k: p[k] for k in COMPACT_KEYS} for p in results["predictions"]]
    assert json.loads((out / "summary.json").read_text()) == {k: results[k] for k in ("meta", "summary")}
    results["markdown"] = (out / "report.md").read_text()
    results["samples"] = sorted(p.name for p in (out / "samples").iterdir())
    return results


def test_bigbench_end_to_end(tmp_path, trained_model):
    tasks = ["1_digit_addition", "2_digit_multiplication"]
    r = _eval(tmp_path, trained_model, "--suite", "bigbench", "--tasks", *tasks, "--limit", "2")
    assert list(r["summary"]) == tasks and all(s["n"] == 2 for s in r["summary"].values())
    preds = r["predictions"]
    assert [p["question"] for p in preds] == ["What is 0 plus 0?", "What is 0 plus 1?", "What is 50 times 20?",
                                              "What is 53 times 23?"]  # fmt: skip
    # The memorised first items are answered right, through the real prompt, decoding and extraction.
    assert preds[0]["exact"] and preds[0]["output"] == "0 + 0 = 0" and preds[0]["audit"]["verified"]
    assert preds[2]["exact"] and preds[2]["prediction"] == "1000" and preds[2]["digit"] == 1.0
    for task, s in r["summary"].items():
        hits = sum(p["exact"] for p in preds if p["task"] == task)
        assert s["exact_match"] == hits / 2 and 0 <= s["ci95"][0] <= hits / 2 <= s["ci95"][1] <= 1
        assert sum(s["first_wrong"].values()) + s["no_wrong_step"] == 2 - hits
    assert "| 1_digit_addition | 2 |" in r["markdown"] and "100/100" in r["markdown"]  # the paper's figures
    assert r["samples"] == [f"{t}.jsonl" for t in tasks]
    assert r["meta"]["command"].startswith("goat eval --model")


def test_goat_large_end_to_end(tmp_path, trained_model):
    r = _eval(tmp_path, trained_model, "--suite", "goat-large", "--tasks", "8D+8D", "6D/3D", "--per-task", "2")
    assert list(r["summary"]) == ["8D+8D", "6D/3D"]
    first_division = next(p for p in r["predictions"] if p["task"] == "6D/3D")
    assert first_division["output"].startswith("526599 - 671 * 700 = ")  # a memorised division chain
    assert first_division["exact"] and first_division["audit"]["verified"]
    assert "| 6D/3D | 2 |" in r["markdown"] and "94.1/96.1" in r["markdown"]
    assert r["samples"] == ["6D_3D.jsonl", "8D+8D.jsonl"]


def test_data_file_end_to_end_groups_by_task(tmp_path, trained_model, data_file):
    r = _eval(tmp_path, trained_model, "--data", str(data_file))
    assert list(r["summary"]) == ["mul_cot_2x2", "1D+1D", "1D-1D"]  # `task`, else the digit bucket
    assert r["predictions"][0]["exact"] and r["predictions"][0]["audit"]["verified"]


def test_few_shot_prompts_hold_solved_examples(tmp_path, trained_model):
    r = _eval(tmp_path, trained_model, "--suite", "bigbench", "--tasks", "3_digit_division", "--limit", "1",
              "--shots", "2")  # fmt: skip
    prompt = r["predictions"][0]["prompt"]
    assert prompt.count("\nAnswer: ") == 3 and prompt.endswith("What is 852 divided by 4?\nAnswer: ")
    assert r["meta"]["shots"] == 2


def test_an_interrupted_eval_resumes_from_its_progress_file(tmp_path, trained_model):
    out = tmp_path / "report"
    out.mkdir()
    prompt = "What is 0 plus 0?\nAnswer: "
    (out / PROGRESS).write_text(json.dumps({"model": str(trained_model), "shots": 0}) + "\n"
                                + json.dumps({"prompt": prompt, "output": "0 + 0 = 7"}) + "\n")  # fmt: skip
    r = _eval(tmp_path, trained_model, "--suite", "bigbench", "--tasks", "1_digit_addition", "--limit", "2")
    assert r["predictions"][0]["output"] == "0 + 0 = 7"  # reused, not generated again
    assert r["predictions"][1]["question"] == "What is 0 plus 1?"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "no records (empty file)"),
        ('{"instruction": "What is 1 + 2?", "answer": "3"}\n{"instruction": "What is 1 + 2?"\n', ":2: not valid JSON"),
        ('{"instruction": "What is 1 + 2?", "answer": "3"}\n{"instruction": "What is 1 + 2?"}\n', ":2: no 'answer'"),
        ('{"answer": "3"}\n', ":1: no 'instruction' or 'input'"),
        ("[1, 2]", "bad.jsonl:1: a record must be a JSON object"),
    ],
)
def test_bad_data_files_name_the_line(tmp_path, capsys, content, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    out = tmp_path / "report"
    assert main(["eval", "--model", "tiny", "--data", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("goat: error: ") and message in err and err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--suite", "bigbench", "--tasks", "9_digit_addition"], "9_digit_addition not in suite bigbench"),
        (["--suite", "bigbench", "--limit", "0"], "--limit must be at least 1"),
        (["--suite", "goat-large", "--batch-size", "0"], "--batch-size must be at least 1"),
        (["--suite", "bigbench", "--bigbench-dir", "/nonexistent"], "not a BIG-bench arithmetic folder"),
    ],
)
def test_bad_flags(tmp_path, capsys, args, message):
    assert main(["eval", "--model", "tiny", "--out", str(tmp_path / "r"), *args]) == 2
    assert message in capsys.readouterr().err


def test_a_path_that_is_not_a_model(tmp_path, capsys, data_file):
    assert main(["eval", "--model", str(tmp_path), "--data", str(data_file), "--out", str(tmp_path / "r")]) == 2
    assert "not a model" in capsys.readouterr().err
