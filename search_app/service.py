"""The one SearchService of the app, shared by the pages, the API and the downloads."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app

from cresi_search.search.service import SearchService
from cresi_search.index.store import IndexStore
from cresi_search.vocab.taxonomy import find_taxonomy, load_taxonomy

EXTENSION = "cresi_search"


def init_app(app: Flask) -> None:
    """Open the index folder and read the vocabulary the indexer uses."""
    explicit = app.config.get("TAXONOMY")
    path = find_taxonomy(Path(app.config["CORPUS_DIR"]), Path(explicit) if explicit else None)
    store = IndexStore(Path(app.config["INDEX_DIR"]))
    app.extensions[EXTENSION] = SearchService(store, load_taxonomy(path))


def get_service() -> SearchService:
    return current_app.extensions[EXTENSION]
