"""Settings: paper defaults, layering defaults < config file < flags, and errors that name the flag or key."""

from __future__ import annotations

import argparse

import pytest

from goat.errors import GoatError
from goat.train import args as train_args


def _flags(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser(allow_abbrev=False)
    train_args.add_flags(parser)
    return vars(parser.parse_args(argv))


def test_defaults_are_the_papers():
    args = train_args.TrainArgs()
    assert (args.lora.r, args.lora.alpha, args.lora.dropout, args.lr) == (64, 64, 0.05, 3e-4)
    assert args.lora.targets == ["q_proj", "k_proj", "v_proj", "o_proj"]
    assert (args.batch_size, args.epochs, args.cutoff) == (128, 1.0, 512)


def test_flags_override_config_which_overrides_defaults(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("lr: 1e-3\nlora_r: 8\nlora-targets: [q_proj, v_proj]\nmax_steps: 50\nbf16: true\n")
    flags = _flags(["--lr", "2e-3", "--lora", "--lora-layers", "3"])
    args = train_args.resolve((str(config), train_args.read_config(config)), ("flags", flags))
    assert args.lr == 2e-3  # flag beats config (YAML reads "1e-3" as a string: coerced)
    assert args.lora.r == 8 and args.lora.targets == ["q_proj", "v_proj"] and args.max_steps == 50 and args.bf16
    assert args.full is False and args.lora.layers == 3
    assert args.batch_size == 128  # untouched default


def test_saved_config_round_trips(tmp_path):
    args = train_args.resolve(("flags", _flags(["--data", "d.jsonl", "--out", "o", "--full", "--lora-r", "16"])))
    train_args.save_config(args, tmp_path / "train.yaml", "goat train ...")
    again = train_args.resolve(("saved", train_args.read_config(tmp_path / "train.yaml")))
    assert again == args


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lr: fast\n", "lr: 'fast' is not a valid float"),
        ("learning_rate: 1\n", "unknown setting 'learning_rate'"),
        ("- 1\n", "expected a mapping"),
        ("lr: [1\n", "not valid YAML"),
    ],
)
def test_bad_config_files(tmp_path, text, message):
    path = tmp_path / "c.yaml"
    path.write_text(text)
    with pytest.raises(GoatError, match=message):
        train_args.resolve((str(path), train_args.read_config(path)))


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--micro-batch-size", "3"], r"--micro-batch-size \(3\) must divide --batch-size \(128\)"),
        (["--max-steps", "0"], "--max-steps must be positive"),
        (["--lora-dropout", "1.5"], r"--lora-dropout must be in \[0, 1\)"),
        (["--max-steps", "2.5"], "--max-steps: '2.5' is not a valid int"),
        (["--out", ""], "--out is required"),
    ],
)
def test_bad_flags_name_the_flag(argv, message):
    with pytest.raises(GoatError, match=message):
        train_args.validate(train_args.resolve(("flags", _flags(["--data", "d.jsonl", "--out", "o", *argv]))))
