"""Extraction in worker processes, each file bounded in time and memory.

A hung or crashing extractor must never hold up the nightly job: every file gets a
deadline; past it the worker is killed and replaced, and the file is reported. Each
worker runs under an address-space limit, so a decompression bomb ends in a
MemoryError (reported) instead of swapping the machine.
"""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from indexer.model import Extracted

DEFAULT_MEMORY_LIMIT_MB = 2048
# What one file may bring into the index: about 2,500 pages of text. The job's own process
# has no memory limit, and a 350 kB PDF can expand to 150 million characters.
MAX_TEXT_CHARS = 5_000_000


@dataclass(frozen=True)
class Job:
    key: str  # the caller's name for the job (the relative path)
    path: Path
    max_bytes: int


@dataclass(frozen=True)
class Outcome:
    key: str
    extracted: Extracted | None
    error: str | None  # French reason when extraction failed
    seconds: float


def _limit_memory(limit_mb: int) -> None:
    try:
        import resource

        limit = limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass  # not available here: the time limit still applies


def bounded(extracted: Extracted, limit: int = MAX_TEXT_CHARS) -> Extracted:
    """The extraction with its text cut after `limit` characters, and a warning saying so."""
    if sum(len(page) for page in extracted.pages) <= limit:
        return extracted
    pages, room = [], limit
    for page in extracted.pages:  # pages past the limit stay, empty: page numbers hold
        pages.append(page[:room])
        room -= len(pages[-1])
    warning = f"texte tronqué : seuls les {limit:,} premiers caractères sont indexés".replace(",", " ")
    return dataclasses.replace(extracted, pages=tuple(pages), warnings=(*extracted.warnings, warning))


def _worker_main(conn: Connection, limit_mb: int) -> None:
    import logging

    from indexer.extract import ExtractionError, extract

    # pypdf warns about every odd font or object: thousands of lines for one bad PDF.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    _limit_memory(limit_mb)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            result = ("ok", bounded(extract(job.path, max_bytes=job.max_bytes)))
        except ExtractionError as e:
            result = ("error", e.reason)
        except MemoryError:
            result = ("error", "mémoire dépassée pendant la lecture (fichier trop gros ou piégé)")
        except RecursionError:
            result = ("error", "structure trop profonde ou cyclique : fichier corrompu ?")
        except Exception as e:  # an extractor bug must not stop the job
            result = ("error", f"erreur inattendue du lecteur ({type(e).__name__}: {e})"[:300])
        try:
            conn.send(result)
        except Exception as e:  # e.g. the result cannot be pickled
            conn.send(("error", f"résultat illisible ({type(e).__name__})"))


class _Worker:
    def __init__(self, ctx, limit_mb: int) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, limit_mb), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.started = 0.0

    def give(self, job: Job) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.process.kill()
            else:
                self.conn.send(None)
        except (OSError, BrokenPipeError):
            pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class ExtractionPool:
    """Runs jobs on N worker processes and yields outcomes as they finish."""

    def __init__(self, workers: int, timeout_s: float, memory_limit_mb: int = DEFAULT_MEMORY_LIMIT_MB) -> None:
        self.size = max(1, workers)
        self.timeout_s = timeout_s
        self.memory_limit_mb = memory_limit_mb
        self._ctx = mp.get_context("spawn")

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        queue = deque(jobs)
        workers = [_Worker(self._ctx, self.memory_limit_mb) for _ in range(min(self.size, len(queue)))]
        try:
            for w in workers:
                if queue:
                    w.give(queue.popleft())
            while any(w.job for w in workers):
                yield from self._collect(workers, queue)
        finally:
            for w in workers:
                w.stop(kill=w.job is not None)

    def _collect(self, workers: list[_Worker], queue: deque) -> Iterator[Outcome]:
        busy = [w for w in workers if w.job]
        now = time.monotonic()
        wait_s = max(0.0, min(w.started + self.timeout_s for w in busy) - now)
        ready = wait([w.conn for w in busy], timeout=wait_s)
        for i, w in enumerate(workers):
            if not w.job:
                continue
            elapsed = time.monotonic() - w.started
            job = w.job
            if w.conn in ready:
                try:
                    status, value = w.conn.recv()
                except (EOFError, OSError):
                    code = w.process.exitcode
                    workers[i] = self._replace(w)
                    yield Outcome(job.key, None, f"le lecteur s'est arrêté brutalement (code {code})", elapsed)
                else:
                    w.job = None
                    if status == "ok":
                        yield Outcome(job.key, value, None, elapsed)
                    else:
                        yield Outcome(job.key, None, value, elapsed)
            elif elapsed >= self.timeout_s:
                workers[i] = self._replace(w)
                yield Outcome(job.key, None, f"délai dépassé ({self.timeout_s:g} s) : lecture abandonnée", elapsed)
            else:
                continue
            if queue and not workers[i].job:
                workers[i].give(queue.popleft())

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop(kill=True)
        return _Worker(self._ctx, self.memory_limit_mb)
