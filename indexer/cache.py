"""Extraction and OCR results kept by content hash, so no unchanged content is read twice.

A renamed or copied file, a file only touched, and a full rebuild all reuse the text
extracted before: extraction is the cost of indexing (pypdf is pure Python). Entries
are keyed by the file's SHA-256 and the extractors' version, written atomically
(`cresi_search.fileio.atomic_write`), and pruned at the end of each run to the content
still present in the corpus.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable
from pathlib import Path

from cresi_search.fileio import atomic_write
from indexer.model import Extracted


class ExtractionCache:
    def __init__(self, folder: Path, version: int) -> None:
        self.folder = Path(folder)
        self.version = version

    def _path(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.v{self.version}"

    def holding(self, hashes: Iterable[str]) -> set[str]:
        """The hashes among `hashes` that have an entry (which may still be damaged)."""
        return {sha for sha in hashes if self._path(sha).is_file()}

    def get(self, sha256: str) -> Extracted | None:
        try:
            data = self._path(sha256).read_bytes()
            value = pickle.loads(zlib.decompress(data))
        except FileNotFoundError:
            return None
        except Exception:  # a damaged entry is only a cache miss
            return None
        return value if isinstance(value, Extracted) else None

    def put(self, sha256: str, extracted: Extracted) -> None:
        data = zlib.compress(pickle.dumps(extracted, protocol=pickle.HIGHEST_PROTOCOL), 3)
        atomic_write(self._path(sha256), data)

    def prune(self, keep: set[str] | frozenset[str]) -> int:
        """Delete entries whose content is no longer in the corpus, and temporary files
        a killed job left; returns how many."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*"):
            sha, _, version = path.name.partition(".v")
            if path.name.startswith(".") or sha not in keep or version != str(self.version):
                path.unlink(missing_ok=True)
                removed += 1
        return removed


OCR_VERSION = 1  # bump when what is recognised changes (language, resolution, cleaning)


class OcrCache:
    """Text recognised on each page, by the file's content hash and the page number.

    Kept apart from the extraction cache on purpose: a change of an extractor (a bump of
    EXTRACTOR_VERSION) must not throw away hours of OCR, which costs about a second a page
    where reading a text layer costs a few milliseconds (docs/ocr.md).
    """

    def __init__(self, folder: Path, version: int = OCR_VERSION) -> None:
        self.folder = Path(folder)
        self.version = version

    def _path(self, sha256: str, page: int) -> Path:
        return self.folder / sha256[:2] / f"{sha256}.p{page}.v{self.version}.txt"

    def get(self, sha256: str, page: int) -> str | None:
        try:
            return self._path(sha256, page).read_text("utf-8")
        except (OSError, UnicodeDecodeError):  # absent or damaged: only a miss
            return None

    def put(self, sha256: str, page: int, text: str) -> None:
        atomic_write(self._path(sha256, page), text)

    def prune(self, keep: set[str]) -> int:
        """Delete the pages of content no longer in the corpus; returns how many."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*"):
            sha, _, rest = path.name.partition(".p")
            if sha not in keep or not rest.endswith(f".v{self.version}.txt"):
                path.unlink(missing_ok=True)
                removed += 1
        return removed
