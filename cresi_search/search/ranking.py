"""The order of the hits and the cut to the requested page.

By relevance, every hit is scored (no top-N pruning: Whoosh's score bounds are wrong for
some of its matchers, an OR of three clauses or more among them, which can drop good
documents) and equal scores go by path, so the order never depends on the order in
which documents were indexed. By date or title, Whoosh sorts on a column (SORT_COLUMNS);
undated documents come last both ways.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query as wq
from whoosh import sorting

from cresi_search.index.schema import KIND_DOC, NO_DATE
from cresi_search.search.fallbacks import Match
from cresi_search.search.request import SearchRequest
from cresi_search.search.searchers import View

SCORE_DIGITS = 6  # scores equal to this many decimals are ties
# Sort -> (column, reversed). A browse (no words) sorted by relevance is newest first.
SORT_COLUMNS = {"date": ("sort_date", True), "oldest": ("sort_date", False),
                "title": ("sort_title", False), "added": ("indexed", True)}


def page_of_hits(view: View, match: Match, hits: frozenset[int], req: SearchRequest) -> list[int]:
    """Entry numbers of the requested page of hits, in display order."""
    if not hits:
        return []
    start, limit = req.first(), req.page * req.per_page
    q = match.query if match.query is not None else wq.Term("kind", KIND_DOC)
    allowed = set(hits)  # Whoosh wants a real set (not a frozenset) as filter
    if req.sort in SORT_COLUMNS or not match.scored:
        column, reverse = SORT_COLUMNS.get(req.sort, SORT_COLUMNS["date"])
        results = view.searcher.search(q, filter=allowed, limit=limit,
                                       sortedby=_facet(column, reverse))
        return [docnum for docnum, _ in results.items()][start:]
    if match.scores is not None:
        items = [(d, match.scores[d]) for d in allowed]
    else:
        items = view.searcher.search(q, filter=allowed, limit=None).items()
    return by_score(view, items)[start:limit]


def by_score(view: View, items: Iterable[tuple[int, float]]) -> list[int]:
    """Entry numbers, best score first; equal scores in path order."""
    paths = view.state.paths

    def order(item: tuple[int, float]) -> tuple[float, str]:
        docnum, score = item
        return -round(score, SCORE_DIGITS), paths.get(docnum, "")

    return [docnum for docnum, _ in sorted(items, key=order)]

_NO_DATE_KEYS = (NO_DATE, NO_DATE.encode())


def _facet(column: str, reverse: bool) -> sorting.FacetType:
    """The column's order; oldest first keeps the undated documents at the end."""
    facet = sorting.FieldFacet(column, reverse=reverse)
    if column != "sort_date" or reverse:
        return facet  # newest first: the undated "0000-00-00" already sorts last
    return sorting.TranslateFacet(lambda key: (key in _NO_DATE_KEYS, key), facet)
