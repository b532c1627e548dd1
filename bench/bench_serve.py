"""Load-test `goat serve`: N concurrent clients, dynamic batching on and off (max batch 1), in one run.

    .venv/bin/python bench/bench_serve.py                                # tiny random-weight model, 32 clients
    .venv/bin/python bench/bench_serve.py --model runs/tiny --requests 512 --out reports/bench_serve.json

Each mode starts a real `goat serve` process on a free loopback port, sends the same `--requests`
BIG-bench-style questions (1-5 digits, + - x /) to POST /v1/arithmetic from `--clients` concurrent clients,
and stops issuing requests after `--time-limit` seconds. It prints throughput, p50/p99 latency, failures and
the mean batch size the server's /metrics reports. Without --model it uses goat's tiny preset with random
weights: its answers are garbage, but each request still decodes its whole token budget, so the work per
request (and so the throughput) is what a trained tiny model costs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from goat.arith.instructions import render_question
from goat.arith.sample import number


def questions(count: int, seed: int = 0) -> list[str]:
    rng = random.Random(seed)
    return [
        render_question(number(rng, rng.randint(1, 5)), rng.choice("+-*/"), number(rng, rng.randint(1, 5)), rng)
        for _ in range(count)
    ]


def tiny_random_model(folder: Path) -> Path:
    from goat.models import build_digit_tokenizer, build_model

    tokenizer = build_digit_tokenizer()
    build_model("tiny", tokenizer, seed=0).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(model: str, max_batch_size: int, queue_size: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "goat",
        "serve",
        "--model",
        model,
        "--port",
        str(port),
        "--max-batch-size",
        str(max_batch_size),
        "--queue-size",
        str(queue_size),
        "--timeout-s",
        "300",
    ]
    server = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT)  # a file: a pipe could fill
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            raise SystemExit(f"goat serve exited:\n{log.read_text()}")
        if time.monotonic() > deadline:
            server.kill()
            raise SystemExit("goat serve did not start in 120 s")
        try:
            httpx.get(f"{url}/health", timeout=1)
            return server, url
        except httpx.TransportError:
            time.sleep(0.2)


async def load(url: str, prompts: list[str], clients: int, time_limit: float) -> tuple[list[float], int, float]:
    """(latencies of the answered requests, failures, wall seconds); each client sends one request at a time."""
    todo = iter(prompts)
    latencies: list[float] = []
    failures = 0
    started = time.perf_counter()

    async def client(http: httpx.AsyncClient):
        nonlocal failures
        for question in todo:
            if time.perf_counter() - started > time_limit:
                return
            sent = time.perf_counter()
            reply = await http.post("/v1/arithmetic", json={"question": question})
            if reply.status_code == 200:
                latencies.append(time.perf_counter() - sent)
            else:
                failures += 1

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=300, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies, failures, time.perf_counter() - started


def mean_batch_size(url: str) -> float:
    text = httpx.get(f"{url}/metrics").text
    total = float(re.search(r"^goat_batch_size_sum (\S+)$", text, re.M)[1])
    count = float(re.search(r"^goat_batch_size_count (\S+)$", text, re.M)[1])
    return total / count if count else 0.0


def run_mode(model: str, max_batch_size: int, args: argparse.Namespace, prompts: list[str], log: Path) -> dict:
    server, url = start_server(model, max_batch_size, args.queue_size, log)
    try:
        asyncio.run(load(url, prompts[:2], 1, args.time_limit))  # warm-up: first-call costs are not throughput
        latencies, failures, wall = asyncio.run(load(url, prompts, args.clients, args.time_limit))
        batch = mean_batch_size(url)
    finally:
        server.terminate()
        server.wait(30)
    latencies.sort()
    return {
        "max_batch_size": max_batch_size,
        "answered": len(latencies),
        "failed": failures,
        "seconds": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 2),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(1000 * latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 1)
        if latencies
        else None,
        "mean_batch_size": round(batch, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="a trained run dir or any model goat can load (default: tiny, random weights)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default: %(default)s)")
    parser.add_argument("--requests", type=int, default=192, help="requests per mode (default: %(default)s)")
    parser.add_argument("--max-batch-size", type=int, default=32, help="batched mode's batch (default: %(default)s)")
    parser.add_argument("--queue-size", type=int, default=256, help="server queue (default: %(default)s)")
    parser.add_argument("--time-limit", type=float, default=50, help="seconds of load per mode (default: %(default)s)")
    parser.add_argument("--out", help="also write the results to this JSON file")
    args = parser.parse_args()

    prompts = questions(args.requests)
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model or str(tiny_random_model(Path(tmp) / "tiny-random"))
        results = {
            "batched": run_mode(model, args.max_batch_size, args, prompts, Path(tmp) / "batched.log"),
            "one at a time": run_mode(model, 1, args, prompts, Path(tmp) / "one.log"),
        }
    speedup = results["batched"]["requests_per_s"] / max(results["one at a time"]["requests_per_s"], 1e-9)
    print(
        f"model: {args.model or 'tiny preset, random weights'}; {args.clients} clients; {args.requests} requests "
        f"per mode (at most {args.time_limit:g} s); cpu count {os.cpu_count()}\n"
    )
    print("| mode | max batch | answered | failed | req/s | p50 ms | p99 ms | mean batch |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['max_batch_size']} | {r['answered']} | {r['failed']} | {r['requests_per_s']} | "
            f"{r['p50_ms']} | {r['p99_ms']} | {r['mean_batch_size']} |"
        )
    no_failures = all(r["failed"] == 0 for r in results.values()) or args.clients > args.queue_size
    print(
        f"\nthroughput, batched / one at a time: {speedup:.1f}x (target >= 4x: {'met' if speedup >= 4 else 'MISSED'}); "
        f"failed requests below the queue limit: {'none' if no_failures else 'SOME'}"
    )
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(json.dumps({"args": vars(args), "results": results, "speedup": round(speedup, 2)}, indent=2))
        os.replace(tmp, out)
    return 0 if speedup >= 4 and no_failures else 1


if __name__ == "__main__":
    sys.exit(main())
