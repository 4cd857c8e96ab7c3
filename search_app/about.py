"""The "À propos" page (what the site is, how to reuse its data) and the API described
for people, from the same OpenAPI document that /api/openapi.json serves."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for

from search_app.openapi import openapi_document

bp = Blueprint("about", __name__)


@bp.get("/a-propos")
def about():
    return render_template("about.html")


@bp.get("/a-propos/api")
def api_doc():
    spec = openapi_document()
    endpoints = [
        {"path": path, "method": method.upper(), "summary": op.get("summary", ""),
         "parameters": op.get("parameters", []), "responses": op.get("responses", {})}
        for path, ops in spec["paths"].items() for method, op in ops.items()
    ]
    example = url_for("api.search", q="eau potable", country="ML", per_page=5)
    return render_template("api_doc.html", spec=spec, endpoints=endpoints, example=example)
