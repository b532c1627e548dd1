"""Started twice by test_train_ddp through `accelerate launch`: trains the micro model, then each process saves
its own final weights so the test can compare them.

    accelerate launch --config_file configs/accelerate/ddp.yaml tests/train/ddp_worker.py DUMP BASE DATA OUT
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch
from accelerate import PartialState
from conftest import micro_args

from goat.train.train import train


def main(dump: str, base: str, data: str, out: str) -> None:
    args = micro_args(Path(base), Path(data), Path(out), full=True, max_steps=3, batch_size=8, micro_batch_size=2)
    model, _ = train(args)
    state = PartialState()
    weights = {name: tensor.detach().clone() for name, tensor in model.state_dict().items()}
    torch.save({"processes": state.num_processes, "weights": weights}, Path(dump) / f"rank{state.process_index}.pt")


if __name__ == "__main__":
    main(*sys.argv[1:])
