"""The one SearchService of the app, shared by the pages, the API and the downloads,
and what a document's page shows (the HTML page and its JSON twin share it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from cresi_search.search import DocumentView, PageMatch, SearchHit, SearchService
from cresi_search.index.store import IndexStore
from cresi_search.vocab.taxonomy import find_taxonomy, load_taxonomy

EXTENSION = "cresi_search"
MAX_QUERY_ARG = 1000
PAGES_SHOWN = 10
SIMILAR_SHOWN = 5


def init_app(app: Flask) -> None:
    """Open the index folder and read the vocabulary the indexer uses."""
    explicit = app.config.get("TAXONOMY")
    path = find_taxonomy(Path(app.config["CORPUS_DIR"]), Path(explicit) if explicit else None)
    store = IndexStore(Path(app.config["INDEX_DIR"]))
    app.extensions[EXTENSION] = SearchService(store, load_taxonomy(path))


def get_service() -> SearchService:
    return current_app.extensions[EXTENSION]


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
