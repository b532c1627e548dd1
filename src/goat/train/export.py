"""`goat export --merge RUN OUT`: fold a run's LoRA adapter into its base, giving a standalone model directory.

goat export --merge runs/smol-lora models/smol-merged
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
