"""Dynamic batching: concurrent requests share one batched generation.

A request puts a job (prompt, token limit, future) on a bounded asyncio queue and awaits its future. One
worker takes the first waiting job, gathers more until the batch is full or `max_wait_ms` has passed, runs
the batch in a thread (so the event loop keeps accepting requests, and the next batch fills while this one
decodes), and resolves the futures. A batch decodes until its longest row is done, so a gathered batch is
first split into groups of similar token limits (within 2x), shortest first: a 30-token sum then never waits
for, or pays for, the 400 steps of a long division chain beside it. Decoding is greedy, so a row's text
does not depend on its batch: batching changes throughput, never answers.

    batcher = Batcher(generate, max_batch_size=32, max_wait_ms=10, queue_size=256, timeout_s=60)
    await batcher.start()
    text = await batcher.submit("What is 2 + 2?\\nAnswer: ", max_new_tokens=16)
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from goat.serve.metrics import Metrics

GenerateFn = Callable[[list[str], list[int]], list[str]]  # prompts, per-prompt token limits -> texts, in order


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
        generate: GenerateFn,
        max_batch_size: int = 32,
        max_wait_ms: float = 10.0,
        queue_size: int = 256,
        timeout_s: float = 60.0,
        metrics: Metrics | None = None,
    ):
        if max_batch_size < 1 or queue_size < 1 or max_wait_ms < 0 or timeout_s <= 0:
            raise ValueError("max_batch_size and queue_size must be >= 1, max_wait_ms >= 0, timeout_s > 0")
        self.generate = generate
        self.max_batch_size = max_batch_size
        self.max_wait_s = max_wait_ms / 1000
        self.queue_size = queue_size
        self.timeout_s = timeout_s
        self.metrics = metrics or Metrics()
        self.queue: asyncio.Queue[Job] | None = None
        self._worker: asyncio.Task | None = None

    @property
    def depth(self) -> int:
        """Jobs waiting for a batch (the one being decoded is not counted)."""
        return self.queue.qsize() if self.queue else 0

    async def start(self) -> None:
        self.queue = asyncio.Queue(self.queue_size)  # made here so it belongs to the running loop
        self.metrics.queue_depth.set_function(lambda: self.depth)
        self._worker = asyncio.create_task(self._run(), name="goat-batcher")

    async def stop(self) -> None:
        if self._worker:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
        while self.queue and not self.queue.empty():
            job = self.queue.get_nowait()
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
            return await asyncio.wait_for(future, self.timeout_s)  # cancels the future: the worker then skips it
        except TimeoutError:
            self.metrics.timeouts.inc()
            raise TimeoutError(f"no answer within {self.timeout_s:g} s") from None

    async def _gather(self) -> list[Job]:
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

    async def _run(self) -> None:
        while True:
            for group in similar_lengths(await self._gather()):
                await self._decode(group)

    async def _decode(self, batch: list[Job]) -> None:
        batch = [job for job in batch if not job.future.done()]  # drop jobs that timed out while waiting
        if not batch:
            return
        self.metrics.batch_size.observe(len(batch))
        started = time.perf_counter()
        try:
            texts = await asyncio.to_thread(
                self.generate, [job.prompt for job in batch], [job.max_new_tokens for job in batch]
            )
        except Exception as e:  # a model failure fails this batch's requests, not the server
            texts = [e] * len(batch)
        self.metrics.batch_seconds.observe(time.perf_counter() - started)
        for job, text in zip(batch, texts, strict=True):
            if job.future.done():
                continue
            if isinstance(text, Exception):
                job.future.set_exception(text)
            else:
                job.future.set_result(text)


def similar_lengths(jobs: list[Job]) -> list[list[Job]]:
    """Jobs grouped by token limit, shortest first; a group's longest limit is at most twice its shortest."""
    groups: list[list[Job]] = []
    for job in sorted(jobs, key=lambda j: j.max_new_tokens):
        if groups and job.max_new_tokens <= 2 * groups[-1][0].max_new_tokens:
            groups[-1].append(job)
        else:
            groups.append([job])
    return groups
