"""`goat serve` from the command line: flags checked with one-line errors, loopback by default, and a real
start-up that answers over HTTP."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

from goat.cli import build_parser, main


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_binds_loopback_by_default():
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port) == ("127.0.0.1", 8000)


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--port", "0"], "--port must be between 1 and 65535"),
        (["--max-batch-size", "0"], "--max-batch-size must be at least 1"),
        (["--queue-size", "-1"], "--queue-size must be at least 1"),
        (["--timeout-s", "0"], "--timeout-s > 0"),
    ],
)
def test_bad_flags_are_one_line_errors(capsys, flags, message):
    assert main(["serve", *flags]) == 2
    err = capsys.readouterr().err
    assert err.startswith("goat: error: ") and message in err and err.count("\n") == 1


def test_port_in_use_is_reported_before_loading_the_model(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--model", "/nonexistent", "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_a_path_that_is_not_a_model(capsys, tmp_path):
    assert main(["serve", "--model", str(tmp_path), "--port", str(free_port())]) == 2
    assert "not a model" in capsys.readouterr().err


def test_goat_serve_answers_over_http(tiny_model_dir):
    port = free_port()
    command = [sys.executable, "-m", "goat", "serve", "--model", str(tiny_model_dir), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, server.stdout.read()
            assert time.monotonic() < deadline, "goat serve did not come up in 60 s"
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert health.json()["model"] == "tiny-model"
        reply = httpx.post(f"http://127.0.0.1:{port}/v1/arithmetic", json={"question": "What is 6 + 7?"}, timeout=30)
        assert reply.status_code == 200 and reply.json()["target"] == "13"
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=20)[0]
    assert server.returncode == 0, output
    assert f"serving tiny-model on http://127.0.0.1:{port}/" in output
