"""Batched greedy decoding: the one implementation that `goat eval`, `goat ask` and `goat serve` share.

Prompts are sorted by their expected answer length and decoded in batches with HF `generate` (KV cache,
left padding, each row stopping at EOS), so a batch holds answers of similar length and little compute
goes to rows that have already finished. Greedy decoding makes every row's text the same as decoding it
alone. The optional vLLM backend (GPU, `pip install vllm`) serves plain HF model directories.

    from goat.eval.generate import generate, max_new_tokens_for
    outputs = generate(model, tokenizer, prompts, [max_new_tokens_for((397, "*", 4429))] * len(prompts))
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable

from goat.arith.decompose import solve

STOP = "\n\n"  # Goat answers never hold a blank line; a few-shot base model goes on to invent the next question
SPREAD = 1.5  # a batch's largest max_new_tokens stays within this factor of its smallest


def max_new_tokens_for(expression: tuple[int, str, int] | None, target: str = "") -> int:
    """A bound on the answer's length in tokens: the true chain's characters (a token holds at least one),
    with margin for a chain that goes a little wrong; long division chains come to hundreds of tokens."""
    text = solve(*expression) if expression else target
    return len(text) * 5 // 4 + 16


def generate(
    model,
    tokenizer,
    prompts: list[str],
    max_new_tokens: int | list[int],
    batch_size: int = 32,
    progress: bool = True,
    on_batch: Callable[[list[int], list[str]], None] | None = None,
) -> list[str]:
    """Greedy continuations of `prompts`, in their order; `on_batch(indices, outputs)` after each batch."""
    import torch
    from tqdm.auto import tqdm
    from transformers import GenerationConfig

    limits = [max_new_tokens] * len(prompts) if isinstance(max_new_tokens, int) else list(max_new_tokens)
    if len(limits) != len(prompts):
        raise ValueError(f"{len(prompts)} prompts but {len(limits)} max_new_tokens")
    order = sorted(range(len(prompts)), key=lambda i: (limits[i], len(prompts[i])))
    outputs: list[str] = [""] * len(prompts)
    tokenizer.padding_side = "left"  # new tokens then line up at the right edge of every row (left set for good)
    with torch.inference_mode(), tqdm(total=len(prompts), desc="generate", unit="q", disable=not progress) as bar:
        for rows in _batches(order, limits, batch_size):
            batch = tokenizer([prompts[i] for i in rows], return_tensors="pt", padding=True).to(model.device)
            config = GenerationConfig(  # fresh, so a base model's sampling defaults never leak in
                max_new_tokens=max(limits[i] for i in rows),
                do_sample=False,
                pad_token_id=tokenizer.pad_token_id,
                eos_token_id=tokenizer.eos_token_id,
                stop_strings=[STOP],
            )
            tokens = model.generate(**batch, generation_config=config, tokenizer=tokenizer)
            new = tokens[:, batch["input_ids"].shape[1] :]  # each row cut to its own bound, as if decoded alone
            texts = [
                _finish(tokenizer.decode(new[r, : limits[i]], skip_special_tokens=True)) for r, i in enumerate(rows)
            ]
            for i, text in zip(rows, texts, strict=True):
                outputs[i] = text
            if on_batch:
                on_batch(rows, texts)
            bar.update(len(rows))
    return outputs


def _batches(order: list[int], limits: list[int], batch_size: int) -> list[list[int]]:
    """Runs of the length-sorted order, cut when full or when the bound passes SPREAD x the run's first:
    a batch decodes until its longest row is done, so a few long answers must not hold many short ones."""
    batches: list[list[int]] = []
    for i in order:
        if not batches or len(batches[-1]) == batch_size or limits[i] > SPREAD * limits[batches[-1][0]]:
            batches.append([])
        batches[-1].append(i)
    return batches


def _finish(text: str) -> str:
    return text.split(STOP, 1)[0].strip()


def vllm_available() -> bool:
    return importlib.util.find_spec("vllm") is not None


def generate_vllm(model_dir: str, prompts: list[str], max_new_tokens: list[int]) -> list[str]:
    """The same greedy decoding with vLLM's paged attention and continuous batching (GPU only)."""
    from vllm import LLM, SamplingParams

    llm = LLM(model=model_dir)
    params = [SamplingParams(temperature=0.0, max_tokens=n, stop=[STOP]) for n in max_new_tokens]
    return [_finish(result.outputs[0].text) for result in llm.generate(prompts, params)]
