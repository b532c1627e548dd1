"""What the server needs from a model: batched greedy decoding, a token counter and the context length.

Decoding is goat's one implementation, reached through the `goat.ask` API (`Goat.generate`), shared with
`goat eval` and `goat ask`. The server adds only a second copy of the tokenizer for counting tokens on the
event loop: generation sets padding on its tokenizer in a worker thread, and a Rust tokenizer used from
two threads at once raises "Already borrowed".
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


def load_engine(model: str | None, max_batch_size: int = 32) -> Engine:
    from goat.ask.api import Goat
    from goat.models import DEFAULT_MODEL

    goat = Goat.load(model)
    counter = copy.deepcopy(goat.tokenizer)
    return Engine(
        name=Path(str(model or DEFAULT_MODEL)).name,
        generate=lambda prompts, limits: goat.generate(prompts, limits, batch_size=max_batch_size),
        count_tokens=lambda text: len(counter(text, add_special_tokens=False)["input_ids"]),
        context_length=getattr(goat.model.config, "max_position_embeddings", None),
    )
