"""One indexing run: read the corpus, plan, carry the plan out, report.

`run()` gathers the facts a plan needs (the scan, the stored documents, the file hashes,
what the extraction cache holds), lets `indexer/plan.py` decide what to do with each
file, then carries the decisions out: documents written from the extraction cache, the
rest extracted by the worker pool, gone files removed, incremental runs committed in
batches. `full=True` rebuilds into a fresh generation that replaces the live one
atomically. See docs/indexing.md; what OCR adds (documents read again for their waiting
pages, previews, counts) is in indexer/ocrrun.py.
"""

from __future__ import annotations

import hashlib
import os
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cresi_search.index.store import IndexStore, StoredDocument
from cresi_search.index.writer import RecordWriter
from cresi_search.vocab.taxonomy import Taxonomy, TaxonomyError, default_taxonomy_text, find_taxonomy, load_taxonomy
from indexer.access import entry_for
from indexer.cache import ExtractionCache, OcrCache
from indexer.catalogue import CatalogueEntry, normalise_relpath, read_catalogue
from indexer.config import Settings
from indexer.extract import EXTRACTOR_VERSION
from indexer.lock import JobLock
from indexer.metadata import build_record
from indexer.model import Extracted
from indexer.ocrrun import OCR_FOLDER, OcrRun
from indexer.plan import Action, Decision, Plan, files_to_hash, make_plan, mass_removal, vanished
from indexer.report import RunReport
from indexer.scan import FoundFile, Skipped, scan_corpus
from indexer.state import FAILURES, LAST_RUN, STATE_DIR, keep_accepted_taxonomy, read_json, write_json
from indexer.workers import ExtractionPool, Job

METADATA_VERSION = "5"  # 3: OCR, previews and scan marks in the stored metadata; 4: organisations by their current name; 5: statutes named, headings respelt
COMMIT_EVERY_DOCS = 200
COMMIT_EVERY_S = 30.0
CHANGED_DURING_RUN = "modifié pendant l'indexation : repris au prochain passage"

Progress = Callable[[str, int, int], None]  # (message, done, total)


class ConfigError(Exception):
    """The corpus or index folder cannot be used; the message says which and why."""


class MassRemoval(Exception):
    """The run would remove what looks like a vanished folder; the message says how much."""


def check_settings(settings: Settings) -> None:
    if not settings.corpus.is_dir():
        raise ConfigError(f"dossier du corpus introuvable : {settings.corpus}")
    try:
        settings.index.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(f"impossible de créer le dossier de l'index {settings.index} : {e.strerror}") from e
    for folder in (settings.index, settings.index / "cache", settings.index / STATE_DIR):
        if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
            raise ConfigError(f"dossier en lecture seule (ou sans droit d'écriture) : {folder} ; "
                              "l'index n'a pas été modifié")


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
    allow_mass_removal: bool = False,
    progress: Progress | None = None,
    ocr: str = "auto",
) -> RunReport:
    """Run one job under the lock. Raises LockHeld, ConfigError or MassRemoval before
    touching anything; OSError (a full disk) once what the unfinished batch wrote is undone.
    `ocr`: auto (pages without usable text), off (never run tesseract), force (every page)."""
    check_settings(settings)
    progress = progress or (lambda msg, done, total: None)
    with JobLock(settings.index):
        started = time.monotonic()
        store = IndexStore(settings.index)
        # Terms made by another version of the analysis would not match today's queries:
        # rebuild everything (from the extraction cache, so without reading the files).
        # The first run is a rebuild too: it writes one segment, where batch commits would
        # leave one per 200 documents, and searches slow down with each (docs/benchmarks.md).
        full = full or not store.exists() or store.is_outdated()
        report = RunReport("full" if full else "update", time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        store.clean_leftovers()
        live = store.stored_documents()
        stored = {} if full else live
        corpus = _read_corpus(settings, live, stored)
        gone = vanished(live, corpus.found, corpus.kept)
        moved: dict[str, str] = {}  # hashes of the new paths, read when a removal looks massive
        refusal = None if allow_mass_removal else _refusal(settings, corpus, live, gone, moved)
        if refusal:
            raise MassRemoval(refusal)
        report.catalogue_problems = corpus.problems
        report.catalogue_complete = corpus.catalogue_complete
        for item in corpus.skipped:
            report.skip(item.path, item.reason)
        cache = ExtractionCache(settings.index / "cache", EXTRACTOR_VERSION)
        failures: dict = read_json(settings.index, FAILURES, {})
        ocr_run = OcrRun(ocr, settings.index, settings.timeout_s)
        ocr_run.start(stored)
        plan = _plan(settings, corpus, stored, live, cache, failures, retry_failed, ocr_run, progress, moved)
        with (store.rebuilding() if full else store.updating()) as writer:
            _Apply(settings, corpus, cache, ocr_run, writer, report, failures, full, progress).carry_out(plan)
        cache.prune(plan.keep_hashes)
        OcrCache(settings.index / OCR_FOLDER).prune(plan.keep_hashes)
        ocr_run.previews.prune(plan.keep_hashes)
        report.ocr = ocr_run.to_dict()
        write_json(settings.index, FAILURES, failures)
        report.documents = store.document_count()
        report.generation = store.generation()
        report.duration_s = time.monotonic() - started
        keep_accepted_taxonomy(settings.index, corpus.taxonomy_text)
        write_json(settings.index, LAST_RUN, report.to_dict())
        return report


# -- the facts ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Corpus:
    """What the run knows of the corpus before reading any document."""

    found: list[FoundFile]
    skipped: list[Skipped]
    taxonomy: Taxonomy
    taxonomy_text: str  # kept in state/ once the run completes (the site's fallback)
    catalogue: dict[str, CatalogueEntry]
    catalogue_complete: bool  # False: the catalogue could not be read to its end (or at all)
    problems: list[str]
    signatures: dict[str, str]  # path -> digest of what the metadata depend on, beside the text
    entries: dict[str, CatalogueEntry | None]  # path -> its entry, access resolved (indexer/access.py)

    def entry(self, relpath: str) -> CatalogueEntry | None:
        return self.entries.get(relpath)

    @property
    def kept(self) -> list[str]:
        return [item.path for item in self.skipped if item.keep]


def _read_corpus(settings: Settings, live: dict[str, StoredDocument], stored: dict[str, StoredDocument]) -> _Corpus:
    """The corpus before any document is read. `live`: what the index holds; `stored`: the
    same for an incremental run, empty for a rebuild."""
    taxonomy_path = find_taxonomy(settings.corpus, settings.taxonomy)
    try:
        taxonomy = load_taxonomy(taxonomy_path)
    except TaxonomyError as e:
        raise ConfigError(str(e)) from e
    catalogue, problems = read_catalogue(settings.corpus, taxonomy)
    complete = not any(p.fatal for p in problems)
    taxonomy_text = taxonomy_path.read_text("utf-8") if taxonomy_path else default_taxonomy_text()
    meta_base = _digest(METADATA_VERSION, taxonomy_text)

    found, skipped = scan_corpus(settings.corpus)
    if not found and not skipped and live:
        # An empty mount point looks like a corpus where everything was deleted.
        raise ConfigError(f"le dossier du corpus est vide : {settings.corpus} (partage non monté ?) ; "
                          "l'index n'a pas été modifié")
    signatures, entries = {}, {}
    for f in found:
        old = live.get(f.relpath)
        # The access the index has: the floor of an incomplete catalogue (fail closed).
        entry = entries[f.relpath] = entry_for(catalogue, f.relpath, complete=complete,
                                               indexed_access=old.access if old else None)
        old = stored.get(f.relpath)
        if not complete and normalise_relpath(f.relpath) not in catalogue and old and (
                old.fingerprint.size, old.fingerprint.mtime_ns) == (f.size, f.mtime_ns):
            # Its row may be in the part of the catalogue that could not be read: the
            # document keeps what the index has (the previous catalogue's values).
            signatures[f.relpath] = old.signature
        else:
            signatures[f.relpath] = _digest(meta_base, repr(entry))
    return _Corpus(found, skipped, taxonomy, taxonomy_text, catalogue, complete,
                   [str(p) for p in problems], signatures, entries)


def _refusal(settings: Settings, corpus: _Corpus, live: dict, gone: list[str], moved: dict[str, str]) -> str | None:
    """Why the run must not remove `gone` (plan.mass_removal), documents moved elsewhere in
    the corpus apart: when a refusal is in sight, the new paths are hashed (into `moved`,
    for the plan) and a document whose content arrived at one is a move, not a removal —
    a renamed folder goes through, an unmounted one does not."""
    share = settings.max_removal_percent / 100
    if mass_removal(gone, live, share) is None:
        return None
    for f in corpus.found:
        if f.relpath not in live and f.size <= settings.max_bytes:
            try:
                moved[f.relpath] = sha256_of(f.abspath)
            except OSError:
                pass  # unreadable: the plan reports it
    arrived = set(moved.values())
    return mass_removal([p for p in gone if live[p].fingerprint.sha256 not in arrived], live, share)


def _plan(settings: Settings, corpus: _Corpus, stored: dict, live: dict, cache: ExtractionCache, failures: dict,
          retry_failed: bool, ocr_run: OcrRun, progress: Progress, known: dict[str, str]) -> Plan:
    """Hashes the files whose content must be known (those in `known` are hashed already),
    then decides (indexer/plan.py). `live`: what the index holds, whose former ids (renames)
    a rebuild keeps too."""
    reread = {f.relpath for f in corpus.found if ocr_run.reread(f.relpath, stored.get(f.relpath))}
    todo = files_to_hash(corpus.found, stored, corpus.signatures, reread, max_bytes=settings.max_bytes)
    hashes: dict[str, str] = {}
    unreadable: dict[str, str] = {}
    for n, f in enumerate(todo, start=1):
        if n % 50 == 0:
            progress("analyse des fichiers", n, len(todo))
        try:
            hashes[f.relpath] = known.get(f.relpath) or sha256_of(f.abspath)
        except OSError as e:
            unreadable[f.relpath] = f"illisible ({e.strerror or e})"
    return make_plan(
        corpus.found, stored, corpus.signatures, reread, hashes, unreadable, cache.holding(hashes.values()),
        failures, corpus.kept,
        retry_failed=retry_failed, max_bytes=settings.max_bytes, extractor_version=EXTRACTOR_VERSION,
        previous=live,
    )


# -- carrying the plan out --------------------------------------------------------------------
class _Apply:
    """Writes, extracts and removes what the plan says, into one writer, and reports it."""

    def __init__(self, settings: Settings, corpus: _Corpus, cache: ExtractionCache, ocr_run: OcrRun,
                 writer: RecordWriter, report: RunReport, failures: dict, full: bool, progress: Progress) -> None:
        self.settings = settings
        self.corpus = corpus
        self.cache = cache
        self.ocr = ocr_run
        self.writer = writer
        self.report = report
        self.failures = failures  # failures.json, updated in place
        self.full = full
        self.progress = progress
        self.last_commit = time.monotonic()

    def carry_out(self, plan: Plan) -> None:
        self.report.unchanged += len(plan.of(Action.UNCHANGED))
        for d in plan.of(Action.SKIP):
            self.report.skip(d.path, d.reason)
        cache_missed = set()
        for d in plan.of(Action.TOUCH, Action.REUSE):
            extracted = self.cache.get(d.fingerprint.sha256)
            if extracted is None or not self.ocr.reusable(d.path, extracted):
                cache_missed.add(d.path)  # a damaged entry, or pages OCR can now read: read again
            elif d.action is Action.TOUCH:  # only the new fingerprint to store
                self.report.unchanged += 1
                self._write(d, extracted, count=False, fresh=False)
            else:
                self.report.reused += 1
                self._write(d, extracted, fresh=False)
        self._extract([d for d in plan.decisions if d.action is Action.EXTRACT or d.path in cache_missed])
        for doc in plan.remove:
            self.writer.delete(doc.id)
            self.ocr.removed(doc.path)
            self.report.removed.append(doc.path)
        for path in plan.forget_failures:
            self.failures.pop(path, None)

    def _extract(self, todo: list[Decision]) -> None:
        if not todo:
            return
        by_path = {d.path: d for d in todo}
        jobs = [Job(d.path, d.file.abspath, self.settings.max_bytes, self.ocr.settings(d.fingerprint.sha256))
                for d in todo]
        pool = ExtractionPool(self.settings.workers, self.settings.timeout_s)
        ocr_pages = 0
        for n, outcome in enumerate(pool.run(jobs), start=1):
            d = by_path[outcome.key]
            if outcome.extracted is not None:
                ocr_pages += len(outcome.extracted.ocr_pages)
            self.progress(f"extraction, {ocr_pages} p. OCR" if ocr_pages else "extraction", n, len(jobs))
            self.report.extracted += 1  # files read by an extractor, successfully or not
            if outcome.error:
                self.report.skip(d.path, outcome.error)
                self.failures[d.path] = {"sha256": d.fingerprint.sha256, "version": EXTRACTOR_VERSION,
                                         "reason": outcome.error}
            elif _changed_since_scan(d.file, self.settings.corpus):
                self.report.skip(d.path, CHANGED_DURING_RUN)
            else:
                self.cache.put(d.fingerprint.sha256, outcome.extracted)
                self._write(d, outcome.extracted)

    def _write(self, d: Decision, extracted: Extracted, count: bool = True, fresh: bool = True) -> None:
        """Writes the document; `count` it as added or updated; `fresh` when extracted now."""
        record = build_record(
            d.path, _format_of(d.path), d.fingerprint, extracted, self.corpus.entry(d.path), self.corpus.taxonomy
        )
        record.signature = self.corpus.signatures[d.path]
        record.former_ids = [i for i in d.former_ids if i != record.id]  # its old addresses redirect here
        self.writer.add(record, replace=not self.full)
        self.ocr.written(d.path, d.fingerprint.sha256, extracted, fresh)
        if count:
            (self.report.updated if d.replaces else self.report.added).append(d.path)
        self.failures.pop(d.path, None)
        # Incremental runs commit in batches, so a killed job keeps what it finished.
        if not self.full and (self.writer.pending >= COMMIT_EVERY_DOCS
                              or time.monotonic() - self.last_commit > COMMIT_EVERY_S):
            self.writer.commit()
            self.last_commit = time.monotonic()


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
