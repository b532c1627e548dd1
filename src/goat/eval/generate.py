"""Batched greedy decoding: the one implementation that `goat eval`, `goat ask` and `goat serve` share.

`Decoder` runs greedy decoding over a set of rows that changes between steps (continuous batching): a row
leaves the batch the step it is done (EOS, a blank line, or its own token bound) and new prompts join
after a prefill of their own, so no step is spent on a finished row and no row waits for the longest one.
HF `generate` does neither (a batch decodes until its longest row ends, and its cache grows by torch.cat,
which copies the whole cache at every step); vLLM does both but needs a GPU. So this loop is hand-written,
over HF's model forward and `Cache` API: rows are left-padded and right-aligned, each with its own
position ids, and the keys and values of each layer live in a buffer with room to grow.

Greedy decoding makes every row's text the same as decoding it alone, so batching changes speed, never
answers (up to float rounding in padded matmuls, checked by `bench/bench_generate.py`).

    from goat.eval.generate import generate, max_new_tokens_for
    outputs = generate(model, tokenizer, prompts, [max_new_tokens_for((397, "*", 4429))] * len(prompts))
"""

from __future__ import annotations

import importlib.util
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import torch
from transformers.cache_utils import Cache, DynamicLayer

from goat.arith.decompose import longest_target

STOP = "\n\n"  # Goat answers never hold a blank line; a few-shot base model goes on to invent the next question


def max_new_tokens_for(expression: tuple[int, str, int] | None, target: str = "") -> int:
    """A bound on the answer's length in tokens: the characters of the longest chain goat writes for the question
    (a token holds at least one), with margin for a chain that goes a little wrong; long division chains come to
    hundreds of tokens."""
    text = longest_target(*expression) if expression else target
    return len(text) * 5 // 4 + 16


class _Layer(DynamicLayer):
    """One layer's keys and values, right-aligned in a buffer with room to grow: a new token writes one column
    instead of copying the cache, and rows leave (`move_rows`) or join (`join`) between steps."""

    def lazy_initialization(self, key_states: torch.Tensor, value_states: torch.Tensor) -> None:
        super().lazy_initialization(key_states, value_states)
        self.length = 0
        self._keys = self._values = key_states.new_empty(0)

    def update(self, key_states: torch.Tensor, value_states: torch.Tensor, *args, **kwargs):
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        end = self.length + key_states.shape[-2]
        if self.length == 0 or end > self._keys.shape[-2]:
            self._resize(key_states, value_states, room=max(64, end))
        self._keys[:, :, self.length : end] = key_states
        self._values[:, :, self.length : end] = value_states
        self.length = end
        return self._view()

    def _resize(self, key_states: torch.Tensor, value_states: torch.Tensor, room: int) -> None:
        batch, heads = key_states.shape[:2]
        keys = key_states.new_zeros(batch, heads, self.length + room, key_states.shape[-1])
        values = value_states.new_zeros(batch, heads, self.length + room, value_states.shape[-1])
        if self.length:
            keys[:, :, : self.length] = self._keys[:, :, : self.length]
            values[:, :, : self.length] = self._values[:, :, : self.length]
        self._keys, self._values = keys, values

    def _view(self) -> tuple[torch.Tensor, torch.Tensor]:
        self.keys, self.values = self._keys[:, :, : self.length], self._values[:, :, : self.length]
        return self.keys, self.values

    def get_seq_length(self) -> int:
        return self.length if self.is_initialized else 0

    def move_rows(self, to: torch.Tensor, source: torch.Tensor, rows: int) -> None:
        """Copy rows `source` over rows `to`, then keep the first `rows`: a finished row is replaced by one
        from the end, so only the moved rows are copied (HF's `batch_select_indices` copies every row)."""
        if len(to):
            self._keys[to], self._values[to] = self._keys[source], self._values[source]
        self._keys, self._values = self._keys[:rows], self._values[:rows]
        self._view()

    def drop_left(self, columns: int) -> None:
        """Forget the first `columns` positions (padding of every row left): a view, no copy."""
        self._keys, self._values = self._keys[:, :, columns:], self._values[:, :, columns:]
        self.length -= columns
        self._view()

    def join(self, other: _Layer) -> None:
        """Append `other`'s rows below these, both right-aligned; the shorter side is padded on the left."""
        length = max(self.length, other.length)
        rows = self._keys.shape[0] + other._keys.shape[0]
        keys = self._keys.new_zeros(rows, self._keys.shape[1], length + 64, self._keys.shape[-1])
        values = self._values.new_zeros(rows, self._values.shape[1], length + 64, self._values.shape[-1])
        for start, stop, layer in ((0, self._keys.shape[0], self), (self._keys.shape[0], rows, other)):
            keys[start:stop, :, length - layer.length : length] = layer.keys
            values[start:stop, :, length - layer.length : length] = layer.values
        self._keys, self._values, self.length = keys, values, length
        self._view()


@dataclass
class _Row:
    key: Hashable
    limit: int
    tokens: list[int] = field(default_factory=list)


class Decoder:
    """Greedy decoding of a changing batch. `add` prefills new rows and joins them to the batch; `step`
    records one token for every row, removes the rows that are done and returns them as (key, text)."""

    def __init__(self, model, tokenizer):
        self.model, self.tokenizer = model, tokenizer
        tokenizer.padding_side = "left"  # a prefill's last tokens line up at the right edge of every row
        self.eos = tokenizer.eos_token_id
        newline = _newline_tokens(tokenizer)  # the model's vocabulary may be padded beyond the tokenizer's
        self.newline = torch.zeros(max(len(newline), model.config.vocab_size), dtype=torch.bool, device=model.device)
        self.newline[: len(newline)] = newline
        self.rows: list[_Row] = []
        self.cache: Cache | None = None
        self.mask = self.positions = self.next = None  # (rows, length), (rows,), (rows,)

    def __len__(self) -> int:
        return len(self.rows)

    @torch.inference_mode()
    def add(self, keys: list[Hashable], prompts: list[str], limits: list[int]) -> None:
        batch = self.tokenizer(prompts, return_tensors="pt", padding=True).to(self.model.device)
        mask = batch["attention_mask"]
        cache = Cache(layer_class_to_replicate=_Layer)
        logits = self._forward(batch["input_ids"], mask, (mask.cumsum(-1) - 1).clamp(min=0), cache)
        rows = [_Row(key, limit) for key, limit in zip(keys, limits, strict=True)]
        if not self.rows:
            self.rows, self.cache, self.mask = rows, cache, mask
            self.positions, self.next = mask.sum(-1), logits.argmax(-1)
            return
        for mine, theirs in zip(self.cache.layers, cache.layers, strict=True):
            mine.join(theirs)
        width = max(self.mask.shape[1], mask.shape[1])
        self.mask = torch.cat([_pad_left(self.mask, width), _pad_left(mask, width)])
        self.positions = torch.cat([self.positions, mask.sum(-1)])
        self.next = torch.cat([self.next, logits.argmax(-1)])
        self.rows += rows

    @torch.inference_mode()
    def step(self) -> list[tuple[Hashable, str]]:
        tokens = self.next.tolist()
        newline = self.newline[self.next].tolist()
        done, keep = [], []
        for r, (row, token) in enumerate(zip(self.rows, tokens, strict=True)):
            if token != self.eos:
                row.tokens.append(token)
            stopped = newline[r] and STOP in self.tokenizer.decode(row.tokens[-3:])
            (done if token == self.eos or stopped or len(row.tokens) >= row.limit else keep).append(r)
        finished = [(self.rows[r].key, self._text(self.rows[r])) for r in done]
        if done:
            self._keep(keep)
        if self.rows:
            self.mask = torch.cat([self.mask, self.mask.new_ones(len(self.rows), 1)], dim=1)
            self.next = self._forward(self.next[:, None], self.mask, self.positions[:, None], self.cache).argmax(-1)
            self.positions = self.positions + 1
        return finished

    def _forward(self, ids, mask, positions, cache) -> torch.Tensor:
        out = self.model(
            input_ids=ids, attention_mask=mask, position_ids=positions, cache=cache, use_cache=True,
            logits_to_keep=1,
        )  # fmt: skip
        return out.logits[:, -1]

    def _keep(self, keep: list[int]) -> None:
        """Drop every row not in `keep`: rows from the end move into the freed slots, in the cache too."""
        rows = len(keep)
        to = sorted(set(range(rows)) - set(keep))
        source = [r for r in keep if r >= rows]
        order = list(range(rows))
        for t, s in zip(to, source, strict=True):
            order[t] = s
        self.rows = [self.rows[r] for r in order]
        if not self.rows:
            self.cache = self.mask = self.positions = self.next = None
            return
        index = torch.tensor(order, device=self.mask.device)
        self.mask, self.positions, self.next = self.mask[index], self.positions[index], self.next[index]
        to_rows, source_rows = torch.tensor(to, dtype=torch.long), torch.tensor(source, dtype=torch.long)
        for layer in self.cache.layers:
            layer.move_rows(to_rows.to(self.mask.device), source_rows.to(self.mask.device), rows)
        padding = int((self.mask.sum(0) == 0).long().cumprod(0).sum())  # leading columns no row attends to
        if padding >= 16:
            self.mask = self.mask[:, padding:]
            for layer in self.cache.layers:
                layer.drop_left(padding)

    def _text(self, row: _Row) -> str:
        return _finish(self.tokenizer.decode(row.tokens, skip_special_tokens=True))


def generate(
    model,
    tokenizer,
    prompts: list[str],
    max_new_tokens: int | list[int],
    batch_size: int = 32,
    progress: bool = True,
    on_batch: Callable[[list[int], list[str]], None] | None = None,
) -> list[str]:
    """Greedy continuations of `prompts`, in their order; `on_batch(indices, outputs)` as rows finish.

    Prompts go in shortest bound first; up to `batch_size` rows decode at once, and new ones join whenever
    half the batch has finished (a join copies the cache, so it is not done for every single free row)."""
    from tqdm.auto import tqdm

    limits = [max_new_tokens] * len(prompts) if isinstance(max_new_tokens, int) else list(max_new_tokens)
    if len(limits) != len(prompts):
        raise ValueError(f"{len(prompts)} prompts but {len(limits)} max_new_tokens")
    waiting = sorted(range(len(prompts)), key=lambda i: (limits[i], len(prompts[i])), reverse=True)
    outputs: list[str] = [""] * len(prompts)
    decoder = Decoder(model, tokenizer)
    with tqdm(total=len(prompts), desc="generate", unit="q", disable=not progress) as bar:
        while waiting or len(decoder):
            if waiting and (not len(decoder) or batch_size - len(decoder) >= max(1, batch_size // 2)):
                rows = [waiting.pop() for _ in range(min(batch_size - len(decoder), len(waiting)))]
                decoder.add(rows, [prompts[i] for i in rows], [limits[i] for i in rows])
            finished = decoder.step()
            if finished:
                rows, texts = [i for i, _ in finished], [text for _, text in finished]
                for i, text in finished:
                    outputs[i] = text
                if on_batch:
                    on_batch(rows, texts)
                bar.update(len(rows))
    return outputs


def _pad_left(mask: torch.Tensor, width: int) -> torch.Tensor:
    return torch.nn.functional.pad(mask, (width - mask.shape[1], 0))


_NEWLINES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # per tokenizer, made once


def _newline_tokens(tokenizer) -> torch.Tensor:
    """True for each token id whose text holds a newline: only those rows are checked for STOP at a step."""
    if tokenizer not in _NEWLINES:
        texts = tokenizer.batch_decode([[i] for i in range(len(tokenizer))])
        _NEWLINES[tokenizer] = torch.tensor(["\n" in text for text in texts])
    return _NEWLINES[tokenizer]


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
