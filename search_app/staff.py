"""The team's pages (signed-in staff only; visitors are sent to /connexion):

    /equipe               indexing status: last run, counts, skipped files and why,
                          catalogue problems, documents awaiting OCR
    /equipe/a-completer   documents lacking a country, theme, type or year, or whose
                          value was only guessed, with its source; filter `champ`
    /equipe/export        catalogue.csv of every document (catalogue_export.py)
    /equipe/doublons      the same file at several paths, the same text in several
                          formats or versions, with the reason
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_login import login_required

from cresi_search.records import SOURCE_DETECTED, SOURCE_FOLDER
from cresi_search.search import DocumentView
from indexer.access import folder_rows
from indexer.status import index_status
from search_app.catalogue_export import catalogue_csv
from search_app.service import get_service

bp = Blueprint("staff", __name__, url_prefix="/equipe")

GUESSED = (SOURCE_DETECTED, SOURCE_FOLDER)
# `champ` filter value -> (DocumentView attribute, French name shown).
FIELDS = {
    "pays": ("countries", "Pays"),
    "theme": ("themes", "Thème"),
    "type": ("type", "Type"),
    "annee": ("year", "Année"),
}


@bp.before_request
@login_required
def _staff_only() -> None:
    """Every page of this blueprint needs a signed-in team member."""


@bp.get("")
def home():
    info = index_status(Path(current_app.config["INDEX_DIR"]))
    awaiting_ocr = [d for d in get_service().documents() if not d.text_layer]
    return render_template("equipe.html", info=info, awaiting_ocr=awaiting_ocr)


@dataclass
class ToComplete:
    """One document of /equipe/a-completer: its missing fields and guessed values."""

    doc: DocumentView
    missing: list[str]
    guessed: list[tuple[str, str, str]]  # (field name, value shown, source)


def _shown(doc: DocumentView, attribute: str) -> str:
    value = getattr(doc, attribute)
    if isinstance(value, list):
        return ", ".join(getattr(v, "label", str(v)) for v in value)
    return str(getattr(value, "label", value)) if value else ""


def to_complete(docs: list[DocumentView], fields: dict[str, tuple[str, str]]) -> list[ToComplete]:
    out = []
    for doc in docs:
        missing = [name for attribute, name in fields.values() if not getattr(doc, attribute)]
        guessed = [(name, _shown(doc, attribute), doc.sources[attribute])
                   for attribute, name in fields.values()
                   if getattr(doc, attribute) and doc.sources.get(attribute) in GUESSED]
        if missing or guessed:
            out.append(ToComplete(doc, missing, guessed))
    return out


@bp.get("/a-completer")
def to_complete_page():
    field = request.args.get("champ", "")
    if field and field not in FIELDS:
        abort(400, "Champ inconnu : choisissez pays, theme, type ou annee.")
    fields = {field: FIELDS[field]} if field else FIELDS
    rows = to_complete(get_service().documents(), fields)
    return render_template("a_completer.html", rows=rows, fields=FIELDS, field=field)


@bp.get("/export")
def export():
    body = catalogue_csv(get_service().documents(), folder_rows(Path(current_app.config["CORPUS_DIR"])))
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": "attachment; filename=catalogue.csv",
    })


@bp.get("/doublons")
def duplicates():
    """Copies found at indexing: the same file at several paths, the same text in several
    formats or versions (cresi_search/search/duplicates.py), each pair with its reason."""
    return render_template("doublons.html", groups=get_service().copy_groups())
