"""The order of the hits and the cut to the requested page.

The documents holding every word come first, then the others (fewest missing words
first); within each tier, by relevance or by date. By relevance every hit is scored (no
top-N pruning: Whoosh's score bounds are wrong for some of its matchers, an OR of three
clauses or more among them, which can drop good documents) and equal scores go by path,
so the order never depends on the order in which documents were indexed. By date,
Whoosh sorts each tier on the `sort_date` column.
"""

from __future__ import annotations

from whoosh import query as wq

from cresi_search.index.schema import KIND_DOC
from cresi_search.search.fallbacks import Found
from cresi_search.search.request import SearchRequest
from cresi_search.search.searchers import View

SCORE_DIGITS = 6  # scores equal to this many decimals are ties


def page_of_hits(view: View, found: Found, req: SearchRequest) -> list[int]:
    """Entry numbers of the requested page of hits, in display order."""
    if not found.hits:
        return []
    start, limit = req.first(), req.page * req.per_page
    if req.sort == "date" or not found.match.scored:
        return _by_date(view, found, limit)[start:]
    return _by_relevance(view, found)[start:limit]


def _tiers(found: Found) -> list[set[int]]:
    """The hits grouped by how many groups of words they lack, complete ones first."""
    tiers: dict[int, set[int]] = {}
    for docnum in found.hits:
        lacking = 0 if docnum in found.complete else 1
        tiers.setdefault(lacking, set()).add(docnum)
    return [tiers[k] for k in sorted(tiers)]


def _by_relevance(view: View, found: Found) -> list[int]:
    results = view.searcher.search(found.match.query, filter=set(found.hits), limit=None)
    scores = dict(results.items())
    paths = view.state.paths
    order = []
    for tier in _tiers(found):
        order += sorted(tier, key=lambda d: (-round(scores.get(d, 0.0), SCORE_DIGITS), paths.get(d, "")))
    return order


def _by_date(view: View, found: Found, limit: int) -> list[int]:
    q = found.match.query if found.match.query is not None else wq.Term("kind", KIND_DOC)
    order: list[int] = []
    for tier in _tiers(found):
        if len(order) >= limit:
            break
        results = view.searcher.search(q, filter=tier, limit=limit - len(order),
                                       sortedby="sort_date", reverse=True)
        order += [docnum for docnum, _ in results.items()]
    return order
