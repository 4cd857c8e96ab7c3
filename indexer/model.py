"""Plain data shared by the extractors, the metadata builder and the index.

Nothing here imports Whoosh: these are the records the engine stores and returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Where a metadata value came from, as shown to staff (metadata priority, docs/metadata.md).
SOURCE_CATALOGUE = "catalogue"
SOURCE_PROPERTIES = "propriétés"
SOURCE_DETECTED = "détecté"
SOURCE_FOLDER = "dossier"


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
    """

    pages: tuple[str, ...]
    properties: Properties = Properties()
    headings: tuple[str, ...] = ()
    paged: bool = False  # True when page numbers are real (PDF)
    warnings: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)

    @property
    def has_text(self) -> bool:
        return any(p.strip() for p in self.pages)


@dataclass(frozen=True)
class Fingerprint:
    """How a file is recognised between runs without opening it."""

    size: int
    mtime_ns: int
    sha256: str


@dataclass
class DocumentRecord:
    """One document as the index stores it: text, metadata, and where each value came from."""

    id: str
    path: str  # relative to the corpus folder, with "/"
    format: str  # "pdf", "docx", "odt", "html", "md", "txt"
    fingerprint: Fingerprint
    pages: tuple[str, ...]
    paged: bool = False
    title: str = ""
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    author: str = ""
    doctype: str = ""
    countries: list[str] = field(default_factory=list)  # ISO 3166-1 alpha-2
    themes: list[str] = field(default_factory=list)  # taxonomy codes
    year: int | None = None
    date: str = ""  # ISO date when known
    organisation: str = ""
    partners: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # field name -> SOURCE_*
    tags: list[str] = field(default_factory=list)  # labels and aliases of the facets, searchable
    signature: str = ""  # changes when the metadata inputs (catalogue row, taxonomy) change
    text_layer: bool = True  # False: "sans couche texte", needs OCR
    warnings: list[str] = field(default_factory=list)
