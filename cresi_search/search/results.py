"""What the read side returns: plain objects, the same for the HTML pages and the API.

The site serialises each of them once (search_app/api.py); their JSON shapes are
described in search_app/openapi.py, and a test holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from cresi_search.records import Fingerprint
from cresi_search.search.request import MAX_DEPTH, Range
from cresi_search.vocab.labels import Label


@dataclass(frozen=True)
class Alternate:
    """Another copy of a hit's document (another format, version or path)."""

    id: str
    format: str
    path: str


@dataclass
class SearchHit:
    id: str
    path: str
    title: str
    type: Label | None
    countries: list[Label]
    themes: list[Label]
    year: int | None
    organisation: str | None
    snippet: Markup = Markup("")
    page: int | None = None
    format: str = ""
    missing: list[str] = field(default_factory=list)  # words of the query it lacks
    indexed: str = ""  # when it entered the index (UTC, ISO 8601)
    scan: bool = False  # a scan: its text, if any, comes from OCR
    thumbnail: bool = False  # a first-page preview can be shown
    access: str = "public"  # "equipe": shown to signed-in staff only, with a badge
    also: list[Alternate] = field(default_factory=list)  # its other copies the audience may see


@dataclass(frozen=True)
class CopyGroup:
    """Copies of one document (/equipe/doublons): members preferred first, and why each
    pair is one (`reasons`: (path, path, reason in French))."""

    members: list["DocumentView"]
    reasons: list[tuple[str, str, str]]


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResponse:
    query: str
    total: int
    page: int
    per_page: int
    results: list[SearchHit]
    facets: dict[str, list[FacetValue]]
    suggestion: str | None = None
    complete: int = 0  # hits holding every word of the query: they come first
    relaxed: bool = False  # no document has every word: the results have some of them
    corrected: bool = False  # the results are those of `suggestion`, searched instead
    notices: list[str] = field(default_factory=list)
    sort: str = "relevance"
    ranges: dict[str, Range] = field(default_factory=dict)  # the periods applied

    @property
    def pages(self) -> int:
        """Number of result pages reachable within the depth limit."""
        reachable = min(self.total, MAX_DEPTH)
        return max(1, -(-reachable // self.per_page))


@dataclass
class MetaValue:
    """One metadata value and where it came from (catalogue, propriétés, détecté, dossier)."""

    value: Any
    source: str | None


@dataclass
class DocumentView:
    id: str
    path: str
    format: str
    title: str
    summary: str
    keywords: list[str]
    author: str
    date: str
    year: int | None
    type: Label | None
    countries: list[Label]
    themes: list[Label]
    organisation: str | None
    partners: list[str]
    sources: dict[str, str]  # attribute name -> source
    page_count: int
    paged: bool
    text_layer: bool
    warnings: list[str]
    size: int | None
    fingerprint: Fingerprint | None = None  # as indexed: what a download must still match
    scan: bool = False
    thumbnail: bool = False
    ocr_pages: list[int] = field(default_factory=list)
    awaiting_ocr: list[int] = field(default_factory=list)
    repaired_pages: list[int] = field(default_factory=list)
    access: str = "public"
    also: list[Alternate] = field(default_factory=list)  # its other copies the audience may see

    def with_sources(self) -> dict[str, MetaValue]:
        """The displayed metadata, each with its source."""
        names = ("title", "type", "countries", "themes", "year", "date", "organisation",
                 "author", "partners", "keywords", "summary")
        return {name: MetaValue(getattr(self, name), self.sources.get(name)) for name in names}


@dataclass
class PageMatch:
    number: int | None  # None when the document has no real pages (not a PDF)
    snippet: Markup


@dataclass
class Health:
    status: str
    generation: str
    documents: int
