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
