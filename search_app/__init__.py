"""cresi-search web site: the search page, document pages, downloads and the JSON API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from indexer.config import resolve_paths


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site. Without `INDEX_DIR`/`CORPUS_DIR` in `test_config`, the folders come
    from `indexer.config.resolve_paths` (environment, then defaults)."""
    app = Flask(__name__)
    # No 308 redirect from "//" paths to a URL built from the client's Host header.
    app.url_map.merge_slashes = False
    config = dict(test_config or {})
    corpus, index = resolve_paths(config.get("CORPUS_DIR"), config.get("INDEX_DIR"))
    app.config.from_mapping(CORPUS_DIR=corpus, INDEX_DIR=index, TAXONOMY=None)
    app.config.update({k: v for k, v in config.items() if k not in ("CORPUS_DIR", "INDEX_DIR")})
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from search_app import about, api, errors, explorer, exports, files, formatting, limits, security, service, views

    limits.init_app(app)
    service.init_app(app)
    formatting.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(about.bp)
    app.register_blueprint(explorer.bp)
    app.register_blueprint(exports.bp)
    return app
