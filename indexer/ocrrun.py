"""OCR in one indexing run: what it may do (`--ocr`, tesseract present?) and what it did.

The run asks it which documents must be read again although unchanged: those with pages
awaiting OCR once tesseract is there (installed since the last run), and every PDF and
image under `--ocr force`. It counts the pages recognised and the pages still waiting,
for the progress line, the JSON report and `cresi-index status`, and it keeps the
first-page previews of the documents written (cresi_search/previews.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cresi_search.index.store import StoredDocument
from cresi_search.previews import PreviewStore
from indexer.extract import image
from indexer.extract.ocr import INSTALL_HINT, OcrSettings, unavailable_reason
from indexer.model import Extracted
from indexer.workers import ocr_budget

OCR_FOLDER = "ocr"  # in the index folder: the OCR cache (indexer/cache.py, OcrCache)
READ_AS_IMAGES = (".pdf", *image.SUFFIXES)


@dataclass
class OcrRun:
    mode: str
    index_root: Path
    timeout_s: float
    reason: str | None = None  # why tesseract cannot run here, None when it can
    recognised: int = 0  # pages tesseract read in this run
    from_cache: int = 0  # OCR'd pages of documents extracted in this run, taken from the OCR cache
    repaired: int = 0  # garbled pages repaired in the documents extracted in this run
    awaiting: dict[str, int] = field(default_factory=dict)  # path -> pages awaiting OCR

    def __post_init__(self) -> None:
        if self.mode != "off":
            self.reason = unavailable_reason()
        self.previews = PreviewStore(self.index_root)

    @property
    def can_read(self) -> bool:
        return self.mode != "off" and self.reason is None

    def settings(self, sha256: str) -> OcrSettings:
        return OcrSettings(mode=self.mode, cache_dir=self.index_root / OCR_FOLDER, sha256=sha256,
                           budget_s=ocr_budget(self.timeout_s))

    def start(self, stored: dict[str, StoredDocument]) -> None:
        """What the index holds before the run: the pages already awaiting OCR."""
        self.awaiting = {path: doc.awaiting_ocr for path, doc in stored.items() if doc.awaiting_ocr}

    def reread(self, relpath: str, old: StoredDocument | None) -> bool:
        """True when an unchanged document must be extracted again for OCR's sake."""
        if self.mode == "force" and relpath.lower().endswith(READ_AS_IMAGES):
            return True
        return old is not None and old.awaiting_ocr > 0 and self.can_read

    def reusable(self, relpath: str, cached: Extracted) -> bool:
        """False when a cached extraction must not be reused: OCR can now read its waiting
        pages, or `force` wants every page of PDFs and images recognised."""
        if self.mode == "force" and relpath.lower().endswith(READ_AS_IMAGES):
            return False
        return not (cached.awaiting_ocr and self.can_read)

    def written(self, relpath: str, sha256: str, extracted: Extracted, fresh: bool) -> None:
        """Count a document written into the index; `fresh` when extracted in this run."""
        if fresh:
            self.recognised += extracted.recognised_now
            self.from_cache += len(extracted.ocr_pages) - extracted.recognised_now
            self.repaired += len(extracted.repaired_pages)
        if extracted.awaiting_ocr:
            self.awaiting[relpath] = len(extracted.awaiting_ocr)
        else:
            self.awaiting.pop(relpath, None)
        if extracted.thumbnail:
            self.previews.put(sha256, extracted.thumbnail)

    def removed(self, relpath: str) -> None:
        self.awaiting.pop(relpath, None)

    def message(self) -> str:
        """The one line said about OCR in the summary and `status`, "" when nothing waits."""
        waiting = sum(self.awaiting.values())
        if not waiting:
            return ""
        if self.mode == "off":
            why = "OCR désactivé (--ocr off) : relancez avec --ocr auto pour les lire"
        elif self.reason:
            why = f"{self.reason}, puis relancez « cresi-index update » : seules ces pages seront lues"
        else:
            why = "budget d'OCR par fichier dépassé : la suite au prochain passage"
        return f"{waiting} page(s) en attente d'OCR dans {len(self.awaiting)} document(s) — {why}"

    def to_dict(self) -> dict:
        return {
            "mode": self.mode,
            "available": self.reason is None and self.mode != "off",
            "pages_recognised": self.recognised,
            "pages_from_cache": self.from_cache,
            "pages_repaired": self.repaired,
            "pages_awaiting": sum(self.awaiting.values()),
            "documents_awaiting": sorted(self.awaiting),
            "message": self.message(),
            "install": INSTALL_HINT if self.reason else "",
        }
