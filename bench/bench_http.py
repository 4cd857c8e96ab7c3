"""Throughput and latency of the site under a bounded load, on 127.0.0.1 only.

    .venv/bin/python bench/bench_http.py --docs 2000 [--concurrency 4] [--requests 400] [--max-seconds 120] [--json FILE]

Starts `cresi-web` on a free local port over the benchmark index, sends the query mix
to `/` (HTML result page) and `/api/search` (JSON) alternately from a few client
threads, each with its own keep-alive connection, and stops after `--requests` requests
or `--max-seconds`, whichever comes first. Then stops the server it started.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, Figures, code_hash, log, percentile  # noqa: E402
from bench.indexes import ensure_index  # noqa: E402
from bench.querymix import Query, make_queries  # noqa: E402

HOST = "127.0.0.1"
PER_PAGE = 20
WARMUP_REQUESTS = 20


@dataclass
class Sample:
    path: str
    ms: float
    status: int  # 0 when the request failed without an HTTP answer
    error: str = ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def url_for(q: Query, path: str) -> str:
    params = [("q", q.text), ("per_page", str(PER_PAGE))]
    params += list(q.filters)
    return f"{path}?{urlencode(params)}"


def start_server(index: Path, corpus: Path, port: int) -> subprocess.Popen:
    script = Path(PYTHON).parent / "cresi-web"
    cmd = [str(script), "--index", str(index), "--corpus", str(corpus), "--host", HOST, "--port", str(port)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_ready(port: int, server: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"cresi-web s'est arrêté :\n{server.stderr.read()[-2000:]}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("cresi-web ne répond pas sur /healthz")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def peak_memory_mb(pid: int) -> float:
    """VmHWM (peak resident set) of a running process, from /proc."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Load:
    """Client threads sharing one bounded list of URLs and one deadline."""

    def __init__(self, port: int, urls: list[str], max_seconds: float) -> None:
        self.port = port
        self.urls = urls
        self.next = 0
        self.lock = threading.Lock()
        self.deadline = time.monotonic() + max_seconds
        self.samples: list[Sample] = []

    def _take(self) -> str | None:
        with self.lock:
            if self.next >= len(self.urls) or time.monotonic() > self.deadline:
                return None
            self.next += 1
            return self.urls[self.next - 1]

    def client(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while (url := self._take()) is not None:
            path = url.split("?", 1)[0]
            start = time.perf_counter()
            try:
                conn.request("GET", url)
                response = conn.getresponse()
                response.read()
                sample = Sample(path, (time.perf_counter() - start) * 1000, response.status)
            except (OSError, http.client.HTTPException) as e:
                sample = Sample(path, (time.perf_counter() - start) * 1000, 0, type(e).__name__)
                conn.close()
                conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            with self.lock:
                self.samples.append(sample)
        conn.close()

    def run(self, concurrency: int) -> float:
        threads = [threading.Thread(target=self.client) for _ in range(concurrency)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Charge HTTP bornée sur cresi-web (127.0.0.1)")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--copies", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4, help="threads clients (1 à 16)")
    parser.add_argument("--requests", type=int, default=400, help="nombre de requêtes (au plus 5000)")
    parser.add_argument("--max-seconds", type=float, default=120, help="durée maximale de la charge (au plus 600)")
    parser.add_argument("--reuse-index", action="store_true")
    parser.add_argument("--json", help="écrire les chiffres dans ce fichier JSON")
    args = parser.parse_args(argv)
    concurrency = max(1, min(16, args.concurrency))
    count = max(1, min(5000, args.requests))
    max_seconds = max(1.0, min(600.0, args.max_seconds))

    corpus, index = ensure_index(args.docs, args.seed, args.copies, reuse=args.reuse_index)
    queries = make_queries(200, args.seed)
    urls = [url_for(q, "/" if i % 2 == 0 else "/api/search") for i, q in enumerate(queries)]
    urls = (urls * (count // len(urls) + 1))[:count]

    port = free_port()
    log(f"cresi-web sur http://{HOST}:{port}/")
    server = start_server(index, corpus, port)
    try:
        wait_ready(port, server)
        Load(port, urls[:WARMUP_REQUESTS], max_seconds).run(1)
        log(f"{count} requêtes, {concurrency} clients, {max_seconds:g} s au plus")
        load = Load(port, urls, max_seconds)
        seconds = load.run(concurrency)
        server_mb = peak_memory_mb(server.pid)
    finally:
        stop_server(server)

    samples = load.samples
    ok = [s for s in samples if s.status == 200]
    fig = Figures("http")
    fig.add("code", code_hash())
    fig.add("documents", args.docs)
    fig.add("concurrency", concurrency)
    fig.add("server_threads", 4)
    fig.add("requests", len(samples))
    fig.add("errors", len(samples) - len(ok))
    fig.add("error_kinds", sorted({s.error or str(s.status) for s in samples if s.status != 200}))
    fig.add("duration_s", seconds)
    fig.add("requests_per_s", len(samples) / seconds if seconds else 0.0)
    for label, subset in (("all", ok), ("page", [s for s in ok if s.path == "/"]),
                          ("api", [s for s in ok if s.path == "/api/search"])):
        ms = [s.ms for s in subset]
        if not ms:
            continue
        fig.add(f"{label}_median_ms", statistics.median(ms))
        fig.add(f"{label}_p90_ms", percentile(ms, 90))
        fig.add(f"{label}_p95_ms", percentile(ms, 95))
        fig.add(f"{label}_p99_ms", percentile(ms, 99))
        fig.add(f"{label}_max_ms", max(ms))
    fig.add("server_peak_mb", server_mb)
    fig.report(args.json)


if __name__ == "__main__":
    main()
