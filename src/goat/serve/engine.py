"""What the server needs from a model: batched greedy decoding, a token counter and the context length.

The decoding is goat's one implementation (goat.eval.generate), shared with `goat eval` and `goat ask`.
The server only adds a second copy of the tokenizer for counting tokens on the event loop: generation
sets padding on its tokenizer in a worker thread, and a Rust tokenizer used from two threads at once
raises "Already borrowed".
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from goat.serve.batcher import GenerateFn


@dataclass
class Engine:
    name: str  # the id clients pass as `model`
    generate: GenerateFn
    count_tokens: Callable[[str], int]
    context_length: int | None = None  # prompt + new tokens must fit; None: no limit known


def load_engine(model_path: str | None, max_batch_size: int = 32) -> Engine:
    from goat.eval.generate import generate
    from goat.models import DEFAULT_MODEL, load_model

    model, tokenizer, _ = load_model(model_path)
    counter = copy.deepcopy(tokenizer)

    def generate_batch(prompts: list[str], max_new_tokens: list[int]) -> list[str]:
        return generate(model, tokenizer, prompts, max_new_tokens, batch_size=max_batch_size, progress=False)

    return Engine(
        name=Path(str(model_path or DEFAULT_MODEL)).name,
        generate=generate_batch,
        count_tokens=lambda text: len(counter(text, add_special_tokens=False)["input_ids"]),
        context_length=getattr(model.config, "max_position_embeddings", None),
    )
