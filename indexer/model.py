"""What an extractor gives back for one file: its text page by page and its properties.

Extractions are cached by content (indexer/cache.py) and turned into index records by
indexer/metadata. What OCR did to the pages is said here too: the run counts it and the
next run re-reads the pages still awaiting OCR.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Properties:
    """Metadata a file carries in its own properties (PDF info, DOCX core props…)."""

    title: str = ""
    author: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    created: str = ""  # ISO date "YYYY-MM-DD" or "" when unknown
    language: str = ""


@dataclass(frozen=True)
class Extracted:
    """What an extractor got out of one file.

    `pages` holds the text page by page for paged formats (PDF: one entry per page,
    DOCX/ODT: split at explicit page breaks) and a single entry otherwise.
    `headings` lists heading texts in document order (used to detect a title).
    `first_lines` holds the lines of the first page with text, each with its type size in
    points, and `body_size` the size most of the text is printed in (PDF only: the title
    is in the largest type).
    `furniture` holds the running headers and footers taken out of the pages
    (indexer/extract/furniture.py): not content, but still read by metadata detection.
    """

    pages: tuple[str, ...]
    properties: Properties = Properties()
    headings: tuple[str, ...] = ()
    paged: bool = False  # True when page numbers are real (PDF)
    warnings: tuple[str, ...] = ()
    # Pages numbered from 1. Defaults keep extractions cached before OCR existed readable.
    ocr_pages: tuple[int, ...] = ()  # text recognised by OCR
    awaiting_ocr: tuple[int, ...] = ()  # no usable text yet: OCR could read them later
    repaired_pages: tuple[int, ...] = ()  # garbled text layer replaced or mended
    scanned: bool = False  # no page had a text layer: a scan (or an image file)
    thumbnail: bytes = b""  # first-page preview, JPEG (indexer/extract/thumbnail.py)
    recognised_now: int = 0  # of ocr_pages, those tesseract read to make this extraction
    first_lines: tuple[tuple[float, str], ...] = ()
    body_size: float = 0.0
    furniture: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """All the text, the running headers and footers once at the end."""
        return "\n\n".join(self.pages + (("\n".join(self.furniture),) if self.furniture else ()))

    @property
    def has_text(self) -> bool:
        return any(p.strip() for p in self.pages)
