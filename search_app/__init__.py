"""cresi-search web site: the search page, document pages, downloads, the JSON API, and
the team's sign-in and curation pages (auth.py, staff.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from indexer.config import resolve_paths, resolve_users_file


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the site. Without `INDEX_DIR`/`CORPUS_DIR`/`USERS_FILE` in `test_config`, the
    paths come from `indexer.config` (environment, then defaults)."""
    app = Flask(__name__)
    # No 308 redirect from "//" paths to a URL built from the client's Host header.
    app.url_map.merge_slashes = False
    config = dict(test_config or {})
    corpus, index = resolve_paths(config.get("CORPUS_DIR"), config.get("INDEX_DIR"))
    app.config.from_mapping(CORPUS_DIR=corpus, INDEX_DIR=index, TAXONOMY=None)
    app.config.update({k: v for k, v in config.items() if k not in ("CORPUS_DIR", "INDEX_DIR")})
    app.config["USERS_FILE"] = resolve_users_file(config.get("USERS_FILE"), index)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    from search_app import (about, api, auth, errors, explorer, exports, files, formatting, limits,
                            security, service, staff, views)

    limits.init_app(app)
    service.init_app(app)
    auth.init_app(app, app.config["USERS_FILE"])
    formatting.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(files.bp)
    app.register_blueprint(about.bp)
    app.register_blueprint(explorer.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(staff.bp)
    return app
