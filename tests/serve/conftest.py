"""Fixtures for the server tests: a tiny random-weight model saved like a run, and live servers on loopback.

The model's outputs are garbage, but the plumbing (batching, limits, audit fields, errors) is the real one.
"""

from __future__ import annotations

import pytest
from serve_live import live_server


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    import torch

    from goat.models import build_digit_tokenizer, build_model

    torch.set_num_threads(1)  # the test machine's cores are shared
    path = tmp_path_factory.mktemp("tiny-model", numbered=False)
    tokenizer = build_digit_tokenizer()
    model = build_model("tiny", tokenizer, seed=0)
    with torch.no_grad():  # wider than the default init, so greedy decoding writes varied characters, not one
        for weight in model.parameters():
            if weight.dim() > 1:
                weight.normal_(0, 0.1)
    model.save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def engine(tiny_model_dir):
    from goat.serve.engine import load_engine

    return load_engine(str(tiny_model_dir))


@pytest.fixture(scope="session")
def base_url(engine):
    """One live server with the default settings, shared by the tests that only read from it."""
    from goat.serve.app import create_app

    with live_server(create_app(engine)) as url:
        yield url


@pytest.fixture
def client(engine):
    """An in-process client (no socket) for request/response checks."""
    from fastapi.testclient import TestClient

    from goat.serve.app import create_app

    with TestClient(create_app(engine)) as c:
        yield c
