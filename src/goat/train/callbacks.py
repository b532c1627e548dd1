"""What goat adds to transformers' Trainer loop, as TrainerCallbacks: progress, a metrics log, a time limit, and
a mark on each checkpoint once it is complete (Trainer writes checkpoint files in place, so a kill during a save
leaves a partial folder; resume takes only marked ones)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from transformers import TrainerCallback

COMPLETE = "goat-complete"  # marker file, written after everything else in a checkpoint


class Progress(TrainerCallback):
    """A tqdm bar (loss, lr, tokens/s, ETA) and metrics.jsonl, written by the main process only."""

    def __init__(self, metrics_path: Path):
        self.metrics_path = metrics_path
        self.bar = None

    def on_train_begin(self, args, state, control, **kwargs):
        if not state.is_world_process_zero:
            return
        from tqdm.auto import tqdm

        self.start_time, self.start_tokens = time.perf_counter(), state.num_input_tokens_seen
        self.bar = tqdm(total=state.max_steps, initial=state.global_step, desc="train", unit="step", dynamic_ncols=True)

    def on_step_end(self, args, state, control, **kwargs):
        if state.global_step >= state.max_steps:
            control.should_log = True  # so that goat.json's final loss is the last step's
        if self.bar is not None:
            self.bar.update(state.global_step - self.bar.n)

    def on_log(self, args, state, control, logs=None, **kwargs):
        if self.bar is None or not logs or "loss" not in logs:
            return
        elapsed = time.perf_counter() - self.start_time
        tokens_per_s = (state.num_input_tokens_seen - self.start_tokens) / max(elapsed, 1e-9)
        row = {"step": state.global_step, "epoch": round(state.epoch or 0.0, 4), "loss": logs["loss"],
               "lr": logs.get("learning_rate"), "grad_norm": logs.get("grad_norm"),
               "tokens": state.num_input_tokens_seen, "tokens_per_s": round(tokens_per_s, 1),
               "elapsed_s": round(elapsed, 2)}  # fmt: skip
        with self.metrics_path.open("a") as f:
            f.write(json.dumps(row) + "\n")
        self.bar.set_postfix(loss=f"{logs['loss']:.4f}", lr=f"{row['lr'] or 0:.2e}", tok_s=f"{tokens_per_s:.0f}")

    def on_train_end(self, args, state, control, **kwargs):
        if self.bar is not None:
            self.bar.close()


class TimeLimit(TrainerCallback):
    """Stop after `minutes` of training in this invocation, saving a checkpoint so --resume can go on.

    Under DDP the main process decides and tells the others, so that all stop at the same step.
    """

    def __init__(self, minutes: float):
        self.seconds = minutes * 60
        self.stopped = False

    def on_train_begin(self, args, state, control, **kwargs):
        self.start = time.perf_counter()

    def on_step_end(self, args, state, control, **kwargs):
        import torch
        import torch.distributed as dist

        stop = torch.tensor([int(time.perf_counter() - self.start >= self.seconds)])
        if dist.is_available() and dist.is_initialized():
            dist.broadcast(stop, src=0)
        if stop.item() and not control.should_training_stop:
            self.stopped = True
            control.should_training_stop = True
            control.should_save = True
            control.should_log = True


class MarkComplete(TrainerCallback):
    """Mark a checkpoint complete once Trainer has written all of it (on_save runs after the save)."""

    def on_save(self, args, state, control, **kwargs):
        if state.is_world_process_zero:
            folder = Path(args.output_dir) / f"checkpoint-{state.global_step}"
            (folder / COMPLETE).write_text(json.dumps({"step": state.global_step}) + "\n")


def complete_checkpoints(run: Path) -> list[Path]:
    """The run's checkpoints that were completely written, oldest first."""
    found = [p for p in run.glob("checkpoint-*") if p.name.split("-")[-1].isdigit() and (p / COMPLETE).is_file()]
    return sorted(found, key=lambda p: int(p.name.split("-")[-1]))


def incomplete_checkpoints(run: Path) -> list[Path]:
    return [p for p in run.glob("checkpoint-*") if p.is_dir() and not (p / COMPLETE).is_file()]
