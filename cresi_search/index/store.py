"""The index on disk: its generations, the atomic swap, and what the job reads back.

Layout of the index folder (docs/index-layout.md):

    INDEX_DIR/
      CURRENT          name of the live generation, replaced atomically (os.replace)
      gen-000007/      a Whoosh index (the live one), with its generation-id token
      gen-000006/      the previous one, kept so open searchers can finish
      build-XXXX/      a full rebuild in progress (removed if the job dies)

An incremental update writes into the live generation: Whoosh commits are atomic
(segments first, then the table of contents is renamed into place), so a reader sees
either the state before the commit or after it. A full rebuild fills a new generation
and only then points CURRENT at it.

Names repeat when the index folder is deleted and built again (`gen-000001` twice), so
each generation also gets a random token at creation: the site and the reports name a
state by folder, token and Whoosh commit, and never mistake a rebuilt index for the old one.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from cresi_search.facets import FACET_NAMES
from cresi_search.fileio import atomic_write
from cresi_search.index.analysis import ANALYSIS_VERSION
from cresi_search.index.schema import KIND_DOC, build_schema
from cresi_search.index.writer import RecordWriter
from cresi_search.records import Fingerprint

CURRENT_FILE = "CURRENT"
ANALYSIS_FILE = "analysis-version"  # in each generation: the ANALYSIS_VERSION it was built with
GENERATION_ID_FILE = "generation-id"  # in each generation: a random token, its identity
GEN_PATTERN = re.compile(r"^gen-(\d{6})$")


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


def generation_id(folder: Path) -> str:
    """The token written when this generation was created ("" for one made before tokens)."""
    try:
        return (folder / GENERATION_ID_FILE).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def state_label(name: str, token: str, commit: int) -> str:
    """How a state of the index is named in /healthz, reports and the site's caches."""
    return f"{name}-{token}.{commit}" if token else f"{name}.{commit}"


def _start_generation(folder: Path) -> whoosh_index.Index:
    """A new, empty Whoosh index in `folder`, with its analysis version and a fresh token."""
    ix = whoosh_index.create_in(str(folder), build_schema())
    (folder / ANALYSIS_FILE).write_text(str(ANALYSIS_VERSION))
    (folder / GENERATION_ID_FILE).write_text(secrets.token_hex(6), encoding="ascii")
    return ix


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
        folder = self.root / name
        return state_label(name, generation_id(folder), open_generation(folder).latest_generation())

    def analysis_version(self) -> int:
        """The analysis version the live generation was built with (1 before it was recorded)."""
        try:
            return int((self.current_path() / ANALYSIS_FILE).read_text().strip())
        except (FileNotFoundError, ValueError):
            return 1

    def is_outdated(self) -> bool:
        """True when the live generation's terms were made by another analysis version, or
        when it lacks a field today's schema has (written by an older version)."""
        if not self.exists():
            return False
        return (self.analysis_version() != ANALYSIS_VERSION
                or not set(build_schema().names()) <= set(self.open().schema.names()))

    def open(self) -> whoosh_index.Index:
        return open_generation(self.current_path())

    def ensure(self) -> None:
        """Create an empty live generation if there is none yet."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self.exists():
            return
        name = self._next_generation_name()
        (self.root / name).mkdir()
        _start_generation(self.root / name)
        atomic_write(self.root / CURRENT_FILE, name)

    def clean_leftovers(self) -> None:
        """Remove unfinished rebuilds, what an unfinished update left in the live
        generation, and generations older than the previous one (under the job lock)."""
        for p in self.root.glob("build-*"):
            shutil.rmtree(p, ignore_errors=True)
        live = self.current_name()
        gens = [g for g in self._generations() if g != live]
        for old in gens[:-1] if live else []:
            shutil.rmtree(self.root / old, ignore_errors=True)
        self.discard_uncommitted()

    def discard_uncommitted(self) -> None:
        """Delete the files of the live generation that no commit refers to: segments of
        a batch that failed (a full disk) or was killed, Whoosh's temporary folder and
        table-of-contents drafts. Left there, they hold the space the next run needs."""
        name = self.current_name()
        if name is None:
            return
        folder = self.root / name
        try:
            ix = open_generation(folder)
            whoosh_index.clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())
            drafts = [*folder.glob(f"_{ix.indexname}_*.toc.*"), *folder.glob("*.tmp")]
        except (OSError, whoosh_index.IndexError):
            return  # nothing readable to compare with: leave the folder as it is
        for p in drafts:
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            else:
                p.unlink(missing_ok=True)

    # -- writing -----------------------------------------------------------------------
    @contextmanager
    def updating(self) -> Iterator["RecordWriter"]:
        """Write into the live generation; committed in batches by the caller."""
        self.ensure()
        writer = RecordWriter(self.open(), known_dates=self.indexed_dates)
        try:
            yield writer
            writer.commit()
        except BaseException:
            _cancel(writer)
            self.discard_uncommitted()
            raise

    @contextmanager
    def rebuilding(self) -> Iterator["RecordWriter"]:
        """Fill a fresh generation; it becomes live only when the block ends without error."""
        self.root.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(dir=self.root, prefix="build-"))
        writer = RecordWriter(_start_generation(build), known_dates=self.indexed_dates)
        try:
            yield writer
            writer.commit(optimize=True)
        except BaseException:
            _cancel(writer)
            shutil.rmtree(build, ignore_errors=True)
            raise
        name = self._next_generation_name()
        os.rename(build, self.root / name)
        atomic_write(self.root / CURRENT_FILE, name)
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
                    awaiting_ocr=len(f["meta"].get("awaiting_ocr") or ()),
                    access=f.get("access", ""),
                    former_ids=tuple(filter(None, (f.get("former_ids") or "").split(","))),
                )
        return out

    def indexed_dates(self) -> dict[str, str]:
        """Document id -> when it entered the live index (kept when it is written again)."""
        if not self.exists():
            return {}
        with self.open().searcher() as s:
            return {
                f["id"]: f["indexed"]
                for f in (s.stored_fields(n) for n in s.document_numbers(kind=KIND_DOC))
                if f.get("indexed")
            }

    def facet_totals(self) -> dict[str, dict[str, int]]:
        """Documents per value of each facet (for `cresi-index status`)."""
        totals: dict[str, dict[str, int]] = {name: {} for name in FACET_NAMES}
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


def _cancel(writer: RecordWriter) -> None:
    """Cancel an unfinished batch; on a full disk the cancel itself may fail to flush."""
    try:
        writer.cancel()
    except Exception:
        pass


@dataclass(frozen=True)
class StoredDocument:
    """What an incremental update needs to know of an indexed document."""

    id: str
    path: str
    fingerprint: Fingerprint
    signature: str
    awaiting_ocr: int = 0  # pages with no text yet that OCR could read (tesseract absent)
    access: str = ""  # as stored: "public", "equipe" ("" in an index that had no access)
    former_ids: tuple[str, ...] = ()  # its ids before renames, oldest first
