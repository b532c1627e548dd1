"""Each study end to end with a microscopic budget, and resume: done variants skipped, interrupted ones continued."""

from __future__ import annotations

import json

from goat.arith.steps import steps
from goat.cli import main


def _report(out):
    report = json.loads((out / "results.json").read_text())
    assert (out / "results.png").read_bytes().startswith(b"\x89PNG")
    return report, (out / "results.md").read_text()


def test_learnability_runs_and_resume_skips_done_variants(micro, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["study", "learnability", "--tasks", "copy", *micro()]) == 0
    first = (out / "variants" / "copy.json").read_text()
    result = json.loads(first)
    assert result["train"]["steps"] == 2 and result["train"]["step_cap"] == 2
    assert result["test"]["n"] >= 1 and 0 <= result["test"]["exact_match"] <= 1
    train = [json.loads(x) for x in (tmp_path / "runs" / "copy" / "data" / "train.jsonl").read_text().splitlines()]
    test = [json.loads(x) for x in (tmp_path / "runs" / "copy" / "data" / "test.jsonl").read_text().splitlines()]
    assert not {r["input"] for r in train} & {r["input"] for r in test}  # disjoint

    assert main(["study", "learnability", "--tasks", "copy", "mul_2x2_steps", "--resume", *micro()]) == 0
    assert "copy: done already" in capsys.readouterr().out
    assert (out / "variants" / "copy.json").read_text() == first
    report, md = _report(out)
    assert [v["variant"] for v in report["variants"]] == ["copy", "mul_2x2_steps"]
    assert "| mul_2x2_steps | 2D x 2D with Goat's chain" in md
    steps = [json.loads(x)["output"] for x in (tmp_path / "runs" / "mul_2x2_steps" / "data" / "train.jsonl").open()]
    assert all(" = " in s for s in steps) and any("(" in s for s in steps)  # Goat's chain


def test_ablation_writes_variant_formats(micro, tmp_path):
    assert main(["study", "ablation", "--tasks", "mul_no_adding", "div_no_product", *micro()]) == 0
    report, md = _report(tmp_path / "out")
    assert [v["variant"] for v in report["variants"]] == ["mul_no_adding", "div_no_product"]
    record = json.loads((tmp_path / "runs" / "div_no_product" / "data" / "train.jsonl").open().readline())
    assert "Therefore" in record["output"] and all(ln.count("=") == 1 for ln in record["output"].split("\n"))
    assert "| div_no_product |" in md
    for result in report["variants"]:  # the answers are kept, and the step measure is theirs
        outputs = [json.loads(x)["output"] for x in (tmp_path / "runs" / result["variant"] / "outputs.jsonl").open()]
        assert len(outputs) == result["test"]["n"]
        checked = [held for held in map(steps, outputs) if held]
        total = sum(map(len, checked))
        assert result["test"]["steps_held"] == (sum(map(sum, checked)) / total if total else None)


def test_tokenization_and_interrupted_variant_resumes(micro, tmp_path, capsys):
    assert main(["study", "tokenization", *micro()]) == 0
    report, _ = _report(tmp_path / "out")
    assert [(v["variant"], v["tokenizer"]) for v in report["variants"]] == [("digit", "digit"), ("grouped", "grouped")]
    grouped = json.loads((tmp_path / "runs" / "grouped" / "run" / "tokenizer.json").read_text())
    assert "123" in grouped["model"]["vocab"]  # the grouped run really trained with the grouped tokenizer

    # Interrupted after its checkpoint at step 2: no goat.json and no result. --resume continues to step 3.
    run = tmp_path / "runs" / "digit" / "run"
    (run / "goat.json").unlink()
    (tmp_path / "out" / "variants" / "digit.json").unlink()
    capsys.readouterr()
    assert main(["study", "tokenization", "--resume", *micro(steps=3)]) == 0
    captured = capsys.readouterr()
    assert "resuming from" in captured.err and "checkpoint-2" in captured.err
    assert "grouped: done already" in captured.out
    assert json.loads((tmp_path / "out" / "variants" / "digit.json").read_text())["train"]["steps"] == 3


def test_bad_variant_is_one_line_error(micro, capsys):
    assert main(["study", "ablation", "--tasks", "mul_nothing", *micro()]) == 2
    assert "no variant 'mul_nothing' in study ablation" in capsys.readouterr().err


def test_a_study_on_smollm2_trains_lora_and_says_so(micro, tmp_path):
    lora = ["--lora-r", "8", "--lora-targets", "q_proj", "down_proj"]
    assert main(["study", "learnability", "--tasks", "copy", "--base", "smollm2-135m", *lora, *micro(steps=1)]) == 0
    report, markdown = _report(tmp_path / "out")
    [variant] = report["variants"]
    assert variant["train"]["settings"]["base"] == "smollm2-135m" and variant["train"]["steps"] == 1
    assert variant["train"]["settings"]["lora_r"] == 8
    assert "a pretrained model with LoRA (base smollm2-135m" in markdown and "lora_targets q_proj/down_proj" in markdown
    run = tmp_path / "runs" / "copy" / "run"
    assert json.loads((run / "goat.json").read_text())["method"] == "lora"
    adapter = json.loads((run / "adapter_config.json").read_text())
    assert (adapter["r"], adapter["lora_alpha"], set(adapter["target_modules"])) == (8, 8, {"q_proj", "down_proj"})


def test_tokenization_needs_a_from_scratch_base(micro, capsys):
    assert main(["study", "tokenization", "--base", "smollm2-135m", *micro()]) == 2
    assert "trains its new tokenizers from scratch: --base tiny or small" in capsys.readouterr().err
