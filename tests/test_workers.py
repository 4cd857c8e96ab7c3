"""The extraction pool: workers keep extracting while the caller writes, and stop with it."""

from __future__ import annotations

import multiprocessing as mp
import time

from indexer.workers import ExtractionPool, Job
from tests.filemakers import make_slow_pdf


def slow_jobs(tmp_path, count: int) -> list[Job]:
    jobs = []
    for i in range(count):
        path = make_slow_pdf(tmp_path / f"lent-{i}.pdf", operations=60_000)  # under a second
        jobs.append(Job(path.name, path, 10_000_000))
    return jobs


def test_the_worker_extracts_the_next_file_while_the_caller_is_busy(tmp_path):
    outcomes = ExtractionPool(1, timeout_s=120).run(slow_jobs(tmp_path, 2))
    first = next(outcomes)
    assert first.error is None
    time.sleep(max(3.0, 5 * first.seconds))  # the caller writes the first document
    waited = time.monotonic()
    second = next(outcomes)
    waited = time.monotonic() - waited
    assert second.error is None
    # Read during the caller's work: handed over at once, not extracted only now.
    assert waited < second.seconds / 2, (waited, second.seconds)
    assert list(outcomes) == []


def test_a_caller_that_stops_early_stops_the_workers(tmp_path):
    jobs = slow_jobs(tmp_path, 1)
    slow = make_slow_pdf(tmp_path / "interminable.pdf", operations=3_000_000)  # minutes
    outcomes = ExtractionPool(2, timeout_s=600).run([*jobs, Job(slow.name, slow, 10_000_000), *slow_jobs(tmp_path, 3)])
    assert next(outcomes).key == "lent-0.pdf"
    started = time.monotonic()
    outcomes.close()  # e.g. the index writer failed
    assert time.monotonic() - started < 30  # not the 600 s of the file in the worker
    assert [p for p in mp.active_children() if p.is_alive()] == []
