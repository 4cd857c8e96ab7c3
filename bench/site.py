"""`cresi-web` as a subprocess on a free port of 127.0.0.1, and one HTTP request to it,
for the benchmarks and the HTTP tests.

    with running_site(index, corpus) as base:
        fetch(base, "/healthz").json()
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

CRESI_WEB = str(Path(sys.executable).with_name("cresi-web"))


# -- the server ------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Site:
    base: str  # "http://127.0.0.1:PORT"
    process: subprocess.Popen


@contextmanager
def running_site(index: Path, corpus: Path, **options) -> Iterator[str]:
    """`cresi-web` as a subprocess on 127.0.0.1; yields its base URL, stops it afterwards."""
    with site_process(index, corpus, **options) as site:
        yield site.base


@contextmanager
def site_process(index: Path, corpus: Path, *, threads: int = 4, prefix: tuple[str, ...] = (),
                 log: Path | None = None, env: dict[str, str] | None = None) -> Iterator[Site]:
    """`cresi-web` as a subprocess on 127.0.0.1 (`env` added to its environment)."""
    for _ in range(3):  # the port may be taken between free_port() and the bind
        port = free_port()
        out = open(log, "ab") if log else subprocess.DEVNULL
        proc = subprocess.Popen(
            [*prefix, CRESI_WEB, "--index", str(index), "--corpus", str(corpus), "--host", "127.0.0.1",
             "--port", str(port), "--threads", str(threads)],
            stdout=out, stderr=out, start_new_session=True, env={**os.environ, **(env or {})},
        )
        base = f"http://127.0.0.1:{port}"
        if _wait_ready(proc, base):
            break
        _stop(proc)
    else:
        raise RuntimeError("cresi-web did not start (see its log)")
    try:
        yield Site(base, proc)
    finally:
        _stop(proc)
        if log:
            out.close()


def _wait_ready(proc: subprocess.Popen, base: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            fetch(base, "/healthz", timeout=2)
            return True
        except OSError:
            time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# -- one request ---------------------------------------------------------------------------------
@dataclass
class Response:
    status: int
    headers: dict[str, str]  # lower-case names; repeated headers joined with "\n"
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def fetch(base: str, path: str, *, method: str = "GET", headers: dict | None = None, timeout: float = 30,
          body: bytes | None = None) -> Response:
    """One request with http.client: the path is sent exactly as given (no normalisation,
    no proxy), which is what traversal tests need."""
    where = urlsplit(base)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=timeout)
    t0 = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
    finally:
        conn.close()
    merged: dict[str, str] = {}
    for name, value in resp.getheaders():
        key = name.lower()
        merged[key] = f"{merged[key]}\n{value}" if key in merged else value
    return Response(resp.status, merged, body, time.monotonic() - t0)
