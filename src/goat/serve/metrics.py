"""The server's Prometheus metrics, on a registry of its own.

prometheus_client rather than hand-written text: it gets the exposition format (escaping, histogram
buckets, _count/_sum, HELP/TYPE lines) right, and a registry per server keeps two servers in one
process (as in the tests) from counting into each other.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


class Metrics:
    def __init__(self):
        self.registry = CollectorRegistry()
        r = self.registry
        self.requests = Counter("goat_requests", "HTTP requests by path and status", ["path", "status"], registry=r)
        self.latency = Histogram(
            "goat_request_latency_seconds", "Time to answer a request", ["path"], buckets=LATENCY_BUCKETS, registry=r
        )
        self.batch_size = Histogram(
            "goat_batch_size", "Requests joining the running batch together", buckets=BATCH_BUCKETS, registry=r
        )
        self.decode_seconds = Histogram(
            "goat_decode_seconds", "Time of one trip to the decoding thread (a join and a few steps)",
            buckets=LATENCY_BUCKETS, registry=r,
        )  # fmt: skip
        self.running = Gauge("goat_running_requests", "Requests being decoded in the running batch", registry=r)
        self.queue_depth = Gauge("goat_queue_depth", "Requests waiting to join the batch", registry=r)
        self.queue_rejections = Counter("goat_queue_rejections", "Requests refused with 503: queue full", registry=r)
        self.timeouts = Counter("goat_request_timeouts", "Requests answered 504: no answer in time", registry=r)

    def render(self) -> bytes:
        return generate_latest(self.registry)
