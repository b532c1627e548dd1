"""Load-test `goat serve`: N concurrent clients, batching on and off (max batch 1), in one run.

    .venv/bin/python bench/bench_serve.py                                # tiny random-weight model, 32 clients
    .venv/bin/python bench/bench_serve.py --model runs/tiny --requests 512 --out reports/bench_serve.json

Each mode starts a real `goat serve` process on a free loopback port, sends the same `--requests`
BIG-bench-style questions (1-5 digits, + - x /) to POST /v1/arithmetic from `--clients` concurrent clients,
and stops issuing requests after `--time-limit` seconds. It prints throughput, p50/p99 latency, failures and
the mean number of requests that joined the running batch together (from /metrics). Without --model it uses
goat's tiny preset with random weights: its answers are garbage, but each request still decodes its whole
token budget, so the work per request (and so the throughput) is what a trained tiny model costs.

Measured on the 2-core CPU (no GPU), 2026-11-25, quiet machine, default flags (32 clients, 192 requests per
mode, 1 thread per server; the load generator runs on the same machine): continuous batching 31.39 req/s
(p50 535.8 ms, p99 2,083.9 ms) vs one at a time 7.40 req/s (p50 3,739.9 ms, p99 5,298.8 ms): 4.2x, no
failed request. While another one-thread job ran (load 2.2): 4.1x.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from goat.arith.instructions import render_question
from goat.arith.sample import number

MIXES = {
    # BIG-bench's arithmetic: 1-5 digits, four operations; a few multi-digit x and / chains run 150-380 tokens.
    "bigbench": ("+-*/", 5),
    # The paper's direct-answer tasks: + and - up to 16 digits, answers of similar length (20-60 tokens).
    "add-sub": ("+-", 16),
}


def questions(count: int, mix: str = "bigbench", seed: int = 0) -> list[str]:
    ops, digits = MIXES[mix]
    rng = random.Random(seed)
    return [
        render_question(number(rng, rng.randint(1, digits)), rng.choice(ops), number(rng, rng.randint(1, digits)), rng)
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


def start_server(model: str, max_batch_size: int, args: argparse.Namespace, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    flags = {"--model": model, "--port": port, "--max-batch-size": max_batch_size, "--queue-size": args.queue_size,
             "--max-wait-ms": args.max_wait_ms, "--timeout-s": 300}  # fmt: skip
    command = [sys.executable, "-m", "goat", "serve", *(str(x) for item in flags.items() for x in item)]
    env = {**os.environ, "OMP_NUM_THREADS": str(args.threads)} if args.threads else None  # torch's intra-op threads
    server = subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)  # a file: no full pipe
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


def percentile_ms(values: list[float], q: float) -> float | None:
    """The q-quantile (nearest rank) in milliseconds."""
    ranked = sorted(values)
    return round(1000 * ranked[min(len(ranked) - 1, int(q * len(ranked)))], 1) if ranked else None


def summary(max_batch_size: int, latencies: list[float], failures: int, wall: float, url: str) -> dict:
    return {
        "max_batch_size": max_batch_size,
        "answered": len(latencies),
        "failed": failures,
        "seconds": round(wall, 2),
        "requests_per_s": round(len(latencies) / wall, 2),
        "p50_ms": percentile_ms(latencies, 0.5),
        "p99_ms": percentile_ms(latencies, 0.99),
        "mean_join": round(mean_batch_size(url), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="a trained run dir or any model goat can load (default: tiny, random weights)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default: %(default)s)")
    parser.add_argument("--requests", type=int, default=192, help="requests per mode (default: %(default)s)")
    parser.add_argument("--mix", choices=MIXES, default="bigbench", help="questions asked (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=3, help="the modes take turns this often (default: %(default)s)")
    parser.add_argument("--max-batch-size", type=int, default=32, help="batched mode's batch (default: %(default)s)")
    parser.add_argument("--max-wait-ms", type=float, default=10, help="server's batch wait (default: %(default)s)")
    parser.add_argument("--queue-size", type=int, default=256, help="server queue (default: %(default)s)")
    parser.add_argument("--time-limit", type=float, default=40, help="seconds of load per mode (default: %(default)s)")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch threads per server, the same for both modes; 0: torch's default (default: %(default)s, as two "
        "servers share the machine and on a busy 2-core box more threads than free cores spin and stall)",
    )
    parser.add_argument("--out", help="also write the results to this JSON file")
    args = parser.parse_args()

    prompts = questions(args.requests, args.mix)
    chunks = [prompts[i :: args.rounds] for i in range(args.rounds)]
    modes = {"batched": args.max_batch_size, "one at a time": 1}
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model or str(tiny_random_model(Path(tmp) / "tiny-random"))
        # Both servers stay up and take turns, round by round, so a change in the machine's other load
        # (a shared 2-core box) falls on both modes alike rather than on whichever ran second.
        servers = {name: start_server(model, size, args, Path(tmp) / f"{size}.log") for name, size in modes.items()}
        try:
            totals = {name: ([], 0, 0.0) for name in modes}
            for _, url in servers.values():
                asyncio.run(load(url, prompts[:2], 1, args.time_limit))  # warm-up: first calls are not throughput
            for i, chunk in enumerate(chunks):
                for name in list(modes)[:: 1 if i % 2 == 0 else -1]:
                    latencies, failures, wall = totals[name]
                    left = args.time_limit - wall
                    if left > 0:
                        more, failed, seconds = asyncio.run(load(servers[name][1], chunk, args.clients, left))
                        totals[name] = (latencies + more, failures + failed, wall + seconds)
            results = {name: summary(modes[name], *totals[name], servers[name][1]) for name in modes}
        finally:
            for server, _ in servers.values():
                server.terminate()
                server.wait(30)
    speedup = results["batched"]["requests_per_s"] / max(results["one at a time"]["requests_per_s"], 1e-9)
    print(
        f"model: {args.model or 'tiny preset, random weights'}; {args.mix} questions; {args.clients} clients; "
        f"{args.requests} requests "
        f"per mode in {args.rounds} alternating rounds (at most {args.time_limit:g} s of load per mode); "
        f"{args.threads or 'default'} torch threads per server; "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the end\n"
    )
    print("| mode | max batch | answered | failed | req/s | p50 ms | p99 ms | mean join |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        print(
            f"| {name} | {r['max_batch_size']} | {r['answered']} | {r['failed']} | {r['requests_per_s']} | "
            f"{r['p50_ms']} | {r['p99_ms']} | {r['mean_join']} |"
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
