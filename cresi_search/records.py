"""The record of one document as the index stores it, and how a file is recognised.

The indexer builds `DocumentRecord`s (indexer/metadata); the write side of the index
(cresi_search/index) turns them into Whoosh entries. Nothing here imports Whoosh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Where a metadata value came from, as shown to staff (metadata priority, docs/metadata.md).
SOURCE_CATALOGUE = "catalogue"
SOURCE_PROPERTIES = "propriétés"
SOURCE_DETECTED = "détecté"
SOURCE_FOLDER = "dossier"

# Who may see a document (catalogue column `acces`, docs/staff.md): everyone, or the team
# only. A document marked ACCESS_STAFF never reaches an anonymous visitor.
ACCESS_PUBLIC = "public"
ACCESS_STAFF = "equipe"
ACCESS_VALUES = (ACCESS_PUBLIC, ACCESS_STAFF)


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
    type: str = ""
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
    ocr_pages: list[int] = field(default_factory=list)  # pages whose text is recognised by OCR
    awaiting_ocr: list[int] = field(default_factory=list)  # pages a later run may OCR
    repaired_pages: list[int] = field(default_factory=list)  # garbled text layer mended
    scan: bool = False  # no page had a text layer
    thumbnail: bool = False  # a first-page preview is stored (cresi_search/previews.py)
    access: str = ACCESS_PUBLIC  # ACCESS_PUBLIC or ACCESS_STAFF
    # Ids this document had before its file was renamed or moved (oldest first): their
    # addresses redirect here (docs/index-layout.md).
    former_ids: list[str] = field(default_factory=list)
