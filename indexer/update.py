"""One indexing run: scan the corpus, extract what changed, write the index, report.

Incremental by default: a file whose size and modification time are unchanged is not
opened; a changed one is hashed, and its extraction is reused when the content is
already known (touched, renamed or copied files). `full=True` rebuilds into a fresh
generation that replaces the live one atomically. See docs/indexing.md; what OCR adds
(documents read again for their waiting pages, previews, counts) is in indexer/ocrrun.py.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indexer.cache import ExtractionCache, OcrCache
from indexer.catalogue import normalise_relpath, read_catalogue
from indexer.config import Settings
from cresi_search.index.store import IndexStore, StoredDocument
from cresi_search.index.writer import RecordWriter
from indexer.extract import EXTRACTOR_VERSION
from indexer.lock import JobLock
from indexer.metadata import build_record, document_id
from indexer.model import Extracted
from indexer.ocrrun import OCR_FOLDER, OcrRun
from cresi_search.records import Fingerprint
from indexer.scan import FoundFile, Skipped, scan_corpus
from indexer.state import FAILURES, LAST_RUN, keep_accepted_taxonomy, read_json, write_json
from cresi_search.vocab.taxonomy import TaxonomyError, default_taxonomy_text, find_taxonomy, load_taxonomy
from indexer.workers import ExtractionPool, Job

METADATA_VERSION = "3"  # 3: OCR, previews and scan marks in the stored metadata
COMMIT_EVERY_DOCS = 200
COMMIT_EVERY_S = 30.0

Progress = Callable[[str, int, int], None]  # (message, done, total)


class ConfigError(Exception):
    """The corpus or index folder cannot be used; the message says which and why."""


@dataclass
class RunReport:
    mode: str
    started: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[dict] = field(default_factory=list)
    catalogue_problems: list[str] = field(default_factory=list)
    extracted: int = 0
    reused: int = 0
    documents: int = 0
    generation: str = ""
    duration_s: float = 0.0
    ocr: dict = field(default_factory=dict)

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append({"path": path, "reason": reason})

    def to_dict(self) -> dict:
        return {
            "mode": self.mode,
            "started": self.started,
            "duration_s": round(self.duration_s, 3),
            "counts": {
                "added": len(self.added),
                "updated": len(self.updated),
                "removed": len(self.removed),
                "unchanged": self.unchanged,
                "skipped": len(self.skipped),
                "extracted": self.extracted,
                "reused": self.reused,
                "ocr_pages": self.ocr.get("pages_recognised", 0),
            },
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "catalogue_problems": self.catalogue_problems,
            "documents": self.documents,
            "generation": self.generation,
            "ocr": self.ocr,
        }


def check_settings(settings: Settings) -> None:
    if not settings.corpus.is_dir():
        raise ConfigError(f"dossier du corpus introuvable : {settings.corpus}")
    try:
        settings.index.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(f"impossible de créer le dossier de l'index {settings.index} : {e.strerror}") from e
    if not os.access(settings.index, os.W_OK | os.X_OK):
        raise ConfigError(f"dossier de l'index non accessible en écriture : {settings.index}")


def sha256_of(path: Path) -> str:
    """SHA-256 of a regular file. Opened without following a link and without waiting:
    a file swapped since the scan for a link or a named pipe raises OSError, never blocks."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(0, "pas un fichier ordinaire")
        h = hashlib.sha256()
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run(
    settings: Settings,
    *,
    full: bool = False,
    retry_failed: bool = False,
    progress: Progress | None = None,
    ocr: str = "auto",
) -> RunReport:
    """Run one job under the lock. Raises LockHeld or ConfigError before touching anything.
    `ocr`: auto (pages without usable text), off (never run tesseract), force (every page)."""
    check_settings(settings)
    with JobLock(settings.index):
        # Terms made by another version of the analysis would not match today's queries:
        # rebuild everything (from the extraction cache, so without reading the files).
        # The first run is a rebuild too: it writes one segment, where batch commits would
        # leave one per 200 documents, and searches slow down with each (docs/benchmarks.md).
        store = IndexStore(settings.index)
        full = full or not store.exists() or store.is_outdated()
        return _Run(settings, full=full, retry_failed=retry_failed, progress=progress, ocr=ocr).execute()


class _Run:
    def __init__(self, settings: Settings, *, full: bool, retry_failed: bool, progress: Progress | None,
                 ocr: str = "auto") -> None:
        self.s = settings
        self.full = full
        self.retry_failed = retry_failed
        self.progress = progress or (lambda msg, done, total: None)
        self.store = IndexStore(settings.index)
        self.cache = ExtractionCache(settings.index / "cache", EXTRACTOR_VERSION)
        self.report = RunReport("full" if full else "update", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        self.failures: dict = read_json(settings.index, FAILURES, {})
        self.ocr = OcrRun(ocr, settings.index, settings.timeout_s)

    def execute(self) -> RunReport:
        t0 = time.monotonic()
        self.store.clean_leftovers()
        taxonomy_path = find_taxonomy(self.s.corpus, self.s.taxonomy)
        try:
            self.taxonomy = load_taxonomy(taxonomy_path)
        except TaxonomyError as e:
            raise ConfigError(str(e)) from e
        self.catalogue, problems = read_catalogue(self.s.corpus, self.taxonomy)
        self.report.catalogue_problems = [str(p) for p in problems]
        self.taxonomy_text = taxonomy_path.read_text("utf-8") if taxonomy_path else default_taxonomy_text()
        self.meta_base = _digest(METADATA_VERSION, self.taxonomy_text)

        found, skipped = scan_corpus(self.s.corpus)
        if not found and not skipped and self.store.document_count():
            # An empty mount point looks like a corpus where everything was deleted.
            raise ConfigError(f"le dossier du corpus est vide : {self.s.corpus} (partage non monté ?) ; "
                              "l'index n'a pas été modifié")
        for item in skipped:
            self.report.skip(item.path, item.reason)
        self.kept = [item.path for item in skipped if item.keep]
        stored = {} if self.full else self.store.stored_documents()
        self.ocr.start(stored)

        if self.full:
            with self.store.rebuilding() as writer:
                self._index(found, stored, writer)
        else:
            with self.store.updating() as writer:
                self._index(found, stored, writer)
                self._remove_missing(found, stored, writer)

        keep = {fp.sha256 for fp in self.seen_fingerprints}
        self.cache.prune(keep)
        OcrCache(self.s.index / OCR_FOLDER).prune(keep)
        self.ocr.previews.prune(keep)
        self.report.ocr = self.ocr.to_dict()
        write_json(self.s.index, FAILURES, self.failures)
        self.report.documents = self.store.document_count()
        self.report.generation = self.store.generation()
        self.report.duration_s = time.monotonic() - t0
        keep_accepted_taxonomy(self.s.index, self.taxonomy_text)
        write_json(self.s.index, LAST_RUN, self.report.to_dict())
        return self.report

    # -- deciding what to do with each file ------------------------------------------------
    def _index(self, found: list[FoundFile], stored: dict[str, StoredDocument], writer: RecordWriter) -> None:
        self.seen_fingerprints: list[Fingerprint] = []
        self.writer = writer
        self.last_commit = time.monotonic()
        to_extract: list[tuple[FoundFile, Fingerprint]] = []
        total = len(found)
        for n, f in enumerate(found, start=1):
            if n % 50 == 0:
                self.progress("analyse des fichiers", n, total)
            old = stored.get(f.relpath)
            signature = self._signature(f.relpath)
            if old and (old.fingerprint.size, old.fingerprint.mtime_ns) == (f.size, f.mtime_ns):
                self.seen_fingerprints.append(old.fingerprint)
                if old.signature == signature and not self.ocr.reread(f.relpath, old):
                    self.report.unchanged += 1
                    continue
            if f.size > self.s.max_bytes:  # refused unread: no need to hash it
                self.report.skip(f.relpath, f"fichier trop volumineux ({f.size / 1_048_576:.0f} Mo, "
                                            f"limite {self.s.max_file_mb:g} Mo)")
                continue
            try:
                fp = Fingerprint(f.size, f.mtime_ns, sha256_of(f.abspath))
            except OSError as e:
                self.report.skip(f.relpath, f"illisible ({e.strerror or e})")
                continue
            self.seen_fingerprints.append(fp)
            cached = self.cache.get(fp.sha256)
            if cached is not None and not self.ocr.reusable(f.relpath, cached):
                cached = None  # read again: OCR can now do more with it
            touched = old is not None and old.fingerprint.sha256 == fp.sha256 and old.signature == signature
            if touched and cached is not None:
                # Touched only: store the new fingerprint, from the cached extraction.
                self.report.unchanged += 1
                self._write(f, fp, cached, old, count=False, fresh=False)
                continue
            known_failure = None if touched else self._known_failure(f.relpath, fp)
            if known_failure:
                self.report.skip(f.relpath, known_failure)
            elif cached is not None:
                self.report.reused += 1
                self._write(f, fp, cached, old, fresh=False)
            else:
                to_extract.append((f, fp))
        self._extract_all(to_extract, stored)

    def _signature(self, relpath: str) -> str:
        return _digest(self.meta_base, repr(self._catalogue_entry(relpath)))

    def _catalogue_entry(self, relpath: str):
        return self.catalogue.get(normalise_relpath(relpath))

    def _known_failure(self, relpath: str, fp: Fingerprint) -> str | None:
        if self.retry_failed:
            return None
        known = self.failures.get(relpath)
        if known and known.get("sha256") == fp.sha256 and known.get("version") == EXTRACTOR_VERSION:
            return known["reason"]
        return None

    def _extract_all(self, todo: list[tuple[FoundFile, Fingerprint]], stored: dict) -> None:
        if not todo:
            return
        by_key = {f.relpath: (f, fp) for f, fp in todo}
        self.ocr_pages_seen = 0
        jobs = [Job(f.relpath, f.abspath, self.s.max_bytes, self.ocr.settings(fp.sha256)) for f, fp in todo]
        pool = ExtractionPool(self.s.workers, self.s.timeout_s)
        for n, outcome in enumerate(pool.run(jobs), start=1):
            f, fp = by_key[outcome.key]
            if outcome.extracted is not None:
                self.ocr_pages_seen += len(outcome.extracted.ocr_pages)
            self.progress(f"extraction, {self.ocr_pages_seen} p. OCR" if self.ocr_pages_seen else "extraction",
                          n, len(jobs))
            self.report.extracted += 1  # files read by an extractor, successfully or not
            if outcome.error:
                self.report.skip(f.relpath, outcome.error)
                self.failures[f.relpath] = {"sha256": fp.sha256, "version": EXTRACTOR_VERSION, "reason": outcome.error}
                continue
            if _changed_since_scan(f, self.s.corpus):
                self.report.skip(f.relpath, "modifié pendant l'indexation : repris au prochain passage")
                continue
            self.cache.put(fp.sha256, outcome.extracted)
            self._write(f, fp, outcome.extracted, stored.get(f.relpath))

    # -- writing ------------------------------------------------------------------------------
    def _write(self, f: FoundFile, fp: Fingerprint, extracted: Extracted, old: StoredDocument | None,
               count: bool = True, fresh: bool = True) -> None:
        record = build_record(
            f.relpath, _format_of(f.relpath), fp, extracted, self._catalogue_entry(f.relpath), self.taxonomy
        )
        record.signature = self._signature(f.relpath)
        self.writer.add(record, replace=not self.full)
        self.ocr.written(f.relpath, fp.sha256, extracted, fresh)
        if count:
            (self.report.updated if old else self.report.added).append(f.relpath)
        self.failures.pop(f.relpath, None)
        self._maybe_commit()

    def _maybe_commit(self) -> None:
        """Incremental runs commit in batches, so a killed job keeps what it finished."""
        if self.full:
            return
        if self.writer.pending >= COMMIT_EVERY_DOCS or time.monotonic() - self.last_commit > COMMIT_EVERY_S:
            self.writer.commit()
            self.last_commit = time.monotonic()

    def _remove_missing(self, found: list[FoundFile], stored: dict[str, StoredDocument], writer: RecordWriter) -> None:
        present = {f.relpath for f in found}
        for path, doc in stored.items():
            if self._kept(path):
                self.seen_fingerprints.append(doc.fingerprint)  # unreadable today: kept as it was
            elif path not in present:
                writer.delete(doc.id)
                self.ocr.removed(path)
                self.report.removed.append(path)
                self.failures.pop(path, None)
        for path in list(self.failures):
            if path not in present and not self._kept(path):
                del self.failures[path]

    def _kept(self, path: str) -> bool:
        """True under a file or folder the scan could not read: its documents stay."""
        return any(k == "." or path == k or path.startswith(k + "/") for k in self.kept)


def _format_of(relpath: str) -> str:
    suffix = Path(relpath).suffix.lower().lstrip(".")
    return {"htm": "html", "markdown": "md"}.get(suffix, suffix)


def _changed_since_scan(f: FoundFile, corpus: Path) -> bool:
    """True if the file changed, or was swapped for a link (to outside the corpus), since
    the scan: what was read then may not be that file."""
    try:
        st = os.lstat(f.abspath)
        inside = f.abspath.resolve(strict=True).is_relative_to(corpus.resolve())
    except (OSError, RuntimeError):
        return True
    if not stat.S_ISREG(st.st_mode) or not inside:
        return True
    return (st.st_size, st.st_mtime_ns) != (f.size, f.mtime_ns)


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
