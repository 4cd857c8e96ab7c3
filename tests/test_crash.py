"""A job killed with SIGKILL at any point leaves a usable index; the next run finishes.

Real subprocesses of `cresi-index update`, killed at increasing delays during an
incremental update and during a full rebuild.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cresi_search.index.store import IndexStore
from tests.filemakers import make_docx, make_pdf

pytestmark = pytest.mark.slow
KILL_DELAYS = [0.05, 0.2, 0.4, 0.7, 1.0, 1.4, 1.9, 2.5, 3.2, 4.0]


def start_job(corpus: Path, index: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "indexer", "update", "--corpus", str(corpus), "--index", str(index), *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def kill_after(proc: subprocess.Popen, delay: float) -> None:
    time.sleep(delay)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)  # the job and its extraction workers
    proc.wait()


def finish(corpus: Path, index: Path, *extra: str) -> None:
    proc = start_job(corpus, index, *extra)
    assert proc.wait(timeout=300) == 0


def assert_usable(index: Path, allowed_counts: set[int]) -> None:
    store = IndexStore(index)
    assert store.exists()
    count = store.document_count()
    assert count in allowed_counts, f"{count} documents, expected one of {allowed_counts}"
    with store.open().searcher() as s:  # the index opens and answers
        assert s.doc_count() >= count


def build_corpus(root: Path, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        if i % 2:
            make_pdf(root / f"rapports/rapport-{i:03d}.pdf", [f"Rapport {i} sur l'eau potable au Mali.", f"Page deux du rapport {i}."] * 3)
        else:
            make_docx(root / f"fiches/fiche-{i:03d}.docx", f"Fiche {i}", [f"Fiche outil numéro {i} : budget et financement."] * 20)


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    build_corpus(tmp_path / "corpus", 40)
    return tmp_path / "corpus"


def test_kill_during_incremental_updates(corpus, tmp_path):
    index = tmp_path / "ix"
    finish(corpus, index)
    assert_usable(index, {40})
    build_corpus(corpus, 40, start=40)
    for delay in KILL_DELAYS:
        kill_after(start_job(corpus, index, "--workers", "2"), delay)
        assert_usable(index, set(range(40, 81)))
    finish(corpus, index)
    assert_usable(index, {80})


def test_kill_during_full_rebuild_keeps_the_live_generation(corpus, tmp_path):
    index = tmp_path / "ix"
    finish(corpus, index)
    live = IndexStore(index).current_name()
    for delay in KILL_DELAYS[:6]:
        kill_after(start_job(corpus, index, "--full"), delay)
        store = IndexStore(index)
        assert store.current_name() is not None
        assert_usable(index, {40})
    finish(corpus, index, "--full")
    store = IndexStore(index)
    assert store.current_name() != live
    assert_usable(index, {40})
    assert not list(index.glob("build-*")), "leftovers of killed rebuilds are cleaned"
