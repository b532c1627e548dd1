"""A live uvicorn server on a free loopback port, for the tests that need a real socket.

A module of its own (not conftest.py): the suite has one conftest.py per area, so `from conftest import`
would find whichever was imported first.
"""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager


@contextmanager
def live_server(app):
    """Serve `app` with uvicorn on a free loopback port in a thread; yields the base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


class BatchDecoder:
    """A stand-in for goat's decoder over a plain function `fn(prompts, limits) -> texts`: every row that has
    joined is done at the next step. Lets a test script the model's text, fail it, or hold it."""

    def __init__(self, fn):
        self.fn, self.rows = fn, {}

    def __len__(self) -> int:
        return len(self.rows)

    def add(self, keys, prompts, limits) -> None:
        self.rows.update(zip(keys, zip(prompts, limits, strict=True), strict=True))

    def step(self):
        keys, rows = list(self.rows), list(self.rows.values())
        self.rows = {}
        return list(zip(keys, self.fn([p for p, _ in rows], [n for _, n in rows]), strict=True))


def decode(engine, prompts: list[str], limits: list[int]) -> list[str]:
    """The engine's decoder on these prompts alone: the reference a served answer must equal."""
    decoder, texts = engine.new_decoder(), {}
    decoder.add(list(range(len(prompts))), prompts, limits)
    while len(decoder):
        texts.update(decoder.step())
    return [texts[i] for i in range(len(prompts))]
