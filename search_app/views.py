"""HTML pages: the search page (home) and one page per document."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from cresi_search.facets import FACETS
from search_app.params import SearchState, search_request
from search_app.service import document_page, get_service

bp = Blueprint("views", __name__)

FACETS_SHOWN = 8  # values shown before "Voir plus" (the rest sits in a <details>)
PAGES_AROUND = 2


@bp.get("/")
def search():
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
        pages=page_numbers(req.page, response.pages),
        labels=selected_labels(response),
        has_facets=any(response.facets.values()),
    )


def page_numbers(current: int, last: int) -> list[int | None]:
    """Page links to show: first, last and a few around the current one (None = gap)."""
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


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    shown = document_page(doc_id, request.args.get("q", ""))
    if shown is None:
        abort(404)
    return render_template(
        "document.html",
        doc=shown.doc,
        q=shown.q,
        meta=shown.doc.with_sources(),
        pages=shown.pages,
        similar=shown.similar,
    )
