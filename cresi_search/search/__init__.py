"""The read side: from what a person types to a page of results (service.py draws the path).

    request.py       SearchRequest, its bounds and French messages
    syntax.py        the query language, parsed into clauses (never fails)
    building.py      clauses -> Whoosh queries, once per query
    matchers.py      Whoosh matchers that score as the ranking needs
    fallbacks.py     matching, and what to do when nothing matches
    ranking.py       the order of the hits, the requested page
    facet_counts.py  facet counts from document-number sets
    snippets.py      the best page of a hit and its highlighted passage
    spelling.py      the words of the index: suggestions, prefixes
    stored.py        stored fields -> hits and document views
    searchers.py     one searcher per thread, data per index state
    results.py       what the service returns
    service.py       SearchService: search, document, pages, similar, health
"""

from cresi_search.index.store import IndexMissing
from cresi_search.search.request import MAX_DEPTH, MAX_PER_PAGE, SORTS, InvalidRequest, SearchRequest
from cresi_search.search.results import (
    Alternate,
    CopyGroup,
    DocumentView,
    FacetValue,
    Health,
    MetaValue,
    PageMatch,
    SearchHit,
    SearchResponse,
)
from cresi_search.search.service import SearchService
from cresi_search.vocab.labels import Label

__all__ = [
    "MAX_DEPTH", "MAX_PER_PAGE", "SORTS",
    "Alternate", "CopyGroup", "DocumentView", "FacetValue", "Health", "IndexMissing", "InvalidRequest", "Label",
    "MetaValue", "PageMatch", "SearchHit", "SearchRequest", "SearchResponse", "SearchService",
]
