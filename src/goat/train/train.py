"""The training recipe: setup -> train -> save. transformers' Trainer runs the loop (and DDP/DeepSpeed through
Accelerate); goat owns the data, the masking, the batching and the run directory.

    goat train --base tiny --data data/small.jsonl --out runs/tiny --max-steps 300 --batch-size 64 --lr 1e-3
    goat train --base smollm2-135m --data data/small.jsonl --out runs/smol --bf16 --lora-layers 15 --max-minutes 60
    goat train --out runs/smol --resume                      # after a kill: the settings come from runs/smol/train.yaml
    accelerate launch --config_file configs/accelerate/ddp.yaml -m goat train --base PATH --data ... --out ...

The run directory holds checkpoint-<step>/ folders while training, then the model (safetensors) or the PEFT
adapter, the tokenizer, train.yaml (resolved settings), metrics.jsonl and goat.json (what `goat eval`, `ask` and
`serve` read).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from goat.errors import GoatError
from goat.train.args import TrainArgs, save_config

CONFIG_NAME = "train.yaml"
METRICS_NAME = "metrics.jsonl"


def train(args: TrainArgs, resume: bool = False, overwrite: bool = False, command: str = "") -> tuple[Any, dict]:
    """Train as `args` say; return the trained model (unwrapped, on every process) and the run's goat.json."""
    import torch
    from transformers.utils import logging as hf_logging

    from goat.models import PRESETS

    hf_logging.disable_progress_bar()  # per-checkpoint "Writing model shards" bars would bury goat's own bar
    run = Path(args.out)
    state = _setup_distributed()
    _check_run_dir(run, resume, overwrite)  # every process reads before anyone writes
    state.wait_for_everyone()
    if args.full is None:  # from-scratch bases train fully, pretrained ones (and a LoRA stage's next) get LoRA
        args.full = args.base in PRESETS and not args.init_adapter
    if args.full and args.lora.layers is not None:
        raise GoatError("--lora-layers applies to LoRA; drop it or drop --full")
    if args.full and args.init_adapter:
        raise GoatError("--init-adapter continues a LoRA run; drop it or drop --full")
    args.data = str(Path(args.data).resolve())  # so that train.yaml works from any directory
    if args.heldout:
        args.heldout = str(Path(args.heldout).resolve())
        if args.heldout == args.data:
            raise GoatError("--heldout is the --data file; held-out records must be ones the model never trains on")
    if Path(args.base).exists():
        args.base = str(Path(args.base).resolve())
    earlier = _earlier_stage(args, run) if args.init_adapter else None  # read before --overwrite deletes anything
    torch.set_num_threads(args.threads or max(1, len(os.sched_getaffinity(0)) // state.num_processes))
    accumulation = _accumulation_steps(args, state.num_processes)

    # Model and data first: bad input fails here, before the run directory is touched.
    model, tokenizer = _setup_model(args)
    dataset, data_info = _setup_data(args, tokenizer)
    heldout = _heldout(args, tokenizer, run) if args.heldout else None
    checkpoint = _last_checkpoint(run, state.is_main_process) if resume else None
    if state.is_main_process:
        if overwrite and run.exists():
            shutil.rmtree(run)
        run.mkdir(parents=True, exist_ok=True)
        save_config(args, run / CONFIG_NAME, command or "goat train ...")
    state.wait_for_everyone()
    trainer, time_limit = _setup_trainer(args, model, tokenizer, dataset, accumulation)
    if heldout:
        trainer.add_callback(heldout)  # after TimeLimit: a run stopped by the time limit is scored at its last step

    start = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    wall_time = time.perf_counter() - start

    stopped = time_limit.stopped if time_limit else False
    info = _run_info(args, trainer, result, data_info, wall_time, stopped, earlier)
    if heldout and heldout.last:
        info["heldout"] = {"path": args.heldout} | {k: heldout.last[k] for k in ("step", "records", "loss", "match")}
    unwrapped = trainer.accelerator.unwrap_model(trainer.model)
    if state.is_main_process:
        _save_final(run, unwrapped, tokenizer, info)
    state.wait_for_everyone()
    return unwrapped, info


def _setup_distributed():
    """Accelerate's process state; on a machine without a GPU, processes talk over gloo (CPU DDP)."""
    import torch
    from accelerate import PartialState

    return PartialState(cpu=not torch.cuda.is_available())


def _check_run_dir(run: Path, resume: bool, overwrite: bool) -> None:
    """Refuse to mix two runs in one directory, and never delete a folder that is not a goat run."""
    if resume and overwrite:
        raise GoatError("--resume and --overwrite contradict each other; pick one")
    if run.exists() and not run.is_dir():
        raise GoatError(f"--out {run} is a file, not a directory")
    if not run.exists() or not any(run.iterdir()):
        return
    from goat.models import RUN_INFO

    is_run = any((run / name).exists() for name in (RUN_INFO, CONFIG_NAME)) or any(run.glob("checkpoint-*"))
    if not is_run:
        raise GoatError(f"--out {run} is not empty and holds no goat run; choose another directory")
    if not (resume or overwrite):
        raise GoatError(f"--out {run} holds another run: pass --resume to continue it or --overwrite to replace it")


def _last_checkpoint(run: Path, is_main: bool) -> Path | None:
    """The newest completely written checkpoint; partial ones (killed mid-save) are removed by the main process."""
    from goat.train.callbacks import complete_checkpoints, incomplete_checkpoints

    complete = complete_checkpoints(run)
    latest = complete[-1] if complete else None
    for partial in incomplete_checkpoints(run):
        if is_main:
            print(f"goat: removing incomplete checkpoint {partial}", file=sys.stderr)
            shutil.rmtree(partial)
    if is_main:
        print(
            f"goat: resuming from {latest}" if latest else "goat: no complete checkpoint; starting afresh",
            file=sys.stderr,
        )
    return latest


def _setup_model(args: TrainArgs):
    from transformers import set_seed

    from goat.models import load_base

    # A LoRA base must be rebuilt identically at load time (goat.models.load_model), so a from-scratch preset
    # under LoRA keeps load_base's default seed; only full training seeds the initial weights with --seed.
    model, tokenizer = load_base(args.base, seed=args.seed) if args.full else load_base(args.base)
    if args.cutoff > getattr(model.config, "max_position_embeddings", args.cutoff):
        raise GoatError(f"--cutoff {args.cutoff} exceeds the model's {model.config.max_position_embeddings} positions")
    if args.full:
        return model, tokenizer
    if args.init_adapter:
        return _continue_adapter(args, model), tokenizer
    from peft import LoraConfig, get_peft_model

    layers = model.config.num_hidden_layers
    top = None if args.lora.layers is None else list(range(max(0, layers - args.lora.layers), layers))
    config = LoraConfig(
        r=args.lora.r,
        lora_alpha=args.lora.alpha,
        lora_dropout=args.lora.dropout,
        target_modules=args.lora.targets,
        layers_to_transform=top,
        task_type="CAUSAL_LM",
    )
    set_seed(args.seed)  # LoRA's A matrices are drawn here
    try:
        return get_peft_model(model, config), tokenizer
    except ValueError as e:  # e.g. a target module the model does not have
        raise GoatError(f"LoRA: {e}".splitlines()[0]) from None


def _earlier_stage(args: TrainArgs, run: Path) -> dict:
    """Check --init-adapter (a finished goat LoRA run on the same base, outside --out) and summarise it from its
    goat.json: enough to retrace a curriculum's stages."""
    from goat.models import read_run_info

    path = Path(args.init_adapter).resolve()
    if not (path / "adapter_config.json").is_file():
        raise GoatError(f"--init-adapter {args.init_adapter}: no LoRA adapter there (adapter_config.json)")
    info = read_run_info(path)
    if not info:
        raise GoatError(f"--init-adapter {args.init_adapter}: no goat.json; pass a finished goat LoRA run")
    if info.get("base") != args.base:
        raise GoatError(
            f"--init-adapter {args.init_adapter} was trained on {info.get('base')!r}, not --base {args.base!r}"
        )
    if path == run.resolve() or run.resolve() in path.parents:
        raise GoatError(
            f"--init-adapter {args.init_adapter} is inside --out {args.out}; train the next stage elsewhere"
        )
    args.init_adapter = str(path)
    keys = ("data", "steps", "tokens_seen", "wall_time_s", "final_loss", "git_commit", "init_adapter")
    return {k: info[k] for k in keys if k in info} | {
        "path": str(path),
        "lr": info.get("hyperparameters", {}).get("lr"),
        "total_wall_time_s": info.get("total_wall_time_s", info.get("wall_time_s", 0)),
    }


def _continue_adapter(args: TrainArgs, model):
    """The base with a trained adapter, made trainable again: the next stage of a curriculum. The adapter's own
    LoRA settings replace the flags', so that train.yaml and goat.json say what was trained."""
    from peft import PeftModel

    model = PeftModel.from_pretrained(model, args.init_adapter, is_trainable=True)  # bf16 adapters: upcast to fp32
    config = model.peft_config["default"]
    layers = config.layers_to_transform
    args.lora.r, args.lora.alpha, args.lora.dropout = config.r, config.lora_alpha, config.lora_dropout
    args.lora.targets = sorted(config.target_modules)
    args.lora.layers = None if layers is None else len(layers)
    return model


def _setup_data(args: TrainArgs, tokenizer):
    from goat.train.dataset import file_sha256, read_records, tokenize

    records = read_records(args.data)
    dataset = tokenize(records, tokenizer, args.cutoff)
    info = {"path": str(Path(args.data).resolve()), "sha256": file_sha256(args.data), "records": len(records),
            "examples": len(dataset), "dropped_over_cutoff": len(records) - len(dataset)}  # fmt: skip
    return dataset, info


def _accumulation_steps(args: TrainArgs, processes: int) -> int:
    """Micro-batches per optimizer step and process, so that the effective batch is --batch-size."""
    per_step = args.micro_batch_size * processes
    if args.batch_size % per_step:
        raise GoatError(
            f"--batch-size ({args.batch_size}) must be a multiple of --micro-batch-size ({args.micro_batch_size})"
            f" x {processes} processes"
        )
    return args.batch_size // per_step


def _setup_trainer(args: TrainArgs, model, tokenizer, dataset, accumulation: int):
    import torch
    from transformers import PrinterCallback, ProgressCallback, Trainer, TrainingArguments

    from goat.train.batching import Collator, loss_at_kept_logits
    from goat.train.callbacks import MarkComplete, Progress, TimeLimit

    training_args = TrainingArguments(
        output_dir=args.out,
        per_device_train_batch_size=args.micro_batch_size,
        gradient_accumulation_steps=accumulation,
        num_train_epochs=args.epochs,
        max_steps=args.max_steps or -1,
        learning_rate=args.lr,
        warmup_steps=args.warmup_steps,
        lr_scheduler_type=args.lr_scheduler,
        weight_decay=args.weight_decay,
        bf16=args.bf16,
        torch_compile=args.torch_compile,
        deepspeed=args.deepspeed,
        seed=args.seed,
        save_strategy="steps",
        save_steps=args.save_steps,
        save_total_limit=args.save_total_limit,
        logging_steps=args.logging_steps,
        logging_first_step=True,
        train_sampling_strategy="group_by_length" if args.batching == "grouped" else "random",
        length_column_name="length",
        # A packed batch has no padding (and SmolLM2's pad token is its EOS): count every token.
        include_num_input_tokens_seen="all" if args.batching == "packed" else "non_padding",
        remove_unused_columns=False,  # the collator picks the columns
        use_cpu=not torch.cuda.is_available(),
        ddp_find_unused_parameters=False,
        disable_tqdm=True,  # goat's Progress callback draws the bar
        report_to="none",
    )
    logits_at_loss = args.loss_logits_only and args.batching == "packed"
    trainer = Trainer(
        model=model,
        args=training_args,
        train_dataset=dataset,
        data_collator=Collator(tokenizer, args.batching, logits_at_loss),
        processing_class=tokenizer,
        compute_loss_func=loss_at_kept_logits if logits_at_loss else None,
    )
    for callback in (PrinterCallback, ProgressCallback):
        trainer.remove_callback(callback)
    trainer.add_callback(Progress(Path(args.out) / METRICS_NAME))
    trainer.add_callback(MarkComplete())
    time_limit = TimeLimit(args.max_minutes) if args.max_minutes else None
    if time_limit:
        trainer.add_callback(time_limit)
    return trainer, time_limit


def _heldout(args: TrainArgs, tokenizer, run: Path):
    """The callback that scores --heldout; its records are read (and bad ones refused) before the run starts."""
    from goat.train.heldout import HeldOut

    return HeldOut(args.heldout, tokenizer, args.heldout_steps, run)


def _run_info(
    args: TrainArgs, trainer, result, data_info: dict, wall_time: float, stopped_by_time: bool, earlier: dict | None
) -> dict:
    import peft
    import torch
    import transformers

    from goat.arith.prompt import TEMPLATE

    losses = [row["loss"] for row in trainer.state.log_history if "loss" in row]
    return {
        "base": args.base,
        "method": args.method(),
        "prompt_template": TEMPLATE,
        "data": data_info,
        "hyperparameters": args.to_flat(),
        "steps": trainer.state.global_step,
        "max_steps": trainer.state.max_steps,
        "stopped_by_time_limit": stopped_by_time,
        "final_loss": losses[-1] if losses else None,
        "mean_loss_this_session": result.training_loss,
        "tokens_seen": trainer.state.num_input_tokens_seen,
        "wall_time_s": round(wall_time, 2),
        # The earlier stages' training time (--init-adapter) plus this run's (this session's, after a --resume).
        "total_wall_time_s": round((earlier["total_wall_time_s"] if earlier else 0) + wall_time, 2),
        "init_adapter": earlier,
        "processes": trainer.args.world_size,
        "git_commit": _git_commit(),
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__, "peft": peft.__version__},
    }


def _git_commit() -> str | None:
    """The commit of the goat checkout that ran (with '+dirty' for uncommitted changes); None outside git."""
    repo = Path(__file__).resolve().parents[3]
    try:
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
        )
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "-uno"], capture_output=True, text=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def _save_final(run: Path, model, tokenizer, info: dict) -> None:
    """Write weights and tokenizer into a temp folder, move them into the run, then goat.json last: a run with a
    goat.json is complete."""
    from goat.models import write_run_info

    model.config.use_cache = True  # training turned the KV cache off; generation wants it
    staging = run / ".final.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    model.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    for item in staging.iterdir():
        os.replace(item, run / item.name)
    staging.rmdir()
    write_run_info(run, info)
