"""The one SearchService of the app, shared by the pages, the API and the downloads,
and what a document's page shows (the HTML page and its JSON twin share it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, current_app, redirect, request, url_for
from werkzeug.wrappers import Response

from cresi_search.search import DocumentView, PageMatch, SearchHit, SearchService
from cresi_search.index.store import IndexStore
from cresi_search.vocab.taxonomy import Taxonomy, TaxonomyError, find_taxonomy, load_taxonomy
from indexer.state import ACCEPTED_TAXONOMY, state_path

EXTENSION = "cresi_search"
WARNINGS = "cresi_warnings"  # what /healthz reports as degraded, in French
MAX_QUERY_ARG = 1000
PAGES_SHOWN = 10
SIMILAR_SHOWN = 5


def init_app(app: Flask) -> None:
    """Open the index folder and read the vocabulary the indexer uses."""
    app.extensions[WARNINGS] = []
    store = IndexStore(Path(app.config["INDEX_DIR"]))
    app.extensions[EXTENSION] = SearchService(store, site_taxonomy(app))


def site_taxonomy(app: Flask) -> Taxonomy:
    """The configured vocabulary; when it is broken, the last one the job completed a run
    with (kept beside the index), else the packaged one. The site starts either way and
    says so in its log and /healthz: the job refuses the broken file (exit 78), so the
    index still holds the themes of that last good vocabulary."""
    explicit = app.config.get("TAXONOMY")
    try:
        return load_taxonomy(find_taxonomy(Path(app.config["CORPUS_DIR"]), Path(explicit) if explicit else None))
    except TaxonomyError as exc:
        problem = exc
    kept = state_path(Path(app.config["INDEX_DIR"]), ACCEPTED_TAXONOMY)
    try:
        taxonomy, used = load_taxonomy(kept), "le dernier vocabulaire accepté par l'indexation"
    except TaxonomyError:
        taxonomy, used = load_taxonomy(None), "le vocabulaire par défaut"
    first_line = str(problem).splitlines()[0]
    app.extensions[WARNINGS].append(f"Vocabulaire (taxonomy.toml) invalide, le site utilise {used} : {first_line}")
    app.logger.warning("Vocabulaire invalide : %s\nLe site utilise %s.", problem, used)
    return taxonomy


def get_service() -> SearchService:
    """The service as the current request's audience sees it: signed-in staff see every
    document, everyone else only the public ones. Every route reads through this."""
    from search_app.auth import audience

    return current_app.extensions[EXTENSION].seen_by(audience())


def site_warnings() -> list[str]:
    """What keeps the site from running as configured (empty when all is well)."""
    return list(current_app.extensions[WARNINGS])


def moved_or_404(endpoint: str, doc_id: str) -> Response:
    """For an id no visible document has: a permanent redirect (301, the code every feed
    reader and spreadsheet link follows) to the same address of the document that had this
    id before its file was renamed or moved, query string kept; else 404. A private
    document's former id is a 404 to a visitor, as an unknown id is."""
    new_id = get_service().successor(doc_id)
    if new_id is None:
        abort(404)
    return redirect(url_for(endpoint, doc_id=new_id, **request.args.to_dict(flat=False)), 301)


@dataclass
class DocumentPage:
    """What a document's page shows, and its JSON twin: the document, the pages where
    the query matches, and similar documents."""

    doc: DocumentView
    q: str
    pages: list[PageMatch]
    similar: list[SearchHit]


def document_page(doc_id: str, q: str = "") -> DocumentPage | None:
    """The document page's content, None when the id is not indexed."""
    service = get_service()
    doc = service.document(doc_id)
    if doc is None:
        return None
    q = q[:MAX_QUERY_ARG].strip()
    pages = service.pages_matching(doc_id, q, limit=PAGES_SHOWN) if q else []
    return DocumentPage(doc, q, pages, service.similar(doc_id, n=SIMILAR_SHOWN))
