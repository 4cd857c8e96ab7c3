"""The order of the hits and the cut to the requested page.

The documents holding every word come first, then the others; within each tier, by
relevance, date or title. By relevance every hit is scored (no top-N pruning: Whoosh's
score bounds are wrong for some of its matchers, an OR of three clauses or more among
them, which can drop good documents) and equal scores go by path, so the order never
depends on the order in which documents were indexed. A document lacking words has its
score scaled by the square of the share of the query's groups of words it holds
(Lucene's old "coord" factor, squared: measured on the real judged set,
docs/relevance.md), and one with hardly any text of its own (a scan) weighs half. By
date or title, Whoosh sorts each tier on a column (SORT_COLUMNS); undated documents come
last both ways.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh import sorting

from cresi_search.index.schema import KIND_DOC, NO_DATE
from cresi_search.search.fallbacks import Found
from cresi_search.search.request import SearchRequest
from cresi_search.search.searchers import View

SCORE_DIGITS = 6  # scores equal to this many decimals are ties
COORD_POWER = 2  # how much a missing group of words costs a partial hit
SHORT_TEXT = 50  # index terms below which a document has hardly any text of its own
# Sort -> (column, reversed). A browse (no words) sorted by relevance is newest first.
SORT_COLUMNS = {"date": ("sort_date", True), "oldest": ("sort_date", False),
                "title": ("sort_title", False), "added": ("indexed", True)}


def page_of_hits(view: View, found: Found, req: SearchRequest) -> list[int]:
    """Entry numbers of the requested page of hits, in display order."""
    if not found.hits:
        return []
    start, limit = req.first(), req.page * req.per_page
    if req.sort in SORT_COLUMNS or not found.match.scored:
        column, reverse = SORT_COLUMNS.get(req.sort, SORT_COLUMNS["date"])
        return _by_column(view, found, limit, _facet(column, reverse))[start:]
    return _by_relevance(view, found, limit)[start:limit]


def _tiers(found: Found) -> list[set[int]]:
    """The hits holding every group of words, then the others (empty tiers left out)."""
    partial = set(found.hits - found.complete)
    return [tier for tier in (set(found.complete), partial) if tier]


def _by_relevance(view: View, found: Found, limit: int) -> list[int]:
    """The hits in order, tier by tier; a tier is only scored when the page reaches it."""
    groups = sum(1 for docs in found.match.groups if docs is not None) or 1
    paths = view.state.paths
    reader = view.searcher.reader()
    ordered: list[int] = []
    for tier in _tiers(found):
        if len(ordered) >= limit:
            break
        scores = dict(view.searcher.search(found.match.query, filter=tier, limit=None).items())

        def order(docnum: int) -> tuple[float, str]:
            held = 1 - len(found.match.missing(docnum)) / groups
            score = scores.get(docnum, 0.0) * held**COORD_POWER * text_weight(reader, docnum)
            return -round(score, SCORE_DIGITS), paths.get(docnum, "")

        ordered += sorted(tier, key=order)
    return ordered


def _by_column(view: View, found: Found, limit: int, facet: sorting.FacetType) -> list[int]:
    q = found.match.query if found.match.query is not None else wq.Term("kind", KIND_DOC)
    order: list[int] = []
    for tier in _tiers(found):
        if len(order) >= limit:
            break
        results = view.searcher.search(q, filter=tier, limit=limit - len(order), sortedby=facet)
        order += [docnum for docnum, _ in results.items()]
    return order


def text_weight(reader, docnum: int) -> float:
    """1 for a document with a real text, down to 0.5 for one with none (a scan, a form):
    its title and catalogue entry may name the query, but only a text can be about it."""
    words = reader.doc_field_length(docnum, "body", 0) or 0
    return 0.5 + 0.5 * min(1.0, words / SHORT_TEXT)


_NO_DATE_KEYS = (NO_DATE, NO_DATE.encode())


def _facet(column: str, reverse: bool) -> sorting.FacetType:
    """The column's order; oldest first keeps the undated documents at the end."""
    facet = sorting.FieldFacet(column, reverse=reverse)
    if column != "sort_date" or reverse:
        return facet  # newest first: the undated "0000-00-00" already sorts last
    return sorting.TranslateFacet(lambda key: (key in _NO_DATE_KEYS, key), facet)
