"""The index on disk: generations, the atomic swap, writing records, opening searchers.

Layout of the index folder (docs/index-layout.md):

    INDEX_DIR/
      CURRENT          name of the live generation, replaced atomically (os.replace)
      gen-000007/      a Whoosh index (the live one)
      gen-000006/      the previous one, kept so open searchers can finish
      build-XXXX/      a full rebuild in progress (removed if the job dies)

An incremental update writes into the live generation: Whoosh commits are atomic
(segments first, then the table of contents is renamed into place), so a reader sees
either the state before the commit or after it. A full rebuild fills a new generation
and only then points CURRENT at it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.query import Term
from whoosh.writing import IndexWriter

from cresi_search.index.analysis import ANALYSIS_VERSION, distinct_words, index_terms
from cresi_search.index.schema import KIND_DOC, KIND_PAGE, build_schema
from cresi_search.index.lean_writer import open_writer
from cresi_search.records import DocumentRecord, Fingerprint

CURRENT_FILE = "CURRENT"
ANALYSIS_FILE = "analysis-version"  # in each generation: the ANALYSIS_VERSION it was built with
GEN_PATTERN = re.compile(r"^gen-(\d{6})$")
EXCERPT_CHARS = 3000


class IndexMissing(Exception):
    """No index has been built yet in this folder."""


def open_generation(folder: Path) -> whoosh_index.Index:
    """Open one generation without memory-mapping its files.

    With mmap (Whoosh's default), a segment file truncated under a running site (a
    backup restored with `cp` over the live index) kills the process with SIGBUS; read
    through file handles, it is an ordinary I/O error that the site answers. The cost,
    measured on the sample corpus, is about 1 ms a search.
    """
    return FileStorage(str(folder), supports_mmap=False).open_index()


def _write_atomically(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


class IndexStore:
    """One index folder and its generations."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- generations -----------------------------------------------------------------
    def current_name(self) -> str | None:
        try:
            name = (self.root / CURRENT_FILE).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if GEN_PATTERN.match(name) and (self.root / name).is_dir() else None

    def current_path(self) -> Path:
        name = self.current_name()
        if name is None:
            raise IndexMissing(f"aucun index dans {self.root}")
        return self.root / name

    def exists(self) -> bool:
        return self.current_name() is not None

    def _generations(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if GEN_PATTERN.match(p.name))

    def _next_generation_name(self) -> str:
        numbers = [int(GEN_PATTERN.match(n).group(1)) for n in self._generations()]
        return f"gen-{(max(numbers, default=0) + 1):06d}"

    def generation(self) -> str:
        """A label that changes whenever the searchable content changes."""
        name = self.current_name()
        if name is None:
            return ""
        ix = open_generation(self.root / name)
        return f"{name}.{ix.latest_generation()}"

    def analysis_version(self) -> int:
        """The analysis version the live generation was built with (1 before it was recorded)."""
        try:
            return int((self.current_path() / ANALYSIS_FILE).read_text().strip())
        except (FileNotFoundError, ValueError):
            return 1

    def is_outdated(self) -> bool:
        """True when the live generation's terms were made by another analysis version."""
        return self.exists() and self.analysis_version() != ANALYSIS_VERSION

    def open(self) -> whoosh_index.Index:
        return open_generation(self.current_path())

    def ensure(self) -> None:
        """Create an empty live generation if there is none yet."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self.exists():
            return
        name = self._next_generation_name()
        (self.root / name).mkdir()
        whoosh_index.create_in(str(self.root / name), build_schema())
        (self.root / name / ANALYSIS_FILE).write_text(str(ANALYSIS_VERSION))
        _write_atomically(self.root / CURRENT_FILE, name)

    def clean_leftovers(self) -> None:
        """Remove unfinished rebuilds and generations older than the previous one."""
        for p in self.root.glob("build-*"):
            shutil.rmtree(p, ignore_errors=True)
        live = self.current_name()
        gens = [g for g in self._generations() if g != live]
        for old in gens[:-1] if live else []:
            shutil.rmtree(self.root / old, ignore_errors=True)

    # -- writing -----------------------------------------------------------------------
    @contextmanager
    def updating(self) -> Iterator["RecordWriter"]:
        """Write into the live generation; committed in batches by the caller."""
        self.ensure()
        writer = RecordWriter(self.open())
        try:
            yield writer
            writer.commit()
        except BaseException:
            writer.cancel()
            raise

    @contextmanager
    def rebuilding(self) -> Iterator["RecordWriter"]:
        """Fill a fresh generation; it becomes live only when the block ends without error."""
        self.root.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(dir=self.root, prefix="build-"))
        writer = RecordWriter(whoosh_index.create_in(str(build), build_schema()))
        (build / ANALYSIS_FILE).write_text(str(ANALYSIS_VERSION))
        try:
            yield writer
            writer.commit(optimize=True)
        except BaseException:
            writer.cancel()
            shutil.rmtree(build, ignore_errors=True)
            raise
        name = self._next_generation_name()
        os.rename(build, self.root / name)
        _write_atomically(self.root / CURRENT_FILE, name)
        self.clean_leftovers()

    # -- reading the state the indexer needs ----------------------------------------------
    def stored_documents(self) -> dict[str, "StoredDocument"]:
        """Path -> what the index knows of each document (for incremental updates)."""
        if not self.exists():
            return {}
        ix = self.open()
        out: dict[str, StoredDocument] = {}
        with ix.searcher() as s:
            for docnum in s.document_numbers(kind=KIND_DOC):
                f = s.stored_fields(docnum)
                out[f["path"]] = StoredDocument(
                    id=f["id"],
                    path=f["path"],
                    fingerprint=Fingerprint(f["size"], f["mtime_ns"], f["sha256"]),
                    signature=f["meta"].get("signature", ""),
                )
        return out

    def facet_totals(self) -> dict[str, dict[str, int]]:
        """Documents by type, country, theme and year (for `cresi-index status`)."""
        totals: dict[str, dict[str, int]] = {"doctype": {}, "country": {}, "theme": {}, "year": {}}
        if not self.exists():
            return totals
        with self.open().searcher() as s:
            for docnum in s.document_numbers(kind=KIND_DOC):
                fields = s.stored_fields(docnum)
                for name, counts in totals.items():
                    for value in filter(None, (fields.get(name) or "").split(",")):
                        counts[value] = counts.get(value, 0) + 1
        return totals

    def document_count(self) -> int:
        if not self.exists():
            return 0
        with self.open().searcher() as s:
            return len(list(s.document_numbers(kind=KIND_DOC)))


@dataclass(frozen=True)
class StoredDocument:
    """What an incremental update needs to know of an indexed document."""

    id: str
    path: str
    fingerprint: Fingerprint
    signature: str


class RecordWriter:
    """Adds and removes DocumentRecords; `commit()` makes a batch visible to searchers."""

    def __init__(self, ix: whoosh_index.Index) -> None:
        self._ix = ix
        self._writer: IndexWriter | None = None
        self.pending = 0

    def _w(self) -> IndexWriter:
        if self._writer is None:
            # procs=1: extraction already uses the cores. limitmb bounds the postings kept
            # in memory before Whoosh spills sorted runs to disk: measured on 2,000
            # documents, 1 GB was no faster than 256 MB and tripled the job's peak memory.
            self._writer = open_writer(self._ix, limitmb=256)
        return self._writer

    def delete(self, doc_id: str) -> None:
        self._w().delete_by_term("parent", doc_id)
        self.pending += 1

    def add(self, record: DocumentRecord, *, replace: bool = True) -> None:
        w = self._w()
        if replace:
            w.delete_by_term("parent", record.id)
        for fields in record_to_entries(record):
            w.add_document(**fields)
        self.pending += 1

    def commit(self, optimize: bool = False) -> None:
        if self._writer is not None:
            self._writer.commit(optimize=optimize)
            self._writer = None
        self.pending = 0

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None


def record_to_entries(r: DocumentRecord) -> Iterator[dict]:
    """The Whoosh entries of one record: the document entry, then one per page.

    Page texts are analysed here, once: their terms index the page entries, and end to
    end (the same terms and positions as analysing the whole text) the document's body.
    """
    text = "\n\n".join(r.pages)
    page_terms = [index_terms(page) for page in r.pages]
    meta = {
        "author": r.author,
        "date": r.date,
        "partners": list(r.partners),
        "sources": dict(r.sources),
        "text_layer": r.text_layer,
        "paged": r.paged,
        "page_count": len(r.pages),
        "warnings": list(r.warnings),
        "excerpt": text[:EXCERPT_CHARS],
        "fingerprint": asdict(r.fingerprint),
        "signature": r.signature,
    }
    yield dict(
        id=r.id,
        kind=KIND_DOC,
        parent=r.id,
        path=r.path,
        sha256=r.fingerprint.sha256,
        size=r.fingerprint.size,
        mtime_ns=r.fingerprint.mtime_ns,
        format=r.format,
        title=r.title,
        summary=r.summary,
        keywords="; ".join(r.keywords),
        tags="\n".join(r.tags),
        body=list(chain.from_iterable(page_terms)),
        surface=distinct_words(f"{r.title}\n{r.summary}\n{text}"),
        country=",".join(r.countries),
        theme=",".join(r.themes),
        doctype=r.doctype or "",
        year=str(r.year) if r.year else "",
        organisation=r.organisation or "",
        sort_date=r.date or (f"{r.year}-00-00" if r.year else "0000-00-00"),
        meta=meta,
    )
    for number, (page, terms) in enumerate(zip(r.pages, page_terms), start=1):
        if page.strip():
            yield dict(
                id=f"{r.id}/p{number}",
                kind=KIND_PAGE,
                parent=r.id,
                page_text=terms,
                _stored_page_text=page,
                pagenum=number,
            )


# -- searchers for the site ---------------------------------------------------------------
class SearcherCache:
    """Open searchers, one per thread, refreshed when the index changes.

    `get()` is cheap: it reads the small CURRENT file and asks Whoosh whether the live
    generation got a new commit; only then is a new searcher opened. Whoosh searchers
    are not shared between threads (waitress serves requests from a thread pool).
    """

    def __init__(self, store: IndexStore) -> None:
        self.store = store
        self._local = threading.local()

    def get(self):
        local = self._local
        name = self.store.current_name()
        if name is None:
            raise IndexMissing(f"aucun index dans {self.store.root}")
        searcher = getattr(local, "searcher", None)
        if searcher is None or getattr(local, "name", None) != name:
            if searcher is not None:
                searcher.close()
            ix = open_generation(self.store.root / name)
            local.searcher, local.name = ix.searcher(), name
        elif not searcher.up_to_date():
            # Not searcher.refresh(): its reuse of segment readers misses deletions
            # committed on their own (seen with whoosh-reloaded 2.7.5).
            searcher.close()
            local.searcher = open_generation(self.store.root / name).searcher()
        return local.searcher

    def invalidate(self) -> None:
        """Forget this thread's searcher (after an error): the next get() opens afresh."""
        searcher = getattr(self._local, "searcher", None)
        self._local.searcher = self._local.name = None
        if searcher is not None:
            try:
                searcher.close()
            except Exception:
                pass  # its files may be gone already

    def state(self) -> str:
        """The index state this thread's searcher (from the last get()) is on:
        generation folder and Whoosh commit."""
        return f"{self._local.name}.{self._local.searcher.reader().generation()}"

    def generation(self) -> str:
        self.get()
        return self.state()
