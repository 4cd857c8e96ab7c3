"""JSON API: the twin of every page (search, document), health, the OpenAPI description.

Each result type is serialised once here; search_app/openapi.py describes the same
shapes, and tests/test_api.py checks every endpoint's answer against that description.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from cresi_search.facets import RANGED
from cresi_search.search import Alternate, DocumentView, FacetValue, Label, PageMatch, SearchHit, SearchResponse
from search_app.openapi import openapi_document
from search_app.params import search_request
from search_app.service import document_page, get_service, moved_or_404, site_warnings

bp = Blueprint("api", __name__)


def label_json(label: Label | None) -> dict | None:
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
        "type": label_json(hit.type),
        "countries": [label_json(c) for c in hit.countries],
        "themes": [label_json(t) for t in hit.themes],
        "year": hit.year,
        "organisation": hit.organisation,
        "snippet": str(hit.snippet) if hit.snippet else None,
        "page": hit.page,
        "missing": list(hit.missing),
        "scan": hit.scan,
        "preview_url": _preview_url(hit.id, hit.thumbnail),
        "access": hit.access,
        "also": [alternate_json(a) for a in hit.also],
        **_urls(hit.id, q, hit.page),
    }


def alternate_json(alt: Alternate) -> dict:
    return {"id": alt.id, "format": alt.format, "path": alt.path, **_urls(alt.id)}


def _preview_url(doc_id: str, has_preview: bool) -> str | None:
    return url_for("files.preview", doc_id=doc_id) if has_preview else None


def facet_value_json(v: FacetValue) -> dict:
    return {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}


def search_json(res: SearchResponse) -> dict:
    return {
        "query": res.query,
        "total": res.total,
        "page": res.page,
        "per_page": res.per_page,
        "sort": res.sort,
        "complete": res.complete,
        "results": [hit_json(h, res.query) for h in res.results],
        "facets": {name: [facet_value_json(v) for v in values] for name, values in res.facets.items()},
        "suggestion": res.suggestion,
        "corrected": res.corrected,
        "relaxed": res.relaxed,
        "notices": list(res.notices),
        **{param: bound for f in RANGED
           for param, bound in zip(f.range_params, res.ranges.get(f.name, (None, None)))},
    }


def page_json(page: PageMatch) -> dict:
    return {"page": page.number, "snippet": str(page.snippet)}


def document_json(doc: DocumentView, similar: list[SearchHit], pages: list[PageMatch]) -> dict:
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
        "scan": doc.scan,
        "ocr_pages": doc.ocr_pages,
        "awaiting_ocr": doc.awaiting_ocr,
        "repaired_pages": doc.repaired_pages,
        "preview_url": _preview_url(doc.id, doc.thumbnail),
        "access": doc.access,
        "also": [alternate_json(a) for a in doc.also],
        "pages": [page_json(p) for p in pages],
        "similar": [hit_json(h) for h in similar],
        **_urls(doc.id),
    }


def _plain(value):
    if isinstance(value, Label):
        return label_json(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


@bp.get("/api/search")
def search():
    res = get_service().search(search_request(request.args))
    return jsonify(search_json(res))


@bp.get("/api/documents/<doc_id>")
def document(doc_id: str):
    shown = document_page(doc_id, request.args.get("q", ""))
    if shown is None:
        return moved_or_404("api.document", doc_id)  # renamed: its new address
    return jsonify(document_json(shown.doc, shown.similar, shown.pages))


@bp.get("/healthz")
def health():
    h = get_service().health()  # IndexMissing -> 503 JSON (errors.py)
    warnings = site_warnings()
    return jsonify(status="degraded" if warnings else h.status, generation=h.generation,
                   documents=h.documents, warnings=warnings)


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(openapi_document())
