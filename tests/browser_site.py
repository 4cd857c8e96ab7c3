"""Fixtures of the browser tests, shared by every test_browser*.py module (registered as a
plugin in conftest.py): one index of the sample corpus and one `cresi-web` over HTTP for
the whole session, one headless Chromium, and a fresh page per test.

Each browser module skips itself when Chromium is absent outside CI (`require_chromium`).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def require_chromium():
    """Module-level guard: the Playwright API, or a skip (a failure in CI)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            raise RuntimeError("Chromium is required in CI: apt-get install chromium")
        pytest.skip("Chromium absent (apt-get install chromium) : tests navigateur ignorés",
                    allow_module_level=True)
    return pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> str:
    from indexer.config import Settings
    from indexer.update import run

    index = tmp_path_factory.mktemp("browser") / "index"
    run(Settings(corpus=CORPUS, index=index))
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_app.serve", "--index", str(index), "--corpus", str(CORPUS),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("cresi-web did not start: " + proc.stdout.read().decode(errors="replace"))
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    proc.stdout.close()


@pytest.fixture(scope="session")
def browser():
    sync_api = require_chromium()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def new_page(browser, viewport: dict):
    context = browser.new_context(locale="fr-FR", viewport=viewport, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    return context, pg


@pytest.fixture()
def page(browser):
    context, pg = new_page(browser, DESKTOP)
    yield pg
    context.close()


@pytest.fixture()
def phone(browser):
    context, pg = new_page(browser, PHONE)
    yield pg
    context.close()
