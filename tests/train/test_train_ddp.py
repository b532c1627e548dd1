"""`accelerate launch` with DDP: two CPU processes (gloo) train together and end with identical weights."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import torch
from safetensors.torch import load_file

REPO = Path(__file__).resolve().parents[2]


def test_two_cpu_processes_end_with_identical_weights(tmp_path, micro_base, records_file):
    accelerate = Path(sys.executable).parent / "accelerate"
    command = [str(accelerate), "launch", "--config_file", str(REPO / "configs/accelerate/ddp.yaml"),
               "--num_processes", "2", "--main_process_port", "0", str(Path(__file__).parent / "ddp_worker.py"),
               str(tmp_path), str(micro_base), str(records_file), str(tmp_path / "run")]  # fmt: skip
    env = {**os.environ, "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""}  # CPU processes even beside a GPU
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    ranks = [torch.load(tmp_path / f"rank{r}.pt") for r in (0, 1)]
    assert [r["processes"] for r in ranks] == [2, 2]
    for name, tensor in ranks[0]["weights"].items():
        torch.testing.assert_close(ranks[1]["weights"][name], tensor, rtol=0, atol=0, msg=name)
    base = load_file(micro_base / "model.safetensors")
    changed = [n for n, t in base.items() if not torch.equal(t, ranks[0]["weights"][n])]
    assert changed, "the processes did not train"
    info = json.loads((tmp_path / "run" / "goat.json").read_text())
    assert info["processes"] == 2 and info["steps"] == 3  # 8 examples a step = 2 per micro-batch x 2 x 2 processes
