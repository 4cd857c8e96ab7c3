"""JSON API: the search page's data, one document, health, and the OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, request, url_for

from cresi_search.vocab.labels import Label
from cresi_search.search.service import DocumentView, SearchHit, SearchResponse
from search_app.openapi import openapi_document
from search_app.params import search_request
from search_app.service import get_service

bp = Blueprint("api", __name__)


def _label(label: Label | None) -> dict | None:
    return {"code": label.code, "label": label.label} if label else None


def _urls(doc_id: str, q: str = "", page: int | None = None) -> dict:
    file_url = url_for("files.download", doc_id=doc_id)
    return {
        "url": url_for("views.document", doc_id=doc_id, q=q or None),
        "file_url": f"{file_url}#page={page}" if page else file_url,
    }


def hit_json(hit: SearchHit, q: str = "") -> dict:
    return {
        "id": hit.id,
        "path": hit.path,
        "title": hit.title,
        "type": _label(hit.type),
        "countries": [_label(c) for c in hit.countries],
        "themes": [_label(t) for t in hit.themes],
        "year": hit.year,
        "organisation": hit.organisation,
        "snippet": str(hit.snippet),
        "page": hit.page,
        **_urls(hit.id, q, hit.page),
    }


def search_json(res: SearchResponse) -> dict:
    return {
        "query": res.query,
        "total": res.total,
        "page": res.page,
        "per_page": res.per_page,
        "results": [hit_json(h, res.query) for h in res.results],
        "facets": {
            name: [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                for v in values
            ]
            for name, values in res.facets.items()
        },
        "suggestion": res.suggestion,
    }


def document_json(doc: DocumentView, similar: list[SearchHit]) -> dict:
    metadata = {
        name: {"value": _plain(mv.value), "source": mv.source}
        for name, mv in doc.with_sources().items()
    }
    return {
        "id": doc.id,
        "path": doc.path,
        "format": doc.format,
        "title": doc.title,
        "metadata": metadata,
        "page_count": doc.page_count,
        "paged": doc.paged,
        "text_layer": doc.text_layer,
        "warnings": doc.warnings,
        "size": doc.size,
        "similar": [hit_json(h) | {"snippet": None} for h in similar],
        **_urls(doc.id),
    }


def _plain(value):
    if isinstance(value, Label):
        return _label(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@bp.get("/api/search")
def search():
    res = get_service().search(search_request(request.args))
    return jsonify(search_json(res))


@bp.get("/api/documents/<doc_id>")
def document(doc_id: str):
    service = get_service()
    doc = service.document(doc_id)
    if doc is None:
        abort(404)
    return jsonify(document_json(doc, service.similar(doc_id, n=5)))


@bp.get("/healthz")
def health():
    h = get_service().health()  # IndexMissing -> 503 JSON (errors.py)
    return jsonify(status=h.status, generation=h.generation, documents=h.documents)


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(openapi_document())
