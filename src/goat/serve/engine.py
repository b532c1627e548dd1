"""What the server needs from a model: a decoder for its running batch, a token counter, the context length.

Decoding is goat's one implementation (`goat.eval.generate.Decoder`), shared with `goat eval` and `goat ask`.
The server adds only a second copy of the tokenizer for counting tokens on the event loop: the decoder uses
its tokenizer in a worker thread, and a Rust tokenizer used from two threads at once raises "Already borrowed".
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from goat.serve.batcher import RowDecoder


@dataclass
class Engine:
    name: str  # the id clients pass as `model`
    new_decoder: Callable[[], RowDecoder]
    count_tokens: Callable[[str], int]
    context_length: int | None = None  # prompt + new tokens must fit; None: no limit known


def load_engine(model: str | None) -> Engine:
    from goat.ask.api import Goat
    from goat.eval.generate import Decoder
    from goat.models import DEFAULT_MODEL

    goat = Goat.load(model)
    counter = copy.deepcopy(goat.tokenizer)
    return Engine(
        name=Path(str(model or DEFAULT_MODEL)).name,
        new_decoder=lambda: Decoder(goat.model, goat.tokenizer),
        count_tokens=lambda text: len(counter(text, add_special_tokens=False)["input_ids"]),
        context_length=getattr(goat.model.config, "max_position_embeddings", None),
    )
