"""One machine must not take the public site down, over real HTTP on 127.0.0.1 against a
real `cresi-web` process:

- 200 idle connections and 100 connections trickling a header line a second leave the
  site answering other visitors; the server closes the idle ones after IDLE_SECONDS and
  the trickling ones REQUEST_SECONDS after their request began;
- request bodies: a declared 1 GB, a chunked upload, a body on a GET, are answered 413
  without the server buffering them, and nothing reaches its temporary folder.
"""

from __future__ import annotations

import os
import select
import socket
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench.site import fetch, site_process
from search_app.limits import MAX_FORM_BYTES
from search_app.serve import CLEANUP_SECONDS, IDLE_SECONDS, REQUEST_SECONDS
from tests.test_site_recovery import update, write_docs

IDLE, TRICKLING = 200, 100


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("limits")
    corpus, index, spool = root / "corpus", root / "index", root / "tmp"
    spool.mkdir()
    write_docs(corpus, {"Mali/eau.md": "forage", "Mali/ecole.md": "ecole"})
    assert update(corpus, index).returncode == 0
    with site_process(index, corpus, env={"TMPDIR": str(spool)}, log=root / "web.log") as running:
        yield running, spool


def address(base: str) -> tuple[str, int]:
    where = urlsplit(base)
    return where.hostname, where.port


def closed_by_server(sock: socket.socket) -> bool:
    """True once the server has closed the connection (end of stream or reset)."""
    if not select.select([sock], [], [], 0)[0]:
        return False
    try:
        return sock.recv(4096) == b""
    except OSError:
        return True


def test_idle_and_trickling_connections_leave_the_site_answering(site):
    running, _ = site
    host_port = address(running.base)
    t0 = time.monotonic()
    idle = [socket.create_connection(host_port, timeout=5) for _ in range(IDLE)]
    trickling = []
    for _ in range(TRICKLING):
        s = socket.create_connection(host_port, timeout=5)
        s.sendall(b"GET /?q=eau HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        trickling.append(s)
    try:
        started = time.monotonic()
        open_trickling = set(trickling)
        limit = started + REQUEST_SECONDS + 3 * CLEANUP_SECONDS + 5
        while open_trickling and time.monotonic() < limit:
            for s in list(open_trickling):
                if closed_by_server(s):
                    open_trickling.discard(s)
                    continue
                try:
                    s.sendall(b"X-Lent: encore\r\n")  # one header line a second, never the end
                except OSError:
                    open_trickling.discard(s)
            answer = fetch(running.base, "/?q=forage", timeout=5)  # another visitor
            assert answer.status == 200 and "forage" in answer.text
            time.sleep(1)
        lasted = time.monotonic() - started
        assert not open_trickling, f"{len(open_trickling)} trickling connections still open after {lasted:.0f} s"
        assert lasted >= REQUEST_SECONDS - 1, "closed before their deadline"

        limit = t0 + IDLE_SECONDS + 3 * CLEANUP_SECONDS + 5
        open_idle = set(idle)
        while open_idle and time.monotonic() < limit:
            open_idle = {s for s in open_idle if not closed_by_server(s)}
            assert fetch(running.base, "/healthz", timeout=5).status == 200
            time.sleep(0.5)
        assert not open_idle, f"{len(open_idle)} idle connections still open"
    finally:
        for s in idle + trickling:
            s.close()


def server_temp_files(pid: int, spool: Path) -> list[str]:
    """What the server process has open in its temporary folder (deleted files included)."""
    found = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(spool)):
            found.append(target)
    return found


def upload(running, spool: Path, head: bytes, chunks, limit: int = 64 * 1024 * 1024) -> tuple[bytes, int, list[str]]:
    """Send `head`, then `chunks` until the server answers, closes, or `limit` bytes are
    sent. Returns the answer, the bytes sent and the server's temporary files seen."""
    sock = socket.create_connection(address(running.base), timeout=10)
    seen: list[str] = []
    sent = 0
    try:
        sock.sendall(head)
        if not select.select([sock], [], [], 1.0)[0]:
            for chunk in chunks:
                if sent >= limit or select.select([sock], [], [], 0)[0]:
                    break
                try:
                    sock.sendall(chunk)
                except OSError:
                    break
                sent += len(chunk)
                if sent % (1024 * 1024) < len(chunk):
                    seen += server_temp_files(running.process.pid, spool)
        seen += server_temp_files(running.process.pid, spool)
        answer = b""
        try:
            while data := sock.recv(65536):
                answer += data
        except OSError:
            pass
        return answer, sent, seen
    finally:
        sock.close()


def endless(size: int, chunked: bool = False):
    block = b"x" * size
    framed = f"{size:x}\r\n".encode() + block + b"\r\n" if chunked else block
    while True:
        yield framed


@pytest.mark.parametrize("method, path", [("POST", "/"), ("POST", "/api/search"), ("PUT", "/files/x")])
def test_a_declared_gigabyte_is_refused_without_being_read(site, method, path):
    running, spool = site
    head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {10 ** 9}\r\n\r\n").encode()
    answer, sent, seen = upload(running, spool, head, endless(64 * 1024))
    assert answer.startswith(b"HTTP/1.1 413"), (answer[:200], sent)
    assert sent == 0, f"{sent} bytes were taken before the answer"
    assert not seen and not list(spool.iterdir()), seen


def test_a_chunked_upload_is_cut_at_the_form_limit(site):
    running, spool = site
    head = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    answer, sent, seen = upload(running, spool, head, endless(4096, chunked=True))
    assert answer.startswith(b"HTTP/1.1 413"), (answer[:200], sent)
    # `sent` counts what the kernel took: loopback socket buffers hold a few MB. Unbounded,
    # the server would read the whole 64 MB and never answer.
    assert sent < 16 * 1024 * 1024, f"{sent} bytes were taken before the answer"
    assert not seen and not list(spool.iterdir()), seen


def test_a_body_where_none_is_expected_gets_the_sites_413_page(site):
    running, _ = site
    for method in ("GET", "POST", "DELETE"):
        r = fetch(running.base, "/?q=eau", method=method, body=b"a" * 100)
        assert r.status == 413, method
        assert "trop volumineuse" in r.text and r.headers.get("x-content-type-options") == "nosniff"
    assert fetch(running.base, "/?q=eau").status == 200


def test_a_form_post_may_carry_a_few_kilobytes(built):
    """The sign-in form's route (POST): up to MAX_FORM_BYTES, 413 above."""
    from conftest import make_app

    app = make_app(*built)
    app.add_url_rule("/essai-formulaire", "essai", lambda: "reçu", methods=["POST"])
    app.config["WTF_CSRF_ENABLED"] = False  # this test route has no form, hence no CSRF token
    client = app.test_client()
    assert client.post("/essai-formulaire", data={"nom": "x" * (MAX_FORM_BYTES - 100)}).status_code == 200
    assert client.post("/essai-formulaire", data={"nom": "x" * MAX_FORM_BYTES}).status_code == 413
    assert client.get("/", data=b"a").status_code == 413
