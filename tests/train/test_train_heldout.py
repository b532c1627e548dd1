"""Held-out scoring during training: a record matches exactly when greedy decoding writes its answer, runs log a
row per scoring step, and bad held-out files fail before the run starts."""

from __future__ import annotations

import json

import torch
from conftest import micro_args, write_records

from goat.arith.prompt import format_prompt
from goat.cli import main
from goat.models import load_model
from goat.train.heldout import read_heldout, record_scores, score
from goat.train.train import train


def _with_tasks(path, tasks):
    """Give the records of a data file task names, in turn."""
    records = [json.loads(line) for line in path.read_text().splitlines()]
    path.write_text("".join(json.dumps(r | {"task": tasks[i % len(tasks)]}) + "\n" for i, r in enumerate(records)))
    return path


def _greedy_writes(model, tokenizer, record) -> bool:
    """Whether greedy decoding from the prompt writes the record's output and then stops."""
    prompt = tokenizer(format_prompt(record["instruction"]), return_tensors="pt")["input_ids"]
    answer = tokenizer(record["output"], add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    with torch.no_grad():
        out = model.generate(prompt, max_new_tokens=len(answer), do_sample=False, pad_token_id=0)
    return out[0, prompt.shape[1] :].tolist() == answer


def test_a_match_is_exactly_what_greedy_decoding_writes(tmp_path, micro_base):
    # Memorise four records, so that some held-out answers are written in full and others are not.
    seen = write_records(tmp_path / "seen.jsonl", 4, seed=1, digits=1)
    train(micro_args(micro_base, seen, tmp_path / "run", max_steps=150, batch_size=4, micro_batch_size=4,
                     lr=1e-2, save_steps=1000))  # fmt: skip
    model, tokenizer, _ = load_model(tmp_path / "run")
    model.eval()
    heldout = tmp_path / "heldout.jsonl"
    heldout.write_text(seen.read_text() + (write_records(tmp_path / "new.jsonl", 12, seed=2, digits=3)).read_text())
    examples, tasks = read_heldout(heldout, tokenizer)
    matched = [m for m, _, _ in record_scores(model, tokenizer, examples)]
    records = [json.loads(line) for line in heldout.read_text().splitlines()]
    assert matched == [_greedy_writes(model, tokenizer, r) for r in records]
    assert any(matched[:4]) and not all(matched)  # both outcomes occur
    assert tasks == ["all"] * 16  # records without a task name pool together


def test_training_logs_heldout_rows_per_task(tmp_path, micro_base, records_file):
    heldout = _with_tasks(write_records(tmp_path / "heldout.jsonl", 10, seed=3), ["add_3x3", "sub_3x3"])
    args = micro_args(micro_base, records_file, tmp_path / "run", heldout=str(heldout), heldout_steps=3, max_steps=4)
    model, info = train(args)
    rows = [json.loads(line) for line in (tmp_path / "run" / "heldout.jsonl").read_text().splitlines()]
    assert [r["step"] for r in rows] == [3, 4]  # every 3 steps, and the last one
    assert rows[-1]["records"] == 10 and set(rows[-1]["tasks"]) == {"add_3x3", "sub_3x3"}
    assert sum(t["records"] for t in rows[-1]["tasks"].values()) == 10
    model.eval()
    tokenizer = load_model(tmp_path / "run")[1]
    again = score(model, tokenizer, *read_heldout(heldout, tokenizer))  # the final model afresh: the same figures
    assert again["match"] == rows[-1]["match"] and abs(again["loss"] - rows[-1]["loss"]) < 1e-4
    assert info["heldout"] == {"path": str(heldout), "step": 4, "records": 10, "loss": rows[-1]["loss"],
                               "match": rows[-1]["match"]}  # fmt: skip
    assert json.loads((tmp_path / "run" / "goat.json").read_text())["heldout"] == info["heldout"]


def test_bad_heldout_files_fail_before_the_run_dir_exists(tmp_path, micro_base, records_file, capsys):
    def goat_train(out: str, heldout) -> int:
        return main(["train", "--base", str(micro_base), "--data", str(records_file), "--out", str(tmp_path / out),
                     "--max-steps", "1", "--batch-size", "4", "--micro-batch-size", "4",
                     "--heldout", str(heldout)])  # fmt: skip

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"instruction": "1 + 1", "output": "1 + 1 = 2"}\n{"instruction": "2 + 2"}\n')
    assert goat_train("a", bad) == 2
    assert f"{bad}:2: 'output' missing" in capsys.readouterr().err
    assert goat_train("b", tmp_path / "none.jsonl") == 2
    assert "none.jsonl: file not found" in capsys.readouterr().err
    assert goat_train("c", records_file) == 2
    assert "--heldout is the --data file" in capsys.readouterr().err
    assert main(["train", "--base", "tiny", "--data", str(records_file), "--out", str(tmp_path / "d"),
                 "--heldout-steps", "0"]) == 2  # fmt: skip
    assert "--heldout-steps must be positive" in capsys.readouterr().err
    assert not any((tmp_path / name).exists() for name in "abcd")
