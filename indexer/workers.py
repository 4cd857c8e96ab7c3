"""Extraction in worker processes, each file bounded in time and memory.

A hung or crashing extractor must never hold up the nightly job: every file gets a
deadline; past it the worker is killed and replaced, and the file is reported. OCR gets
a budget inside that deadline (OCR_SHARE of it), so a long scan ends with its first
pages read and the others left for the next run, rather than killed with nothing. Each
worker runs under an address-space limit, so a decompression bomb ends in a
MemoryError (reported) instead of swapping the machine.

The workers are fed by a thread of their own, so they keep extracting while the caller
writes the index: writing costs about as much as extraction (docs/benchmarks.md), and a
pool that waited for its consumer left the workers idle half of the time.
"""

from __future__ import annotations

import dataclasses
import multiprocessing as mp
import os
import queue
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from indexer.extract.ocr import OcrSettings
from indexer.model import Extracted

DEFAULT_MEMORY_LIMIT_MB = 2048
STARTUP_S = 60.0  # longest a new worker may take to start (imports) before it is replaced
# What one file may bring into the index: about 2,500 pages of text. The job's own process
# has no memory limit, and a 350 kB PDF can expand to 150 million characters.
MAX_TEXT_CHARS = 5_000_000
OCR_SHARE = 0.75  # of the per-file deadline: the rest is for reading, a last page, the answer


def ocr_budget(timeout_s: float) -> float:
    """Seconds of OCR one file may take within the per-file deadline."""
    return OCR_SHARE * timeout_s


@dataclass(frozen=True)
class Job:
    key: str  # the caller's name for the job (the relative path)
    path: Path
    max_bytes: int
    ocr: OcrSettings | None = None  # None: default settings, no cache


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
    os.environ["OMP_THREAD_LIMIT"] = "1"  # one tesseract thread per worker (docs/ocr.md)
    from indexer.extract import garbled

    garbled.warm()  # the word list, loaded once per worker, before any file's deadline starts
    conn.send(("ready", None))  # a file's time limit starts now, not while Python starts
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        ocr = dataclasses.replace(job.ocr or OcrSettings(), started=time.monotonic())
        try:
            result = ("ok", bounded(extract(job.path, max_bytes=job.max_bytes, ocr=ocr)))
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
        self.ready = False  # the worker has imported its extractors

    def give(self, job: Job) -> None:
        self.job, self.started = job, time.monotonic()
        self.conn.send(job)

    def limit(self, timeout_s: float) -> float:
        """Seconds the current job may run from `started`: starting up is not reading."""
        return timeout_s if self.ready else STARTUP_S + timeout_s

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
        """Outcomes in the order they finish. A few finished outcomes wait for the caller
        (at most two per worker), so a slow caller bounds the memory they hold."""
        outcomes: queue.Queue = queue.Queue(maxsize=2 * self.size)
        stop = threading.Event()
        feeder = threading.Thread(target=self._feed, args=(deque(jobs), outcomes, stop), daemon=True)
        feeder.start()
        try:
            while (item := outcomes.get()) is not _DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            stop.set()
            while feeder.is_alive():  # unblock a feeder waiting for room in the queue
                try:
                    outcomes.get(timeout=0.05)
                except queue.Empty:
                    pass
            feeder.join()

    def _feed(self, todo: deque, outcomes: queue.Queue, stop: threading.Event) -> None:
        """The feeder thread: keeps every worker busy, enforces deadlines, hands outcomes over."""
        workers: list[_Worker] = []
        try:
            workers = [_Worker(self._ctx, self.memory_limit_mb) for _ in range(min(self.size, len(todo)))]
            for w in workers:
                if todo:
                    w.give(todo.popleft())
            while any(w.job for w in workers) and not stop.is_set():
                for outcome in self._collect(workers, todo):
                    if not _put(outcomes, outcome, stop):
                        return
        except BaseException as e:  # handed to the caller, raised there
            _put(outcomes, e, stop)
            return
        finally:
            for w in workers:
                w.stop(kill=w.job is not None)
        _put(outcomes, _DONE, stop)

    def _collect(self, workers: list[_Worker], todo: deque) -> list[Outcome]:
        busy = [w for w in workers if w.job]
        now = time.monotonic()
        # Short waits, so the feeder soon notices that its caller has stopped listening.
        wait_s = min(0.5, max(0.0, min(w.started + w.limit(self.timeout_s) for w in busy) - now))
        ready = wait([w.conn for w in busy], timeout=wait_s)
        finished: list[Outcome] = []
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
                    finished.append(Outcome(job.key, None, f"le lecteur s'est arrêté brutalement (code {code})", elapsed))
                else:
                    if status == "ready":  # the job's time starts now
                        w.ready, w.started = True, time.monotonic()
                        continue
                    w.job = None
                    ok = status == "ok"
                    finished.append(Outcome(job.key, value if ok else None, None if ok else value, elapsed))
            elif elapsed >= w.limit(self.timeout_s):
                workers[i] = self._replace(w)
                finished.append(Outcome(job.key, None, f"délai dépassé ({self.timeout_s:g} s) : lecture abandonnée", elapsed))
            else:
                continue
            if todo and not workers[i].job:  # the next file before handing this one over
                workers[i].give(todo.popleft())
        return finished

    def _replace(self, worker: _Worker) -> _Worker:
        worker.stop(kill=True)
        return _Worker(self._ctx, self.memory_limit_mb)


_DONE = object()


def _put(outcomes: queue.Queue, item: object, stop: threading.Event) -> bool:
    """Hand one item to the caller; False if the caller stopped listening."""
    while not stop.is_set():
        try:
            outcomes.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False
