"""`goat serve`: the model behind an OpenAI-compatible HTTP API, with continuous batching and a web page.

    goat serve --model runs/tiny                       # http://127.0.0.1:8000/ (page), /v1/..., /metrics
    curl -s 127.0.0.1:8000/v1/arithmetic -H 'Content-Type: application/json' -d '{"question": "What is 397 x 4429?"}'

Binds to 127.0.0.1 unless --host says otherwise: the API has no authentication.
"""

from __future__ import annotations

import argparse
import socket

from goat.errors import GoatError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="serve a model over HTTP (OpenAI-compatible API and a page)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--model", help="run dir, adapter, merged or HF model dir, .gguf, smollm2-135m (default: shipped)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s, loopback only)")
    p.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    p.add_argument(
        "--max-batch-size", type=int, default=32, help="requests decoded together at most (default: %(default)s)"
    )
    p.add_argument(
        "--max-wait-ms",
        type=float,
        default=10.0,
        help="how long an idle server waits for more requests once one arrives (default: %(default)s)",
    )
    p.add_argument(
        "--queue-size",
        type=int,
        default=256,
        help="requests that may wait; beyond this the server answers 503 (default: %(default)s)",
    )
    p.add_argument(
        "--timeout-s",
        type=float,
        default=60.0,
        help="a request not answered in this time gets 504 (default: %(default)s)",
    )
    p.set_defaults(func=run)


def check_port_free(host: str, port: int) -> None:
    """Fail with one line now, rather than after loading the model and in uvicorn's log format."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as e:
        raise GoatError(f"cannot listen on {host}:{port}: {e.strerror or e}") from None


def run(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise GoatError(f"--port must be between 1 and 65535, got {args.port}")
    for flag in ("max_batch_size", "queue_size"):
        if getattr(args, flag) < 1:
            raise GoatError(f"--{flag.replace('_', '-')} must be at least 1, got {getattr(args, flag)}")
    if args.max_wait_ms < 0 or args.timeout_s <= 0:
        raise GoatError("--max-wait-ms must be >= 0 and --timeout-s > 0")
    check_port_free(args.host, args.port)

    import uvicorn

    from goat.serve.app import ServeConfig, create_app
    from goat.serve.engine import load_engine

    engine = load_engine(args.model)
    config = ServeConfig(args.max_batch_size, args.max_wait_ms, args.queue_size, args.timeout_s)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"goat: warning: serving on {args.host}, beyond this machine; the API has no authentication")
    print(f"goat: serving {engine.name} on http://{args.host}:{args.port}/ (Ctrl-C to stop)")
    uvicorn.run(create_app(engine, config), host=args.host, port=args.port, log_level="info")
    return 0
