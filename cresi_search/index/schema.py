"""The index schema: which fields exist, how they are analysed, stored and weighted.

One index holds two kinds of entries (docs/index-layout.md):
- a *document* entry (kind="doc") per file, searched for the result list and facets;
- a *page* entry (kind="page") per page of text, used to find the best page of a hit
  and to build its snippet from that page alone, which keeps highlighting fast on long
  documents.
Both carry `parent` = the document id, so one delete removes a document and its pages.
"""

from __future__ import annotations

from whoosh import fields, formats

from cresi_search.facets import FACETS, Facet
from cresi_search.index.analysis import exact_analyzer, french_analyzer, surface_analyzer
from cresi_search.records import ACCESS_PUBLIC, ACCESS_STAFF

KIND_DOC = "doc"
KIND_PAGE = "page"

NO_DATE = "0000-00-00"  # sort_date of an undated document
# Access -> the field holding the surface words of the documents with that access.
SURFACE_FIELDS = {ACCESS_PUBLIC: "surface", ACCESS_STAFF: "surface_equipe"}

# Weights of the searchable fields of a document entry (tuned in docs/relevance.md).
FIELD_BOOSTS = {"title": 3.0, "summary": 2.0, "keywords": 2.0, "tags": 1.5, "body": 1.0}


def build_schema() -> fields.Schema:
    fr = french_analyzer()
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        kind=fields.ID(stored=True),
        parent=fields.ID(stored=True),
        # Document entries: identity and fingerprint.
        path=fields.ID(stored=True),
        sha256=fields.ID(stored=True),
        size=fields.STORED(),
        mtime_ns=fields.STORED(),
        format=fields.ID(stored=True),
        # The ids of the paths this content had before a rename: old addresses redirect.
        former_ids=fields.KEYWORD(stored=True, commas=True, lowercase=False),
        # Searchable text.
        title=fields.TEXT(analyzer=fr, stored=True, field_boost=FIELD_BOOSTS["title"]),
        summary=fields.TEXT(analyzer=fr, stored=True, field_boost=FIELD_BOOSTS["summary"]),
        keywords=fields.TEXT(analyzer=fr, stored=True, field_boost=FIELD_BOOSTS["keywords"]),
        tags=fields.TEXT(analyzer=fr, field_boost=FIELD_BOOSTS["tags"]),
        body=fields.TEXT(analyzer=fr),
        # Every word as typed (not stemmed, stop words kept): quoted phrases must match here.
        exact=fields.TEXT(analyzer=exact_analyzer()),
        # The text fingerprint's band tokens (cresi_search/nearcopy.py): documents sharing
        # one are compared as possible copies of one text (document entries).
        near=fields.KEYWORD(),
        # Who may see it: "public" or "equipe" (document and page entries).
        access=fields.ID(stored=True),
        # Accented surface words, for spelling suggestions shown with their accents: those
        # of public documents in `surface`, those of team-only documents apart, so the
        # vocabulary of anonymous visitors never holds a word only private documents have.
        **{name: _surface_field() for name in SURFACE_FIELDS.values()},
        # Page entries.
        page_text=fields.TEXT(analyzer=fr, stored=True),
        pagenum=fields.STORED(),
        sort_date=fields.ID(sortable=True),
        sort_title=fields.ID(sortable=True),  # folded, lower case: "par titre"
        # When the document entered the index (UTC, ISO 8601): the Atom feed's order.
        indexed=fields.ID(stored=True, sortable=True),
        # Everything else the pages show, stored only.
        meta=fields.STORED(),
        # Facets (document entries). Codes, not labels: labels come from the vocabularies.
        **{facet.name: _facet_field(facet) for facet in FACETS},
    )


def _surface_field() -> fields.FieldType:
    return fields.FieldType(format=formats.Frequency(), analyzer=surface_analyzer(), scorable=False)


def _facet_field(facet: Facet) -> fields.FieldType:
    """Several codes in one comma-separated keyword field, or one exact value."""
    if facet.multiple:
        return fields.KEYWORD(stored=True, commas=True, lowercase=False)
    return fields.ID(stored=True, sortable=facet.name == "year")
