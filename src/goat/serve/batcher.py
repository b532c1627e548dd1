"""Continuous batching: concurrent requests share one running batch, joining and leaving it between steps.

A request puts a job (prompt, token limit, future) on a bounded asyncio queue and awaits its future. One
worker owns a decoder (`goat.eval.generate.Decoder`: greedy decoding over a batch whose rows change). When
the decoder is idle, the worker takes the first waiting job and gathers more until the batch is full or
`max_wait_ms` has passed; while it decodes, waiting jobs join as soon as a quarter of the batch is free. Decoding
runs in a thread a few steps at a time (so the event loop keeps accepting requests), and each future is
resolved the step its row is done: a 30-token sum never waits for the 400-token division chain beside it.
Decoding is greedy, so a row's text does not depend on its batch: batching changes throughput, never answers.

    batcher = Batcher(lambda: Decoder(model, tokenizer), max_batch_size=32, max_wait_ms=10, queue_size=256)
    await batcher.start()
    text = await batcher.submit("What is 2 + 2?\\nAnswer: ", max_new_tokens=16)
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Protocol

from goat.serve.metrics import Metrics

STEPS_PER_HOP = 8  # decoding steps per trip to the worker thread, unless a row finishes first


class RowDecoder(Protocol):
    """What the batcher drives: `goat.eval.generate.Decoder`, or a stand-in in the tests."""

    def __len__(self) -> int: ...
    def add(self, keys: list[Hashable], prompts: list[str], limits: list[int]) -> None: ...
    def step(self) -> list[tuple[Hashable, str]]: ...


class QueueFull(Exception):
    """Every queue slot is taken: the server answers 503 with Retry-After rather than queueing without bound."""


@dataclass
class Job:
    prompt: str
    max_new_tokens: int
    future: asyncio.Future[str]


class Batcher:
    def __init__(
        self,
        new_decoder: Callable[[], RowDecoder],
        max_batch_size: int = 32,
        max_wait_ms: float = 10.0,
        queue_size: int = 256,
        timeout_s: float = 60.0,
        metrics: Metrics | None = None,
    ):
        if max_batch_size < 1 or queue_size < 1 or max_wait_ms < 0 or timeout_s <= 0:
            raise ValueError("max_batch_size and queue_size must be >= 1, max_wait_ms >= 0, timeout_s > 0")
        self.new_decoder = new_decoder
        self.max_batch_size = max_batch_size
        self.max_wait_s = max_wait_ms / 1000
        self.queue_size = queue_size
        self.timeout_s = timeout_s
        self.metrics = metrics or Metrics()
        self.queue: asyncio.Queue[Job] | None = None
        self.running: dict[int, Job] = {}  # jobs in the decoder, by row key
        self._worker: asyncio.Task | None = None

    @property
    def depth(self) -> int:
        """Jobs waiting to join the batch (those being decoded are not counted)."""
        return self.queue.qsize() if self.queue else 0

    async def start(self) -> None:
        self.queue = asyncio.Queue(self.queue_size)  # made here so it belongs to the running loop
        self.metrics.queue_depth.set_function(lambda: self.depth)
        self.metrics.running.set_function(lambda: len(self.running))
        self._worker = asyncio.create_task(self._run(), name="goat-batcher")

    async def stop(self) -> None:
        if self._worker:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
        pending = list(self.running.values())
        while self.queue and not self.queue.empty():
            pending.append(self.queue.get_nowait())
        for job in pending:
            if not job.future.done():
                job.future.set_exception(RuntimeError("the server is shutting down"))

    async def submit(self, prompt: str, max_new_tokens: int) -> str:
        """The generated text; raises QueueFull at once when the queue is full, TimeoutError after timeout_s."""
        if self.queue is None:
            raise RuntimeError("Batcher.start() was not awaited")
        future = asyncio.get_running_loop().create_future()
        try:
            self.queue.put_nowait(Job(prompt, max_new_tokens, future))
        except asyncio.QueueFull:
            self.metrics.queue_rejections.inc()
            raise QueueFull(f"the request queue is full ({self.queue_size} waiting)") from None
        try:
            return await asyncio.wait_for(future, self.timeout_s)  # cancels the future: its result is dropped
        except TimeoutError:
            self.metrics.timeouts.inc()
            raise TimeoutError(f"no answer within {self.timeout_s:g} s") from None

    async def _gather(self) -> list[Job]:
        """The first waiting job, and more until the batch is full or max_wait has passed."""
        assert self.queue is not None
        batch = [await self.queue.get()]
        deadline = time.monotonic() + self.max_wait_s
        while len(batch) < self.max_batch_size:
            if not self.queue.empty():
                batch.append(self.queue.get_nowait())
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            try:
                async with asyncio.timeout(remaining):
                    batch.append(await self.queue.get())
            except TimeoutError:
                break
        return batch

    def _waiting(self, free: int) -> list[Job]:
        assert self.queue is not None
        return [self.queue.get_nowait() for _ in range(min(free, self.queue.qsize()))]

    async def _run(self) -> None:
        decoder, keys = self.new_decoder(), itertools.count()
        while True:
            free = self.max_batch_size - len(self.running)
            if not self.running:
                joining = await self._gather()
            else:  # a join copies the batch's cache, so rows join in groups, when a quarter of the batch is free
                joining = self._waiting(free) if free >= max(1, self.max_batch_size // 4) else []
            joining = {next(keys): job for job in joining if not job.future.done()}  # skip timed-out jobs
            if not joining and not self.running:
                continue
            if joining:
                self.metrics.batch_size.observe(len(joining))
                self.running.update(joining)
            started = time.perf_counter()
            try:
                finished = await asyncio.to_thread(self._advance, decoder, joining)
            except Exception as e:  # a model failure fails the requests in the batch, not the server
                for job in self.running.values():
                    if not job.future.done():
                        job.future.set_exception(e)
                self.running, decoder = {}, self.new_decoder()
                continue
            self.metrics.decode_seconds.observe(time.perf_counter() - started)
            for key, text in finished:
                job = self.running.pop(key)
                if not job.future.done():
                    job.future.set_result(text)

    @staticmethod
    def _advance(decoder: RowDecoder, joining: dict[int, Job]) -> list[tuple[Hashable, str]]:
        """In the worker thread: add the joining rows, then step until a row is done (at most a few steps)."""
        if joining:
            jobs = list(joining.values())
            decoder.add(list(joining), [j.prompt for j in jobs], [j.max_new_tokens for j in jobs])
        finished: list[tuple[Hashable, str]] = []
        for _ in range(STEPS_PER_HOP):
            finished += decoder.step()
            if finished or not len(decoder):
                break
        return finished
