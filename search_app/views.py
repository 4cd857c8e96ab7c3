"""HTML pages: the home page, the search page and one page per document."""

from __future__ import annotations

import re

from flask import Blueprint, render_template, request
from werkzeug.datastructures import MultiDict

from cresi_search.facets import FACETS, RANGED
from cresi_search.search.request import SORT_NAMES, SORTS
from search_app.params import PER_PAGE_CHOICES, SEARCH_PARAMS, SearchState, search_request
from search_app.service import document_page, get_service, moved_or_404

bp = Blueprint("views", __name__)

FACETS_SHOWN = 8  # values shown before "Voir plus" (the rest sits in a <details>)
PAGES_AROUND = 2
SORTS_SHOWN = ("relevance", "date", "oldest", "title")  # "added" is the feed's order


@bp.get("/")
def search():
    if not request.args:
        from search_app.home import home_page  # the collection's overview

        return home_page()
    req = search_request(request.args)
    response = get_service().search(req)
    state = SearchState(req)
    return render_template(
        "search.html",
        req=req,
        res=response,
        state=state,
        facet_titles={f.name: f.title for f in FACETS},
        facet_order=[f.name for f in FACETS],
        facets_shown=FACETS_SHOWN,
        ranged=[f.name for f in RANGED],
        pages=page_numbers(req.page, response.pages),
        labels=selected_labels(response),
        has_facets=any(response.facets.values()),
        sorts=[(s, SORT_NAMES[s]) for s in SORTS if s in SORTS_SHOWN],
        per_page_choices=PER_PAGE_CHOICES,
        as_typed=as_typed(response.query) if response.corrected else "",
    )


def page_numbers(current: int, last: int) -> list[int | None]:
    """Page links to show: first, last and a few around the current one (None = gap)."""
    current = min(current, last)
    shown = {1, last, *range(current - PAGES_AROUND, current + PAGES_AROUND + 1)}
    numbers = sorted(n for n in shown if 1 <= n <= last)
    out: list[int | None] = []
    for n in numbers:
        if out and n - out[-1] > 1:
            out.append(None)
        out.append(n)
    return out


def selected_labels(response) -> dict[tuple[str, str], str]:
    """(facet, value) -> label, for the chips of the selected filters."""
    return {
        (facet, fv.value): fv.label
        for facet, values in response.facets.items()
        for fv in values
        if fv.selected
    }


_PLAIN_WORD = re.compile(r'(?<!\S)(?!(?:OR|OU|ou|AND|ET)(?!\S))([^\s"\-:*][^\s":*]*)(?!\S)')


def as_typed(query: str) -> str:
    """The query with its plain words quoted: searched as typed, never corrected again."""
    return _PLAIN_WORD.sub(r'"\1"', query)


def back_args(args: MultiDict) -> MultiDict:
    """The search a document was opened from: the search parameters of its link."""
    return MultiDict([(k, v) for k, v in args.items(multi=True) if k in SEARCH_PARAMS and v])


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    shown = document_page(doc_id, request.args.get("q", ""))
    if shown is None:
        return moved_or_404("views.document", doc_id)  # renamed: its new address
    return render_template(
        "document.html",
        doc=shown.doc,
        q=shown.q,
        meta=shown.doc.with_sources(),
        pages=shown.pages,
        similar=shown.similar,
        back=back_args(request.args),
    )
