"""`goat export`: turn a LoRA run into something to ship.

goat export --merge runs/smol-lora models/smol-merged      # fold the adapter into its base: a standalone model
goat export --adapter runs/smol-lora models/smol-lora      # the adapter alone, weights in bf16 (half the size)
goat ask --model models/smol-merged "What is 12 + 30?"
"""

from __future__ import annotations

import shutil
from pathlib import Path

from goat.errors import GoatError


def merge(run: str | Path, out: str | Path, overwrite: bool = False) -> Path:
    """Merge the adapter in `run` into its base and save the result (safetensors, tokenizer, goat.json) to `out`."""
    from peft import PeftModel

    from goat.models import load_model, write_run_info

    run, out = Path(run), Path(out)
    if not (run / "adapter_config.json").is_file():
        raise GoatError(f"{run} holds no LoRA adapter (no adapter_config.json): nothing to merge")
    if out.exists() and not overwrite:
        raise GoatError(f"{out} exists; pass --overwrite to replace it")
    model, tokenizer, info = load_model(run)
    if not isinstance(model, PeftModel):
        raise GoatError(f"{run}: the adapter did not load as a PEFT model")
    merged = model.merge_and_unload()
    merged.config.use_cache = True
    staging = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    merged.save_pretrained(staging)
    tokenizer.save_pretrained(staging)
    write_run_info(staging, {**info, "method": "lora-merged", "merged_from": str(run.resolve())})
    if out.exists():
        shutil.rmtree(out)
    staging.replace(out)
    return out


def copy_adapter(run: str | Path, out: str | Path, dtype: str = "bfloat16", overwrite: bool = False) -> Path:
    """Copy a run's final adapter, tokenizer, settings and goat.json (no checkpoints) with the adapter weights cast
    to `dtype`: a LoRA adapter in bf16 is half its fp32 size, which keeps a shipped model small. `load_model` casts
    the weights back to the base's dtype when it loads them."""
    import torch
    from safetensors.torch import load_file, save_file

    from goat.models import read_run_info, write_run_info

    run, out = Path(run), Path(out)
    weights = run / "adapter_model.safetensors"
    if not (run / "adapter_config.json").is_file() or not weights.is_file():
        raise GoatError(f"{run} holds no finished LoRA adapter (adapter_config.json, adapter_model.safetensors)")
    if out.exists() and not overwrite:
        raise GoatError(f"{out} exists; pass --overwrite to replace it")
    staging = out.with_name(f".{out.name}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(run, staging, ignore=shutil.ignore_patterns("checkpoint-*", ".*", weights.name))
    tensors = {k: v.to(getattr(torch, dtype)) for k, v in load_file(weights).items()}
    save_file(tensors, staging / weights.name, metadata={"format": "pt"})
    write_run_info(staging, {**read_run_info(run), "adapter_dtype": dtype, "exported_from": str(run.resolve())})
    if out.exists():
        shutil.rmtree(out)
    staging.replace(out)
    return out
