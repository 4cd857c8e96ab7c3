"""The order of the hits and the cut to the requested page.

By relevance, every hit is scored (no top-N pruning: Whoosh's score bounds are wrong for
some of its matchers, an OR of three clauses or more among them, which can drop good
documents) and equal scores go by path, so the order never depends on the order in
which documents were indexed. By date, Whoosh sorts on the `sort_date` column.
"""

from __future__ import annotations

from collections.abc import Iterable

from whoosh import query as wq

from cresi_search.index.schema import KIND_DOC
from cresi_search.search.fallbacks import Match
from cresi_search.search.request import SearchRequest
from cresi_search.search.searchers import View

SCORE_DIGITS = 6  # scores equal to this many decimals are ties


def page_of_hits(view: View, match: Match, hits: frozenset[int], req: SearchRequest) -> list[int]:
    """Entry numbers of the requested page of hits, in display order."""
    if not hits:
        return []
    start, limit = req.first(), req.page * req.per_page
    q = match.query if match.query is not None else wq.Term("kind", KIND_DOC)
    allowed = set(hits)  # Whoosh wants a real set (not a frozenset) as filter
    if req.sort == "date" or not match.scored:
        results = view.searcher.search(q, filter=allowed, limit=limit, sortedby="sort_date",
                                       reverse=True)
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
