"""goat train's settings: two small dataclasses, layered defaults < --config FILE < flags, saved with each run.

Every field is a flag (`lr` -> `--lr`, LoRA's `r` -> `--lora-r`) and a key of the flat config file (`lr: 3.0e-4`,
`lora_r: 64`); the resolved settings are written to `DIR/train.yaml`, so a run is re-created with
`goat train --config DIR/train.yaml --out NEW`. Defaults are the paper's (Liu & Low 2023, with alpaca-lora's
warmup and schedule).
"""

from __future__ import annotations

import argparse
import json
import types
import typing
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from goat.errors import GoatError

BATCHING = ("grouped", "packed", "padded")


def _arg(default: Any, help: str) -> Any:
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass
class LoraArgs:
    r: int = _arg(64, "LoRA rank (paper: 64)")
    alpha: int = _arg(64, "LoRA alpha (paper: 64)")
    dropout: float = _arg(0.05, "LoRA dropout (paper: 0.05)")
    targets: list[str] = _arg(["q_proj", "k_proj", "v_proj", "o_proj"], "modules LoRA adapts (paper: q,k,v,o)")
    layers: int | None = _arg(
        None, "adapt only the top K layers: backward then stops below them (faster on a CPU); default all"
    )


@dataclass
class TrainArgs:
    base: str = _arg(
        "tiny", "tiny | small | tiny-deep | tiny-wide | smollm2-135m | a Hugging Face model directory | a .gguf file"
    )
    data: str = _arg("", "training data: the JSONL (or JSON array, or Parquet) that `goat data generate` writes")
    out: str = _arg("", "run directory: checkpoints, the final model or adapter, goat.json, metrics.jsonl")
    full: bool | None = _arg(
        None, "full fine-tuning (default for the from-scratch presets) instead of LoRA (default otherwise)"
    )
    init_adapter: str | None = _arg(
        None, "continue this trained LoRA run (a curriculum's next stage); the adapter's LoRA settings win"
    )
    epochs: float = _arg(1.0, "passes over the data (paper: 1)")
    max_steps: int | None = _arg(None, "stop after this many optimizer steps (overrides --epochs)")
    max_minutes: float | None = _arg(None, "stop (and save) after this many minutes of training")
    batch_size: int = _arg(128, "effective batch in examples, over micro-batches and processes (paper: 128)")
    micro_batch_size: int = _arg(16, "examples per forward pass per process; accumulation makes up the rest")
    lr: float = _arg(3e-4, "peak learning rate (paper: 3e-4)")
    warmup_steps: int = _arg(100, "linear warmup steps (alpaca-lora: 100)")
    lr_scheduler: str = _arg("linear", "transformers scheduler name: linear, cosine, constant, ...")
    weight_decay: float = _arg(0.0, "AdamW weight decay")
    cutoff: int = _arg(512, "longest example in tokens; longer ones are dropped with a warning (paper: 512)")
    batching: str = _arg(
        "grouped", "grouped (by length; fastest on a CPU) | packed (padding-free) | padded (naive, as alpaca-lora)"
    )
    loss_logits_only: bool = _arg(True, "compute output logits only where the loss is (packed batching)")
    bf16: bool = _arg(False, "bf16 autocast (CPUs with avx512_bf16, and GPUs); fp16 is never used on a CPU")
    torch_compile: bool = _arg(
        False, "torch.compile the model (inductor; a CPU needs a C++ compiler): about a minute to compile, then faster"
    )
    threads: int | None = _arg(None, "torch threads per process (default: the cores divided among processes)")
    deepspeed: str | None = _arg(None, "DeepSpeed config JSON (configs/deepspeed/zero2.json, zero3.json); GPUs only")
    seed: int = _arg(42, "seed for initialisation, data order and dropout")
    save_steps: int = _arg(200, "checkpoint every N optimizer steps into DIR/checkpoint-N/")
    save_total_limit: int = _arg(2, "checkpoints kept (the newest)")
    logging_steps: int = _arg(10, "log loss, lr and tokens/s every N steps")
    heldout: str | None = _arg(
        None,
        "records never trained on (a file like --data): their loss and exact match per task, every "
        "--heldout-steps and at the end, go to DIR/heldout.jsonl",
    )
    heldout_steps: int = _arg(1000, "score --heldout every N optimizer steps")
    lora: LoraArgs = field(default_factory=LoraArgs)

    def method(self) -> str:
        return "full" if self.full else "lora"

    def to_flat(self) -> dict[str, Any]:
        """The settings as the flat config file holds them."""
        flat = {k: v for k, v in asdict(self).items() if k != "lora"}
        flat.update({f"lora_{k}": v for k, v in asdict(self.lora).items()})
        return flat


def _flat_fields() -> dict[str, tuple[type, Any]]:
    """Flat key -> (dataclass, field) for every setting."""
    out = {f.name: (TrainArgs, f) for f in fields(TrainArgs) if f.name != "lora"}
    out.update({f"lora_{f.name}": (LoraArgs, f) for f in fields(LoraArgs)})
    return out


def _field_type(cls: type, name: str) -> tuple[Any, bool]:
    """(base type, optional) of a dataclass field, e.g. (int, True) for `int | None`."""
    hint = typing.get_type_hints(cls)[name]
    args = typing.get_args(hint)
    if isinstance(hint, types.UnionType) and type(None) in args:
        return next(a for a in args if a is not type(None)), True
    return hint, False


def _coerce(value: Any, cls: type, name: str, where: str) -> Any:
    kind, optional = _field_type(cls, name)
    if value is None and optional:
        return None
    try:
        if kind is bool:
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("true", "yes", "1", "false", "no", "0"):
                return str(value).lower() in ("true", "yes", "1")
            raise ValueError
        if typing.get_origin(kind) is list:
            items = value.split(",") if isinstance(value, str) else list(value)
            return [str(v).strip() for v in items if str(v).strip()]
        if kind is int and (isinstance(value, bool) or float(value) != int(float(value))):
            raise ValueError
        return kind(value)
    except (TypeError, ValueError):
        raise GoatError(f"{where}: {value!r} is not a valid {getattr(kind, '__name__', kind)}") from None


def add_flags(parser: argparse.ArgumentParser) -> None:
    """One flag per setting, help from the dataclasses; unset flags stay out of the namespace (layering)."""
    for key, (cls, f) in _flat_fields().items():
        flag = "--" + key.replace("_", "-")
        if key == "full":
            group = parser.add_mutually_exclusive_group()
            group.add_argument("--full", dest="full", action="store_const", const=True, help=f.metadata["help"])
            group.add_argument("--lora", dest="full", action="store_const", const=False, help="LoRA fine-tuning")
            continue
        kind, _ = _field_type(cls, f.name)
        default = f.default_factory() if callable(f.default_factory) else f.default
        help = f"{f.metadata['help']} (default: {default})"
        if kind is bool:
            parser.add_argument(flag, dest=key, action=argparse.BooleanOptionalAction, help=help)
        else:
            choices = BATCHING if key == "batching" else None
            parser.add_argument(flag, dest=key, metavar=key.upper(), choices=choices, help=help)
    parser.set_defaults(**{key: None for key in _flat_fields()})


def read_config(path: str | Path) -> dict[str, Any]:
    """A flat YAML or JSON mapping of settings (keys as in `DIR/train.yaml`)."""
    path = Path(path)
    if not path.is_file():
        raise GoatError(f"config file {path} not found")
    text = path.read_text()
    try:
        if path.suffix == ".json":
            values = json.loads(text)
        else:
            import yaml

            values = yaml.safe_load(text)
    except Exception as e:  # both parsers' errors carry the line in their message
        kind = "JSON" if path.suffix == ".json" else "YAML"
        raise GoatError(f"{path}: not valid {kind}: {e}".replace("\n", " ")) from None
    values = values or {}
    if not isinstance(values, dict):
        raise GoatError(f"{path}: expected a mapping of setting: value")
    known = _flat_fields()
    out = {}
    for key, value in values.items():
        flat = str(key).replace("-", "_")
        if flat not in known:
            raise GoatError(f"{path}: unknown setting {key!r}")
        out[flat] = value
    return out


def resolve(*layers: tuple[str, dict[str, Any]]) -> TrainArgs:
    """TrainArgs from layers of (where, {flat key: value}), later layers winning; None means 'not set'."""
    known = _flat_fields()
    args = TrainArgs()
    for where, values in layers:
        for key, value in values.items():
            if value is None or key not in known:
                continue
            cls, f = known[key]
            target = args.lora if cls is LoraArgs else args
            label = f"--{key.replace('_', '-')}" if where == "flags" else f"{where}: {key}"
            setattr(target, f.name, _coerce(value, cls, f.name, label))
    return args


def validate(args: TrainArgs) -> TrainArgs:
    """Check the settings before any work starts; errors name the flag."""
    if not args.data:
        raise GoatError("--data is required (a JSONL file from `goat data generate`)")
    if not args.out:
        raise GoatError("--out is required (the run directory)")
    positive = {"batch_size": args.batch_size, "micro_batch_size": args.micro_batch_size, "cutoff": args.cutoff,
                "save_steps": args.save_steps, "logging_steps": args.logging_steps, "lora_r": args.lora.r,
                "save_total_limit": args.save_total_limit, "heldout_steps": args.heldout_steps}  # fmt: skip
    for key, value in positive.items():
        if value <= 0:
            raise GoatError(f"--{key.replace('_', '-')} must be positive (got {value})")
    if args.batch_size % args.micro_batch_size:
        raise GoatError(f"--micro-batch-size ({args.micro_batch_size}) must divide --batch-size ({args.batch_size})")
    if args.max_steps is not None and args.max_steps <= 0:
        raise GoatError(f"--max-steps must be positive (got {args.max_steps})")
    if args.max_minutes is not None and args.max_minutes <= 0:
        raise GoatError(f"--max-minutes must be positive (got {args.max_minutes})")
    if args.epochs <= 0:
        raise GoatError(f"--epochs must be positive (got {args.epochs})")
    if args.lr <= 0:
        raise GoatError(f"--lr must be positive (got {args.lr})")
    if not 0 <= args.lora.dropout < 1:
        raise GoatError(f"--lora-dropout must be in [0, 1) (got {args.lora.dropout})")
    if args.lora.layers is not None and args.lora.layers <= 0:
        raise GoatError(f"--lora-layers must be positive (got {args.lora.layers})")
    if args.batching not in BATCHING:
        raise GoatError(f"--batching must be one of {', '.join(BATCHING)} (got {args.batching!r})")
    if args.deepspeed is not None and not Path(args.deepspeed).is_file():
        raise GoatError(f"--deepspeed {args.deepspeed}: file not found")
    if args.threads is not None and args.threads <= 0:
        raise GoatError(f"--threads must be positive (got {args.threads})")
    return args


def save_config(args: TrainArgs, path: Path, command: str) -> None:
    """Write the resolved settings as a flat YAML whose header is the command that produced them."""
    import yaml

    header = (
        f"# Resolved settings of a goat run, written by:\n#   {command}\n"
        f"# Re-run: goat train --config {path} --out DIR\n"
    )
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(header + yaml.safe_dump(args.to_flat(), sort_keys=False))
    tmp.replace(path)
