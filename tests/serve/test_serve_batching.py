"""Dynamic batching: concurrent requests share a generation, the queue is bounded (503), requests time
out (504), and batching never changes an answer."""

from __future__ import annotations

import asyncio
import re
import threading
import time

import httpx
import pytest
from serve_live import decode, live_server

from goat.arith.parse import parse_question
from goat.arith.prompt import format_prompt
from goat.eval.generate import max_new_tokens_for
from goat.serve.app import ServeConfig, create_app
from goat.serve.batcher import Batcher, QueueFull
from goat.serve.engine import Engine


class Countdown:
    """A decoder whose row `prompt` with limit n is done after n steps, writing `prompt:n`. It records each
    join and the rows decoded at each step, and its joins can be held (to fill the queue deterministically)."""

    def __init__(self, fail_first_join: bool = False):
        self.rows: dict = {}
        self.joins: list[list[str]] = []
        self.steps: list[list[str]] = []
        self.release = threading.Event()
        self.release.set()
        self.entered = threading.Event()
        self.fail_first_join = fail_first_join

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, keys, prompts, limits) -> None:
        self.joins.append(list(prompts))
        self.entered.set()
        self.release.wait(10)
        if self.fail_first_join and len(self.joins) == 1:
            raise RuntimeError("boom")
        self.rows.update({k: [p, n, 0] for k, p, n in zip(keys, prompts, limits, strict=True)})

    def step(self):
        self.steps.append([p for p, _, _ in self.rows.values()])
        for row in self.rows.values():
            row[2] += 1
        done = [k for k, (_, n, made) in self.rows.items() if made >= n]
        return [(k, "{}:{}".format(*self.rows.pop(k)[:2])) for k in done]


def run(coroutine):
    return asyncio.run(coroutine)


def test_concurrent_requests_are_gathered_up_to_the_batch_size():
    async def main():
        decoder = Countdown()
        batcher = Batcher(lambda: decoder, max_batch_size=4, max_wait_ms=50)
        await batcher.start()
        texts = await asyncio.gather(*(batcher.submit(f"q{i}", 20 + i) for i in range(10)))
        await batcher.stop()
        return decoder, texts

    decoder, texts = run(main())
    assert texts == [f"q{i}:{20 + i}" for i in range(10)]  # each caller gets its own row back
    assert decoder.joins[0] == ["q0", "q1", "q2", "q3"] and max(len(rows) for rows in decoder.steps) == 4
    assert sorted(p for join in decoder.joins for p in join) == sorted(f"q{i}" for i in range(10))


def test_a_short_request_joins_the_running_batch_and_leaves_first():
    async def main():
        decoder = Countdown()
        batcher = Batcher(lambda: decoder, max_batch_size=8, max_wait_ms=0)
        await batcher.start()
        long = asyncio.create_task(batcher.submit("long", 400))
        while len(decoder.steps) < 20:  # the long row is decoding
            await asyncio.sleep(0.001)
        short = await batcher.submit("short", 3)
        long_was_running = not long.done()
        text = await long
        await batcher.stop()
        return decoder, short, text, long_was_running

    decoder, short, long, long_was_running = run(main())
    assert (short, long) == ("short:3", "long:400") and long_was_running
    assert decoder.joins == [["long"], ["short"]]
    shared = [i for i, rows in enumerate(decoder.steps) if rows == ["long", "short"]]
    assert len(shared) == 3 and shared[0] >= 20  # joined the running batch, left after its own 3 steps


def test_a_lone_request_waits_at_most_max_wait():
    async def main():
        batcher = Batcher(Countdown, max_batch_size=32, max_wait_ms=30)
        await batcher.start()
        started = time.perf_counter()
        text = await batcher.submit("alone", 3)
        await batcher.stop()
        return text, time.perf_counter() - started

    text, seconds = run(main())
    assert text == "alone:3"
    assert 0.025 < seconds < 1.0


def test_a_full_queue_refuses_at_once_and_timed_out_jobs_are_skipped():
    async def main():
        decoder = Countdown()
        decoder.release.clear()  # the first join holds the worker
        batcher = Batcher(lambda: decoder, max_batch_size=1, max_wait_ms=0, queue_size=2, timeout_s=0.3)
        await batcher.start()
        first = asyncio.create_task(batcher.submit("first", 1))
        await asyncio.to_thread(decoder.entered.wait, 5)
        waiting = [asyncio.create_task(batcher.submit(f"w{i}", 1)) for i in range(2)]
        await asyncio.sleep(0)
        assert batcher.depth == 2
        with pytest.raises(QueueFull):
            await batcher.submit("one too many", 1)
        results = await asyncio.gather(first, *waiting, return_exceptions=True)
        decoder.release.set()
        while batcher.depth:  # timed-out jobs hold their slots until the worker, now free, drops them
            await asyncio.sleep(0.01)
        assert await batcher.submit("after", 2) == "after:2"
        await batcher.stop()
        return decoder, batcher, results

    decoder, batcher, results = run(main())
    assert all(isinstance(r, TimeoutError) for r in results)
    assert decoder.joins == [["first"], ["after"]]  # the two that timed out in the queue never ran
    assert batcher.metrics.queue_rejections._value.get() == 1
    assert batcher.metrics.timeouts._value.get() == 3


def test_a_failing_batch_fails_its_requests_only():
    decoders = []

    def new_decoder():
        decoders.append(Countdown(fail_first_join=not decoders))
        return decoders[-1]

    async def main():
        batcher = Batcher(new_decoder, max_wait_ms=0)
        await batcher.start()
        with pytest.raises(RuntimeError, match="boom"):
            await batcher.submit("a", 1)
        text = await batcher.submit("b", 1)
        await batcher.stop()
        return text

    assert run(main()) == "b:1"
    assert len(decoders) == 2  # the failed decoder was replaced by a fresh one


def batch_sizes(metrics_text: str) -> tuple[float, float]:
    """(batches run, batches of exactly one request) from the Prometheus text."""
    count = float(re.search(r"^goat_batch_size_count (\S+)$", metrics_text, re.M)[1])
    singles = float(re.search(r'^goat_batch_size_bucket\{le="1\.0"\} (\S+)$', metrics_text, re.M)[1])
    return count, singles


def test_concurrent_http_requests_share_batches_and_get_their_own_answers(engine):
    questions = [f"What is {n} + {2 * n + 7}?" for n in range(1, 17)]

    async def ask_all(url):
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            replies = await asyncio.gather(*(client.post("/v1/arithmetic", json={"question": q}) for q in questions))
            return [r.json() for r in replies], (await client.get("/metrics")).text

    with live_server(create_app(engine, ServeConfig(max_batch_size=16, max_wait_ms=50))) as url:
        replies, metrics = run(ask_all(url))
    count, singles = batch_sizes(metrics)
    assert count < len(questions) and singles < count, f"{count} batches, {singles} of one request"
    for question, reply in zip(questions, replies, strict=True):
        a, op, b = parse_question(question)
        alone = decode(engine, [format_prompt(question)], [max_new_tokens_for((a, op, b))])[0]
        assert reply["output"] == alone  # greedy decoding: the batch does not change the text


def held_engine(engine: Engine) -> tuple[Engine, threading.Event, threading.Event]:
    """The real engine behind a gate, so a test decides when the running batch may go on."""
    release, entered = threading.Event(), threading.Event()

    class Held:
        def __init__(self):
            self.decoder = engine.new_decoder()

        def __len__(self):
            return len(self.decoder)

        def add(self, keys, prompts, limits):
            entered.set()
            release.wait(10)
            self.decoder.add(keys, prompts, limits)

        def step(self):
            return self.decoder.step()

    return Engine(engine.name, Held, engine.count_tokens, engine.context_length), release, entered


def test_http_queue_full_is_503_with_retry_after(engine):
    held, release, entered = held_engine(engine)
    app = create_app(held, ServeConfig(max_batch_size=1, max_wait_ms=0, queue_size=1))
    with live_server(app) as url:
        results: list[httpx.Response] = []
        body = {"question": "What is 3 + 4?"}
        first = threading.Thread(target=lambda: results.append(httpx.post(f"{url}/v1/arithmetic", json=body)))
        first.start()
        assert entered.wait(10)
        second = threading.Thread(target=lambda: results.append(httpx.post(f"{url}/v1/arithmetic", json=body)))
        second.start()
        deadline = time.monotonic() + 5
        while httpx.get(f"{url}/health").json()["queue_depth"] < 1:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        refused = httpx.post(f"{url}/v1/arithmetic", json=body)
        release.set()
        first.join(10)
        second.join(10)
        metrics = httpx.get(f"{url}/metrics").text
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "1"
    assert refused.json()["error"]["code"] == "queue_full"
    assert [r.status_code for r in results] == [200, 200]  # below the queue limit nothing fails
    assert re.search(r"^goat_queue_rejections_total 1\.0$", metrics, re.M)


def test_http_timeout_is_504(engine):
    held, release, _ = held_engine(engine)
    with live_server(create_app(held, ServeConfig(timeout_s=0.2))) as url:
        late = httpx.post(f"{url}/v1/arithmetic", json={"question": "What is 3 + 4?"})
        release.set()
        assert httpx.get(f"{url}/health").json()["status"] == "ok"
    assert late.status_code == 504 and late.json()["error"]["code"] == "timeout"
